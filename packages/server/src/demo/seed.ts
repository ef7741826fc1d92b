import { createHash } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type {
  BillingAddress,
  ComponentKind,
  ContractStatus,
  DB,
  I18n,
  InvoiceStatus,
  TenantSettings,
} from '../db/schema.ts';
import { defaultTenantSettings } from '../db/tenant.ts';
import { createSigningKey } from '../access/keys.ts';
import { taxOf } from '../billing/tax.ts';
import { formatDateRange } from '../i18n/format.ts';
import { translated } from '../i18n-api/catalog-text.ts';

export const DEMO_TENANT_ID = 'demo';

/**
 * Seeds the demo tenant "Northwind Cloud": settings, catalog, customers with persons, payment methods,
 * contracts, a year of invoices (and credit notes) and usage records. Idempotent (does nothing when the tenant
 * exists, also when two instances race), one transaction, deterministic for a given `now`.
 */
export async function seedDemo(db: Kysely<DB>, options: { now?: Date } = {}): Promise<{ tenantId: 'demo' }> {
  const now = options.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('tenants')
      .values({
        id: DEMO_TENANT_ID,
        name: 'Northwind Cloud',
        default_language: 'en',
        currency: 'EUR',
        country: 'DE',
        time_zone: 'Europe/Berlin',
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return;
    await seedTenantContent(trx, now);
  });
  return { tenantId: DEMO_TENANT_ID };
}

