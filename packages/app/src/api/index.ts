export * from './api-handler.ts';
export * from './match.ts';
export * from './openapi.ts';
export * from './routes.ts';
export * from './scope.ts';
