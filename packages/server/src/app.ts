import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { pino, type Logger } from 'pino';
import type { Database } from './db/database.ts';
import { installErrorHandler } from './http/errors.ts';
import { registerPageRoutes } from './pages/routes.ts';
import { registerPlanVariantRoute } from './signup/plan-variant.ts';
import { registerSignupApi } from './signup/routes.ts';
import { registerHealthRoutes } from './http/health.ts';
import { registerJwksRoute } from './access/jwks.ts';
import { registerSelfServiceTokenRoute } from './merchant-api/self-service-token.ts';
import { registerBillingRunRoute } from './merchant-api/billing-runs.ts';
import { registerPortalRoutes } from './portal/routes.ts';
import { registerCors } from './http/cors.ts';
import { registerDemoSite } from './pages/demo-site.ts';
import { registerI18nApi } from './i18n-api/routes.ts';
import type { PaymentProvider } from './payments/provider.ts';
import { createSandboxProvider } from './payments/sandbox.ts';

export interface AppContext {
  database: Database;
  /** The built browser bundle (vite output); pages load their scripts from here. */
  assetsDir: string;
  /** The repository's themes/ folder. */
  themesDir: string;
  /**
   * The one card provider of the app: a token made in its card frame (signup or portal) is redeemed by the
   * route that stores the method, so both must be the same provider.
   */
  paymentProvider: PaymentProvider;
}

export interface AppOptions extends Omit<AppContext, 'paymentProvider'> {
  /** Defaults to the sandbox provider, which signs its card tokens with the tenant's keys in the database. */
  paymentProvider?: PaymentProvider;
  logger: Logger | false;
  /**
   * Trust `X-Forwarded-For` from a reverse proxy for the client address (rate limits, terms acceptance
   * records). Off by default: without a proxy in front, a client could otherwise fake its address.
   */
  trustProxy?: boolean;
}

/** Builds the HTTP application: pages, APIs, assets. Listening is the caller's business. */
export async function createApp({
  logger,
  trustProxy = false,
  paymentProvider,
  ...options
}: AppOptions): Promise<FastifyInstance> {
  const context: AppContext = {
    ...options,
    paymentProvider: paymentProvider ?? createSandboxProvider(options.database.db),
  };
  const app = Fastify({
    loggerInstance: (logger || pino({ level: 'silent' })) as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
    trustProxy,
    return503OnClosing: true,
  });
  installErrorHandler(app);
  registerCors(app, context);
  registerHealthRoutes(app, context);
  registerPageRoutes(app, context);
  registerPlanVariantRoute(app, context);
  registerSignupApi(app, context);
  registerJwksRoute(app, context);
  registerSelfServiceTokenRoute(app, context);
  registerBillingRunRoute(app, context);
  registerPortalRoutes(app, context);
  registerI18nApi(app, context);

  if (existsSync(context.assetsDir)) {
    await app.register(fastifyStatic, {
      root: path.resolve(context.assetsDir),
      prefix: '/assets/',
      decorateReply: false,
    });
  } else {
    app.log.warn({ assetsDir: context.assetsDir }, 'browser bundle not built: run `npm run build`');
  }
  await registerDemoSite(app, context);
  await app.register(fastifyStatic, {
    root: path.resolve(context.themesDir),
    prefix: '/themes/',
    decorateReply: false,
  });
  return app;
}
