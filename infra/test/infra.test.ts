// Template tests of the CDK app. Two synths, shared by every test: with the default identity
// (a Cognito user pool) — this one bundles every function with esbuild — and with an external
// OIDC issuer (bundling skipped: the code assets are the same).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_SOURCE, TRIGGER_DETAIL_TYPES } from '@fenji/app';
import { tableDefinition } from '@fenji/store';
import { App, type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../lib/api-stack.ts';
import { createApp, type FenjiApp } from '../lib/app.ts';
import { readConfig } from '../lib/config.ts';
import { SCHEDULE_TIMEZONE, SCHEDULES } from '../lib/limits.ts';
import { DISCIPLINE_TRIGGERS, GRADING_EVENT_SOURCE } from '../lib/processing-stack.ts';

const ISSUER = 'https://sso.example.gov.cn/realms/amr';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, walked freely by these assertions
type Json = any;
type Resource = { Type: string; Properties: Record<string, Json>; DependsOn?: string[]; DeletionPolicy?: string };
interface Synth {
  fenji: FenjiApp;
  stateful: Template;
  processing: Template;
  api: Template;
  /** Every resource of the three stacks, by `<stack>/<logicalId>`. */
  all: Map<string, Resource>;
}

function synth(context: Record<string, unknown>): Synth {
  const fenji = createApp({ context });
  const stateful = Template.fromStack(fenji.stateful);
  const processing = Template.fromStack(fenji.processing);
  const api = Template.fromStack(fenji.api);
  const all = new Map<string, Resource>();
  for (const [name, t] of [
    ['stateful', stateful],
    ['processing', processing],
    ['api', api],
  ] as const) {
    for (const [id, r] of Object.entries(t.toJSON().Resources as Record<string, Resource>)) all.set(`${name}/${id}`, r);
  }
  return { fenji, stateful, processing, api, all };
}

const ofType = (s: Synth, type: string) => [...s.all].filter(([, r]) => r.Type === type);
const asList = <T>(x: T | T[]) => (Array.isArray(x) ? x : [x]);

let cognito: Synth;
let sso: Synth;
let synthSeconds: number[] = [];

beforeAll(() => {
  let t = performance.now();
  cognito = synth({});
  synthSeconds.push((performance.now() - t) / 1000);
  t = performance.now();
  sso = synth({ issuer: ISSUER, audience: 'fenji-api', 'aws:cdk:bundling-stacks': [] });
  synthSeconds.push((performance.now() - t) / 1000);
  synthSeconds = synthSeconds.map((s) => Math.round(s * 10) / 10);
}, 180_000);

const both = () =>
  [
    ['cognito', cognito],
    ['sso', sso],
  ] as const;

describe('cdk-nag AwsSolutions', () => {
  it('reports nothing unacknowledged, errors or warnings, with and without an external issuer', () => {
    for (const [name, s] of both()) {
      const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(s.fenji.app);
      const findings = report.violations.map(
        (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      );
      expect(findings, `${name} (synths took ${synthSeconds.join(' s, ')} s)`).toEqual([]);
    }
  });

  it('acknowledges only known findings, each with a specific reason', () => {
    const acks: { path: string; id: string; reason: string }[] = [];
    for (const c of cognito.fenji.app.node.findAll()) {
      for (const m of c.node.metadata) {
        if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(m.data as Record<string, string>))
          acks.push({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason });
      }
    }
    const roles = ['IngestS3', 'IngestSqs', 'GradeScheduler', 'GradeWorker', 'DisciplineExport', 'Api'];
    const stackOf = (role: string) => (role === 'Api' ? 'FenjiApi' : 'FenjiProcessing');
    // Object patterns are named through the bucket's export: FenjiStateful:ExportsOutputFnGetAtt<Bucket><hash>Arn<hash>.
    const readable = (id: string) => id.replace(/ExportsOutputFnGetAtt(\w+?Bucket)[0-9A-F]{8}Arn[0-9A-F]{8}/, '$1');
    expect(acks.map(({ path, id }) => `${path} ${readable(id)}`).sort()).toEqual(
      [
        'FenjiStateful/IdKeySecret AwsSolutions-SMG4',
        'FenjiStateful/AccessLogsBucket AwsSolutions-S1',
        ...roles.map((r) => `${stackOf(r)}/${r}/Role AwsSolutions-IAM5[Resource::*]`),
        'FenjiProcessing/IngestS3/Role AwsSolutions-IAM5[Resource::FenjiStateful:RecordsBucket/*]',
        'FenjiProcessing/IngestS3/Role AwsSolutions-IAM5[Resource::FenjiStateful:QuarantineBucket/rejects/*]',
        'FenjiProcessing/IngestS3/Role AwsSolutions-IAM5[Resource::FenjiStateful:QuarantineBucket/reports/*]',
        'FenjiProcessing/IngestSqs/Role AwsSolutions-IAM5[Resource::FenjiStateful:QuarantineBucket/rejects/*]',
        'FenjiProcessing/DisciplineExport/Role AwsSolutions-IAM5[Resource::FenjiStateful:ExportsBucket/discipline/*]',
        'FenjiApi/Api/Role AwsSolutions-IAM5[Resource::FenjiStateful:ExportsBucket/plans/*]',
        'FenjiApi/Api/Role AwsSolutions-IAM5[Resource::FenjiStateful:ExportsBucket/discipline/*]',
      ].sort(),
    );
    for (const a of acks) {
      expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThan(80);
      expect(a.reason, `${a.path} ${a.id}`).not.toMatch(/^(n\/?a|todo|ok|fine|not needed|false positive)\b/i);
    }
  });

  it('leaves no other warning or error annotation', () => {
    for (const [, s] of both()) {
      // The assembly synthesized already (synth() without force returns it): no third synthesis.
      const assembly = s.fenji.app.synth();
      for (const stack of [s.fenji.stateful, s.fenji.processing, s.fenji.api] as Stack[]) {
        const messages = assembly
          .getStackArtifact(stack.artifactId)
          .messages.filter((m) => m.level === 'warning' || m.level === 'error')
          .map((m) => `${m.level} ${m.id}: ${String(m.entry.data)}`);
        expect(messages, stack.stackName).toEqual([]);
      }
    }
  });
});

describe('stateful stack', () => {
  it('declares exactly the keys and indexes of the store (packages/store tableDefinition)', () => {
    const def = tableDefinition('x');
    const [[, table], ...more] = ofType(cognito, 'AWS::DynamoDB::Table');
    expect(more).toEqual([]);
    const p = table.Properties;
    expect(p.KeySchema).toEqual(def.KeySchema);
    expect([...p.AttributeDefinitions].sort(byName)).toEqual([...(def.AttributeDefinitions ?? [])].sort(byName));
    expect(
      p.GlobalSecondaryIndexes.map((g: Json) => ({
        IndexName: g.IndexName,
        KeySchema: g.KeySchema,
        Projection: g.Projection,
      })),
    ).toEqual(def.GlobalSecondaryIndexes);
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('protects the table: point-in-time recovery, deletion protection, KMS, retained', () => {
    cognito.stateful.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      }),
    });
    cognito.stateful.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('blocks public access, denies non-TLS, versions, encrypts and ages out every bucket', () => {
    const buckets = ofType(cognito, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(4);
    const policies = ofType(cognito, 'AWS::S3::BucketPolicy').map(([, r]) => r.Properties);
    for (const [id, b] of buckets) {
      const logicalId = id.split('/')[1];
      expect(b.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.Properties.VersioningConfiguration, id).toEqual({ Status: 'Enabled' });
      expect(b.Properties.LifecycleConfiguration.Rules.length, id).toBeGreaterThan(1);
      expect(b.DeletionPolicy, id).toBe('Retain');
      const policy = policies.find((p) => p.Bucket.Ref === logicalId);
      const denyTls = policy?.PolicyDocument.Statement.find(
        (st: Json) => st.Effect === 'Deny' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false',
      );
      expect(denyTls, `${id} denies non-TLS`).toBeDefined();
      expect(denyTls.Principal).toEqual({ AWS: '*' });
      expect(asList(denyTls.Resource)).toHaveLength(2); // the bucket and its objects
      const sse = b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
      if (logicalId.startsWith('AccessLogsBucket')) {
        // The server-access-log destination: SSE-S3 is all S3 log delivery supports.
        expect(sse.SSEAlgorithm).toBe('AES256');
      } else {
        expect(sse.SSEAlgorithm, id).toBe('aws:kms');
        expect(b.Properties.LoggingConfiguration.DestinationBucketName.Ref, id).toMatch(/^AccessLogsBucket/);
      }
    }
  });

  it('notifies the ingest queue of every object created in the records bucket, natively', () => {
    const [[, records]] = ofType(cognito, 'AWS::S3::Bucket').filter(([id]) => id.includes('RecordsBucket'));
    expect(records.Properties.NotificationConfiguration).toEqual({
      QueueConfigurations: [
        { Event: 's3:ObjectCreated:*', Queue: { 'Fn::GetAtt': [expect.stringMatching(/^IngestQueue/), 'Arn'] } },
      ],
    });
    expect(records.DependsOn).toEqual([expect.stringMatching(/^IngestQueuePolicy/)]);
    expect(ofType(cognito, 'Custom::S3BucketNotifications')).toEqual([]);
  });

  it('keeps the ID-number HMAC key in a generated 64-character, KMS-encrypted secret', () => {
    cognito.stateful.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      }),
    });
  });

  it('creates a Cognito user pool only when no issuer is configured', () => {
    cognito.stateful.resourceCountIs('AWS::Cognito::UserPool', 1);
    cognito.stateful.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON', UserPoolTier: 'PLUS' });
    sso.stateful.resourceCountIs('AWS::Cognito::UserPool', 0);
    sso.stateful.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
  });
});

