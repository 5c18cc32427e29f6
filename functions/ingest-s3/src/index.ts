export { depsFromEnv, handler, makeHandler } from './handler.ts';
