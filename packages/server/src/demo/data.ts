/**
 * The demo merchant "Northwind Cloud" as data: tenant, settings, catalog, customers and the little story each
 * customer has (a replaced payment method, a cancellation, a credit note, an unpaid invoice). `seed.ts` turns it
 * into rows through the product's own code: signups through the order path, invoices through billing runs.
 */
import { PERSON_PERMISSIONS, type CustomerInput } from '@portico/core';
import type { ComponentKind, I18n, TenantSettings } from '../db/schema.ts';
import { defaultTenantSettings } from '../db/tenant.ts';

export const DEMO_TENANT_ID = 'demo';

export const DEMO_TENANT = {
  id: DEMO_TENANT_ID,
  name: 'Northwind Cloud',
  default_language: 'en',
  currency: 'EUR',
  country: 'DE',
  time_zone: 'Europe/Berlin',
} as const;

/** Where the merchant's number sequences start (the first signup is customer 10001 with contract 20001). */
export const NUMBER_STARTS = { customer: 10001, contract: 20001 } as const;

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
      // Readers whose system prefers a dark scheme see the dark preset.
      darkTheme: 'dark',
    },
  };
}

// Catalog ---------------------------------------------------------------------------------------------------------

export const FAMILY = { name: 'Cloud API', description: 'Hosted API platform with e-signing.' };

export type PlanKey = 'starter' | 'business';

export const PLANS: Array<{ key: PlanKey; name: string; description: string; i18n: I18n }> = [
  {
    key: 'starter',
    name: 'Starter',
    description: 'For small teams getting started: 3 seats, 100,000 API calls included in fair use.',
    i18n: {
      de: { name: 'Starter', description: 'Für kleine Teams: 3 Plätze, 100.000 API-Aufrufe im Rahmen der Fair Use.' },
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
    key: 'business',
    name: 'Business',
    description: 'For growing companies: 10 seats, SSO and audit log.',
    i18n: {
      de: { name: 'Business', description: 'Für wachsende Unternehmen: 10 Plätze, SSO und Audit-Log.' },
      fr: { name: 'Business', description: 'Pour les entreprises en croissance : 10 places, SSO et journal d’audit.' },
      ar: { name: 'Business', description: 'للشركات النامية: 10 مقاعد وتسجيل دخول موحّد (SSO) وسجل تدقيق.' },
    },
  },
];

export type VariantKey = 'starter-m' | 'starter-y' | 'business-m' | 'business-y';

export interface DemoVariant {
  key: VariantKey;
  plan: PlanKey;
  name: string;
  months: number;
  price: number;
  trialDays: number;
  minimumTermMonths: number;
  noticeDays: number;
  i18n: I18n;
}

const monthly: I18n = { de: { name: 'Monatlich' }, fr: { name: 'Mensuel' }, ar: { name: 'شهري' } };
const yearly: I18n = { de: { name: 'Jährlich' }, fr: { name: 'Annuel' }, ar: { name: 'سنوي' } };

/** All open for signup, in this order. */
export const VARIANTS: DemoVariant[] = [
  {
    key: 'starter-m',
    plan: 'starter',
    name: 'Monthly',
    months: 1,
    price: 2900,
    trialDays: 14,
    minimumTermMonths: 0,
    noticeDays: 0,
    i18n: monthly,
  },
  {
    key: 'starter-y',
    plan: 'starter',
    name: 'Yearly',
    months: 12,
    price: 29000,
    trialDays: 14,
    minimumTermMonths: 12,
    noticeDays: 30,
    i18n: yearly,
  },
  {
    key: 'business-m',
    plan: 'business',
    name: 'Monthly',
    months: 1,
    price: 9900,
    trialDays: 0,
    minimumTermMonths: 0,
    noticeDays: 14,
    i18n: monthly,
  },
  {
    key: 'business-y',
    plan: 'business',
    name: 'Yearly',
    months: 12,
    price: 99000,
    trialDays: 0,
    minimumTermMonths: 12,
    noticeDays: 30,
    i18n: yearly,
  },
];

export type ComponentKey = 'seats' | 'support' | 'api' | 'docs';

export interface DemoComponent {
  key: ComponentKey;
  kind: ComponentKind;
  name: string;
  description: string;
  unit: string;
  price: number;
  perUnits: number;
  min: number;
  max: number | null;
  /** Quantity and on/off components offered in the signup form. */
  inSignup: boolean;
  /** Metered components shown as pricing information: a signup subscribes to every one of them. */
  pricingInfo: boolean;
  i18n: I18n;
}

export const COMPONENTS: DemoComponent[] = [
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
    inSignup: true,
    pricingInfo: false,
    i18n: {
      de: { name: 'Zusätzliche Plätze', description: 'Weitere Teammitglieder mit eigenem Login.', unit: 'Platz' },
      fr: {
        name: 'Places supplémentaires',
        description: 'Des membres d’équipe en plus, chacun avec son accès.',
        unit: 'place',
      },
      ar: { name: 'مقاعد إضافية', description: 'أعضاء فريق إضافيون، لكل منهم حساب دخول خاص.', unit: 'مقعد' },
    },
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
    inSignup: true,
    pricingInfo: false,
    i18n: {
      de: { name: 'Priorisierter Support', description: 'Antwort innerhalb von 4 Geschäftsstunden.', unit: 'Monat' },
      fr: { name: 'Support prioritaire', description: 'Réponse sous 4 heures ouvrées.', unit: 'mois' },
      ar: { name: 'دعم ذو أولوية', description: 'رد خلال 4 ساعات عمل.', unit: 'شهر' },
    },
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
    inSignup: false,
    pricingInfo: true,
    // The unit per plural form (`units`), as the usage statistics show it: "1 call", "21,900 calls", "21.900 Aufrufe".
    i18n: {
      en: { units: { one: 'call', other: 'calls' } },
      de: {
        name: 'API-Aufrufe',
        description: 'Abrechnung je 1.000 Aufrufe am Monatsende.',
        unit: 'Aufruf',
        units: { one: 'Aufruf', other: 'Aufrufe' },
      },
      fr: {
        name: 'Appels API',
        description: 'Facturés par tranche de 1 000 appels en fin de mois.',
        unit: 'appel',
        units: { one: 'appel', many: 'appels', other: 'appels' },
      },
      ar: {
        name: 'استدعاءات API',
        description: 'تُحتسب لكل 1,000 استدعاء في نهاية كل شهر.',
        unit: 'استدعاء',
        units: {
          zero: 'استدعاء',
          one: 'استدعاء',
          two: 'استدعاءان',
          few: 'استدعاءات',
          many: 'استدعاءً',
          other: 'استدعاء',
        },
      },
    },
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
    inSignup: false,
    pricingInfo: true,
    i18n: {
      en: { units: { one: 'document', other: 'documents' } },
      de: {
        name: 'Signierte Dokumente',
        description: 'Jedes über die API signierte Dokument.',
        unit: 'Dokument',
        units: { one: 'Dokument', other: 'Dokumente' },
      },
      fr: {
        name: 'Documents signés',
        description: 'Chaque document signé via l’API.',
        unit: 'document',
        units: { one: 'document', many: 'documents', other: 'documents' },
      },
      ar: {
        name: 'مستندات موقّعة',
        description: 'كل مستند يُوقَّع عبر واجهة API.',
        unit: 'مستند',
        units: { zero: 'مستند', one: 'مستند', two: 'مستندان', few: 'مستندات', many: 'مستندًا', other: 'مستند' },
      },
    },
  },
];

