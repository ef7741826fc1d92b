import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { canonicalLanguageTag, type OrderPreview } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { allowTenantOrigins } from '../http/cors.ts';
import { invalid } from '../http/errors.ts';
import { errors, IdParam, TenantId, TenantParams } from '../http/schemas.ts';
import { sanitizeTermsLabel } from '../html/terms-label.ts';
import { sepaCreditor } from '../payments/sepa.ts';
import { checkCustomer } from '../customers/validate.ts';
import { loadSignupContext, toSignupComponent } from './context.ts';
import { orderRoutes } from './orders.ts';
import { planVariantRoutes } from './plan-variant.ts';
import { priceDraft } from './pricing.ts';
import { OrderDraftBody, OrderPreviewSchema, SignupConfigSchema } from './schemas.ts';
import { checkComponents, customerRules, type Fields } from './validate.ts';

const tags = ['signup'];

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

  app.get(
    '/plan-variants/:variantId/config',
    {
      schema: {
        summary: "The signup page's configuration for a plan variant",
        tags,
        params: Type.Object({ tenant: TenantId, variantId: IdParam }),
        querystring: Type.Object({
          language: Type.Optional(
            Type.String({
              description: "The language of the catalog texts; one the tenant does not offer gives its default's.",
            }),
          ),
        }),
        response: { 200: SignupConfigSchema, ...errors(404) },
      },
    },
    async (request) => {
      const signup = await loadSignupContext(
        database.db,
        request.params.tenant,
        request.params.variantId,
        canonicalLanguageTag(request.query.language) ?? undefined,
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

  app.post(
    '/preview',
    {
      schema: {
        summary: 'Price a draft order (lines, discount, tax, due today, per period)',
        tags,
        params: TenantParams,
        body: OrderDraftBody,
        response: { 200: OrderPreviewSchema, ...errors(400, 404) },
      },
    },
    async (request): Promise<OrderPreview> => {
      const body = request.body;
      const requested = canonicalLanguageTag(body.language) ?? undefined;
      const signup = await loadSignupContext(database.db, request.params.tenant, body.planVariantId, requested);
      const fields: Fields = {};
      const components = checkComponents(body.components, signup.components, fields);
      // Customer fields only matter for the tax here: a country or VAT ID that is wrong (while typing) is left out
      // instead of failing the preview; the order checks every field.
      const { customer, problems } = checkCustomer(body.customer, customerRules(signup), false);
      if (problems.country) delete customer.country;
      if (problems.vatId) delete customer.vatId;
      if (Object.keys(fields).length > 0) throw invalid(fields);
      const { price } = await priceDraft(
        database.db,
        signup,
        { components, couponCode: body.couponCode, customer },
        new Date(),
      );
      return {
        ...price,
        lines: price.lines.map(({ componentId: _componentId, ...line }) => line),
      };
    },
  );
};
