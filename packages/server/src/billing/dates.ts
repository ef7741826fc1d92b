/**
 * Calendar arithmetic moved to `contracts/` (one home for date and period rules). Kept for an importer that is
 * still being changed elsewhere; import from `../contracts/dates.ts` and `../contracts/periods.ts` instead.
 */
export { addDays, addMonths, ymd } from '../contracts/dates.ts';
export { periodEnd } from '../contracts/periods.ts';