describe('queues', () => {
  it('every queue is encrypted, TLS-only, and has a DLQ with a redrive limit (or is one)', () => {
    for (const [, s] of both()) {
      const queues = ofType(s, 'AWS::SQS::Queue');
      expect(queues).toHaveLength(7); // ingest, record, grade, their DLQs, failed invocations
      const dlqs = deadLetterTargets(s);
      const policies = ofType(s, 'AWS::SQS::QueuePolicy').map(([, r]) => r.Properties);
      for (const [id, q] of queues) {
        const logicalId = id.split('/')[1];
        expect(q.Properties.KmsMasterKeyId, id).toBeDefined();
        const policy = policies.find((p) => p.Queues.some((x: Json) => x.Ref === logicalId));
        expect(
          policy?.PolicyDocument.Statement.some(
            (st: Json) => st.Effect === 'Deny' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false',
          ),
          `${id} denies non-TLS`,
        ).toBe(true);
        const redrive = q.Properties.RedrivePolicy;
        if (redrive) {
          expect(redrive.maxReceiveCount, id).toBe(5);
          continue;
        }
        // A DLQ: some queue redrives into it, or a function, schedule or rule delivers failures to it.
        expect(dlqs.has(logicalId), `${id} is a DLQ`).toBe(true);
        expect(q.Properties.MessageRetentionPeriod, id).toBe(14 * 24 * 3600);
      }
    }
  });

  it('redrives the ingest, record and grade queues into their own DLQs', () => {
    const redrives = ofType(cognito, 'AWS::SQS::Queue')
      .filter(([, q]) => q.Properties.RedrivePolicy)
      .map(([id, q]) => [id, q.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]]);
    const targets = Object.fromEntries(
      redrives.map(([id, dlq]) => [id.split('/')[1].replace(/[0-9A-F]{8}$/, ''), dlq]),
    );
    expect(Object.keys(targets).sort()).toEqual(['GradeQueue', 'IngestQueue', 'RecordQueue']);
    for (const [queue, dlq] of Object.entries(targets))
      expect(dlq).toMatch(new RegExp(`^${queue.replace('Queue', 'Dlq')}`));
  });

  it('sends failed asynchronous invocations of schedules, rules and functions to a DLQ', () => {
    const t = cognito.processing.toJSON();
    const failed = Object.keys(t.Resources).find(
      (k) => k.startsWith('FailedInvocationsDlq') && t.Resources[k].Type === 'AWS::SQS::Queue',
    );
    for (const [id, fn] of ofType(cognito, 'AWS::Lambda::Function')) {
      if (/GradeScheduler|DisciplineExport/.test(id))
        expect(fn.Properties.DeadLetterConfig, id).toEqual({ TargetArn: { 'Fn::GetAtt': [failed, 'Arn'] } });
    }
    for (const [id, sc] of ofType(cognito, 'AWS::Scheduler::Schedule'))
      expect(sc.Properties.Target.DeadLetterConfig, id).toEqual({ Arn: { 'Fn::GetAtt': [failed, 'Arn'] } });
    for (const [id, rule] of ofType(cognito, 'AWS::Events::Rule'))
      for (const target of rule.Properties.Targets)
        expect(target.DeadLetterConfig, id).toEqual({ Arn: { 'Fn::GetAtt': [failed, 'Arn'] } });
  });
});

