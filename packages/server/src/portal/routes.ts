import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app.ts';
import { registerContractRoutes } from './contracts.ts';
import { registerInvoiceRoutes } from './invoices.ts';
import { registerPersonRoutes } from './persons.ts';
import { registerRequestLinkRoute } from './request-link.ts';
import { registerSessionRoutes } from './session.ts';
import { registerCancellationRoutes } from './cancellation.ts';
import { registerBillingAddressRoutes } from './billing-address.ts';
import { registerUsageRoutes } from './usage.ts';
import { registerUsageExportRoute } from './usage-export.ts';
import { registerPaymentMethodRoutes } from './payment-method.ts';

/** Every `/api/portal/{tenant}/…` endpoint of packages/core/src/portal-api.ts. */
export function registerPortalRoutes(app: FastifyInstance, context: AppContext): void {
  registerSessionRoutes(app, context);
  registerContractRoutes(app, context);
  registerInvoiceRoutes(app, context);
  registerPersonRoutes(app, context);
  registerRequestLinkRoute(app, context);
  registerCancellationRoutes(app, context);
  registerBillingAddressRoutes(app, context);
  registerUsageRoutes(app, context);
  registerUsageExportRoute(app, context);
  registerPaymentMethodRoutes(app, context);
}
