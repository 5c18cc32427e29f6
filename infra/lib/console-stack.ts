// The console stack (stateless): copies the console's build into its bucket (which, with the
// distribution, is in the API stack — see console-hosting.ts) and writes /console/config.json
// with the sign-in settings, whose values (client id, distribution address) exist only at
// deploy time. A separate stack because it holds CDK's BucketDeployment custom resource (a
// Python Lambda function): a new console is `cdk deploy FenjiConsole`, and the API stack keeps
// only fenji's own functions.
//
// Two deployments into the console/ prefix:
// - Assets: dist/assets/* (Vite's content-hashed files), cached a year as immutable, never
//   pruned, so that a tab still running the previous version can load its lazy chunks.
// - Entry: every other file (index.html, …) and config.json, `no-cache` (CloudFront then keeps
//   them 1 s, the CachingOptimized minimum), pruned; it runs after Assets, so a new index.html
//   never names an asset that is not there yet.

import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { BucketDeployment, CacheControl, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { ApiStack } from './api-stack.ts';
import { type FenjiConfig, REPO_ROOT } from './config.ts';
import { CONSOLE_PREFIX } from './console-hosting.ts';
import { nagName } from './grants.ts';

export interface ConsoleStackProps extends StackProps {
  readonly config: FenjiConfig;
  readonly api: ApiStack;
}

/** Fails synthesis when the console has not been built, saying how to build it (createApp checks first). */
export function assertConsoleBuilt(dist: string): void {
  if (existsSync(join(dist, 'index.html'))) return;
  const shown = relative(REPO_ROOT, dist) || dist;
  throw new Error(
    `fenji infra: the console is not built: ${shown}/index.html is missing. ` +
      '`npm ci` builds it (the root prepare script), or `npm run build -w @fenji/console`; ' +
      '`-c consoleDist=DIR` points synthesis at another build.',
  );
}

export class ConsoleStack extends Stack {
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly assets: BucketDeployment;
  readonly entry: BucketDeployment;

  constructor(scope: Construct, id: string, props: ConsoleStackProps) {
    super(scope, id, props);
    const { config, api } = props;
    this.addStackDependency(api);
    const bucket = api.console.bucket;

    this.logGroup = new LogGroup(this, 'DeployLogs', {
      retention: config.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The deployment function's role, written out: BucketDeployment's own grants (s3:GetObject*,
    // s3:List*, s3:DeleteObject*, … on whole buckets) are switched off by handing it this role
    // without policy updates; it gets exactly the calls of `aws s3 sync`.
    this.role = new Role(this, 'DeployRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'fenji console deployment: read its two source zips, sync them into the console bucket',
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    const role = this.role.withoutPolicyUpdates();

    // Sources bound here, so that the role can name their objects (no wildcard on the asset bucket).
    const sourceObjects: string[] = [];
    const pin = (source: ISource): ISource => {
      const bound = source.bind(this, { handlerRole: role });
      sourceObjects.push(bound.bucket.arnForObjects(bound.zipObjectKey));
      return { bind: () => bound };
    };
    const files = pin(Source.asset(config.consoleDist));
    const runtimeConfig = pin(Source.jsonData('config.json', api.console.runtimeConfig));
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: sourceObjects }));

    // The console bucket is the API stack's: refer to it through its export, as CDK would, so
    // that the acknowledgement below can quote the name cdk-nag reports.
    const bucketArn = api.exportValue(bucket.bucketArn);
    const objects = `${bucketArn}/${CONSOLE_PREFIX}/*`;
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn] }));
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: [objects] }),
    );
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagName(this.resolve(objects))}]`,
      reason:
        'The console deployment syncs the built files into the console bucket: s3:PutObject and s3:DeleteObject (pruning files a new build no longer has) act on objects, whose ARNs need a key pattern; the grant is limited to "console/*" in this one bucket.',
    });

    const common = {
      destinationBucket: bucket,
      destinationKeyPrefix: `${CONSOLE_PREFIX}/`,
      role,
      logGroup: this.logGroup,
      memoryLimit: 512,
    };
    this.assets = new BucketDeployment(this, 'Assets', {
      ...common,
      sources: [files],
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
    });
    this.entry = new BucketDeployment(this, 'Entry', {
      ...common,
      // config.json last: it replaces any config.json of the build (the local one).
      sources: [files, runtimeConfig],
      exclude: ['assets/*'],
      prune: true,
      cacheControl: [CacheControl.noCache()],
    });
    this.entry.node.addDependency(this.assets);
    // Each BucketDeployment makes an AWS CLI layer, but the shared handler carries the first
    // one only: the second would be an unused layer version.
    this.entry.node.tryRemoveChild('AwsCliLayer');
    // The role is immutable to the deployments: make them wait for its policy.
    for (const d of [this.assets, this.entry]) d.node.addDependency(this.role);

    // Both deployments share one handler function (a singleton at the stack's root).
    for (const handler of this.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment')))
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'The handler of CDK’s BucketDeployment: aws-cdk-lib pins its Python runtime together with the AWS CLI layer it ships, so the runtime moves with aws-cdk-lib upgrades, not here. It runs only while a deployment copies the console’s files and handles no request or data.',
      });
  }
}
