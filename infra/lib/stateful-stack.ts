// The stateful stack: what must survive a redeploy of everything else. The KMS key, the
// ID-number HMAC secret, the DynamoDB table, the buckets (records, quarantine, exports, access
// logs, CloudFront logs), the ingest queue that S3 notifies, the alarm topic (its e-mail
// subscription is confirmed by a person), and — only without an external OIDC issuer — the
// Cognito user pool with its hosted sign-in domain.
// Everything here is retained when the stack is deleted.

import { tableDefinition } from '@fenji/store';
import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type LifecycleRule,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { FenjiConfig } from './config.ts';
import { DLQ_RETENTION, MAX_RECEIVE_COUNT, TIMEOUT, visibilityFor } from './limits.ts';

export interface StatefulStackProps extends StackProps {
  readonly config: FenjiConfig;
}

/** The key schema and indexes the store uses (packages/store/src/table.ts), as the CDK table declares them. */
export function tableShape() {
  const def = tableDefinition('fenji');
  const typeOf = (name: string) => {
    const a = def.AttributeDefinitions?.find((d) => d.AttributeName === name);
    if (a?.AttributeType !== 'S')
      throw new Error(`fenji infra: attribute ${name} must be a string in tableDefinition()`);
    return AttributeType.STRING;
  };
  const key = (schema: { AttributeName?: string; KeyType?: string }[] | undefined) => {
    const hash = schema?.find((k) => k.KeyType === 'HASH')?.AttributeName;
    const range = schema?.find((k) => k.KeyType === 'RANGE')?.AttributeName;
    if (!hash || !range) throw new Error('fenji infra: every key in tableDefinition() has a HASH and a RANGE part');
    return { partitionKey: { name: hash, type: typeOf(hash) }, sortKey: { name: range, type: typeOf(range) } };
  };
  return {
    ...key(def.KeySchema),
    indexes: (def.GlobalSecondaryIndexes ?? []).map((g) => {
      if (g.Projection?.ProjectionType !== 'ALL') throw new Error(`fenji infra: index ${g.IndexName} must project ALL`);
      return { indexName: g.IndexName as string, ...key(g.KeySchema) };
    }),
  };
}

