import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FeatureOptions } from '../context.ts';
import { allowTenantOrigins } from '../http/cors.ts';
import { billingAddressRoutes } from './billing-address.ts';
import { cancellationRoutes } from './cancellation.ts';
import { authenticate } from './context.ts';
import { contractRoutes } from './contracts.ts';
import { invoiceRoutes } from './invoices.ts';
import { paymentMethodRoutes } from './payment-method.ts';
import { personRoutes } from './persons.ts';
import { requestLinkRoutes } from './request-link.ts';
import { sessionExchangeRoutes, sessionRoutes } from './session.ts';
import { usageExportRoutes } from './usage-export.ts';
import { usageRoutes } from './usage.ts';

/**
 * The customer portal's API, `/api/portal/{tenant}/…` (packages/core/src/portal-api.ts). Two routes are open — the
 * exchange of an e-mailed link for a session, and the request for a new link — and every other route runs behind
 * one authentication hook that verifies the session token (`Authorization: Bearer …`) and sets `request.portal`.
 * Pages on the tenant's frame origins may call it (CORS).
 */
export const portalApi: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context }) => {
  const { database } = context;
  const options = { context };
  allowTenantOrigins(app, database);
  app.decorateRequest('portal', null);
  // Every portal answer (sessions, invoices, addresses, payment methods, errors) is private: no cache keeps it and no
  // browser sniffs it. Set before the route runs, so a download's own headers (PDF, CSV, XLSX) still win.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
  });

  await app.register(sessionExchangeRoutes, options);
  await app.register(requestLinkRoutes, options);

  await app.register(async (signedIn) => {
    signedIn.addHook('onRequest', async (request) => {
      request.portal = await authenticate(database.db, (request.params as { tenant: string }).tenant, request);
    });
    await signedIn.register(sessionRoutes, options);
    await signedIn.register(contractRoutes, options);
    await signedIn.register(invoiceRoutes, options);
    await signedIn.register(personRoutes, options);
    await signedIn.register(cancellationRoutes, options);
    await signedIn.register(billingAddressRoutes, options);
    await signedIn.register(usageRoutes, options);
    await signedIn.register(usageExportRoutes, options);
    await signedIn.register(paymentMethodRoutes, options);
  });
};
