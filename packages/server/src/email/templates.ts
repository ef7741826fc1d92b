import type { TenantSettings } from '../db/schema.ts';

export interface EmailTemplate {
  subject: string;
  text: string;
  /** HTML body; placeholder values are HTML-escaped when filled in. */
  html?: string;
}

/**
 * Built-in templates by name and language. A tenant overrides one with `settings.emailTemplates[name][language]`.
 * Placeholders are `{Name}`; unknown placeholders stay as they are.
 */
const BUILT_IN: Record<string, Record<string, EmailTemplate>> = {
  orderConfirmation: {
    en: {
      subject: 'Welcome to {CompanyName}: your order {ContractNumber}',
      text:
        'Hello {CustomerName},\n\nthank you for your order of {PlanName} (contract {ContractNumber}, customer number ' +
        '{CustomerNumber}).\n{TrialNote}\nManage your subscription, invoices and payment details in the customer ' +
        'portal:\n{SelfServicePortalUrl}\n\nThe link is valid until {PortalLinkExpires}; afterwards request a new ' +
        'one on the portal page.\n\nKind regards\n{CompanyName}\n',
      html:
        '<p>Hello {CustomerName},</p><p>thank you for your order of <strong>{PlanName}</strong> (contract ' +
        '{ContractNumber}, customer number {CustomerNumber}).</p><p>{TrialNote}</p><p>Manage your subscription, ' +
        'invoices and payment details in the <a href="{SelfServicePortalUrl}">customer portal</a>.</p><p>The link ' +
        'is valid until {PortalLinkExpires}; afterwards request a new one on the portal page.</p><p>Kind regards<br>' +
        '{CompanyName}</p>',
    },
    de: {
      subject: 'Willkommen bei {CompanyName}: Ihre Bestellung {ContractNumber}',
      text:
        'Hallo {CustomerName},\n\nvielen Dank für Ihre Bestellung von {PlanName} (Vertrag {ContractNumber}, ' +
        'Kundennummer {CustomerNumber}).\n{TrialNote}\nIhr Abonnement, Ihre Rechnungen und Zahlungsdaten verwalten ' +
        'Sie im Kundenportal:\n{SelfServicePortalUrl}\n\nDer Link gilt bis {PortalLinkExpires}; danach können Sie ' +
        'auf der Portalseite einen neuen anfordern.\n\nFreundliche Grüße\n{CompanyName}\n',
      html:
        '<p>Hallo {CustomerName},</p><p>vielen Dank für Ihre Bestellung von <strong>{PlanName}</strong> (Vertrag ' +
        '{ContractNumber}, Kundennummer {CustomerNumber}).</p><p>{TrialNote}</p><p>Ihr Abonnement, Ihre Rechnungen ' +
        'und Zahlungsdaten verwalten Sie im <a href="{SelfServicePortalUrl}">Kundenportal</a>.</p><p>Der Link gilt ' +
        'bis {PortalLinkExpires}; danach können Sie auf der Portalseite einen neuen anfordern.</p><p>Freundliche ' +
        'Grüße<br>{CompanyName}</p>',
    },
  },
  paymentMethodChanged: {
    en: {
      subject: '{CompanyName}: your payment method has been changed',
      text:
        'Hello {CustomerName},\n\nyour payment method for contract {ContractNumber} has been changed to: ' +
        '{PaymentMethod}.\n{MandateNote}\nThe previous payment method is no longer used. If you did not make ' +
        'this change, please contact us right away.\n\nKind regards\n{CompanyName}\n',
      html:
        '<p>Hello {CustomerName},</p><p>your payment method for contract {ContractNumber} has been changed to: ' +
        '<strong>{PaymentMethod}</strong>.</p><p>{MandateNote}</p><p>The previous payment method is no longer ' +
        'used. If you did not make this change, please contact us right away.</p><p>Kind regards<br>' +
        '{CompanyName}</p>',
    },
    de: {
      subject: '{CompanyName}: Ihre Zahlungsart wurde geändert',
      text:
        'Hallo {CustomerName},\n\nIhre Zahlungsart für Vertrag {ContractNumber} wurde geändert in: ' +
        '{PaymentMethod}.\n{MandateNote}\nDie bisherige Zahlungsart wird nicht mehr verwendet. Falls Sie diese ' +
        'Änderung nicht vorgenommen haben, melden Sie sich bitte umgehend bei uns.\n\nFreundliche Grüße\n' +
        '{CompanyName}\n',
      html:
        '<p>Hallo {CustomerName},</p><p>Ihre Zahlungsart für Vertrag {ContractNumber} wurde geändert in: ' +
        '<strong>{PaymentMethod}</strong>.</p><p>{MandateNote}</p><p>Die bisherige Zahlungsart wird nicht mehr ' +
        'verwendet. Falls Sie diese Änderung nicht vorgenommen haben, melden Sie sich bitte umgehend bei ' +
        'uns.</p><p>Freundliche Grüße<br>{CompanyName}</p>',
    },
  },
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Replaces `{Name}` placeholders with values; `escape` is applied to every value (for HTML bodies). */
export function fillPlaceholders(
  template: string,
  values: Record<string, string>,
  escape: (value: string) => string = (value) => value,
): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? escape(values[name]!) : whole,
  );
}

/** The template of a language (tenant override first, then built-in, then English). */
export function findTemplate(settings: TenantSettings, name: string, language: string): EmailTemplate {
  const own = settings.emailTemplates[name];
  const builtIn = BUILT_IN[name];
  const base = language.split('-')[0]!;
  const template = own?.[language] ?? own?.[base] ?? builtIn?.[language] ?? builtIn?.[base] ?? own?.en ?? builtIn?.en;
  if (!template) throw new Error(`no e-mail template "${name}"`);
  return template;
}

/** Renders subject, text and HTML of a template; values are plain text and escaped for the HTML body. */
export function renderEmail(
  settings: TenantSettings,
  name: string,
  language: string,
  values: Record<string, string>,
): Required<EmailTemplate> {
  const template = findTemplate(settings, name, language);
  const oneLine = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.replace(/[\r\n]+/g, ' ')]));
  const html = template.html ?? `<pre>${escapeHtml(template.text)}</pre>`;
  return {
    subject: fillPlaceholders(template.subject, oneLine),
    text: fillPlaceholders(template.text, values),
    html: fillPlaceholders(html, values, escapeHtml),
  };
}