export class StatefulStack extends Stack {
  readonly key: Key;
  readonly idKeySecret: Secret;
  readonly table: Table;
  readonly accessLogsBucket: Bucket;
  /** The CloudFront distribution's standard logs (ACLs enabled: CloudFront delivers by ACL). */
  readonly cdnLogsBucket: Bucket;
  readonly recordsBucket: Bucket;
  readonly quarantineBucket: Bucket;
  readonly exportsBucket: Bucket;
  readonly ingestQueue: Queue;
  readonly ingestDlq: Queue;
  readonly alarmTopic: Topic;
  readonly userPool?: UserPool;
  readonly userPoolClient?: UserPoolClient;
  /** The hosted UI (OAuth 2.0 endpoints) where the console signs regulators in. */
  readonly userPoolDomain?: UserPoolDomain;
  /** The JWT authorizer's issuer and audience: from context, or the Cognito user pool's. */
  readonly jwtIssuer: string;
  readonly jwtAudience: string[];

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    // --- The key: table, buckets (but access logs), queues, topic and secret are encrypted with it.
    this.key = new Key(this, 'Key', {
      description:
        'fenji: encrypts the table, record/quarantine/export objects, queues, the alarm topic and the ID-key secret',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Services that deliver into encrypted queues and topics need the key (AWS's documented key
    // policies for each: S3 event notifications → ingest queue, EventBridge → its DLQ,
    // CloudWatch alarms → the alarm topic). IAM principals of this account are governed by their
    // own policies (the default key policy delegates to IAM).
    for (const [sid, service] of [
      ['S3NotificationsToEncryptedQueue', 's3.amazonaws.com'],
      ['EventBridgeToEncryptedDlq', 'events.amazonaws.com'],
      ['CloudWatchAlarmsToEncryptedTopic', 'cloudwatch.amazonaws.com'],
    ] as const) {
      this.key.addToResourcePolicy(
        new PolicyStatement({
          sid,
          principals: [new ServicePrincipal(service)],
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: ['*'],
        }),
      );
    }

    // --- The ID-number HMAC key (records.md §3): read at cold start by the functions that parse records.
    this.idKeySecret = new Secret(this, 'IdKeySecret', {
      description: 'fenji: HMAC key that turns personal ID numbers into matchable hashes (FENJI_ID_KEY_SECRET_ARN)',
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.idKeySecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The HMAC key of ID numbers must not rotate automatically: every stored ID hash (legal representatives, persons in charge, FSL Art. 135 bars) was computed with it, so a new key requires re-hashing the stored records first — a planned migration, not a rotation Lambda.',
    });

    // --- The single table (architecture.md "DynamoDB single table").
    const shape = tableShape();
    this.table = new Table(this, 'Table', {
      partitionKey: shape.partitionKey,
      sortKey: shape.sortKey,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of shape.indexes) this.table.addGlobalSecondaryIndex(index);

    // --- Buckets. Server access logs cannot be delivered to an SSE-KMS bucket, so the log
    // bucket uses SSE-S3; every other bucket uses the key.
    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      ...secureBucketDefaults,
      encryption: BucketEncryption.S3_MANAGED,
      lifecycleRules: [
        // Network logs at least six months (Cybersecurity Law Art. 21); a year here.
        { id: 'expire-logs', expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) },
        abortUploads,
      ],
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the server-access-log destination of the other buckets; logging its own accesses into itself would create a log record for every log delivery, without end.',
    });

    // CloudFront's standard logs are delivered by ACL (CloudFront grants its log-delivery
    // account FULL_CONTROL on this bucket when logging is enabled): the one bucket with ACLs
    // enabled ("bucket owner preferred": the delivered objects belong to this account). The
    // access-log bucket above keeps ACLs disabled. SSE-S3, as for the other log bucket.
    this.cdnLogsBucket = new Bucket(this, 'CdnLogsBucket', {
      ...secureBucketDefaults,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'cdn-logs/',
      lifecycleRules: [
        { id: 'expire-logs', expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) },
        abortUploads,
      ],
    });

