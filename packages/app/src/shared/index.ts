export * from './adapters.ts';
export * from './clients.ts';
export * from './config.ts';
export * from './csv.ts';
export * from './ingest-deps.ts';
export * from './observability.ts';
export * from './quarantine.ts';