describe('functions', () => {
  const expected = {
    IngestS3: 'ingest-s3',
    IngestSqs: 'ingest-sqs',
    GradeScheduler: 'grade-scheduler',
    GradeWorker: 'grade-worker',
    DisciplineExport: 'discipline-export',
    Api: 'api',
  };

  it('are Node.js 24 on arm64, traced, with the Powertools environment and a retained log group', () => {
    const fns = ofType(cognito, 'AWS::Lambda::Function');
    expect(fns.map(([id]) => id.split('/')[1].replace(/Function[0-9A-F]{8}$/, '')).sort()).toEqual(
      Object.keys(expected).sort(),
    );
    for (const [id, fn] of fns) {
      const p = fn.Properties;
      expect(p.Runtime, id).toBe('nodejs24.x');
      expect(p.Architectures, id).toEqual(['arm64']);
      expect(p.Handler, id).toBe('index.handler');
      expect(p.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(p.Environment.Variables, id).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'fenji',
        POWERTOOLS_METRICS_NAMESPACE: 'fenji',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        TABLE_NAME: expect.anything(),
        NODE_OPTIONS: '--enable-source-maps',
      });
      expect(p.LoggingConfig.LogGroup.Ref, id).toMatch(/Logs/);
    }
    for (const [id, lg] of ofType(cognito, 'AWS::Logs::LogGroup')) {
      expect(lg.Properties.RetentionInDays, id).toBe(180);
      expect(lg.DeletionPolicy, id).toBe('Retain');
    }
  });

  it('are bundled as ES modules with a require() shim, the AWS SDK inside', () => {
    const outdir = cognito.fenji.app.outdir;
    const assets = readdirSync(outdir).filter((d) => d.startsWith('asset.'));
    expect(assets).toHaveLength(6);
    for (const a of assets) {
      const file = join(outdir, a, 'index.mjs');
      expect(existsSync(file), a).toBe(true);
      const head = readFileSync(file, 'utf8').slice(0, 200);
      expect(head, a).toMatch(
        /^import\s*\{\s*createRequire\s*\}\s*from\s*['"]module['"];\s*const require\s*=\s*createRequire\(import\.meta\.url\);/,
      );
      expect(existsSync(join(outdir, a, 'index.mjs.map')), a).toBe(true);
    }
  });

  it('bound the load on the table: worker concurrency, one discipline export at a time', () => {
    const byName = (name: string) =>
      ofType(cognito, 'AWS::Lambda::Function').find(([id]) => id.includes(`/${name}Function`))?.[1];
    expect(byName('GradeWorker')?.Properties.ReservedConcurrentExecutions).toBe(8);
    expect(byName('DisciplineExport')?.Properties.ReservedConcurrentExecutions).toBe(1);
    const esm = ofType(cognito, 'AWS::Lambda::EventSourceMapping').map(([id, r]) => [id, r.Properties] as const);
    expect(esm).toHaveLength(3);
    for (const [id, p] of esm) {
      expect(p.FunctionResponseTypes, id).toEqual(['ReportBatchItemFailures']);
      expect(p.ScalingConfig.MaximumConcurrency, id).toBeGreaterThanOrEqual(2);
      if (id.includes('GradeWorker')) expect(p.ScalingConfig.MaximumConcurrency).toBe(8);
    }
  });

  it('hold exactly the grants their handlers use', () => {
    const roles = policiesByRole(cognito);
    const read = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
    const write = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'];
    const kms = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];
    const logs = ['logs:CreateLogStream', 'logs:PutLogEvents'];
    const xray = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
    const consume = [
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ];
    const secret = ['secretsmanager:GetSecretValue'];
    const sorted = (...xs: string[][]) => [...new Set(xs.flat())].sort();
    expect(roles).toEqual({
      IngestS3: sorted(logs, xray, consume, kms, read, write, secret, [
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
        's3:AbortMultipartUpload',
      ]),
      IngestSqs: sorted(logs, xray, consume, kms, read, write, secret, ['s3:PutObject', 's3:AbortMultipartUpload']),
      GradeScheduler: sorted(logs, xray, kms, read, ['dynamodb:PutItem', 'sqs:SendMessage']),
      GradeWorker: sorted(logs, xray, consume, kms, read, write, ['events:PutEvents']),
      DisciplineExport: sorted(logs, xray, kms, read, [
        's3:GetObject',
        's3:PutObject',
        's3:ListBucket',
        'sqs:SendMessage',
      ]),
      Api: sorted(logs, xray, kms, read, [
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
        's3:GetObject',
        's3:PutObject',
        's3:ListBucket',
      ]),
      Scheduler: sorted(['lambda:InvokeFunction', 'sqs:SendMessage', 'kms:Decrypt', 'kms:GenerateDataKey']),
    });
  });

  it('use Resource "*" only for X-Ray, and no AWS managed policy', () => {
    for (const [id, r] of ofType(cognito, 'AWS::IAM::Policy')) {
      for (const st of r.Properties.PolicyDocument.Statement) {
        if (asList(st.Resource).includes('*'))
          expect(asList(st.Action).sort(), id).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
        for (const a of asList(st.Action)) expect(a, id).not.toMatch(/\*/);
      }
    }
    for (const [id, r] of ofType(cognito, 'AWS::IAM::Role')) expect(r.Properties.ManagedPolicyArns, id).toBeUndefined();
  });

  it('give the ID-number secret only to the functions that parse records', () => {
    const holders = ofType(cognito, 'AWS::IAM::Policy')
      .filter(([, r]) =>
        r.Properties.PolicyDocument.Statement.some((st: Json) =>
          asList(st.Action).some((a: string) => a.startsWith('secretsmanager:')),
        ),
      )
      .map(([id]) => id.split('/')[1].replace(/RoleDefaultPolicy.*$/, ''))
      .sort();
    expect(holders).toEqual(['IngestS3', 'IngestSqs']);
    const withEnv = ofType(cognito, 'AWS::Lambda::Function')
      .filter(([, r]) => r.Properties.Environment.Variables.FENJI_ID_KEY_SECRET_ARN)
      .map(([id]) => id.split('/')[1].replace(/Function[0-9A-F]{8}$/, ''))
      .sort();
    expect(withEnv).toEqual(['IngestS3', 'IngestSqs']);
  });

  it('the API function cannot write the table beyond the PLAN# partitions', () => {
    const writeish = /^dynamodb:(Put|Update|Delete|BatchWrite|TransactWrite|PartiQL(Insert|Update|Delete)|\*|.*\*)/;
    for (const [, s] of both()) {
      const [[, policy]] = ofType(s, 'AWS::IAM::Policy').filter(([id]) => id.startsWith('api/ApiRoleDefaultPolicy'));
      const writes = policy.Properties.PolicyDocument.Statement.filter((st: Json) =>
        asList(st.Action).some((a: string) => writeish.test(a)),
      );
      expect(writes).toHaveLength(1);
      expect(asList(writes[0].Action).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:PutItem']);
      expect(writes[0].Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PLAN#*'] } });
      // …and only the table (no index, no other table).
      expect(asList(writes[0].Resource)).toHaveLength(1);
    }
  });

  it('grade-worker reads one index, GSI1, where a failed sample’s disposal is found (deadlines.md §3)', () => {
    const [[, policy]] = ofType(cognito, 'AWS::IAM::Policy').filter(([id]) =>
      id.includes('GradeWorkerRoleDefaultPolicy'),
    );
    const query = policy.Properties.PolicyDocument.Statement.find((st: Json) =>
      asList(st.Action).includes('dynamodb:Query'),
    );
    const indexes = JSON.stringify(query.Resource).match(/\/index\/\w+/g);
    expect(indexes).toEqual(['/index/gsi1']);
  });

  it('grade-scheduler writes only run headers (RUN#)', () => {
    const [[, policy]] = ofType(cognito, 'AWS::IAM::Policy').filter(([id]) =>
      id.includes('GradeSchedulerRoleDefaultPolicy'),
    );
    const put = policy.Properties.PolicyDocument.Statement.find((st: Json) =>
      asList(st.Action).includes('dynamodb:PutItem'),
    );
    expect(put.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RUN#*'] } });
  });
});

describe('events and schedules', () => {
  it('runs daily incremental and monthly full grading, and the daily export, in China time', () => {
    const schedules = ofType(cognito, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
    expect(schedules).toHaveLength(3);
    const find = (expression: string) => schedules.find((p) => p.ScheduleExpression === expression);
    const daily = find(SCHEDULES.gradeDaily.expression);
    const monthly = find(SCHEDULES.gradeMonthly.expression);
    const disc = find(SCHEDULES.disciplineDaily.expression);
    expect(SCHEDULES.gradeDaily.expression).toBe('cron(0 2 2-31 * ? *)');
    expect(SCHEDULES.gradeMonthly.expression).toBe('cron(0 2 1 * ? *)');
    expect(JSON.parse(daily?.Target.Input)).toEqual({ kind: 'daily' });
    expect(JSON.parse(monthly?.Target.Input)).toEqual({ kind: 'monthly' });
    expect(JSON.parse(disc?.Target.Input)).toEqual({ kind: 'daily' });
    expect(daily?.Target.Arn['Fn::GetAtt'][0]).toMatch(/^GradeScheduler/);
    expect(monthly?.Target.Arn['Fn::GetAtt'][0]).toMatch(/^GradeScheduler/);
    expect(disc?.Target.Arn['Fn::GetAtt'][0]).toMatch(/^DisciplineExport/);
    for (const p of schedules) {
      expect(p.ScheduleExpressionTimezone).toBe(SCHEDULE_TIMEZONE);
      expect(p.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    }
  });

  it('re-exports the discipline list on the grading events the handler accepts, from an archived bus', () => {
    expect(GRADING_EVENT_SOURCE).toBe(EVENT_SOURCE);
    expect([...DISCIPLINE_TRIGGERS]).toEqual([...TRIGGER_DETAIL_TYPES]);
    cognito.processing.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: [EVENT_SOURCE], 'detail-type': [...TRIGGER_DETAIL_TYPES] },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DisciplineExport'), 'Arn'] } })],
    });
    cognito.processing.resourceCountIs('AWS::Events::Archive', 1);
    const [[, worker]] = ofType(cognito, 'AWS::IAM::Policy').filter(([id]) =>
      id.includes('GradeWorkerRoleDefaultPolicy'),
    );
    const put = worker.Properties.PolicyDocument.Statement.find((st: Json) => st.Action === 'events:PutEvents');
    expect(put.Condition).toEqual({ StringEquals: { 'events:source': EVENT_SOURCE } });
  });
});

describe('API', () => {
  it('puts the JWT authorizer on every route', () => {
    for (const [, s] of both()) {
      const [[authorizerId]] = ofType(s, 'AWS::ApiGatewayV2::Authorizer');
      const routes = ofType(s, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
      expect(routes.map((r) => r.RouteKey).sort()).toEqual(API_ROUTES.map(([m, p]) => `${m} ${p}`).sort());
      for (const r of routes) {
        expect(r.AuthorizationType, r.RouteKey).toBe('JWT');
        expect(r.AuthorizerId, r.RouteKey).toEqual({ Ref: authorizerId.split('/')[1] });
      }
    }
  });

  it('takes issuer and audience from context, or from the Cognito user pool', () => {
    sso.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: ISSUER, Audience: ['fenji-api'] },
    });
    cognito.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: {
        Issuer: { 'Fn::ImportValue': Match.stringLikeRegexp('UserPool.*ProviderURL') },
        Audience: [{ 'Fn::ImportValue': Match.stringLikeRegexp('UserPoolApiClient') }],
      },
    });
  });

  it('logs every request and throttles the stage', () => {
    cognito.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
    });
  });
});

