// The fenji CDK app: one stateful stack and three stateless stacks, checked by cdk-nag's
// AwsSolutions pack during synthesis (any finding that is not acknowledged fails `cdk synth`).
// Stacks are environment-agnostic: they deploy to the account and region of the CLI's
// credentials, in any partition (aws, aws-cn) — every ARN is built from AWS::Partition.
import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './api-stack.ts';
import { readConfig } from './config.ts';
import { assertConsoleBuilt, ConsoleStack } from './console-stack.ts';
import { FEATURE_FLAGS } from './feature-flags.ts';
import { ProcessingStack } from './processing-stack.ts';
import { StatefulStack } from './stateful-stack.ts';

export interface FenjiApp {
  app: App;
  stateful: StatefulStack;
  processing: ProcessingStack;
  api: ApiStack;
  console: ConsoleStack;
}

export const STACK_NAMES = {
  stateful: 'FenjiStateful',
  processing: 'FenjiProcessing',
  api: 'FenjiApi',
  console: 'FenjiConsole',
} as const;

/** Builds the app; `context` adds to (and in tests replaces) what cdk.json and `-c` provide. */
export function createApp(props: AppProps = {}): FenjiApp {
  const app = new App({ ...props, context: { ...FEATURE_FLAGS, ...props.context } });
  const config = readConfig(app.node);
  // Before anything is bundled: the console stack deploys the console's build.
  assertConsoleBuilt(config.consoleDist);

  const stateful = new StatefulStack(app, STACK_NAMES.stateful, {
    description: 'fenji stateful: KMS key, ID-key secret, DynamoDB table, buckets, ingest queue, alarm topic, identity',
    terminationProtection: true,
    config,
  });
  const processing = new ProcessingStack(app, STACK_NAMES.processing, {
    description: 'fenji processing: ingest, grading, joint-discipline export, schedules, event bus, alarms',
    config,
    stateful,
  });
  const api = new ApiStack(app, STACK_NAMES.api, {
    description:
      'fenji API: HTTP API with JWT authorizer, api function, access logs, alarms; the CloudFront distribution of the console and the API, the console bucket and sign-in client',
    config,
    stateful,
  });
  const consoleStack = new ConsoleStack(app, STACK_NAMES.console, {
    description: 'fenji console: the built single-page app and its config.json, copied into the console bucket',
    config,
    api,
  });

  Tags.of(app).add('project', 'fenji');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stateful, processing, api, console: consoleStack };
}
