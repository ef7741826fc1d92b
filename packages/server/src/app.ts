import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import underPressure from '@fastify/under-pressure';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { pino, type Logger } from 'pino';
import type { AppContext } from './context.ts';
import type { Database } from './db/database.ts';
import { createSandboxProvider } from './payments/sandbox.ts';
import type { PaymentProvider } from './payments/provider.ts';
import { frameworkErrors, installErrorHandler, OVERLOAD_RETRY_AFTER_SECONDS } from './http/errors.ts';
import { sustainedPressure } from './http/overload.ts';
import { defaultLimits, type Limits } from './http/limits.ts';
import { installSchemaCompilers } from './http/validation.ts';
import { openApi, openApiDocumentRoute } from './http/openapi.ts';
import { faviconRoutes } from './pages/favicon.ts';
import { healthRoutes } from './http/health.ts';
import { jwksRoutes } from './access/jwks.ts';
import { pageRoutes } from './pages/routes.ts';
import { cardFrameRoutes, cardTokenRoutes } from './payments/routes.ts';
import { signupApi } from './signup/routes.ts';
import { portalApi } from './portal/routes.ts';
import { i18nApi } from './i18n-api/routes.ts';
import { merchantApi } from './merchant-api/routes.ts';
import { devMailboxRoutes, type DevMailbox } from './email/dev-mailbox.ts';
import { demoSite } from './demo/site.ts';
import { registerPublicFiles } from './pages/public-files.ts';
import { repoRoot } from './repo-root.ts';

export const DEFAULT_MAX_EVENT_LOOP_DELAY_MS = 1000;

export interface AppOptions {
  database: Database;
  logger: Logger | false;
  /** The built browser bundle; defaults to the repository's `dist/`. */
  assetsDir?: string;
  /** The theme files; defaults to the repository's `themes/`. */
  themesDir?: string;
  /** The demo site (`/demo-site/`) of the demo merchant; off unless the demo is on (`PORTICO_DEMO`). */
  demo?: boolean;
  /**
   * Serve the demo site and the development mailbox to every client (`PORTICO_DEMO_REMOTE`); by default only
   * requests from this machine (loopback) get them, every other client a 404.
   */
  demoRemote?: boolean;
  /** Defaults to the sandbox provider, which signs its card tokens with the tenant's keys in the database. */
  paymentProvider?: PaymentProvider;
  clock?: () => Date;
  /** The development mailbox whose messages `/dev/mailbox` shows (when no SMTP server is configured). */
  mailbox?: DevMailbox | null;
  /**
   * Trust `X-Forwarded-For` from a reverse proxy for the client address (rate limits, terms acceptance
   * records). Off by default: without a proxy in front, a client could otherwise fake its address.
   */
  trustProxy?: boolean;
  /** Check every answer against its route's response schema and fail (500) on a mismatch: tests turn it on. */
  strictResponses?: boolean;
  /**
   * Answer every request 503 with `Retry-After` while the event loop lags more than this many milliseconds
   * (`PORTICO_MAX_EVENT_LOOP_DELAY_MS`, @fastify/under-pressure); 0 turns the check off. Default 1000.
   */
  maxEventLoopDelayMs?: number;
  /** The rate limits of orders, card tokens and customer-triggered e-mails; tests lower or raise some. */
  limits?: Partial<Limits>;
  /** Allow webhook endpoints on this machine or a private network (`PORTICO_WEBHOOKS_ALLOW_PRIVATE`). */
  webhooksAllowPrivate?: boolean;
}

/**
 * Builds the HTTP application; listening is the caller's business. The registrations below are the table of
 * contents of Portico's HTTP surface: each feature is a Fastify plugin that owns the routes under its prefix,
 * with its own hooks (authentication, CORS, security headers).
 */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const logger = options.logger || pino({ level: 'silent' });
  const context: AppContext = {
    database: options.database,
    config: {
      assetsDir: options.assetsDir ?? path.join(repoRoot, 'dist'),
      themesDir: options.themesDir ?? path.join(repoRoot, 'themes'),
      demo: options.demo ?? false,
      demoRemote: options.demoRemote ?? false,
      webhooksAllowPrivate: options.webhooksAllowPrivate ?? false,
    },
    clock: options.clock ?? (() => new Date()),
    logger,
    paymentProvider: options.paymentProvider ?? createSandboxProvider(options.database.db),
    limits: { ...defaultLimits, ...options.limits },
  };
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
    frameworkErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandler(app);
  installSchemaCompilers(app, { strictResponses: options.strictResponses ?? false });
  const maxEventLoopDelay = options.maxEventLoopDelayMs ?? DEFAULT_MAX_EVENT_LOOP_DELAY_MS;
  if (maxEventLoopDelay > 0) {
    // Only a lasting lag refuses requests (http/overload.ts); the 503 reaches the error handler, which answers it in
    // the one error format with Retry-After.
    await app.register(underPressure, {
      maxEventLoopDelay,
      retryAfter: OVERLOAD_RETRY_AFTER_SECONDS,
      pressureHandler: sustainedPressure({ sustainMs: 3000, gapMs: 2500 }),
    });
  }
  await app.register(openApi);

  await app.register(healthRoutes, { context }); //                        /healthz, /readyz
  await app.register(faviconRoutes, { context }); //                       /favicon.ico
  await app.register(pageRoutes, { prefix: '/:tenant', context }); //     hosted signup page and portal
  await app.register(jwksRoutes, { prefix: '/:tenant/.well-known', context });
  await app.register(cardFrameRoutes, { prefix: '/:tenant/payments/sandbox', context });
  await app.register(cardTokenRoutes, { prefix: '/api/payments/sandbox/:tenant', context });
  await app.register(signupApi, { prefix: '/api/signup/:tenant', context });
  await app.register(portalApi, { prefix: '/api/portal/:tenant', context });
  await app.register(i18nApi, { prefix: '/api/i18n', context });
  await app.register(merchantApi, { prefix: '/api/v1', context });
  await app.register(openApiDocumentRoute, { prefix: '/api/v1' });
  // Development surfaces: only with the demo on, and only for requests from this machine unless PORTICO_DEMO_REMOTE.
  if (context.config.demo && options.mailbox) {
    await app.register(devMailboxRoutes, {
      prefix: '/dev',
      mailbox: options.mailbox,
      allowRemote: context.config.demoRemote,
    });
  }
  if (context.config.demo) await app.register(demoSite, { prefix: '/demo-site', context });
  await registerPublicFiles(app, context);
  return app;
}