describe('alarms', () => {
  const alarms = (s: Synth) => ofType(s, 'AWS::CloudWatch::Alarm').map(([id, r]) => [id, r.Properties] as const);

  it('go to the KMS-encrypted alarm topic', () => {
    cognito.stateful.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    for (const [id, p] of alarms(cognito)) {
      expect(p.AlarmActions, id).toEqual([
        id.startsWith('stateful/')
          ? { Ref: expect.any(String) }
          : { 'Fn::ImportValue': expect.stringMatching(/AlarmTopic/) },
      ]);
    }
  });

  it('watch every DLQ', () => {
    const watched = alarms(cognito)
      .filter(([, p]) => p.MetricName === 'ApproximateNumberOfMessagesVisible')
      .map(([, p]) => {
        expect(p.Threshold).toBe(0);
        expect(p.ComparisonOperator).toBe('GreaterThanThreshold');
        const q = p.Dimensions[0].Value;
        return q['Fn::GetAtt']?.[0] ?? q['Fn::ImportValue'];
      });
    const dlqs = ofType(cognito, 'AWS::SQS::Queue')
      .filter(([, q]) => !q.Properties.RedrivePolicy)
      .map(([id]) => id.split('/')[1]);
    expect(dlqs).toHaveLength(4);
    for (const dlq of dlqs)
      expect(
        watched.some((w) => String(w).includes(dlq)),
        dlq,
      ).toBe(true);
  });

  it('watch errors and throttles of every function, API 5xx and grading failures', () => {
    const all = alarms(cognito).map(([, p]) => p);
    const fns = ofType(cognito, 'AWS::Lambda::Function').map(([id]) => id.split('/')[1]);
    for (const fn of fns) {
      for (const metric of ['Errors', 'Throttles']) {
        expect(
          all.some((p) => p.Namespace === 'AWS/Lambda' && p.MetricName === metric && p.Dimensions[0].Value.Ref === fn),
          `${fn} ${metric}`,
        ).toBe(true);
      }
    }
    expect(all.some((p) => p.Namespace === 'AWS/ApiGateway' && p.MetricName === '5xx')).toBe(true);
    const grading = all.find((p) => p.MetricName === 'gradingFailures');
    expect(grading).toMatchObject({
      Namespace: 'fenji',
      Dimensions: [{ Name: 'service', Value: 'fenji' }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});

describe('partitions and configuration', () => {
  it('never hard-codes the aws partition (China regions are aws-cn)', () => {
    for (const [, s] of both()) {
      for (const t of [s.stateful, s.processing, s.api]) expect(JSON.stringify(t.toJSON())).not.toContain('arn:aws:');
    }
  });

  it('validates context: an issuer needs an https URL and an audience', () => {
    const config = (context: Record<string, unknown>) => () => readConfig(new App({ context }).node);
    expect(config({ issuer: ISSUER })).toThrow(/audience/);
    expect(config({ issuer: 'http://sso.example.gov.cn', audience: 'x' })).toThrow(/https/);
    expect(config({ audience: 'x' })).toThrow(/issuer/);
    expect(config({ tracing: 'maybe' })).toThrow(/tracing/);
    expect(config({ logRetentionDays: 100 })).toThrow(/logRetentionDays/);
    expect(config({ issuer: ISSUER, audience: 'a, b' })()).toMatchObject({ audience: ['a', 'b'], tracing: true });
    expect(config({ tracing: 'false' })().tracing).toBe(false);
  });
});

/** Logical ids of the queues used as dead-letter targets by queues, functions, schedules and rules. */
function deadLetterTargets(s: Synth): Set<string> {
  const out = new Set<string>();
  const add = (arn: Json) => {
    const id = arn?.['Fn::GetAtt']?.[0];
    if (typeof id === 'string') out.add(id);
  };
  for (const r of s.all.values()) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::SQS::Queue') add(p.RedrivePolicy?.deadLetterTargetArn);
    if (r.Type === 'AWS::Lambda::Function') add(p.DeadLetterConfig?.TargetArn);
    if (r.Type === 'AWS::Scheduler::Schedule') add(p.Target?.DeadLetterConfig?.Arn);
    if (r.Type === 'AWS::Events::Rule') for (const t of p.Targets ?? []) add(t.DeadLetterConfig?.Arn);
  }
  return out;
}

function byName(a: { AttributeName?: string }, b: { AttributeName?: string }) {
  return String(a.AttributeName).localeCompare(String(b.AttributeName));
}

/** The actions each role may perform, by role (IngestS3, …, Scheduler). */
function policiesByRole(s: Synth): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [id, r] of ofType(s, 'AWS::IAM::Policy')) {
    const role = id
      .split('/')[1]
      .replace(/RoleDefaultPolicy[0-9A-F]{8}$/, '')
      .replace(/DefaultPolicy[0-9A-F]{8}$/, '');
    out[role] = [
      ...new Set([
        ...(out[role] ?? []),
        ...r.Properties.PolicyDocument.Statement.flatMap((st: Json) => asList(st.Action)),
      ]),
    ].sort();
  }
  return out;
}