/** Valid from/until are days relative to the seed's `now`; `plans` limits a coupon to those plans. */
export const COUPONS = [
  {
    code: 'WELCOME10',
    kind: 'percent' as const,
    percent: 10,
    amountCents: null,
    validFromDays: -365,
    validUntilDays: 365,
    maxRedemptions: null,
    redemptions: 2,
    plans: null,
    durationMonths: 3,
  },
  {
    code: 'SAVE50',
    kind: 'amount' as const,
    percent: null,
    amountCents: 5000,
    validFromDays: -90,
    validUntilDays: null,
    maxRedemptions: 100,
    redemptions: 1,
    plans: ['business'] as PlanKey[],
    durationMonths: 1,
  },
];

// Customers -------------------------------------------------------------------------------------------------------

/** A payment method as the signup form takes it (a card as the sandbox provider stores it). */
export type DemoPayment =
  | { kind: 'sepa'; holder: string; iban: string; bic: string }
  | { kind: 'card'; brand: string; last4: string; expMonth: number; expiresInYears: number }
  | { kind: 'invoice' };

export interface DemoCustomer {
  /** The number the signup gets: customers sign up in this order, so the numbers follow from the sequence. */
  number: string;
  customer: CustomerInput & { email: string };
  language: string;
  variant: VariantKey;
  /** Quantity and on/off components chosen at signup (metered ones come with every signup). */
  components: Partial<Record<'seats' | 'support', number>>;
  payment: DemoPayment;
  /** The signup: this many months and days before the seed's `now`, at 09:`minute` UTC. */
  signedUp: { monthsAgo: number; daysAgo: number; minute: number };
  /** Where the signup came from (terms acceptance record). */
  ip: string;
  /** People the owner added in the portal. */
  persons: Array<{
    email: string;
    firstName: string;
    lastName: string;
    role: 'admin' | 'member';
    permissions: string[];
  }>;
  /** Hourly API calls and signed documents from the signup on. */
  usage: boolean;
  /** A later payment method that replaced the signup's, this many days before `now`. */
  replacedPayment?: { daysAgo: number; payment: DemoPayment; mandateReference: string };
  /** Cancelled this many days before `now`, to the end of the period running then. */
  cancelled?: { daysAgo: number; reason: string };
  /** A credit note five days after the first invoice that has the `component` (every line when none). */
  creditNote?: { component?: ComponentKey; wording: Record<'en' | 'de', string> };
  /** The n-th invoice (0 = the first; at most the last but one) is still unpaid after its due date. */
  overdueInvoice?: number;
}

