import type { TenantSettings } from '../db/schema.ts';
import { brandOf, type Brand } from '../documents/branding.ts';
import type { MessageId } from '../i18n/messages.ts';
import { documentLocale, fillPlaceholders, isRightToLeft, message } from '../i18n/translate.ts';
import { escapeHtml } from '../html/escape.ts';
import { buttonHtml, renderLayout } from './layout.ts';
import { sanitizeEmailHtml } from './sanitize.ts';

export { fillPlaceholders };

export interface EmailTemplate {
  subject: string;
  text: string;
  /** HTML body; placeholder values are HTML-escaped when filled in. */
  html?: string;
}

/** One paragraph of a built-in e-mail. */
type Block =
  /** A message; a function picks one from the values (e.g. with or without an account name). */
  | { message: MessageId | ((values: Record<string, string>) => MessageId) }
  /** A value the caller composed (e.g. `TrialNote`); left out when empty. */
  | { value: string }
  /** A link shown as a button in HTML and as the bare address in text. */
  | { link: string; label: MessageId };

interface BuiltInEmail {
  subject: MessageId;
  body: Block[];
}

/**
 * The built-in e-mails, written with the messages of `../i18n/messages.ts` (translated in locales/documents/*.xlf).
 * Every e-mail starts with the greeting and ends with the closing and the company name. A tenant overrides one with
 * `settings.emailTemplates[name][language]` (subject, text, optional HTML) using the same `{Placeholder}` names.
 */
const BUILT_IN: Record<string, BuiltInEmail> = {
  orderConfirmation: {
    subject: 'email.orderConfirmation.subject',
    body: [
      { message: 'email.orderConfirmation.intro' },
      { value: 'TrialNote' },
      { message: 'email.orderConfirmation.portal' },
      { link: 'SelfServicePortalUrl', label: 'email.openPortal' },
      { message: 'email.linkValidUntil' },
    ],
  },
  cancellationConfirmed: {
    subject: 'email.cancellationConfirmed.subject',
    body: [{ message: 'email.cancellationConfirmed.body' }],
  },
  cancellationWithdrawn: {
    subject: 'email.cancellationWithdrawn.subject',
    body: [{ message: 'email.cancellationWithdrawn.body' }],
  },
  paymentMethodChanged: {
    subject: 'email.paymentMethodChanged.subject',
    body: [
      { message: 'email.paymentMethodChanged.body' },
      { value: 'MandateNote' },
      { message: 'email.paymentMethodChanged.previous' },
    ],
  },
  personInvitation: {
    subject: 'email.personInvitation.subject',
    body: [
      {
        message: (values) =>
          values.AccountName ? 'email.personInvitation.addedForAccount' : 'email.personInvitation.added',
      },
      { message: 'email.personInvitation.link' },
      { link: 'SelfServicePortalUrl', label: 'email.openPortal' },
      { message: 'email.personInvitation.expired' },
    ],
  },
  requestLink: {
    subject: 'email.requestLink.subject',
    body: [
      { message: 'email.requestLink.body' },
      { link: 'SelfServicePortalUrl', label: 'email.openPortal' },
      { message: 'email.requestLink.ignore' },
    ],
  },
  invoiceIssued: {
    subject: 'email.invoiceIssued.subject',
    body: [
      { message: 'email.invoiceIssued.body' },
      { message: 'email.invoiceIssued.portal' },
      { link: 'SelfServicePortalUrl', label: 'email.openPortal' },
      { message: 'email.linkValidUntil' },
    ],
  },
};

export const BUILT_IN_EMAILS = Object.keys(BUILT_IN);

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Subject lines are one line: line breaks in values become spaces. */
function oneLine(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.replace(/[\r\n]+/g, ' ')]));
}

function paragraphHtml(text: string): string {
  return `<p style="margin:0 0 16px">${text.replace(/\n/g, '<br>')}</p>`;
}