    const dataBucket = (id: string, prefix: string, lifecycleRules: LifecycleRule[]) =>
      new Bucket(this, id, {
        ...secureBucketDefaults,
        encryption: BucketEncryption.KMS,
        encryptionKey: this.key,
        bucketKeyEnabled: true,
        serverAccessLogsBucket: this.accessLogsBucket,
        serverAccessLogsPrefix: `${prefix}/`,
        lifecycleRules: [...lifecycleRules, abortUploads],
      });
    // Batch exports from upstream systems hold clear ID numbers. Their records are in the table
    // (masked and hashed) within minutes; the raw bytes are kept only for the replay window and
    // then expire, versions included (PIPL Art. 19, 51). Expiring beats a masked copy: a replay
    // needs the original bytes, and a correction is a new export with a higher version.
    this.recordsBucket = dataBucket('RecordsBucket', 'records', [
      {
        id: `raw-exports-expire-after-${props.config.replayWindowDays}-days`,
        expiration: Duration.days(props.config.replayWindowDays),
        noncurrentVersionExpiration: Duration.days(1),
      },
      // The delete markers the expiry leaves behind, once no version is left under them.
      { id: 'expired-delete-markers', expiredObjectDeleteMarker: true },
    ]);
    // Rejects and ingest reports, for clerks to fix and resend: a year.
    this.quarantineBucket = dataBucket('QuarantineBucket', 'quarantine', [
      { id: 'expire-after-a-year', expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) },
    ]);
    // The published joint-discipline lists and plans: dated objects stay; overwritten `latest`
    // versions are kept a year as the history of what was published.
    this.exportsBucket = dataBucket('ExportsBucket', 'exports', [
      { id: 'old-versions-a-year', noncurrentVersionExpiration: Duration.days(365) },
    ]);

    // --- The ingest queue that S3 notifies, with its DLQ. It lives beside the records bucket:
    // a native S3 notification (no custom-resource Lambda) needs the queue and its policy in
    // the bucket's stack, and messages not yet ingested are state.
    this.ingestDlq = new Queue(this, 'IngestDlq', {
      ...secureQueueDefaults(this.key),
      retentionPeriod: DLQ_RETENTION,
    });
    this.ingestQueue = new Queue(this, 'IngestQueue', {
      ...secureQueueDefaults(this.key),
      visibilityTimeout: visibilityFor(TIMEOUT.ingestS3),
      deadLetterQueue: { queue: this.ingestDlq, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    const notify = this.ingestQueue.addToResourcePolicy(
      new PolicyStatement({
        sid: 'S3ObjectCreatedFromThisAccount',
        principals: [new ServicePrincipal('s3.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.ingestQueue.queueArn],
        // The bucket's ARN cannot be named here (the bucket depends on this policy).
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const cfnRecords = this.recordsBucket.node.defaultChild as CfnBucket;
    cfnRecords.notificationConfiguration = {
      queueConfigurations: [{ event: 's3:ObjectCreated:*', queue: this.ingestQueue.queueArn }],
    };
    // S3 validates the destination when the configuration is set: the policy must exist first.
    if (notify.policyDependable) cfnRecords.node.addDependency(notify.policyDependable);

    // --- Alarms go here. KMS-encrypted; CloudWatch may publish (the policy replaces SNS's default).
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'fenji alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    if (config.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));

    // --- Identity: the regulator's own OIDC single sign-on when `issuer` is configured (the
    // only option in AWS's China regions, where Cognito user pools are not offered); otherwise
    // a Cognito user pool. Either way the API only sees a verified JWT.
    if (config.issuer) {
      this.jwtIssuer = config.issuer;
      this.jwtAudience = config.audience;
    } else {
      this.userPool = new UserPool(this, 'UserPool', {
        selfSignUpEnabled: false, // regulators are invited by an administrator
        signInAliases: { email: true },
        mfa: Mfa.REQUIRED,
        mfaSecondFactor: { otp: true, sms: false },
        passwordPolicy: {
          minLength: 12,
          requireLowercase: true,
          requireUppercase: true,
          requireDigits: true,
          requireSymbols: true,
          tempPasswordValidity: Duration.days(3),
        },
        accountRecovery: AccountRecovery.EMAIL_ONLY,
        featurePlan: FeaturePlan.PLUS,
        standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
        // The API reads `custom:regions` (6-digit region codes) and `custom:role` (regulator | admin).
        customAttributes: {
          regions: new StringAttribute({ minLen: 6, maxLen: 2048, mutable: true }),
          role: new StringAttribute({ minLen: 4, maxLen: 16, mutable: true }),
        },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.userPoolClient = this.userPool.addClient('ApiClient', {
        authFlows: { userSrp: true },
        generateSecret: false,
        disableOAuth: true,
        preventUserExistenceErrors: true,
        enableTokenRevocation: true,
        idTokenValidity: Duration.hours(1),
        accessTokenValidity: Duration.hours(1),
        refreshTokenValidity: Duration.hours(12),
        // Users may not set their own regions or role: only administrators write custom attributes.
        writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
      });
      // The hosted UI: the console's authorization-code sign-in (its client lives in the API
      // stack, beside the distribution whose address it redirects to). Cognito domain prefixes
      // are unique per region; the account number makes this one unique.
      this.userPoolDomain = this.userPool.addDomain('SignInDomain', {
        cognitoDomain: { domainPrefix: `fenji-${this.account}` },
      });
      this.jwtIssuer = this.userPool.userPoolProviderUrl;
      this.jwtAudience = [this.userPoolClient.userPoolClientId];
    }
  }
}

/** Every bucket of the app starts from these (the console bucket in the API stack too). */
export const secureBucketDefaults = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  removalPolicy: RemovalPolicy.RETAIN,
} as const;

export const abortUploads: LifecycleRule = {
  id: 'abort-incomplete-uploads',
  abortIncompleteMultipartUploadAfter: Duration.days(7),
};

/** Encrypted with the key and TLS-only; used for every queue of the app. */
export function secureQueueDefaults(key: IKey) {
  return { encryption: QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true } as const;
}