const ALL_PERMISSIONS = [...PERSON_PERMISSIONS];
const DEMO_IBAN = 'DE89370400440532013000';
const DEMO_BIC = 'COBADEFFXXX';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0';

export const USER_AGENT = FIREFOX;

export const CUSTOMERS: DemoCustomer[] = [
  {
    number: '10001',
    customer: {
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
    },
    language: 'de',
    variant: 'business-m',
    components: { seats: 5, support: 1 },
    payment: { kind: 'card', brand: 'visa', last4: '1881', expMonth: 3, expiresInYears: 1 },
    signedUp: { monthsAgo: 11, daysAgo: 0, minute: 10 },
    ip: '203.0.113.10',
    persons: [
      {
        email: 'finance@acme-analytics.example',
        firstName: 'Petra',
        lastName: 'Klein',
        role: 'admin',
        permissions: ALL_PERMISSIONS,
      },
      {
        email: 'dev@acme-analytics.example',
        firstName: 'Tom',
        lastName: 'Becker',
        role: 'member',
        permissions: ['usage'],
      },
    ],
    usage: true,
    // The card of the signup, replaced by a SEPA mandate: payment history for the portal.
    replacedPayment: {
      daysAgo: 60,
      payment: { kind: 'sepa', holder: 'Acme Analytics GmbH', iban: DEMO_IBAN, bic: DEMO_BIC },
      mandateReference: 'NWC-10001-1',
    },
    creditNote: { component: 'support', wording: { en: 'Goodwill credit', de: 'Kulanzgutschrift' } },
  },
  {
    number: '10002',
    customer: {
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
    },
    language: 'en',
    variant: 'starter-m',
    components: { seats: 2 },
    payment: { kind: 'card', brand: 'visa', last4: '4242', expMonth: 12, expiresInYears: 2 },
    // Fourteen days of trial before the first invoice.
    signedUp: { monthsAgo: 7, daysAgo: 17, minute: 17 },
    ip: '198.51.100.7',
    persons: [
      {
        email: 'finance@blueharbor.example',
        firstName: 'Petra',
        lastName: 'Klein',
        role: 'admin',
        permissions: ALL_PERMISSIONS,
      },
      { email: 'dev@blueharbor.example', firstName: 'Tom', lastName: 'Becker', role: 'member', permissions: ['usage'] },
    ],
    usage: true,
    creditNote: { wording: { en: 'Correction', de: 'Korrektur' } },
    overdueInvoice: 5,
  },
  {
    number: '10003',
    customer: {
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
      // A Dutch VAT ID: reverse charge.
      vatId: 'NL123456789B01',
    },
    language: 'en',
    variant: 'business-y',
    components: { seats: 20, support: 1 },
    payment: { kind: 'invoice' },
    signedUp: { monthsAgo: 5, daysAgo: 6, minute: 24 },
    ip: '192.0.2.44',
    persons: [],
    usage: true,
  },
  {
    number: '10004',
    customer: {
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
    },
    language: 'en',
    variant: 'starter-m',
    components: { seats: 1 },
    payment: { kind: 'card', brand: 'mastercard', last4: '4444', expMonth: 6, expiresInYears: 2 },
    signedUp: { monthsAgo: 3, daysAgo: 23, minute: 31 },
    ip: '203.0.113.10',
    persons: [],
    usage: false,
    cancelled: { daysAgo: 3, reason: 'We are consolidating our tools.' },
  },
  {
    number: '10005',
    customer: {
      firstName: 'Lena',
      lastName: 'Fischer',
      email: 'lena.fischer@mail.example',
      street: 'Sendlinger Straße',
      houseNumber: '7a',
      postalCode: '80331',
      city: 'München',
      country: 'DE',
      phone: '+49 89 2223334',
    },
    language: 'de',
    variant: 'starter-m',
    components: {},
    payment: { kind: 'sepa', holder: 'Lena Fischer', iban: DEMO_IBAN, bic: DEMO_BIC },
    // Still in the trial.
    signedUp: { monthsAgo: 0, daysAgo: 5, minute: 38 },
    ip: '198.51.100.7',
    persons: [],
    usage: true,
  },
];

// Usage -----------------------------------------------------------------------------------------------------------

/** The API tokens and client addresses that usage is recorded under (the usage view's dimensions). */
export const USAGE_TOKENS = ['tok_live_7f3a', 'tok_live_b219', 'tok_ci_04d8'];
export const USAGE_IPS = ['203.0.113.10', '198.51.100.7', '192.0.2.44'];
