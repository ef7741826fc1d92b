import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createApp } from './app.ts';
import { repoRoot } from './repo-root.ts';
import { ConfigError, loadConfig, type Config } from './config/config.ts';
import { ensureWritableDir } from './config/data-dir.ts';
import { openDatabase, type Database } from './db/database.ts';
import { seedDemo } from './demo/seed.ts';
import { startEmail, type EmailSetup } from './email/setup.ts';
import { createWebhookWorker, type WebhookWorker } from './webhooks/worker.ts';
import { getTenantSettings } from './db/tenant.ts';
import { createLogger } from './logger.ts';
import { createSelfServiceLink } from './access/links.ts';
import { setPublicUrl } from './access/public-url.ts';
import { ensureDemoApiKey } from './merchant-api/api-keys.ts';
import { loadHtmlSanitizer } from './html/sanitize.ts';
import { isLoopbackAddress } from './http/loopback.ts';
import { loadSecretKeyring } from './secrets/secret-key.ts';

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  /** The development mailbox page when SMTP_URL is unset and the demo is on, else null. */
  mailboxPath: string | null;
  /** Whether e-mails go to SMTP_URL (else to the in-memory development mailbox). */
  smtp: boolean;
  /** The interface it listens on (`HOST`). */
  host: string;
  /** Whether the demo site and the mailbox answer every client (`PORTICO_DEMO_REMOTE`), not only this machine. */
  demoRemote: boolean;
  stop(): Promise<void>;
}

/** Starts Portico with the given configuration; resolves once it listens. */
export async function startServer(config: Config): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  await ensureWritableDir(config.dataDir);
  const secrets = await loadSecretKeyring(process.env, config);
  const database = await openDatabase(config.database, { secrets });
  let email: EmailSetup | undefined;
  let webhooks: WebhookWorker | undefined;
  try {
    if (config.demo) await seedDemo(database.db);
    email = await startEmail(database.db, process.env, logger);
    webhooks = createWebhookWorker(database.db, { allowPrivate: config.webhooksAllowPrivate, logger });
    webhooks.start(1000);
    const app = await createApp({
      logger,
      database,
      assetsDir: config.assetsDir,
      themesDir: path.join(repoRoot, 'themes'),
      trustProxy: config.trustProxy,
      demo: config.demo,
      maxEventLoopDelayMs: config.maxEventLoopDelayMs,
      demoRemote: config.demoRemote,
      mailbox: email.mailbox,
      webhooksAllowPrivate: config.webhooksAllowPrivate,
      ...(config.limits ? { limits: config.limits } : {}),
    });
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (error) {
      await app.close();
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new ConfigError(
          `port ${config.port} is already in use; stop the other program or set PORT to a free port`,
        );
      }
      throw error;
    }
    // Merchant HTML (terms labels, e-mail templates) is sanitised with DOMPurify on jsdom (the DOM DOMPurify's
    // authors recommend on the server; lighter ones are not considered safe). jsdom's load is synchronous, half a
    // second to a second: loaded right after listening rather than before, so that it is off the start path, yet
    // before the first signup page asks for its terms — a request in that moment waits for the load once.
    setImmediate(loadHtmlSanitizer);
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    setPublicUrl(config.port === 0 ? `http://localhost:${port}` : config.publicUrl);
    return {
      app,
      database,
      url: `http://localhost:${port}`,
      mailboxPath: email.mailbox && config.demo ? '/dev/mailbox' : null,
      smtp: !email.mailbox,
      host: config.host,
      demoRemote: config.demoRemote,
      async stop() {
        await app.close();
        await webhooks?.stop();
        await email?.stop();
        await database.close();
      },
    };
  } catch (error) {
    await webhooks?.stop();
    await email?.stop();
    await database.close();
    throw error;
  }
}

/** What `npm start` prints: where Portico runs and, with the demo on, the demo merchant's links and API key. */
export async function bannerLinks(server: RunningServer, publicUrl: string, demo: boolean): Promise<string[]> {
  const loopbackHost = isLoopbackAddress(server.host) || server.host === 'localhost';
  const listening = loopbackHost
    ? `  Listening on:    ${server.host} only (this machine); set HOST=0.0.0.0 to be reachable from the network`
    : `  Listening on:    ${server.host} (reachable from the network)`;
  const surfaces = server.mailboxPath ? 'the demo site and the dev mailbox' : 'the demo site';
  const whoMay = server.demoRemote
    ? `  Open to every client (PORTICO_DEMO_REMOTE=true): ${surfaces}`
    : `  From this machine only: ${surfaces} (PORTICO_DEMO_REMOTE=true opens them to every client)`;
  const common = [
    `  Health:          ${publicUrl}/healthz`,
    server.mailboxPath
      ? `  Dev mailbox:     ${publicUrl}${server.mailboxPath}  (e-mails land here while SMTP_URL is not set)`
      : server.smtp
        ? `  E-mail:          delivered over SMTP_URL`
        : `  E-mail:          no SMTP_URL and the demo is off: e-mails are kept by an in-memory mailbox nobody can read`,
  ];
  // With the demo off, nothing of the demo merchant is minted or printed, even when its data is still there.
  if (!demo) return [`Portico is running at ${publicUrl}`, listening, ...common, `Press Ctrl+C to stop.`];
  const variant = await server.database.db
    .selectFrom('plan_variants')
    .where('tenant_id', '=', 'demo')
    .where('allow_signup', '=', true)
    .orderBy('position')
    .select('id')
    .executeTakeFirst();
  const contract = await server.database.db
    .selectFrom('contracts')
    .where('tenant_id', '=', 'demo')
    .where('status', '=', 'active')
    .orderBy('contract_number')
    .select('id')
    .executeTakeFirst();
  // In the merchant's default language, not the customer's (the first demo customer reads German).
  const language = (await getTenantSettings(server.database.db, 'demo'))?.languages.default;
  const portal = contract
    ? (
        await createSelfServiceLink(server.database.db, {
          tenantId: 'demo',
          contractId: contract.id,
          lifetimeSeconds: 24 * 3600,
          ...(language ? { language } : {}),
        })
      ).url
    : `${publicUrl}/demo/portal`;
  const apiKey = await ensureDemoApiKey(server.database.db, 'demo', process.env.PORTICO_DEMO_API_KEY);
  return [
    `Portico is running at ${publicUrl}`,
    variant ? `  Signup page:     ${publicUrl}/demo/signup/${variant.id}` : '  Signup page:     (no demo plan variant)',
    `  Customer portal: ${portal}`,
    `  Demo site:       ${publicUrl}/demo-site/`,
    `  Playground:      ${publicUrl}/demo-site/playground.html  (designers: themes and wording, live)`,
    `  Demo API key:    ${apiKey}`,
    ...common,
    whoMay,
    listening,
    `Press Ctrl+C to stop.`,
  ];
}

/** The command-line entry: configuration errors end the process with one clear line. */
export async function main(): Promise<void> {
  let server: RunningServer;
  try {
    const config = loadConfig();
    server = await startServer(config);
    const links = await bannerLinks(server, config.port === 0 ? server.url : config.publicUrl, config.demo);
    process.stderr.write(`\n${links.join('\n')}\n\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`portico: cannot start: ${message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
