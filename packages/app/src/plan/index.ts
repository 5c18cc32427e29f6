export * from './draw-plan.ts';
