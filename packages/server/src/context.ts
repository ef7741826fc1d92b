import type { Logger } from 'pino';
import type { Database } from './db/database.ts';
import type { PaymentProvider } from './payments/provider.ts';
import type { Limits } from './http/limits.ts';

/**
 * What every feature of the server may use, handed to each feature plugin by `app.ts`. This module is the bottom
 * of the server: it imports types only, never a feature, so any feature can depend on it without an import circle.
 */
export interface AppContext {
  database: Database;
  config: {
    /** The built browser bundle (vite output); pages load their scripts from here. */
    assetsDir: string;
    /** The repository's themes/ folder (its sibling locales/ holds the XLIFF files). */
    themesDir: string;
    /** The demo merchant and its demo site (`PORTICO_DEMO`, on by default). */
    demo: boolean;
    /**
     * `PORTICO_DEMO_REMOTE`: serve the demo site and the development mailbox to every client, not only to this
     * machine (a shared staging box).
     */
    demoRemote: boolean;
    /** `PORTICO_WEBHOOKS_ALLOW_PRIVATE`: webhook endpoints on this machine or a private network are allowed. */
    webhooksAllowPrivate: boolean;
  };
  /** The current time; tests may pass a fixed one. */
  clock: () => Date;
  logger: Logger;
  /**
   * The one card provider of the app: a token made in its card frame (signup or portal) is redeemed by the
   * route that stores the method, so both must be the same provider.
   */
  paymentProvider: PaymentProvider;
  /** Rate limits (`http/limits.ts`): orders, card tokens and the e-mails customers can trigger. */
  limits: Limits;
}

/** The options of every feature plugin: `app.register(plugin, { prefix, context })`. */
export interface FeatureOptions {
  context: AppContext;
}
