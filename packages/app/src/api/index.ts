export * from './api-handler.ts';
export * from './console-headers.ts';
export { BEARER_CHALLENGE, INVALID_TOKEN_CHALLENGE } from './http.ts';
export * from './match.ts';
export * from './openapi.ts';
export * from './routes.ts';
export * from './scope.ts';
