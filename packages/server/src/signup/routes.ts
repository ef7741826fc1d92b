import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { OrderPreview, SignupConfig } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { allowTenantOrigins } from '../http/cors.ts';
import { sanitizeTermsLabel } from '../html/terms-label.ts';
import { sepaCreditor } from '../payments/sepa.ts';
import { loadSignupContext, toSignupComponent } from './context.ts';
import { orderRoutes } from './orders.ts';
import { planVariantRoutes } from './plan-variant.ts';
import { priceDraft } from './pricing.ts';
import { checkComponents, checkCustomer, checkLanguage, invalid, requireDraftShape, type Fields } from './validate.ts';

/**
 * The public signup API, `/api/signup/{tenant}/…` (see `@portico/core` signup-api.ts): the plan variant, the signup
 * page's configuration, price previews and orders. Pages on the tenant's frame origins may call it (CORS).
 */
export const signupApi: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context }) => {
  const { database } = context;
  const options = { context };
  allowTenantOrigins(app, database);
  await app.register(planVariantRoutes, options);
  await app.register(orderRoutes, options);

  app.get<{ Params: { tenant: string; variantId: string }; Querystring: { language?: string } }>(
    '/plan-variants/:variantId/config',
    async (request): Promise<SignupConfig> => {
      const signup = await loadSignupContext(
        database.db,
        request.params.tenant,
        request.params.variantId,
        request.query.language,
      );
      const { settings, language } = signup;
      return {
        tenant: signup.tenant,
        variant: {
          id: signup.variant.id,
          planName: signup.variant.planName,
          variantName: signup.variant.variantName,
          description: signup.variant.description,
          priceCents: signup.variant.priceCents,
          currency: signup.variant.currency,
          billingPeriodMonths: signup.variant.billingPeriodMonths,
          trialDays: signup.variant.trialDays,
        },
        siblings: signup.siblings,
        components: [...signup.components.values()].map(toSignupComponent),
        usageFees: signup.usageFees.map(toSignupComponent),
        couponField: settings.signup.couponField,
        fields: settings.signup.fields,
        terms: settings.signup.terms.map((term) => ({
          key: term.key,
          kind: term.kind,
          textVersion: term.textVersion,
          // Merchant HTML: sanitised here as well as in the element, for every other client of this API.
          labelHtml: sanitizeTermsLabel(
            term.label[language] ?? term.label[language.split('-')[0]!] ?? term.label.en ?? '',
          ),
        })),
        paymentMethods: settings.signup.paymentMethods,
        sepa: sepaCreditor(signup.tenant.name, settings, language),
        successUrl: settings.signup.successUrl,
      };
    },
  );

  app.post<{ Params: { tenant: string } }>('/preview', async (request): Promise<OrderPreview> => {
    const body = requireDraftShape(request.body);
    const fields: Fields = {};
    const language = checkLanguage(body.language, fields);
    const signup = await loadSignupContext(database.db, request.params.tenant, body.planVariantId, language);
    const components = checkComponents(body.components, signup.components, fields);
    // Customer fields only matter for the tax here: a country or VAT ID that is wrong (while typing) is left out
    // instead of failing the preview; the order checks every field.
    const customerFields: Fields = {};
    const customer = checkCustomer(body.customer, signup, customerFields, false);
    if (customerFields['customer.country']) delete customer.country;
    if (customerFields['customer.vatId']) delete customer.vatId;
    if (body.couponCode !== undefined && body.couponCode !== null && typeof body.couponCode !== 'string') {
      fields.couponCode = 'couponCode must be text.';
    }
    if (Object.keys(fields).length > 0) throw invalid(fields);
    const { price } = await priceDraft(
      database.db,
      signup,
      { components, couponCode: body.couponCode as string | undefined, customer },
      new Date(),
    );
    return {
      ...price,
      lines: price.lines.map(({ componentId: _componentId, ...line }) => line),
    };
  });
};
