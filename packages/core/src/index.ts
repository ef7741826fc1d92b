export * from './money.ts';
export * from './billing-period.ts';
export * from './api-types.ts';
export * from './signup-api.ts';
export * from './portal-api.ts';
export * from './portal-write-api.ts';
export * from './terms-label.ts';
export * from './language.ts';
