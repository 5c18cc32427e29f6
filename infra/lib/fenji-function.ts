// One Lambda function of fenji: NodejsFunction (Node.js 24, arm64, ESM bundled by the local
// esbuild — no Docker), its own role with no managed policy, its own log group with retention,
// the Powertools environment, and alarms on errors and throttles. Grants are added by the stack,
// statement by statement, so each role holds exactly what its handler calls.
import { posix } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarmAction, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type FenjiConfig, fromRoot, REPO_ROOT } from './config.ts';

/** CJS dependencies bundled into an ES module still call require(): give them one. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface FenjiFunctionProps {
  /** The folder under functions/; names the function in descriptions and alarms. */
  readonly name: string;
  /** Default: functions/<name>/src/handler.ts, export `handler`. */
  readonly entry?: string;
  readonly description: string;
  readonly config: FenjiConfig;
  readonly memorySize?: number;
  readonly timeout: Duration;
  readonly environment?: Record<string, string>;
  readonly reservedConcurrency?: number;
  /** Asynchronous invocations that still fail after `retryAttempts` go here (it has an alarm). */
  readonly deadLetterQueue?: IQueue;
  readonly retryAttempts?: number;
  /** Alarm on Throttles only when they persist this many 5-minute periods (default 1). */
  readonly throttleEvaluationPeriods?: number;
  /**
   * Files the handler reads at run time beside its bundle (esbuild bundles imports, not files
   * read with readFileSync): absolute source → path inside the bundle folder. Copied after
   * bundling with `cp`, locally like the bundling itself.
   */
  readonly bundleFiles?: Readonly<Record<string, string>>;
  readonly alarmAction: IAlarmAction;
}

export class FenjiFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly errorsAlarm: Alarm;
  readonly throttlesAlarm: Alarm;

  constructor(scope: Construct, id: string, props: FenjiFunctionProps) {
    super(scope, id);
    const { config } = props;

    // Kept on stack deletion: six months of logs are a legal minimum, not a cache.
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: config.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `fenji ${props.name}: only the calls its handler makes`,
    });
    // In place of AWSLambdaBasicExecutionRole: write to this function's own log group only.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry ?? fromRoot(`functions/${props.name}/src/handler.ts`),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: fromRoot('package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      tracing: config.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      reservedConcurrentExecutions: props.reservedConcurrency,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: props.retryAttempts,
      environment: {
        // One service name for every function: the metrics' `service` dimension (which alarms
        // select on) stays `fenji`; logs tell functions apart by function_name.
        POWERTOOLS_SERVICE_NAME: 'fenji',
        POWERTOOLS_METRICS_NAMESPACE: 'fenji',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Stack traces point into the TypeScript sources (the bundle ships its source map).
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        keepNames: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // The AWS SDK v3 is bundled too (not taken from the runtime): the versions in
        // package-lock.json are the ones the tests ran against, and a runtime SDK update
        // cannot change behaviour under us.
        bundleAwsSDK: true,
        externalModules: [],
        forceDockerBundling: false,
        ...(props.bundleFiles ? { commandHooks: copyAfterBundling(props.bundleFiles) } : {}),
      },
    });

    if (props.deadLetterQueue) {
      // Lambda sends failed asynchronous events with the function's role; the queue is KMS-encrypted.
      const key = props.deadLetterQueue.encryptionMasterKey;
      if (key) {
        this.role.addToPrincipalPolicy(
          new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
        );
      }
    }

    if (config.tracing) acknowledgeXrayWildcard(this.role);

    const period = Duration.minutes(5);
    this.errorsAlarm = new Alarm(this, 'ErrorsAlarm', {
      alarmDescription: `fenji ${props.name}: the function failed (Errors > 0 in 5 minutes). Read the function's log; failed messages and events are retried, then land in a DLQ.`,
      metric: this.fn.metricErrors({ period, statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.throttlesAlarm = new Alarm(this, 'ThrottlesAlarm', {
      alarmDescription: `fenji ${props.name}: invocations are throttled (concurrency limit reached).`,
      metric: this.fn.metricThrottles({ period, statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: props.throttleEvaluationPeriods ?? 1,
      datapointsToAlarm: props.throttleEvaluationPeriods ?? 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.errorsAlarm, this.throttlesAlarm]) alarm.addAlarmAction(props.alarmAction);
  }

  /** Adds a statement to this function's role. */
  grant(statement: PolicyStatement): void {
    this.role.addToPrincipalPolicy(statement);
  }
}

/** Bundling hooks that copy `files` (absolute source → path in the bundle) after esbuild ran. */
function copyAfterBundling(files: Readonly<Record<string, string>>): ICommandHooks {
  const quote = (p: string) => `'${p.replace(/'/g, "'\\''")}'`;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) =>
      Object.entries(files).map(([from, to]) => {
        const target = posix.join(outputDir, to);
        return `mkdir -p ${quote(posix.dirname(target))} && cp ${quote(from)} ${quote(target)}`;
      }),
  };
}

/** X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions. */
export function acknowledgeXrayWildcard(role: IRole): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so AWS requires Resource "*"; Lambda adds exactly these two actions, and a template test checks that no other statement of this role uses "*".',
  });
}
