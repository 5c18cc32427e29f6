export * from './draw-plan.ts';
export * from './plan-csv.ts';
