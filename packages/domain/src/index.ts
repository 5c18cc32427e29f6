// @fenji/domain: the grading engine. Pure functions over plain data; nothing of AWS, no I/O.
export * from './assess.ts';
export * from './calendar.ts';
export * from './cases.ts';
export * from './clock.ts';
export * from './dates.ts';
export * from './factor-labels.ts';
export * from './grading-date.ts';
export * from './ids.ts';
export * from './listing.ts';
export * from './plan.ts';
export * from './prng.ts';
export * from './regions.ts';
export * from './rules/index.ts';
export * from './schemas.ts';
export * from './types.ts';
export * from './versions.ts';
