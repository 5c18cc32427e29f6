// The API stack (stateless): the HTTP API with a JWT authorizer on every route, its function,
// access logs and a 5xx alarm. The issuer and audience come from context (the regulator's OIDC
// single sign-on) or from the Cognito user pool of the stateful stack. In front of it, the
// CloudFront distribution that also serves the console (console-hosting.ts): one origin for
// both, as locally.
//
// The API reads the table and writes only the plan of a period and impact jobs: POST
// /plans/{period} claims PLAN#<period>/CLAIM, draws, and writes PLAN#<period>/META plus
// plans/<period>/* in the exports bucket; POST /impact puts IMPACT#<id>/JOB and sends the job to
// the impact queue. IAM enforces that: its only table writes are PutItem/DeleteItem on partition
// keys matching PLAN#* and PutItem on IMPACT#* (dynamodb:LeadingKeys). See infra/README.md "The
// API and the plan draw".
//
// The impact worker lives here too, with its queue and DLQ: it is the API's asynchronous half
// (POST /impact → impact queue → impact-worker → exports bucket impact/<id>/, IMPACT#<id>), and
// in this stack the API's function can be given its queue without a reference across stacks.

import { createRequire } from 'node:module';
import { ROUTES } from '@fenji/app/api';
import { GSI_LATEST_BY_REGION, GSI_NEXT_CHANGE } from '@fenji/store';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type FenjiConfig, fromRoot } from './config.ts';
import { ConsoleHosting } from './console-hosting.ts';
import { FenjiFunction } from './fenji-function.ts';
import { bucketList, grantObjects, KEY_DECRYPT, KEY_ENCRYPT, keyUse, tableRead, tableWrite } from './grants.ts';
import { DLQ_RETENTION, IMPACT_MAX_RECEIVE_COUNT, TIMEOUT, visibilityFor } from './limits.ts';
import { type StatefulStack, secureQueueDefaults } from './stateful-stack.ts';

/**
 * Every route of the API, all of them behind the JWT authorizer: the handler's own route table
 * (packages/app/src/api), so a route added there is deployed with it.
 */
export const API_ROUTES: readonly (readonly ['GET' | 'POST', string])[] = ROUTES.map(
  (r) => [r.method, r.path] as const,
);

/** The only partitions the API may write: the plan of a period (its claim and its metadata). */
export const API_WRITABLE_PARTITIONS = ['PLAN#*'] as const;

/** Impact jobs (IMPACT#<id>/JOB): the API creates them (PutItem), the impact worker updates them. */
export const IMPACT_JOB_PARTITIONS = ['IMPACT#*'] as const;

/**
 * What impact.html's renderer (@fenji/report, assets.ts) reads at run time beside its module: the
 * page script and stylesheet, and chart.js's UMD build, found through chart.js's package (its
 * `require` entry must exist for the lookup to resolve). Paths inside the bundle folder.
 */
export function reportAssets(): Record<string, string> {
  const chartEntry = createRequire(fromRoot('packages/report/package.json')).resolve('chart.js');
  const chartDir = chartEntry.slice(0, chartEntry.lastIndexOf('/dist/'));
  return {
    [fromRoot('packages/report/src/page.js')]: 'page.js',
    [fromRoot('packages/report/src/report.css')]: 'report.css',
    [`${chartDir}/package.json`]: 'node_modules/chart.js/package.json',
    [chartEntry]: `node_modules/chart.js/${chartEntry.slice(chartDir.length + 1)}`,
    [`${chartDir}/dist/chart.umd.min.js`]: 'node_modules/chart.js/dist/chart.umd.min.js',
  };
}

export interface ApiStackProps extends StackProps {
  readonly config: FenjiConfig;
  readonly stateful: StatefulStack;
}

