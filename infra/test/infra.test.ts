// Template tests of the CDK app. Two synths, shared by every test: with the default identity
// (a Cognito user pool) — this one bundles every function with esbuild — and with an external
// OIDC issuer and a custom domain of the distribution (bundling skipped: the code assets are the
// same). Both deploy a stand-in console build (a temporary folder), not packages/console/dist.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSOLE_SECURITY_HEADERS, EVENT_SOURCE, ROUTES, RUNS_KIND, TRIGGER_DETAIL_TYPES } from '@fenji/app';
import { tableDefinition } from '@fenji/store';
import { App, type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../lib/api-stack.ts';
import { createApp, type FenjiApp } from '../lib/app.ts';
import { readConfig } from '../lib/config.ts';
import { consoleHeaders } from '../lib/console-headers.ts';
import { SCHEDULE_TIMEZONE, SCHEDULES } from '../lib/limits.ts';
import { DISCIPLINE_TRIGGERS, GRADING_EVENT_SOURCE } from '../lib/processing-stack.ts';

const ISSUER = 'https://sso.example.gov.cn/realms/amr';
const SIGN_IN = {
  authorizeUrl: `${ISSUER}/protocol/openid-connect/auth`,
  tokenUrl: `${ISSUER}/protocol/openid-connect/token`,
};
const CONSOLE_DOMAIN = 'fenji.amr.example.gov.cn';
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, walked freely by these assertions
type Json = any;
type Resource = { Type: string; Properties: Record<string, Json>; DependsOn?: string[]; DeletionPolicy?: string };
interface Synth {
  fenji: FenjiApp;
  stateful: Template;
  processing: Template;
  api: Template;
  /** FenjiConsole: the console's deployment (kept out of `all`: CDK's BucketDeployment handler). */
  console: Template;
  /** Every resource of the stateful, processing and API stacks, by `<stack>/<logicalId>`. */
  all: Map<string, Resource>;
}

function synth(context: Record<string, unknown>): Synth {
  const fenji = createApp({ context: { consoleDist, ...context } });
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
  return { fenji, stateful, processing, api, console: Template.fromStack(fenji.console), all };
}

const ofType = (s: Synth, type: string) => [...s.all].filter(([, r]) => r.Type === type);
const asList = <T>(x: T | T[]) => (Array.isArray(x) ? x : [x]);

let cognito: Synth;
let sso: Synth;
let synthSeconds: number[] = [];
let consoleDist: string;

beforeAll(() => {
  // A stand-in for Vite's output: index.html and a hashed asset.
  consoleDist = mkdtempSync(join(tmpdir(), 'fenji-console-dist-'));
  mkdirSync(join(consoleDist, 'assets'));
  writeFileSync(
    join(consoleDist, 'index.html'),
    '<!doctype html><script type="module" src="assets/i-1a2b.js"></script>',
  );
  writeFileSync(join(consoleDist, 'assets', 'i-1a2b.js'), 'export {};');
  let t = performance.now();
  cognito = synth({});
  synthSeconds.push((performance.now() - t) / 1000);
  t = performance.now();
  sso = synth({
    issuer: ISSUER,
    audience: 'fenji-api,fenji-console',
    consoleClientId: 'fenji-console',
    ...SIGN_IN,
    consoleDomain: CONSOLE_DOMAIN,
    consoleCertificateArn: CERTIFICATE,
    'aws:cdk:bundling-stacks': [],
  });
  synthSeconds.push((performance.now() - t) / 1000);
  synthSeconds = synthSeconds.map((s) => Math.round(s * 10) / 10);
}, 180_000);

afterAll(() => rmSync(consoleDist, { recursive: true, force: true }));

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
    const roles = ['IngestS3', 'IngestSqs', 'GradeScheduler', 'GradeWorker', 'DisciplineExport', 'Api', 'ImpactWorker'];
    const stackOf = (role: string) => (role === 'Api' || role === 'ImpactWorker' ? 'FenjiApi' : 'FenjiProcessing');
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
        'FenjiApi/ImpactWorker/Role AwsSolutions-IAM5[Resource::FenjiStateful:ExportsBucket/impact/*]',
        'FenjiApi/Console/Distribution AwsSolutions-CFR1',
        'FenjiApi/Console/Distribution AwsSolutions-CFR2',
        'FenjiApi/Console/Distribution AwsSolutions-CFR4',
        'FenjiConsole/DeployRole AwsSolutions-IAM5[Resource::FenjiApi:ConsoleBucket/console/*]',
        'FenjiConsole/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB AwsSolutions-L1',
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
      for (const stack of [s.fenji.stateful, s.fenji.processing, s.fenji.api, s.fenji.console] as Stack[]) {
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
    expect(buckets).toHaveLength(6); // records, quarantine, exports, access logs, CloudFront logs, console
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
      // Log buckets: SSE-S3 is what S3 and CloudFront log delivery support. The console's files
      // are read by CloudFront through OAC, which the app's key should not admit.
      expect(sse.SSEAlgorithm, id).toBe(/^(AccessLogs|CdnLogs|Console)Bucket/.test(logicalId) ? 'AES256' : 'aws:kms');
      if (!logicalId.startsWith('AccessLogsBucket')) {
        const destination = b.Properties.LoggingConfiguration.DestinationBucketName;
        expect(destination.Ref ?? destination['Fn::ImportValue'], id).toMatch(/AccessLogsBucket/);
      }
      // ACLs only where CloudFront's standard logging needs them.
      expect(b.Properties.OwnershipControls.Rules[0].ObjectOwnership, id).toBe(
        logicalId.startsWith('CdnLogsBucket') ? 'BucketOwnerPreferred' : 'BucketOwnerEnforced',
      );
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
      expect(queues).toHaveLength(9); // ingest, record, grade, impact, their DLQs, failed invocations
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
          // An impact job's message comes back only when the worker died (limits.ts).
          expect(redrive.maxReceiveCount, id).toBe(logicalId.startsWith('ImpactQueue') ? 2 : 5);
          continue;
        }
        // A DLQ: some queue redrives into it, or a function, schedule or rule delivers failures to it.
        expect(dlqs.has(logicalId), `${id} is a DLQ`).toBe(true);
        expect(q.Properties.MessageRetentionPeriod, id).toBe(14 * 24 * 3600);
      }
    }
  });

  it('redrives the ingest, record, grade and impact queues into their own DLQs', () => {
    const redrives = ofType(cognito, 'AWS::SQS::Queue')
      .filter(([, q]) => q.Properties.RedrivePolicy)
      .map(([id, q]) => [id, q.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]]);
    const targets = Object.fromEntries(
      redrives.map(([id, dlq]) => [id.split('/')[1].replace(/[0-9A-F]{8}$/, ''), dlq]),
    );
    expect(Object.keys(targets).sort()).toEqual(['GradeQueue', 'ImpactQueue', 'IngestQueue', 'RecordQueue']);
    for (const [queue, dlq] of Object.entries(targets))
      expect(dlq).toMatch(new RegExp(`^${queue.replace('Queue', 'Dlq')}`));
  });

  it('tells the impact worker its queue’s maxReceiveCount and its own timeout (a stale job’s last delivery)', () => {
    const [[, queue]] = ofType(cognito, 'AWS::SQS::Queue').filter(([id]) =>
      id.split('/')[1]?.startsWith('ImpactQueue'),
    );
    const [[, worker]] = ofType(cognito, 'AWS::Lambda::Function').filter(([id]) =>
      id.includes('/ImpactWorkerFunction'),
    );
    expect(worker.Properties.Environment.Variables).toMatchObject({
      IMPACT_MAX_RECEIVE_COUNT: String(queue.Properties.RedrivePolicy.maxReceiveCount),
      IMPACT_TIMEOUT_SECONDS: String(worker.Properties.Timeout),
    });
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
    ImpactWorker: 'impact-worker',
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
      expect(lg.Properties.RetentionInDays, id).toBe(365);
      expect(lg.DeletionPolicy, id).toBe('Retain');
    }
  });

  it('keeps every log at least six months (Cybersecurity Law Art. 21): 365 days, the CloudWatch step after 180', () => {
    for (const [, s] of both()) {
      const groups = ofType(s, 'AWS::Logs::LogGroup');
      expect(groups.length).toBeGreaterThan(5);
      for (const [id, lg] of groups) expect(lg.Properties.RetentionInDays, id).toBeGreaterThanOrEqual(365);
      // No log group without a retention, and no Lambda writing to one CDK made on the side.
      expect(ofType(s, 'Custom::LogRetention')).toEqual([]);
      for (const [id, fn] of ofType(s, 'AWS::Lambda::Function').filter(([i]) => !i.includes('CDKBucketDeployment'))) {
        expect(fn.Properties.LoggingConfig?.LogGroup, id).toBeDefined();
      }
    }
    const config = (context: Record<string, unknown>) => () => readConfig(new App({ context }).node);
    expect(config({ logRetentionDays: 180 })).toThrow(/at least 365.*Cybersecurity Law Art\. 21/);
    expect(config({ logRetentionDays: 400 })()).toMatchObject({ logRetention: 400 });
  });

  it('expires the raw exports (clear ID numbers) after the replay window, 90 days by default, versions included (PIPL Art. 19)', () => {
    const [[, records]] = ofType(cognito, 'AWS::S3::Bucket').filter(([id]) => id.includes('RecordsBucket'));
    expect(records.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Id: 'raw-exports-expire-after-90-days',
          Status: 'Enabled',
          ExpirationInDays: 90,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        }),
        expect.objectContaining({ ExpiredObjectDeleteMarker: true, Status: 'Enabled' }),
      ]),
    );
    // No rule keeps a current raw export beyond the window by moving it to another class.
    expect(JSON.stringify(records.Properties.LifecycleConfiguration)).not.toContain('Transition');
    const config = (context: Record<string, unknown>) => () => readConfig(new App({ context }).node);
    expect(config({ replayWindowDays: 30 })()).toMatchObject({ replayWindowDays: 30 });
    expect(config({ replayWindowDays: 0 })).toThrow(/replayWindowDays/);
  });

  it('are bundled as ES modules with a require() shim, the AWS SDK inside', () => {
    const outdir = cognito.fenji.app.outdir;
    const assets = ofType(cognito, 'AWS::Lambda::Function').map(
      ([, fn]) => `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`,
    );
    expect(new Set(assets).size).toBe(7);
    expect(readdirSync(outdir)).toEqual(expect.arrayContaining(assets));
    for (const a of assets) {
      const file = join(outdir, a, 'index.mjs');
      expect(existsSync(file), a).toBe(true);
      const head = readFileSync(file, 'utf8').slice(0, 200);
      expect(head, a).toMatch(
        /^import\s*\{\s*createRequire\s*\}\s*from\s*['"]module['"];\s*const require\s*=\s*createRequire\(import\.meta\.url\);/,
      );
      expect(existsSync(join(outdir, a, 'index.mjs.map')), a).toBe(true);
    }
    // impact.html's renderer reads its script, stylesheet and chart.js beside the bundle.
    const [[, worker]] = ofType(cognito, 'AWS::Lambda::Function').filter(([id]) =>
      id.includes('/ImpactWorkerFunction'),
    );
    const bundle = join(outdir, `asset.${String(worker.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    for (const file of ['page.js', 'report.css', 'node_modules/chart.js/dist/chart.umd.min.js'])
      expect(existsSync(join(bundle, file)), file).toBe(true);
  });

  it('bound the load on the table: worker concurrency, one discipline export at a time', () => {
    const byName = (name: string) =>
      ofType(cognito, 'AWS::Lambda::Function').find(([id]) => id.includes(`/${name}Function`))?.[1];
    expect(byName('GradeWorker')?.Properties.ReservedConcurrentExecutions).toBe(8);
    expect(byName('DisciplineExport')?.Properties.ReservedConcurrentExecutions).toBe(1);
    expect(byName('ImpactWorker')?.Properties.ReservedConcurrentExecutions).toBe(2);
    const esm = ofType(cognito, 'AWS::Lambda::EventSourceMapping').map(([id, r]) => [id, r.Properties] as const);
    expect(esm).toHaveLength(4);
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
        'dynamodb:UpdateItem',
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
        's3:AbortMultipartUpload',
      ]),
      IngestSqs: sorted(logs, xray, consume, kms, read, write, secret, [
        'dynamodb:UpdateItem',
        's3:PutObject',
        's3:AbortMultipartUpload',
      ]),
      GradeScheduler: sorted(logs, xray, kms, read, ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'sqs:SendMessage']),
      GradeWorker: sorted(logs, xray, consume, kms, read, write, ['events:PutEvents']),
      DisciplineExport: sorted(logs, xray, kms, read, [
        'dynamodb:PutItem',
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
        'sqs:SendMessage',
      ]),
      ImpactWorker: sorted(logs, xray, consume, kms, read, ['dynamodb:UpdateItem', 's3:PutObject']),
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

  it('the API function cannot write the table beyond the PLAN# partitions and new impact jobs (IMPACT#)', () => {
    const writeish = /^dynamodb:(Put|Update|Delete|BatchWrite|TransactWrite|PartiQL(Insert|Update|Delete)|\*|.*\*)/;
    for (const [, s] of both()) {
      const [[, policy]] = ofType(s, 'AWS::IAM::Policy').filter(([id]) => id.startsWith('api/ApiRoleDefaultPolicy'));
      const writes = policy.Properties.PolicyDocument.Statement.filter((st: Json) =>
        asList(st.Action).some((a: string) => writeish.test(a)),
      );
      expect(writes).toHaveLength(2);
      expect(asList(writes[0].Action).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:PutItem']);
      expect(writes[0].Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PLAN#*'] } });
      expect(asList(writes[1].Action)).toEqual(['dynamodb:PutItem']);
      expect(writes[1].Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IMPACT#*'] } });
      // …and only the table (no index, no other table).
      for (const w of writes) expect(asList(w.Resource)).toHaveLength(1);
    }
    // The impact worker updates its jobs and writes nothing else of the table.
    const [[, worker]] = ofType(cognito, 'AWS::IAM::Policy').filter(([id]) =>
      id.includes('ImpactWorkerRoleDefaultPolicy'),
    );
    const workerWrites = worker.Properties.PolicyDocument.Statement.filter((st: Json) =>
      asList(st.Action).some((a: string) => writeish.test(a)),
    );
    expect(workerWrites).toHaveLength(1);
    expect(workerWrites[0]).toMatchObject({
      Action: 'dynamodb:UpdateItem',
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IMPACT#*'] } },
    });
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

  it('grade-scheduler writes only run headers (RUN#) and, once, the person-bar index (BAR#, its INDEXES marker)', () => {
    const [[, policy]] = ofType(cognito, 'AWS::IAM::Policy').filter(([id]) =>
      id.includes('GradeSchedulerRoleDefaultPolicy'),
    );
    const writes = (action: string) =>
      policy.Properties.PolicyDocument.Statement.filter((st: Json) => asList(st.Action).includes(action));
    const only = (keys: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keys } });
    expect(writes('dynamodb:PutItem').map((st: Json) => st.Condition)).toEqual([only(['RUN#*', 'INDEXES'])]);
    expect(writes('dynamodb:UpdateItem').map((st: Json) => st.Condition)).toEqual([only(['BAR#*'])]);
  });

  it('discipline-export writes only its per-run marks (RUN#), and reads the runs on GSI3', () => {
    const [[, policy]] = ofType(cognito, 'AWS::IAM::Policy').filter(([id]) =>
      id.includes('DisciplineExportRoleDefaultPolicy'),
    );
    const statements = policy.Properties.PolicyDocument.Statement as Json[];
    const put = statements.filter((st) => asList(st.Action).some((a: string) => a.startsWith('dynamodb:Put')));
    expect(put.map((st) => st.Condition)).toEqual([
      { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RUN#*'] } },
    ]);
    const query = statements.find((st) => asList(st.Action).includes('dynamodb:Query'));
    expect(JSON.stringify(query?.Resource).match(/\/index\/\w+/g)).toEqual(['/index/gsi3']);
  });

  it('size the grading for the population given as `enterprises` (gradeSharding), and keep 16 / 200 without it', () => {
    const config = (context: Record<string, unknown>) =>
      readConfig(new App({ context: { consoleDist, ...context } }).node);
    expect(config({})).toMatchObject({ gradeShards: 16, shardSize: 200, schedulerMemoryMb: 512, exportMemoryMb: 1024 });
    expect(config({ enterprises: 50_000_000, workerConcurrency: 1000 })).toMatchObject({
      enterprises: 50_000_000,
      gradeShards: 500,
      shardSize: 1000,
      schedulerMemoryMb: 5312,
      exportMemoryMb: 3968,
    });
    // An explicit value wins: a deployed table keeps the GRADE_SHARDS its marks were written with.
    expect(config({ enterprises: 50_000_000, gradeShards: 16 }).gradeShards).toBe(16);
    expect(() => config({ enterprises: 0 })).toThrow(/enterprises/);
  });
});

describe('events and schedules', () => {
  it('runs daily incremental and monthly full grading, the daily export and the export per finished run, in China time', () => {
    const schedules = ofType(cognito, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
    expect(schedules).toHaveLength(4);
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
    const runs = find(SCHEDULES.disciplineRuns.expression);
    expect(SCHEDULES.disciplineRuns.expression).toBe('cron(0/10 * * * ? *)');
    expect(JSON.parse(runs?.Target.Input)).toEqual({ kind: RUNS_KIND });
    expect(runs?.Target.Arn['Fn::GetAtt'][0]).toMatch(/^DisciplineExport/);
    for (const p of schedules) {
      expect(p.ScheduleExpressionTimezone).toBe(SCHEDULE_TIMEZONE);
      expect(p.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    }
  });

  it('exports the discipline list once per run, not once per listing event; the bus is archived', () => {
    expect(GRADING_EVENT_SOURCE).toBe(EVENT_SOURCE);
    expect([...DISCIPLINE_TRIGGERS]).toEqual([...TRIGGER_DETAIL_TYPES]);
    // No rule routes grading events to discipline-export (issue 17: one full export per event).
    cognito.processing.resourceCountIs('AWS::Events::Rule', 0);
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
      // Every route the handler serves is a route of the HTTP API, and nothing else is.
      expect(API_ROUTES.map(([m, p]) => `${m} ${p}`).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
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
      JwtConfiguration: { Issuer: ISSUER, Audience: ['fenji-api', 'fenji-console'] },
    });
    // The API's client and the console's (same stack: a Ref).
    cognito.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: {
        Issuer: { 'Fn::ImportValue': Match.stringLikeRegexp('UserPool.*ProviderURL') },
        Audience: [
          { 'Fn::ImportValue': Match.stringLikeRegexp('UserPoolApiClient') },
          { Ref: Match.stringLikeRegexp('^ConsoleClient') },
        ],
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

describe('console hosting', () => {
  const distribution = (s: Synth) => {
    const [[, d], ...more] = ofType(s, 'AWS::CloudFront::Distribution');
    expect(more).toEqual([]);
    return d.Properties.DistributionConfig;
  };
  const logicalIdOf = (s: Synth, type: string) => {
    const [[id]] = ofType(s, type);
    return id.split('/')[1];
  };

  it('keeps the console bucket private: only this distribution reads it, through origin access control', () => {
    for (const [name, s] of both()) {
      const [[bucketKey, bucket]] = ofType(s, 'AWS::S3::Bucket').filter(([id]) => id.startsWith('api/ConsoleBucket'));
      const bucketId = bucketKey.split('/')[1];
      expect(bucket.Properties.PublicAccessBlockConfiguration, name).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.WebsiteConfiguration, name).toBeUndefined();
      const [[, policy]] = ofType(s, 'AWS::S3::BucketPolicy').filter(([, p]) => p.Properties.Bucket.Ref === bucketId);
      const allows = policy.Properties.PolicyDocument.Statement.filter((st: Json) => st.Effect === 'Allow');
      expect(allows, name).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
          Condition: {
            StringEquals: {
              'AWS:SourceArn': {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':cloudfront::',
                    { Ref: 'AWS::AccountId' },
                    ':distribution/',
                    { Ref: logicalIdOf(s, 'AWS::CloudFront::Distribution') },
                  ],
                ],
              },
            },
          },
        },
      ]);
      // Every other statement denies (no TLS, TLS < 1.2).
      expect(
        policy.Properties.PolicyDocument.Statement.every((st: Json) => st.Effect === 'Deny' || allows.includes(st)),
      ).toBe(true);

      const s3Origins = distribution(s).Origins.filter((o: Json) => o.S3OriginConfig);
      expect(s3Origins, name).toEqual([
        {
          Id: expect.any(String),
          DomainName: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] },
          OriginAccessControlId: { 'Fn::GetAtt': [logicalIdOf(s, 'AWS::CloudFront::OriginAccessControl'), 'Id'] },
          S3OriginConfig: { OriginAccessIdentity: '' },
        },
      ]);
      s.api.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: Match.objectLike({
          OriginAccessControlOriginType: 's3',
          SigningBehavior: 'always',
          SigningProtocol: 'sigv4',
        }),
      });
      s.api.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    }
  });

  it('serves /console/* from S3 and everything else from the API, over HTTPS only, with access logs', () => {
    for (const [name, s] of both()) {
      const d = distribution(s);
      const origin = (id: string) => d.Origins.find((o: Json) => o.Id === id);
      const behaviors = [d.DefaultCacheBehavior, ...d.CacheBehaviors];
      for (const b of behaviors) expect(b.ViewerProtocolPolicy, `${name} ${b.PathPattern}`).toBe('redirect-to-https');
      expect(d.CacheBehaviors.map((b: Json) => b.PathPattern).sort(), name).toEqual(['/console', '/console/*']);
      const [rewrite] = ofType(s, 'AWS::CloudFront::Function');
      for (const b of d.CacheBehaviors) {
        expect(origin(b.TargetOriginId).S3OriginConfig, b.PathPattern).toBeDefined();
        expect(b.AllowedMethods).toEqual(['GET', 'HEAD']);
        expect(b.CachePolicyId).toBe(CachePolicy.CACHING_OPTIMIZED.cachePolicyId);
        expect(b.FunctionAssociations).toEqual([
          { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [rewrite[0].split('/')[1], 'FunctionARN'] } },
        ]);
        expect(b.ResponseHeadersPolicyId).toEqual({ Ref: logicalIdOf(s, 'AWS::CloudFront::ResponseHeadersPolicy') });
      }
      const api = d.DefaultCacheBehavior;
      expect(origin(api.TargetOriginId), name).toEqual({
        Id: api.TargetOriginId,
        DomainName: {
          'Fn::Join': [
            '',
            [
              { Ref: logicalIdOf(s, 'AWS::ApiGatewayV2::Api') },
              '.execute-api.',
              { Ref: 'AWS::Region' },
              '.',
              { Ref: 'AWS::URLSuffix' },
            ],
          ],
        },
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
      });
      expect(api.AllowedMethods.sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
      expect(api.CachePolicyId).toBe(CachePolicy.CACHING_DISABLED.cachePolicyId);
      // All viewer headers but Host: Authorization reaches the JWT authorizer.
      expect(api.OriginRequestPolicyId).toBe(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId);
      expect(d.Logging.Bucket['Fn::ImportValue']).toMatch(/CdnLogsBucket/);
    }
    // Viewer TLS: the default certificate (TLSv1, acknowledged) unless a domain and certificate are given.
    expect(distribution(cognito).ViewerCertificate).toBeUndefined();
    expect(distribution(sso).Aliases).toEqual([CONSOLE_DOMAIN]);
    expect(distribution(sso).ViewerCertificate).toEqual({
      AcmCertificateArn: CERTIFICATE,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  it('sends exactly the console security headers, connecting only to itself and the OIDC issuer', () => {
    const csp = (origin: string) =>
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' ${origin}; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
    const cognitoOrigin = 'https://<FenjiStateful:UserPoolSignInDomain>.auth.<AWS::Region>.amazoncognito.com';
    for (const [s, origin] of [
      [sso, 'https://sso.example.gov.cn'],
      [cognito, cognitoOrigin],
    ] as const) {
      const [[, policy]] = ofType(s, 'AWS::CloudFront::ResponseHeadersPolicy');
      const config = policy.Properties.ResponseHeadersPolicyConfig;
      expect(Object.keys(config.SecurityHeadersConfig).sort()).toEqual([
        'ContentSecurityPolicy',
        'ContentTypeOptions',
        'FrameOptions',
        'ReferrerPolicy',
        'StrictTransportSecurity',
      ]);
      expect({ ...config.SecurityHeadersConfig, ContentSecurityPolicy: undefined }).toEqual({
        ContentSecurityPolicy: undefined,
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
      });
      expect(render(config.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy)).toBe(csp(origin));
      expect(config.SecurityHeadersConfig.ContentSecurityPolicy.Override).toBe(true);
      expect(config.CustomHeadersConfig.Items).toEqual([
        { Header: 'Cross-Origin-Opener-Policy', Value: 'same-origin', Override: true },
        { Header: 'Permissions-Policy', Value: 'camera=(), microphone=(), geolocation=()', Override: true },
      ]);
      expect(config.CorsConfig).toBeUndefined();
    }
    // The same set as the local server's (npm run serve): one list of values, checked here.
    expect(consoleHeaders([])).toEqual(CONSOLE_SECURITY_HEADERS);
    expect(consoleHeaders(['https://sso.example.gov.cn'])).toEqual({
      'Content-Security-Policy': csp('https://sso.example.gov.cn'),
      'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    });
  });

  it('answers console deep links with index.html and leaves files alone', () => {
    const [[, fn]] = ofType(cognito, 'AWS::CloudFront::Function');
    expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    const handler = new Function(`${fn.Properties.FunctionCode}; return handler;`)() as (e: Json) => Json;
    const uriOf = (uri: string) => {
      const out = handler({ request: { uri } });
      return out.statusCode ? `${out.statusCode} ${out.headers.location.value}` : out.uri;
    };
    expect(uriOf('/console/')).toBe('/console/index.html');
    expect(uriOf('/console/enterprises/91330302MA2H4K5X6Y')).toBe('/console/index.html');
    expect(uriOf('/console/plans/2026-Q4')).toBe('/console/index.html');
    expect(uriOf('/console/regions/330300')).toBe('/console/index.html');
    expect(uriOf('/console/assets/index-1a2b3c.js')).toBe('/console/assets/index-1a2b3c.js');
    expect(uriOf('/console/assets/chunk')).toBe('/console/assets/chunk');
    expect(uriOf('/console/config.json')).toBe('/console/config.json');
    expect(uriOf('/console/index.html')).toBe('/console/index.html');
    expect(uriOf('/console')).toBe('301 /console/');
  });

  it('signs in through Cognito’s hosted UI with a public authorization-code client (none with an issuer)', () => {
    cognito.stateful.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    const clients = ofType(cognito, 'AWS::Cognito::UserPoolClient').filter(([id]) => id.startsWith('api/'));
    expect(clients).toHaveLength(1);
    const p = clients[0][1].Properties;
    expect(p).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      EnableTokenRevocation: true,
    });
    const consoleUrl = `https://<${logicalIdOf(cognito, 'AWS::CloudFront::Distribution')}.DomainName>/console/`;
    expect(p.CallbackURLs.map(render)).toEqual([consoleUrl]);
    expect(p.LogoutURLs.map(render)).toEqual([consoleUrl]);
    sso.stateful.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    sso.api.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
  });

  it('deploys the build under console/ and config.json with the issuer and client id', () => {
    const distributionId = logicalIdOf(cognito, 'AWS::CloudFront::Distribution');
    expect(deployedConfig(cognito)).toEqual({
      apiBase: '',
      auth: {
        mode: 'oidc',
        issuer: '<FenjiStateful:UserPool.ProviderURL>',
        clientId: '<FenjiApi:ConsoleClient>',
        authorizeUrl:
          'https://<FenjiStateful:UserPoolSignInDomain>.auth.<AWS::Region>.amazoncognito.com/oauth2/authorize',
        tokenUrl: 'https://<FenjiStateful:UserPoolSignInDomain>.auth.<AWS::Region>.amazoncognito.com/oauth2/token',
        scopes: ['openid', 'email', 'profile'],
        redirectUri: `https://<FenjiApi:${distributionId.replace(/[0-9A-F]{8}$/, '')}.DomainName>/console/`,
      },
    });
    expect(deployedConfig(sso)).toEqual({
      apiBase: '',
      auth: {
        mode: 'oidc',
        issuer: ISSUER,
        clientId: 'fenji-console',
        ...SIGN_IN,
        scopes: ['openid', 'profile'],
        redirectUri: `https://${CONSOLE_DOMAIN}/console/`,
      },
    });

    const deployments = ofResources(cognito.console, 'Custom::CDKBucketDeployment');
    expect(deployments.map(([id]) => id.replace(/CustomResource.*$/, '')).sort()).toEqual(['Assets', 'Entry']);
    const [[, assets], [, entry]] = deployments.sort(([a], [b]) => a.localeCompare(b));
    expect(assets.Properties).toMatchObject({
      DestinationBucketKeyPrefix: 'console/',
      Exclude: ['*'],
      Include: ['assets/*'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(entry.Properties).toMatchObject({
      DestinationBucketKeyPrefix: 'console/',
      Exclude: ['assets/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    expect(entry.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^AssetsCustomResource/)]));
    cognito.console.resourceCountIs('AWS::Lambda::LayerVersion', 1);
  });

  it('gives the deployment only the calls of a sync: its two source zips, list, put and delete under console/', () => {
    const [[, policy]] = ofResources(cognito.console, 'AWS::IAM::Policy');
    const statements = policy.Properties.PolicyDocument.Statement.map((st: Json) => [
      asList(st.Action).sort().join(' '),
      asList(st.Resource).map(render),
    ]);
    const zip = /^arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>\/[0-9a-f]{64}\.zip$/;
    expect(statements).toEqual([
      ['logs:CreateLogStream logs:PutLogEvents', [expect.stringMatching(/^<DeployLogs[0-9A-F]{8}\.Arn>$/)]],
      ['s3:GetObject', [expect.stringMatching(zip), expect.stringMatching(zip)]],
      ['s3:ListBucket', ['<FenjiApi:ConsoleBucket.Arn>']],
      ['s3:DeleteObject s3:PutObject', ['<FenjiApi:ConsoleBucket.Arn>/console/*']],
    ]);
    const [[, role]] = ofResources(cognito.console, 'AWS::IAM::Role');
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const [[, logs]] = ofResources(cognito.console, 'AWS::Logs::LogGroup');
    expect(logs.Properties.RetentionInDays).toBe(365);
    expect(logs.DeletionPolicy).toBe('Retain');
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
    expect(dlqs).toHaveLength(5);
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
      // The custom domain's ACM certificate is given as an ARN (CloudFront's are in us-east-1 of aws).
      for (const t of [s.stateful, s.processing, s.api, s.console])
        expect(JSON.stringify(t.toJSON()).replaceAll(CERTIFICATE, '')).not.toContain('arn:aws:');
    }
  });

  it('validates context: an issuer needs an https URL and an audience', () => {
    const config = (context: Record<string, unknown>) => () => readConfig(new App({ context }).node);
    expect(config({ issuer: ISSUER })).toThrow(/audience/);
    expect(config({ issuer: 'http://sso.example.gov.cn', audience: 'x' })).toThrow(/https/);
    expect(config({ audience: 'x' })).toThrow(/issuer/);
    expect(config({ tracing: 'maybe' })).toThrow(/tracing/);
    expect(config({ logRetentionDays: 100 })).toThrow(/logRetentionDays/);
    expect(config({ issuer: ISSUER, audience: 'a, b', ...SIGN_IN })()).toMatchObject({
      audience: ['a', 'b'],
      consoleClientId: 'a',
      tracing: true,
    });
    expect(config({ tracing: 'false' })().tracing).toBe(false);
  });

  it('validates the console context: sign-in endpoints with an issuer, a domain with its certificate', () => {
    const config = (context: Record<string, unknown>) => () => readConfig(new App({ context }).node);
    expect(config({ issuer: ISSUER, audience: 'a' })).toThrow(/"authorizeUrl" is required/);
    expect(config({ issuer: ISSUER, audience: 'a', authorizeUrl: SIGN_IN.authorizeUrl })).toThrow(/"tokenUrl"/);
    expect(config({ issuer: ISSUER, audience: 'a', ...SIGN_IN, tokenUrl: 'http://x.example' })).toThrow(/https/);
    expect(config({ issuer: ISSUER, audience: 'a', ...SIGN_IN, consoleClientId: 'b' })).toThrow(/consoleClientId/);
    expect(config({ ...SIGN_IN })).toThrow(/only used with "issuer"/);
    expect(config({ consoleDomain: CONSOLE_DOMAIN })).toThrow(/consoleCertificateArn/);
    expect(
      config({ consoleDomain: CONSOLE_DOMAIN, consoleCertificateArn: CERTIFICATE.replace('us-east-1', 'cn-north-1') }),
    ).toThrow(/us-east-1/);
    expect(config({})().consoleDist).toMatch(/packages\/console\/dist$/);
    expect(() => createApp({ context: { consoleDist: join(tmpdir(), 'no-such-console-build') } })).toThrow(
      /the console is not built: .*index\.html is missing.*npm ci/,
    );
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

/** The resources of one template, as [logicalId, resource]. */
function ofResources(t: Template, type: string): [string, Resource][] {
  return Object.entries(t.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
}

/**
 * A CloudFormation value as text: joins joined, `<Logical.Attr>` for GetAtt, `<Logical>` for Ref,
 * `<Stack:Name.Attr>` for an import (export names without CDK's hashes).
 */
function render(value: Json): string {
  if (typeof value === 'string') return value;
  if (value['Fn::Join']) return value['Fn::Join'][1].map(render).join(value['Fn::Join'][0]);
  if (value['Fn::GetAtt']) return `<${value['Fn::GetAtt'][0]}.${value['Fn::GetAtt'][1]}>`;
  if (value.Ref) return `<${value.Ref}>`;
  if (value['Fn::Sub']) return value['Fn::Sub'].replace(/\$\{([^}]+)\}/g, '<$1>');
  if (value['Fn::ImportValue']) {
    const [stack, name] = String(value['Fn::ImportValue']).split(':');
    const ref = name.match(/^ExportsOutputRef(.+?)[0-9A-F]{16}$/);
    const att = name.match(/^ExportsOutputFnGetAtt(.+?)[0-9A-F]{8}(.+?)[0-9A-F]{8}$/);
    return `<${stack}:${ref ? ref[1] : att ? `${att[1]}.${att[2]}` : name}>`;
  }
  return JSON.stringify(value);
}

/** /console/config.json as the Entry deployment writes it (deploy-time values rendered). */
function deployedConfig(s: Synth): Json {
  const [[, entry]] = ofResources(s.console, 'Custom::CDKBucketDeployment').filter(([id]) => id.startsWith('Entry'));
  const p = entry.Properties;
  const i = p.SourceObjectKeys.length - 1; // config.json is the last source
  const dir = join(s.fenji.app.outdir, `asset.${String(p.SourceObjectKeys[i]).replace(/\.zip$/, '')}`);
  let text = readFileSync(join(dir, 'config.json'), 'utf8');
  for (const [marker, value] of Object.entries((p.SourceMarkers?.[i] ?? {}) as Record<string, Json>))
    text = text.replaceAll(marker, render(value));
  return JSON.parse(text);
}
