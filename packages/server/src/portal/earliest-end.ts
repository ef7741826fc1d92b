/** Moved to `contracts/` (one home for contract rules); removed once the portal routes import from there. */
export { addDays, addMonths, isDate, todayIn } from '../contracts/dates.ts';
export { earliestEndDate } from '../contracts/earliest-end.ts';