export class ApiStack extends Stack {
  readonly api: FenjiFunction;
  readonly impactWorker: FenjiFunction;
  readonly impactQueue: Queue;
  readonly impactDlq: Queue;
  readonly impactDlqAlarm: Alarm;
  readonly httpApi: HttpApi;
  readonly console: ConsoleHosting;
  readonly stage: HttpStage;
  readonly serverErrorsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, stateful: s } = props;
    this.addStackDependency(s);
    const alarmAction = new SnsAction(s.alarmTopic);

    // --- The impact worker: one job per message, at most two at a time (each reads the whole
    // population: the bound is on the table's read load), a job's message kept while it runs.
    this.impactDlq = new Queue(this, 'ImpactDlq', { ...secureQueueDefaults(s.key), retentionPeriod: DLQ_RETENTION });
    this.impactQueue = new Queue(this, 'ImpactQueue', {
      ...secureQueueDefaults(s.key),
      visibilityTimeout: visibilityFor(TIMEOUT.impactWorker),
      deadLetterQueue: { queue: this.impactDlq, maxReceiveCount: IMPACT_MAX_RECEIVE_COUNT },
    });
    this.impactWorker = new FenjiFunction(this, 'ImpactWorker', {
      config,
      alarmAction,
      name: 'impact-worker',
      description: 'fenji: runs a rule-change impact job (POST /impact) and writes impact.json and impact.html',
      // The plan needs a few fields of every assessment under both sets at once; memory also buys CPU.
      memorySize: 3008,
      timeout: TIMEOUT.impactWorker,
      reservedConcurrency: 2,
      environment: {
        TABLE_NAME: s.table.tableName,
        GRADE_SHARDS: String(config.gradeShards),
        EXPORTS_BUCKET: s.exportsBucket.bucketName,
        // A job running longer than the timeout has no live worker; on the queue's last delivery
        // such a job is marked failed rather than run again (worker-handler.ts).
        IMPACT_MAX_RECEIVE_COUNT: String(IMPACT_MAX_RECEIVE_COUNT),
        IMPACT_TIMEOUT_SECONDS: String(TIMEOUT.impactWorker.toSeconds()),
      },
      bundleFiles: reportAssets(),
    });
    this.impactWorker.fn.addEventSource(
      new SqsEventSource(this.impactQueue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 2 }),
    );
    // Partitions, person-bar items (BatchGetItem), inspectors; GSI3: every profile by shard.
    this.impactWorker.grant(tableRead(s.table, [GSI_NEXT_CHANGE]));
    this.impactWorker.grant(tableWrite(s.table, ['dynamodb:UpdateItem'], IMPACT_JOB_PARTITIONS));
    this.impactWorker.grant(keyUse(s.key, [...KEY_DECRYPT, ...KEY_ENCRYPT]));
    grantObjects(
      this.impactWorker,
      s.exportsBucket,
      ['impact/*'],
      ['s3:PutObject'],
      'impact-worker writes impact/<job id>/impact.json and impact.html',
    );
    this.impactDlqAlarm = new Alarm(this, 'ImpactDlqAlarm', {
      alarmDescription:
        'fenji: messages in the impact queue DLQ. The impact worker could not handle a job message on its last delivery (it normally marks a job whose worker died failed, saying so); the IMPACT#<id> item may still show running. Read the function log, then redrive or re-POST.',
      metric: this.impactDlq.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.impactDlqAlarm.addAlarmAction(alarmAction);

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
        IMPACT_QUEUE_URL: this.impactQueue.queueUrl,
      },
    });
    // Reads: items, partitions, GSI1 (latest by region) and GSI3 (enterprises by shard, for the draw).
    this.api.grant(tableRead(s.table, [GSI_LATEST_BY_REGION, GSI_NEXT_CHANGE]));
    this.api.grant(tableWrite(s.table, ['dynamodb:PutItem', 'dynamodb:DeleteItem'], API_WRITABLE_PARTITIONS));
    // POST /impact: the job item, then its message.
    this.api.grant(tableWrite(s.table, ['dynamodb:PutItem'], IMPACT_JOB_PARTITIONS));
    this.api.grant(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.impactQueue.queueArn] }));
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
