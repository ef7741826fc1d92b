export * from './money.ts';
export * from './billing-period.ts';
export * from './api-types.ts';
