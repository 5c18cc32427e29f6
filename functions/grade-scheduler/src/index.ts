export { depsFromEnv, handler } from './handler.ts';
