// Entry point of `npx cdk synth|deploy` (cdk.json: "app": "node infra/bin/app.ts").
import { createApp } from '../lib/app.ts';

try {
  createApp().app.synth();
} catch (error) {
  // Configuration problems (bad context, the console not built) are sentences, not stack traces.
  if (error instanceof Error && error.message.startsWith('fenji infra:')) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