function renderBuiltIn(
  email: BuiltInEmail,
  language: string,
  values: Record<string, string>,
  brand: Brand,
): { text: string[]; html: string[] } {
  const text: string[] = [];
  const html: string[] = [];
  const write = (template: string) => {
    text.push(fillPlaceholders(template, values));
    html.push(paragraphHtml(fillPlaceholders(escapeHtml(template), values, escapeHtml)));
  };
  // By name, or a greeting without one when the recipient has none (never the company or the e-mail address).
  write(message(language, values.CustomerName?.trim() ? 'email.greeting' : 'email.greetingWithoutName'));
  for (const block of email.body) {
    if ('message' in block) {
      write(message(language, typeof block.message === 'function' ? block.message(values) : block.message));
    } else if ('value' in block) {
      const value = values[block.value]?.trim();
      if (value) {
        text.push(value);
        html.push(paragraphHtml(escapeHtml(value)));
      }
    } else {
      const url = values[block.link] ?? '';
      text.push(url);
      html.push(buttonHtml(brand, url, message(language, block.label)));
    }
  }
  text.push(`${message(language, 'email.closing')}\n${values.CompanyName ?? brand.name}`);
  html.push(paragraphHtml(`${escapeHtml(message(language, 'email.closing'))}\n${escapeHtml(brand.name)}`));
  return { text, html };
}

/**
 * The tenant's own template for a language (exact, then base language), or, when Portico has no translation of that
 * language, the tenant's English one. Undefined when the built-in should be used.
 */
function override(
  settings: TenantSettings,
  name: string,
  language: string,
): { template: EmailTemplate; language: string } | undefined {
  const own = settings.emailTemplates?.[name];
  if (!own) return undefined;
  const base = language.split('-')[0]!;
  if (own[language]) return { template: own[language]!, language };
  if (own[base]) return { template: own[base]!, language: base };
  if (documentLocale(language) === 'en' && base !== 'en' && own.en) return { template: own.en, language: 'en' };
  if (!BUILT_IN[name] && own.en) return { template: own.en, language: 'en' };
  return undefined;
}

/**
 * Renders an e-mail in a language: the tenant's override when it has one for that language, else the built-in
 * e-mail from the translated messages (`de-AT` → `de` → English). Values are plain text: filled in as they are in
 * subject and text, HTML-escaped in the HTML body, which is framed by the tenant's branded layout. `CompanyName`
 * names the tenant in the layout (logo alt text, footer).
 */
export function renderEmail(
  settings: TenantSettings,
  name: string,
  language: string,
  values: Record<string, string>,
): RenderedEmail {
  const brand = brandOf(values.CompanyName ?? '', settings.branding);
  const own = override(settings, name, language);
  const builtIn = BUILT_IN[name];
  let subject: string;
  let text: string;
  let contentHtml: string;
  let lang: string;
  if (own) {
    lang = own.language;
    subject = fillPlaceholders(own.template.subject, oneLine(values));
    text = fillPlaceholders(own.template.text, values);
    contentHtml =
      own.template.html !== undefined
        ? // Merchant HTML: sanitised after the values are filled in, so their links are checked too.
          sanitizeEmailHtml(fillPlaceholders(own.template.html, values, escapeHtml)).html
        : own.template.text
            .split(/\n{2,}/)
            .map((part) => paragraphHtml(fillPlaceholders(escapeHtml(part.trim()), values, escapeHtml)))
            .join('');
  } else if (builtIn) {
    lang = documentLocale(language);
    subject = fillPlaceholders(message(language, builtIn.subject), oneLine(values));
    const body = renderBuiltIn(builtIn, language, values, brand);
    text = `${body.text.join('\n\n')}\n`;
    contentHtml = body.html.join('');
  } else {
    throw new Error(`no e-mail template "${name}"`);
  }
  const html = renderLayout({
    brand,
    language: lang,
    dir: isRightToLeft(lang) ? 'rtl' : 'ltr',
    title: subject,
    contentHtml,
  });
  return { subject, text, html };
}