export function demoSettings(): TenantSettings {
  const base = defaultTenantSettings({ defaultLanguage: 'en' });
  const site = 'https://northwind.example';
  return {
    ...base,
    selfService: { ...base.selfService, tokenLifetimeSeconds: 3600, allowCancellationWithdrawal: true },
    signup: {
      ...base.signup,
      fields: {
        email: 'mandatory',
        company: 'optional',
        firstName: 'mandatory',
        lastName: 'mandatory',
        street: 'mandatory',
        houseNumber: 'mandatory',
        postalCode: 'mandatory',
        city: 'mandatory',
        country: 'mandatory',
        phone: 'optional',
        vatId: 'optional',
      },
      couponField: true,
      terms: [
        {
          key: 'terms',
          kind: 'required',
          textVersion: '2024-01',
          label: {
            en: `I accept the <a href="${site}/terms" target="_blank" rel="noopener">terms and conditions</a>.`,
            de: `Ich akzeptiere die <a href="${site}/de/agb" target="_blank" rel="noopener">Allgemeinen Geschäftsbedingungen</a>.`,
          },
        },
        {
          key: 'privacy',
          kind: 'required',
          textVersion: '2024-01',
          label: {
            en: `I have read the <a href="${site}/privacy" target="_blank" rel="noopener">privacy policy</a>.`,
            de: `Ich habe die <a href="${site}/de/datenschutz" target="_blank" rel="noopener">Datenschutzerklärung</a> gelesen.`,
          },
        },
        {
          key: 'withdrawal',
          kind: 'informational',
          textVersion: '2024-01',
          label: {
            en: `Consumers have a <a href="${site}/withdrawal" target="_blank" rel="noopener">right of withdrawal</a> of 14 days.`,
            de: `Verbraucher haben ein <a href="${site}/de/widerruf" target="_blank" rel="noopener">Widerrufsrecht</a> von 14 Tagen.`,
          },
        },
      ],
      paymentMethods: ['sepa', 'card', 'invoice'],
      successUrl: null,
    },
    languages: { default: 'en', available: ['en', 'ar', 'cs', 'de', 'es', 'fr', 'it', 'lt', 'nl', 'pl', 'pt', 'sv'] },
    frameOrigins: ['http://localhost:8080'],
    // The merchant's own wording (message id or English text → text), per language.
    stringOverrides: {
      en: { 'Order summary': 'Your subscription at a glance' },
      de: { s51c649dc2fcd2283: 'Ihr Abo auf einen Blick' },
    },
    branding: {
      // A data: PNG, so e-mails, PDFs and hosted pages all show it without fetching anything.
      logoUrl:
        'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACgAAAAoCAYAAACM/rhtAAAAjklEQVR42u3YwQ2AMAxD0d4ZkIXY2yxQhKqSxB/FEjeQ3iW08Rh/j15iiSrD6qPYwkKgCo41bgup5FjjlpAqDhs4++C4zrBnGWkNfHq5AjhFyiwsoEzTwBJg5lQ3sATYQ0L5F/ZRF3IvjJ7a7UurPXCGzAbylyb7tROxuCOqD0R5hKjfEAUmpgLGlOiZuQFkW+fN+pPJgwAAAABJRU5ErkJggg==',
      primaryColor: '#1f5fbf',
      accentColor: '#0b8457',
      fontFamily: 'Inter, system-ui, sans-serif',
      theme: 'light',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------

const TAX_BP = 1900;
const BATCH = 500;

interface VariantSeed {
  key: string;
  plan: 'starter' | 'business';
  name: string;
  months: number;
  price: number;
  trial: number;
  minTerm: number;
  notice: number;
  de: string;
  fr: string;
  ar: string;
}

const VARIANTS: VariantSeed[] = [
  {
    key: 'starter-m',
    plan: 'starter',
    name: 'Monthly',
    months: 1,
    price: 2900,
    trial: 14,
    minTerm: 0,
    notice: 0,
    de: 'Monatlich',
    fr: 'Mensuel',
    ar: 'شهري',
  },
  {
    key: 'starter-y',
    plan: 'starter',
    name: 'Yearly',
    months: 12,
    price: 29000,
    trial: 14,
    minTerm: 12,
    notice: 30,
    de: 'Jährlich',
    fr: 'Annuel',
    ar: 'سنوي',
  },
  {
    key: 'business-m',
    plan: 'business',
    name: 'Monthly',
    months: 1,
    price: 9900,
    trial: 0,
    minTerm: 0,
    notice: 14,
    de: 'Monatlich',
    fr: 'Mensuel',
    ar: 'شهري',
  },
  {
    key: 'business-y',
    plan: 'business',
    name: 'Yearly',
    months: 12,
    price: 99000,
    trial: 0,
    minTerm: 12,
    notice: 30,
    de: 'Jährlich',
    fr: 'Annuel',
    ar: 'سنوي',
  },
];

interface ComponentSeed {
  key: 'seats' | 'support' | 'api' | 'docs';
  kind: ComponentKind;
  name: string;
  description: string;
  unit: string;
  price: number;
  perUnits: number;
  min: number;
  max: number | null;
  defaultQuantity: number;
  signup: boolean;
  pricingInfo: boolean;
  de: { name: string; description: string; unit: string };
  fr: { name: string; description: string; unit: string };
  ar: { name: string; description: string; unit: string };
}

const COMPONENTS: ComponentSeed[] = [
  {
    key: 'seats',
    kind: 'quantity',
    name: 'Additional seats',
    description: 'Extra team members with their own login.',
    unit: 'seat',
    price: 500,
    perUnits: 1,
    min: 0,
    max: 50,
    defaultQuantity: 0,
    signup: true,
    pricingInfo: false,
    de: { name: 'Zusätzliche Plätze', description: 'Weitere Teammitglieder mit eigenem Login.', unit: 'Platz' },
    fr: {
      name: 'Places supplémentaires',
      description: 'Des membres d’équipe en plus, chacun avec son accès.',
      unit: 'place',
    },
    ar: { name: 'مقاعد إضافية', description: 'أعضاء فريق إضافيون، لكل منهم حساب دخول خاص.', unit: 'مقعد' },
  },
  {
    key: 'support',
    kind: 'on_off',
    name: 'Priority support',
    description: 'Answers within 4 business hours.',
    unit: 'month',
    price: 4900,
    perUnits: 1,
    min: 0,
    max: 1,
    defaultQuantity: 0,
    signup: true,
    pricingInfo: false,
    de: { name: 'Priorisierter Support', description: 'Antwort innerhalb von 4 Geschäftsstunden.', unit: 'Monat' },
    fr: { name: 'Support prioritaire', description: 'Réponse sous 4 heures ouvrées.', unit: 'mois' },
    ar: { name: 'دعم ذو أولوية', description: 'رد خلال 4 ساعات عمل.', unit: 'شهر' },
  },
  {
    key: 'api',
    kind: 'metered',
    name: 'API calls',
    description: 'Billed per 1,000 calls at the end of each month.',
    unit: 'call',
    price: 150,
    perUnits: 1000,
    min: 0,
    max: null,
    defaultQuantity: 0,
    signup: false,
    pricingInfo: true,
    de: { name: 'API-Aufrufe', description: 'Abrechnung je 1.000 Aufrufe am Monatsende.', unit: 'Aufruf' },
    fr: { name: 'Appels API', description: 'Facturés par tranche de 1 000 appels en fin de mois.', unit: 'appel' },
    ar: { name: 'استدعاءات API', description: 'تُحتسب لكل 1,000 استدعاء في نهاية كل شهر.', unit: 'استدعاء' },
  },
  {
    key: 'docs',
    kind: 'metered',
    name: 'Signed documents',
    description: 'Each document signed through the API.',
    unit: 'document',
    price: 50,
    perUnits: 1,
    min: 0,
    max: null,
    defaultQuantity: 0,
    signup: false,
    pricingInfo: true,
    de: { name: 'Signierte Dokumente', description: 'Jedes über die API signierte Dokument.', unit: 'Dokument' },
    fr: { name: 'Documents signés', description: 'Chaque document signé via l’API.', unit: 'document' },
    ar: { name: 'مستندات موقّعة', description: 'كل مستند يُوقَّع عبر واجهة API.', unit: 'مستند' },
  },
];

type PaymentSeed =
  | { kind: 'sepa'; holder: string; mandate: string }
  | { kind: 'card'; brand: string; last4: string; expMonth: number }
  | { kind: 'invoice' };

interface CustomerSeed {
  number: string;
  company: string | null;
  firstName: string;
  lastName: string;
  email: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  country: string;
  phone: string;
  vatId: string | null;
  language: string;
  variant: string;
  status: ContractStatus;
  /** Contract start: first day of the month this many months before now's month (ignored for trials). */
  startMonthsAgo: number;
  components: Partial<Record<ComponentSeed['key'], number>>;
  payment: PaymentSeed;
  extraPersons: boolean;
  usage: boolean;
  reverseCharge: boolean;
  overdueIndex?: number;
}

const CUSTOMERS: CustomerSeed[] = [
  {
    number: '10001',
    company: 'Acme Analytics GmbH',
    firstName: 'Anna',
    lastName: 'Schmidt',
    email: 'anna.schmidt@acme-analytics.example',
    street: 'Friedrichstraße',
    houseNumber: '68',
    postalCode: '10117',
    city: 'Berlin',
    country: 'DE',
    phone: '+49 30 1234567',
    vatId: 'DE811907980',
    language: 'de',
    variant: 'business-m',
    status: 'active',
    startMonthsAgo: 11,
    components: { seats: 5, support: 1, api: 1, docs: 1 },
    payment: { kind: 'sepa', holder: 'Acme Analytics GmbH', mandate: 'NWC-10001-1' },
    extraPersons: true,
    usage: true,
    reverseCharge: false,
  },
  {
    number: '10002',
    company: 'Blue Harbor Logistics AG',
    firstName: 'Jonas',
    lastName: 'Weber',
    email: 'jonas.weber@blueharbor.example',
    street: 'Am Sandtorkai',
    houseNumber: '41',
    postalCode: '20457',
    city: 'Hamburg',
    country: 'DE',
    phone: '+49 40 7654321',
    vatId: null,
    language: 'en',
    variant: 'starter-m',
    status: 'active',
    startMonthsAgo: 7,
    components: { seats: 2, api: 1 },
    payment: { kind: 'card', brand: 'visa', last4: '4242', expMonth: 12 },
    extraPersons: true,
    usage: true,
    reverseCharge: false,
    overdueIndex: 5,
  },
  {
    number: '10003',
    company: 'Contoso Media B.V.',
    firstName: 'Sanne',
    lastName: 'de Vries',
    email: 'sanne@contoso-media.example',
    street: 'Keizersgracht',
    houseNumber: '123',
    postalCode: '1015 CJ',
    city: 'Amsterdam',
    country: 'NL',
    phone: '+31 20 5550123',
    vatId: 'NL123456789B01',
    language: 'en',
    variant: 'business-y',
    status: 'active',
    startMonthsAgo: 5,
    components: { seats: 20, support: 1, api: 1, docs: 1 },
    payment: { kind: 'invoice' },
    extraPersons: false,
    usage: true,
    reverseCharge: true,
  },
  {
    number: '10004',
    company: null,
    firstName: 'Lena',
    lastName: 'Fischer',
    email: 'lena.fischer@mail.example',
    street: 'Sendlinger Straße',
    houseNumber: '7a',
    postalCode: '80331',
    city: 'München',
    country: 'DE',
    phone: '+49 89 2223334',
    vatId: null,
    language: 'de',
    variant: 'starter-m',
    status: 'trial',
    startMonthsAgo: 0,
    components: { api: 1 },
    payment: { kind: 'sepa', holder: 'Lena Fischer', mandate: 'NWC-10004-1' },
    extraPersons: false,
    usage: true,
    reverseCharge: false,
  },
  {
    number: '10005',
    company: 'Evergreen Foods GmbH',
    firstName: 'Markus',
    lastName: 'Braun',
    email: 'markus.braun@evergreen-foods.example',
    street: 'Königsallee',
    houseNumber: '92',
    postalCode: '40212',
    city: 'Düsseldorf',
    country: 'DE',
    phone: '+49 211 998877',
    vatId: 'DE999999999',
    language: 'en',
    variant: 'starter-m',
    status: 'ending',
    startMonthsAgo: 9,
    components: { seats: 1, api: 1 },
    payment: { kind: 'card', brand: 'mastercard', last4: '4444', expMonth: 6 },
    extraPersons: false,
    usage: false,
    reverseCharge: false,
  },
];

const ALL_PERMISSIONS = ['invoices', 'usage', 'contract', 'payment', 'personnel'];
const TOKENS = ['tok_live_7f3a', 'tok_live_b219', 'tok_ci_04d8'];
const IPS = ['203.0.113.10', '198.51.100.7', '192.0.2.44'];

async function seedTenantContent(trx: Kysely<DB>, now: Date): Promise<void> {
  const tenant_id = DEMO_TENANT_ID;
  const today = ymd(now);
  const thisMonth = monthStart(now);

  await trx.insertInto('tenant_settings').values({ tenant_id, settings: demoSettings() }).execute();
  await createSigningKey(trx, tenant_id);

  // Catalog -------------------------------------------------------------------------------------------------------
  const family = await trx
    .insertInto('product_families')
    .values({ tenant_id, name: 'Cloud API', description: 'Hosted API platform with e-signing.' })
    .returning('id')
    .executeTakeFirstOrThrow();

  const planRows = await trx
    .insertInto('plans')
    .values([
      {
        tenant_id,
        family_id: family.id,
        name: 'Starter',
        position: 0,
        description: 'For small teams getting started: 3 seats, 100,000 API calls included in fair use.',
        i18n: {
          de: {
            name: 'Starter',
            description: 'Für kleine Teams: 3 Plätze, 100.000 API-Aufrufe im Rahmen der Fair Use.',
          },
          fr: {
            name: 'Starter',
            description: 'Pour les petites équipes : 3 places, 100 000 appels API en usage raisonnable.',
          },
          ar: {
            name: 'Starter',
            description: 'للفرق الصغيرة في بدايتها: 3 مقاعد و100,000 استدعاء API ضمن الاستخدام العادل.',
          },
        },
      },
      {
        tenant_id,
        family_id: family.id,
        name: 'Business',
        position: 1,
        description: 'For growing companies: 10 seats, SSO and audit log.',
        i18n: {
          de: { name: 'Business', description: 'Für wachsende Unternehmen: 10 Plätze, SSO und Audit-Log.' },
          fr: {
            name: 'Business',
            description: 'Pour les entreprises en croissance : 10 places, SSO et journal d’audit.',
          },
          ar: { name: 'Business', description: 'للشركات النامية: 10 مقاعد وتسجيل دخول موحّد (SSO) وسجل تدقيق.' },
        },
      },
    ])
    .returning(['id', 'name'])
    .execute();
  const planId = { starter: planRows[0]!.id, business: planRows[1]!.id };

  const variantRows = await trx
    .insertInto('plan_variants')
    .values(
      VARIANTS.map((v, index) => ({
        tenant_id,
        plan_id: planId[v.plan],
        name: v.name,
        billing_period_months: v.months,
        price_cents: v.price,
        currency: 'EUR',
        trial_days: v.trial,
        minimum_term_months: v.minTerm,
        notice_period_days: v.notice,
        allow_signup: true,
        position: index,
        i18n: variantI18n(v),
      })),
    )
    .returning('id')
    .execute();
  const variant = new Map(VARIANTS.map((v, index) => [v.key, { ...v, id: variantRows[index]!.id }]));

  const componentRows = await trx
    .insertInto('components')
    .values(
      COMPONENTS.map((c, index) => ({
        tenant_id,
        family_id: family.id,
        kind: c.kind,
        name: c.name,
        description: c.description,
        unit: c.unit,
        unit_price_cents: c.price,
        price_per_units: c.perUnits,
        min_quantity: c.min,
        max_quantity: c.max,
        default_quantity: c.defaultQuantity,
        show_in_signup: c.signup,
        show_as_pricing_info: c.pricingInfo,
        position: index,
        i18n: componentI18n(c),
      })),
    )
    .returning('id')
    .execute();
  const component = new Map(COMPONENTS.map((c, index) => [c.key, { ...c, id: componentRows[index]!.id }]));

  await trx
    .insertInto('coupons')
    .values([
      {
        tenant_id,
        code: 'WELCOME10',
        kind: 'percent',
        percent: 10,
        amount_cents: null,
        valid_from: addDays(now, -365),
        valid_until: addDays(now, 365),
        max_redemptions: null,
        redemptions: 2,
        plan_ids: null,
        duration_months: 3,
      },
      {
        tenant_id,
        code: 'SAVE50',
        kind: 'amount',
        percent: null,
        amount_cents: 5000,
        valid_from: addDays(now, -90),
        valid_until: null,
        max_redemptions: 100,
        redemptions: 1,
        plan_ids: [planId.business],
        duration_months: 1,
      },
    ])
    .execute();

  // Customers, persons, payment methods, contracts ------------------------------------------------------------------
  const invoiceDrafts: InvoiceDraft[] = [];
  const usageContracts: Array<{ contractId: string; index: number; since: Date }> = [];

  for (const [index, c] of CUSTOMERS.entries()) {
    const v = variant.get(c.variant)!;
    const trial = c.status === 'trial';
    // Start dates a few days apart, so the latest invoices are recent (open) whatever the day of the month.
    const startDate = trial ? ymd(addDays(now, -5)) : addMonths(ymd(addDays(now, -3 * index)), -c.startMonthsAgo);
    const createdAt = `${startDate}T09:${String(10 + index * 7).padStart(2, '0')}:00Z`;

    const customer = await trx
      .insertInto('customers')
      .values({
        tenant_id,
        customer_number: c.number,
        company: c.company,
        first_name: c.firstName,
        last_name: c.lastName,
        email: c.email,
        street: c.street,
        house_number: c.houseNumber,
        postal_code: c.postalCode,
        city: c.city,
        country: c.country,
        phone: c.phone,
        vat_id: c.vatId,
        language: c.language,
        created_at: createdAt,
        updated_at: createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const localPart = c.email.split('@')[1]!;
    const persons: Array<Insertable<DB['persons']>> = [
      {
        tenant_id,
        customer_id: customer.id,
        email: c.email,
        first_name: c.firstName,
        last_name: c.lastName,
        phone: c.phone,
        role: 'owner',
        permissions: ALL_PERMISSIONS,
        created_at: createdAt,
      },
    ];
    if (c.extraPersons) {
      persons.push(
        {
          tenant_id,
          customer_id: customer.id,
          email: `finance@${localPart}`,
          first_name: 'Petra',
          last_name: 'Klein',
          phone: null,
          role: 'admin',
          permissions: ['invoices', 'usage', 'contract', 'payment', 'personnel'],
          created_at: createdAt,
        },
        {
          tenant_id,
          customer_id: customer.id,
          email: `dev@${localPart}`,
          first_name: 'Tom',
          last_name: 'Becker',
          phone: null,
          role: 'member',
          permissions: ['usage'],
          created_at: createdAt,
        },
      );
    }
    await trx.insertInto('persons').values(persons).execute();

    if (index === 0) {
      // An earlier card, replaced by the SEPA mandate: payment history for the portal.
      await trx
        .insertInto('payment_methods')
        .values({
          tenant_id,
          customer_id: customer.id,
          kind: 'card',
          status: 'replaced',
          card_brand: 'visa',
          card_last4: '1881',
          card_exp_month: 3,
          card_exp_year: now.getUTCFullYear() + 1,
          provider: 'sandbox',
          provider_token: `sandbox_pm_demo_${c.number}_old`,
          created_at: createdAt,
          replaced_at: addDays(now, -60),
        })
        .execute();
    }
    const payment = await trx
      .insertInto('payment_methods')
      .values(
        paymentMethodValues(tenant_id, customer.id, c, now, index === 0 ? addDays(now, -60) : new Date(createdAt)),
      )
      .returning('id')
      .executeTakeFirstOrThrow();

    // Contract period.
    let periodStart = startDate;
    let periodEnd: string;
    let trialEnd: string | null = null;
    if (trial) {
      trialEnd = ymd(addDays(new Date(`${startDate}T00:00:00Z`), v.trial - 1));
      periodEnd = trialEnd;
    } else {
      let k = 0;
      while (addMonths(startDate, (k + 1) * v.months) <= today) k += 1;
      periodStart = addMonths(startDate, k * v.months);
      periodEnd = dayBefore(addMonths(startDate, (k + 1) * v.months));
    }
    const minimumTermEnd = v.minTerm > 0 ? dayBefore(addMonths(startDate, v.minTerm)) : null;
    const ending = c.status === 'ending';
    const contractNumber = String(20001 + index);

    const contract = await trx
      .insertInto('contracts')
      .values({
        tenant_id,
        customer_id: customer.id,
        contract_number: contractNumber,
        plan_variant_id: v.id,
        status: c.status,
        start_date: startDate,
        trial_end: trialEnd,
        current_period_start: periodStart,
        current_period_end: periodEnd,
        minimum_term_end: minimumTermEnd,
        notice_period_days: v.notice,
        end_date: ending ? periodEnd : null,
        cancelled_at: ending ? addDays(now, -3) : null,
        cancellation_reason: ending ? 'We are consolidating our tools.' : null,
        payment_method_id: payment.id,
        created_at: createdAt,
        updated_at: ending ? addDays(now, -3) : createdAt,
        version: ending ? 2 : 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const subscribed = COMPONENTS.filter((comp) => (c.components[comp.key] ?? 0) > 0);
    if (subscribed.length > 0) {
      await trx
        .insertInto('contract_components')
        .values(
          subscribed.map((comp) => ({
            tenant_id,
            contract_id: contract.id,
            component_id: component.get(comp.key)!.id,
            quantity: comp.kind === 'metered' ? 1 : c.components[comp.key]!,
            started_at: createdAt,
          })),
        )
        .execute();
    }

    await trx
      .insertInto('terms_acceptances')
      .values(
        ['terms', 'privacy', 'withdrawal'].map((term_key) => ({
          tenant_id,
          customer_id: customer.id,
          order_id: null,
          term_key,
          text_version: '2024-01',
          accepted_at: createdAt,
          ip: IPS[index % IPS.length]!,
          user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
        })),
      )
      .execute();

    const title = `Contract ${contractNumber} – ${v.plan === 'starter' ? 'Starter' : 'Business'} (${v.name})`;
    const pdf = minimalPdf([
      'Northwind Cloud',
      title,
      `Customer ${c.number}: ${c.company ?? `${c.firstName} ${c.lastName}`}`,
      `Start: ${startDate}   Notice period: ${v.notice} days`,
    ]);
    await trx
      .insertInto('documents')
      .values({
        tenant_id,
        customer_id: customer.id,
        contract_id: contract.id,
        kind: 'contract',
        title,
        content_type: 'application/pdf',
        content: pdf,
        sha256: createHash('sha256').update(pdf).digest('hex'),
        created_at: createdAt,
      })
      .execute();

    if (ending) {
      await trx
        .insertInto('audit_log')
        .values({
          tenant_id,
          actor_type: 'person',
          actor_id: null,
          action: 'contract.cancelled',
          entity_type: 'contract',
          entity_id: contract.id,
          data: { endDate: periodEnd, reason: 'We are consolidating our tools.' },
          created_at: addDays(now, -3),
        })
        .execute();
    }
    await trx
      .insertInto('audit_log')
      .values({
        tenant_id,
        actor_type: 'system',
        actor_id: null,
        action: 'order.completed',
        entity_type: 'contract',
        entity_id: contract.id,
        data: { customerNumber: c.number, contractNumber },
        created_at: createdAt,
      })
      .execute();

    // Invoices of the last twelve months (billed in advance; metered usage of the previous period in arrears).
    if (!trial) {
      const address: BillingAddress = {
        company: c.company,
        firstName: c.firstName,
        lastName: c.lastName,
        street: c.street,
        houseNumber: c.houseNumber,
        postalCode: c.postalCode,
        city: c.city,
        country: c.country,
        vatId: c.vatId,
        email: c.email,
      };
      const oldest = addMonths(today, -12);
      const componentName = (comp: ComponentSeed) => translated(componentI18n(comp), c.language, 'name', comp.name);
      const drafts: InvoiceDraft[] = [];
      for (let period = 0; addMonths(startDate, period * v.months) <= today; period += 1) {
        const start = addMonths(startDate, period * v.months);
        const end = dayBefore(addMonths(startDate, (period + 1) * v.months));
        if (start > oldest) {
          const lines: LineDraft[] = [
            {
              // Described as billing runs describe their lines (the invoice names the period itself).
              description: `${v.plan === 'starter' ? 'Starter' : 'Business'} – ${translated(variantI18n(v), c.language, 'name', v.name)}`,
              quantity: 1,
              unit_price_cents: v.price,
              component_id: null,
              period_start: start,
              period_end: end,
            },
          ];
          for (const comp of subscribed) {
            const info = component.get(comp.key)!;
            if (comp.kind !== 'metered') {
              // A component's price is per billing period, as billing runs and the signup price it.
              lines.push({
                description: componentName(comp),
                quantity: c.components[comp.key]!,
                unit_price_cents: comp.price,
                component_id: info.id,
                period_start: start,
                period_end: end,
              });
            } else if (period > 0) {
              const prevStart = addMonths(startDate, (period - 1) * v.months);
              const quantity =
                comp.key === 'api'
                  ? 40_000 + ((index * 7919 + period * 15_013) % 90_000)
                  : 3 + ((index * 5 + period * 3) % 17);
              lines.push({
                description: `${componentName(comp)} (${formatDateRange(c.language, prevStart, dayBefore(start))})`,
                quantity,
                unit_price_cents: comp.price,
                price_per_units: comp.perUnits,
                component_id: info.id,
                period_start: prevStart,
                period_end: dayBefore(start),
              });
            }
          }
          drafts.push({
            customerIndex: index,
            customerId: customer.id,
            contractId: contract.id,
            issueDate: start,
            periodStart: start,
            periodEnd: end,
            lines,
            reverseCharge: c.reverseCharge,
            address,
            language: c.language,
            status: 'paid',
            kind: 'invoice',
          });
        }
      }
      drafts.forEach((draft, i) => {
        const due = ymd(addDays(new Date(`${draft.issueDate}T00:00:00Z`), 14));
        if (i === drafts.length - 1 && due >= today) draft.status = 'open';
        if (c.overdueIndex !== undefined && i === Math.min(c.overdueIndex, drafts.length - 2)) draft.status = 'overdue';
      });
      invoiceDrafts.push(...drafts);
    }

    if (c.usage) usageContracts.push({ contractId: contract.id, index, since: new Date(`${startDate}T00:00:00Z`) });
  }

  // Gapless numbers in issue order.
  invoiceDrafts.sort((a, b) => a.issueDate.localeCompare(b.issueDate) || a.customerIndex - b.customerIndex);
  const invoiceIds: string[] = [];
  for (const [i, draft] of invoiceDrafts.entries()) {
    invoiceIds.push(await insertInvoice(trx, draft, `INV-${String(i + 1).padStart(6, '0')}`, null));
  }

  // Two credit notes: a goodwill credit for one month of priority support, and a full correction, each
  // worded in the customer's language.
  const supportId = component.get('support')!.id;
  const isSupport = (line: LineDraft) => line.component_id === supportId;
  const creditWording = (customerIndex: number, wording: Record<'en' | 'de', string>) =>
    CUSTOMERS[customerIndex]!.language === 'de' ? wording.de : wording.en;
  const creditSources = [
    invoiceDrafts.findIndex((d) => d.customerIndex === 0 && d.lines.some(isSupport)),
    invoiceDrafts.findIndex((d) => d.customerIndex === 1),
  ];
  const credits: Array<{ draft: InvoiceDraft; corrects: string }> = [];
  for (const [n, sourceIndex] of creditSources.entries()) {
    if (sourceIndex < 0) continue;
    const source = invoiceDrafts[sourceIndex]!;
    const lines =
      n === 0
        ? source.lines.filter(isSupport).map((l) => ({
            ...l,
            description: `${creditWording(source.customerIndex, { en: 'Goodwill credit', de: 'Kulanzgutschrift' })}: ${l.description}`,
          }))
        : source.lines.map((l) => ({
            ...l,
            description: `${creditWording(source.customerIndex, { en: 'Correction', de: 'Korrektur' })}: ${l.description}`,
          }));
    credits.push({
      corrects: invoiceIds[sourceIndex]!,
      draft: {
        ...source,
        kind: 'credit_note',
        status: 'paid',
        issueDate: ymd(addDays(new Date(`${source.issueDate}T00:00:00Z`), 5)),
        lines: lines.map((l) => ({ ...l, unit_price_cents: -l.unit_price_cents })),
      },
    });
  }
  credits.sort((a, b) => a.draft.issueDate.localeCompare(b.draft.issueDate));
  for (const [i, credit] of credits.entries()) {
    await insertInvoice(trx, credit.draft, `CN-${String(i + 1).padStart(6, '0')}`, credit.corrects);
  }

  await trx
    .insertInto('number_sequences')
    .values([
      { tenant_id, kind: 'invoice', next_value: invoiceDrafts.length + 1 },
      { tenant_id, kind: 'credit_note', next_value: credits.length + 1 },
      { tenant_id, kind: 'customer', next_value: 10001 + CUSTOMERS.length },
      { tenant_id, kind: 'contract', next_value: 20001 + CUSTOMERS.length },
    ])
    .execute();

  // Usage records: previous and current month, hourly, alternating token and IP dimensions.
  const apiId = component.get('api')!.id;
  const docsId = component.get('docs')!.id;
  const from = new Date(`${addMonths(thisMonth, -1)}T00:00:00Z`);
  const rows: Array<Insertable<DB['usage_records']>> = [];
  for (const uc of usageContracts) {
    const begin = Math.max(from.getTime(), uc.since.getTime());
    for (let t = begin, hour = 0; t <= now.getTime(); t += 3_600_000, hour += 1) {
      const byToken = hour % 2 === 0;
      const slot = Math.floor(hour / 2) % 3;
      rows.push({
        tenant_id,
        contract_id: uc.contractId,
        component_id: apiId,
        occurred_at: new Date(t + ((uc.index * 97_000) % 3_000_000)),
        quantity: 50 + ((hour * 37 + uc.index * 101) % 400),
        dimension_kind: byToken ? 'token' : 'ip',
        dimension_value: byToken ? TOKENS[slot]! : IPS[slot]!,
        external_id: `demo-api-${uc.index}-${hour}`,
      });
      if (hour % 6 === uc.index % 6) {
        rows.push({
          tenant_id,
          contract_id: uc.contractId,
          component_id: docsId,
          occurred_at: new Date(t + 1_234_000),
          quantity: 1 + (hour % 3),
          dimension_kind: 'token',
          dimension_value: TOKENS[(hour + uc.index) % 2]!,
          external_id: `demo-docs-${uc.index}-${hour}`,
        });
      }
    }
  }
  const due = rows.filter((row) => new Date(row.occurred_at).getTime() <= now.getTime());
  for (let i = 0; i < due.length; i += BATCH) {
    await trx
      .insertInto('usage_records')
      .values(due.slice(i, i + BATCH))
      .execute();
  }
}

interface LineDraft {
  description: string;
  quantity: number;
  unit_price_cents: number;
  /** Price is per this many units (metered components). */
  price_per_units?: number;
  component_id: string | null;
  period_start: string;
  period_end: string;
}

interface InvoiceDraft {
  customerIndex: number;
  customerId: string;
  contractId: string;
  issueDate: string;
  periodStart: string;
  periodEnd: string;
  lines: LineDraft[];
  reverseCharge: boolean;
  address: BillingAddress;
  language: string;
  status: InvoiceStatus;
  kind: 'invoice' | 'credit_note';
}

async function insertInvoice(
  trx: Kysely<DB>,
  draft: InvoiceDraft,
  number: string,
  corrects: string | null,
): Promise<string> {
  const amounts = draft.lines.map((l) => Math.round((l.quantity * l.unit_price_cents) / (l.price_per_units ?? 1)));
  const net = amounts.reduce((sum, a) => sum + a, 0);
  const rate = draft.reverseCharge ? 0 : TAX_BP;
  const tax = taxOf(net, rate);
  const issue = new Date(`${draft.issueDate}T00:00:00Z`);
  const invoice = await trx
    .insertInto('invoices')
    .values({
      tenant_id: DEMO_TENANT_ID,
      customer_id: draft.customerId,
      contract_id: draft.contractId,
      number,
      kind: draft.kind,
      status: draft.status,
      issue_date: draft.issueDate,
      due_date: ymd(addDays(issue, 14)),
      period_start: draft.periodStart,
      period_end: draft.periodEnd,
      currency: 'EUR',
      net_cents: net,
      tax_cents: tax,
      gross_cents: net + tax,
      tax_rate_basis_points: rate,
      reverse_charge: draft.reverseCharge,
      billing_address: draft.address,
      corrects_invoice_id: corrects,
      language: draft.language,
      paid_at: draft.status === 'paid' ? addDays(issue, 3) : null,
      created_at: issue,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('invoice_lines')
    .values(
      draft.lines.map((l, i) => ({
        tenant_id: DEMO_TENANT_ID,
        invoice_id: invoice.id,
        position: i + 1,
        description: l.description,
        quantity: l.quantity,
        unit_price_cents: l.unit_price_cents,
        amount_cents: amounts[i]!,
        component_id: l.component_id,
        period_start: l.period_start,
        period_end: l.period_end,
      })),
    )
    .execute();
  return invoice.id;
}

function paymentMethodValues(
  tenant_id: string,
  customer_id: string,
  c: CustomerSeed,
  now: Date,
  createdAt: Date,
): Insertable<DB['payment_methods']> {
  const p = c.payment;
  if (p.kind === 'sepa') {
    return {
      tenant_id,
      customer_id,
      kind: 'sepa',
      holder: p.holder,
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      mandate_reference: p.mandate,
      mandate_text:
        'I authorise Northwind Cloud to collect payments from my account by SEPA direct debit and instruct my bank to debit my account accordingly.',
      created_at: createdAt,
    };
  }
  if (p.kind === 'card') {
    return {
      tenant_id,
      customer_id,
      kind: 'card',
      holder: `${c.firstName} ${c.lastName}`,
      card_brand: p.brand,
      card_last4: p.last4,
      card_exp_month: p.expMonth,
      card_exp_year: now.getUTCFullYear() + 2,
      provider: 'sandbox',
      provider_token: `sandbox_pm_demo_${c.number}`,
      created_at: createdAt,
    };
  }
  return {
    tenant_id,
    customer_id,
    kind: 'invoice',
    holder: c.company ?? `${c.firstName} ${c.lastName}`,
    created_at: createdAt,
  };
}

/** A variant's names per language, as stored in `plan_variants.i18n`. */
function variantI18n(v: VariantSeed): I18n {
  return { de: { name: v.de }, fr: { name: v.fr }, ar: { name: v.ar } };
}

/** A component's texts per language, as stored in `components.i18n`. */
function componentI18n(c: ComponentSeed): I18n {
  return { de: c.de, fr: c.fr, ar: c.ar };
}

// Dates (UTC calendar arithmetic) ---------------------------------------------------------------------------------

function ymd(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function monthStart(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/** Adds months to a 'YYYY-MM-DD' date, clamping the day to the target month's length. */
function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function dayBefore(day: string): string {
  return ymd(addDays(new Date(`${day}T00:00:00Z`), -1));
}

/** A small valid one-page PDF with a few lines of Helvetica text (placeholder contract documents). */
function minimalPdf(lines: string[]): Uint8Array {
  const escape = (s: string) => s.replace(/[^\x20-\x7e]/g, '-').replace(/([\\()])/g, '\\$1');
  const text = lines
    .map((line, i) => `BT /F1 ${i === 0 ? 18 : 11} Tf 56 ${780 - i * 24} Td (${escape(line)}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}
