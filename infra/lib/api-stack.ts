// The API stack (stateless): the HTTP API with a JWT authorizer on every route, its function,
// access logs and a 5xx alarm. The issuer and audience come from context (the regulator's OIDC
// single sign-on) or from the Cognito user pool of the stateful stack. In front of it, the
// CloudFront distribution that also serves the console (console-hosting.ts): one origin for
// both, as locally.
//
// The API reads the table and writes only the plan of a period: POST /plans/{period} claims
// PLAN#<period>/CLAIM, draws, and writes PLAN#<period>/META plus plans/<period>/* in the exports
// bucket. IAM enforces that: its only table writes are PutItem/DeleteItem on partition keys
// matching PLAN#* (dynamodb:LeadingKeys). See infra/README.md "The API and the plan draw".

import { ROUTES } from '@fenji/app/api';
import { GSI_LATEST_BY_REGION, GSI_NEXT_CHANGE } from '@fenji/store';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { FenjiConfig } from './config.ts';
import { ConsoleHosting } from './console-hosting.ts';
import { FenjiFunction } from './fenji-function.ts';
import { bucketList, grantObjects, KEY_DECRYPT, KEY_ENCRYPT, keyUse, tableRead, tableWrite } from './grants.ts';
import { TIMEOUT } from './limits.ts';
import type { StatefulStack } from './stateful-stack.ts';

/**
 * Every route of the API, all of them behind the JWT authorizer: the handler's own route table
 * (packages/app/src/api), so a route added there is deployed with it.
 */
export const API_ROUTES: readonly (readonly ['GET' | 'POST', string])[] = ROUTES.map(
  (r) => [r.method, r.path] as const,
);

/** The only partitions the API may write: the plan of a period (its claim and its metadata). */
export const API_WRITABLE_PARTITIONS = ['PLAN#*'] as const;

export interface ApiStackProps extends StackProps {
  readonly config: FenjiConfig;
  readonly stateful: StatefulStack;
}

export class ApiStack extends Stack {
  readonly api: FenjiFunction;
  readonly httpApi: HttpApi;
  readonly console: ConsoleHosting;
  readonly stage: HttpStage;
  readonly serverErrorsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, stateful: s } = props;
    this.addStackDependency(s);
    const alarmAction = new SnsAction(s.alarmTopic);

    this.api = new FenjiFunction(this, 'Api', {
      config,
      alarmAction,
      name: 'api',
      description: 'fenji: the HTTP API (grades with reasons, histories, records, lists, plans, runs)',
      // A plan draw reads every enterprise's partition: memory buys CPU and network.
      memorySize: 1024,
      timeout: TIMEOUT.api,
      environment: {
        TABLE_NAME: s.table.tableName,
        GRADE_SHARDS: String(config.gradeShards),
        EXPORTS_BUCKET: s.exportsBucket.bucketName,
      },
    });
    // Reads: items, partitions, GSI1 (latest by region) and GSI3 (enterprises by shard, for the draw).
    this.api.grant(tableRead(s.table, [GSI_LATEST_BY_REGION, GSI_NEXT_CHANGE]));
    this.api.grant(tableWrite(s.table, ['dynamodb:PutItem', 'dynamodb:DeleteItem'], API_WRITABLE_PARTITIONS));
    this.api.grant(keyUse(s.key, [...KEY_DECRYPT, ...KEY_ENCRYPT]));
    grantObjects(
      this.api,
      s.exportsBucket,
      ['plans/*'],
      ['s3:GetObject', 's3:PutObject'],
      'POST /plans/{period} publishes plan.csv and plan-meta.json, GET /plans/{period} reads them',
    );
    grantObjects(
      this.api,
      s.exportsBucket,
      ['discipline/*'],
      ['s3:GetObject'],
      'GET /discipline-list reads the published joint-discipline list',
    );
    this.api.grant(bucketList(s.exportsBucket));

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'fenji: grades, lists and plans for market regulators (JWT, region-scoped)',
      createDefaultStage: false,
    });
    // The distribution in front of the API and the console; with Cognito, the console's client.
    this.console = new ConsoleHosting(this, 'Console', { config, stateful: s, httpApi: this.httpApi });
    // Every route names this authorizer. It accepts the API's audiences and the console's
    // Cognito client (an external issuer's console client is one of `audience` already).
    const authorizer = new HttpJwtAuthorizer('Jwt', s.jwtIssuer, {
      jwtAudience: [...s.jwtAudience, ...(this.console.client ? [this.console.client.userPoolClientId] : [])],
      identitySource: ['$request.header.Authorization'],
    });
    const integration = new HttpLambdaIntegration('Api', this.api.fn);
    for (const [method, path] of API_ROUTES) {
      this.httpApi.addRoutes({ path, methods: [HttpMethod[method]], integration, authorizer });
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Who called what and how it ended; the subject, never the token or its claims.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            responseLength: '$context.responseLength',
            sub: '$context.authorizer.claims.sub',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    this.serverErrorsAlarm = new Alarm(this, 'ServerErrorsAlarm', {
      alarmDescription:
        'fenji API: 5xx responses (a regulator got an error). Read the api function log and the access log.',
      metric: this.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.serverErrorsAlarm.addAlarmAction(alarmAction);

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint, description: 'fenji HTTP API' });
    new CfnOutput(this, 'JwtIssuer', { value: s.jwtIssuer });
    new CfnOutput(this, 'ConsoleUrl', { value: this.console.url, description: 'fenji console (sign-in)' });
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.console.distribution.distributionDomainName,
      description: 'CloudFront: the console at /console/, the API at / (point consoleDomain here with a CNAME)',
    });
  }
}
