/**
 * `npm run bill [-- YYYY-MM-DD]`: the recurring billing run (packages/server/src/billing/recurring.ts) for every
 * tenant of the configured database (DATABASE_URL, else the embedded database in PORTICO_DATA_DIR). Without a date
 * each tenant bills as of today in its own time zone. Prints one JSON line per tenant `{ tenant, date,
 * invoiceNumbers }`; the invoice e-mails go into the outbox, which the server's worker delivers. Running it again
 * for the same day issues and sends nothing new, so a daily cron job is safe. With the embedded database, stop the
 * server first (one process at a time may open it).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBilling } from '../packages/server/src/billing/recurring.ts';
import { loadConfig } from '../packages/server/src/config/config.ts';
import { openDatabase } from '../packages/server/src/db/database.ts';
import { loadSecretKeyring } from '../packages/server/src/secrets/secret-key.ts';
import { isDate, todayIn } from '../packages/server/src/contracts/dates.ts';

export async function billCommand(args: string[]): Promise<number> {
  const date = args[0];
  if (date !== undefined && !isDate(date)) {
    process.stderr.write('usage: npm run bill [-- YYYY-MM-DD]   (the date must be a calendar date)\n');
    return 2;
  }
  let database;
  try {
    const config = loadConfig();
    database = await openDatabase(config.database, { secrets: await loadSecretKeyring(process.env, config) });
  } catch (error) {
    process.stderr.write(`portico: cannot bill: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  let failed = 0;
  try {
    const tenants = await database.db.selectFrom('tenants').select(['id', 'time_zone']).orderBy('id').execute();
    for (const tenant of tenants) {
      const day = date ?? todayIn(tenant.time_zone);
      try {
        const issued = await runBilling(database.db, tenant.id, day);
        const invoiceNumbers = issued.map((invoice) => invoice.number);
        process.stdout.write(`${JSON.stringify({ tenant: tenant.id, date: day, invoiceNumbers })}\n`);
      } catch (error) {
        failed += 1;
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`portico: billing run for tenant ${tenant.id} failed: ${message}\n`);
      }
    }
  } finally {
    await database.close();
  }
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await billCommand(process.argv.slice(2));
}
