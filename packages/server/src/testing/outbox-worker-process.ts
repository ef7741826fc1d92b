import { openDatabase } from '../db/database.ts';
import { createDeliveryWorker } from '../email/worker.ts';
import { testSecrets } from './secrets.ts';

/**
 * A delivery worker as its own process, for tests that kill it mid-batch:
 * `node --import tsx outbox-worker-process.ts <postgres url> <smtp url> <batch size>`.
 */
const [url, smtpUrl, batchSize] = process.argv.slice(2);
const database = await openDatabase({ kind: 'postgres', url: url! }, { secrets: testSecrets() });
const worker = createDeliveryWorker(database.db, {
  smtpUrl: smtpUrl!,
  from: 'Portico <billing@example.com>',
  batchSize: Number(batchSize),
});
await worker.runOnce();
await worker.stop();
await database.close();
