// Entry point of `npx cdk synth|deploy` (cdk.json: "app": "node infra/bin/app.ts").
import { createApp } from '../lib/app.ts';

createApp().app.synth();
