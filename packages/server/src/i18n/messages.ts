import { msg } from '@lit/localize';

/**
 * The English source of every text the server writes into e-mails and PDFs, and of the field messages its APIs
 * answer with. lit-localize extracts these calls
 * (`npx lit-localize --config lit-localize.documents.json extract`) into `locales/documents/<locale>.xlf`, where
 * translators fill in the targets, and `… build` writes `./generated/locales/<locale>.ts`.
 *
 * Ids are explicit and readable. Placeholders are `{Name}` in plain strings (not `${…}`), so a translation may move
 * them and the same `{Name}` syntax works in tenant e-mail overrides. `msg()` is only the extraction marker here:
 * without `configureLocalization` it returns its English argument, and the server never sets a global locale (see
 * `translate.ts`, which looks messages up per request language).
 */
export const messages = {
  // Shared parts of every e-mail.
  'email.greeting': msg('Hello {CustomerName},', { id: 'email.greeting' }),
  // The greeting when the recipient has no name (only an e-mail address).
  'email.greetingWithoutName': msg('Hello,', { id: 'email.greetingWithoutName' }),
  'email.closing': msg('Kind regards', { id: 'email.closing' }),
  'email.openPortal': msg('Open the customer portal', { id: 'email.openPortal' }),
  'email.linkValidUntil': msg(
    'The link is valid until {PortalLinkExpires}; afterwards request a new one on the portal page.',
    { id: 'email.linkValidUntil' },
  ),

  'email.orderConfirmation.subject': msg('Welcome to {CompanyName}: your order {ContractNumber}', {
    id: 'email.orderConfirmation.subject',
  }),
  'email.orderConfirmation.intro': msg(
    'thank you for your order of {PlanName} (contract {ContractNumber}, customer number {CustomerNumber}).',
    { id: 'email.orderConfirmation.intro' },
  ),
  'email.orderConfirmation.trialNote': msg(
    'Your free trial runs until {TrialEnd}; the first invoice follows when it ends.',
    { id: 'email.orderConfirmation.trialNote' },
  ),
  'email.orderConfirmation.invoiceNote': msg('Your first invoice {InvoiceNumber} is waiting in the portal.', {
    id: 'email.orderConfirmation.invoiceNote',
  }),
  'email.orderConfirmation.portal': msg(
    'Manage your subscription, invoices and payment details in the customer portal:',
    { id: 'email.orderConfirmation.portal' },
  ),

  'email.cancellationConfirmed.subject': msg('Contract {ContractNumber} cancelled', {
    id: 'email.cancellationConfirmed.subject',
  }),
  'email.cancellationConfirmed.body': msg('your contract {ContractNumber} is cancelled; it ends on {EndDate}.', {
    id: 'email.cancellationConfirmed.body',
  }),
  'email.cancellationWithdrawn.subject': msg('Contract {ContractNumber} continues', {
    id: 'email.cancellationWithdrawn.subject',
  }),
  'email.cancellationWithdrawn.body': msg('your contract {ContractNumber} continues: the cancellation is withdrawn.', {
    id: 'email.cancellationWithdrawn.body',
  }),

  'email.paymentMethodChanged.subject': msg('{CompanyName}: your payment method has been changed', {
    id: 'email.paymentMethodChanged.subject',
  }),
  'email.paymentMethodChanged.body': msg(
    'your payment method for contract {ContractNumber} has been changed to: {PaymentMethod}.',
    { id: 'email.paymentMethodChanged.body' },
  ),
  'email.paymentMethod.sepa': msg('SEPA direct debit, {Iban}', { id: 'email.paymentMethod.sepa' }),
  'email.paymentMethod.invoice': msg('invoice (bank transfer)', { id: 'email.paymentMethod.invoice' }),
  'email.paymentMethodChanged.mandateNote': msg(
    'Mandate reference {MandateReference}, creditor identifier {CreditorId} ({CreditorName}).',
    { id: 'email.paymentMethodChanged.mandateNote' },
  ),
  'email.paymentMethodChanged.previous': msg(
    'The previous payment method is no longer used. If you did not make this change, please contact us right away.',
    { id: 'email.paymentMethodChanged.previous' },
  ),

  // No {InviterName} here: the inviter's name is free text a customer typed, and a subject is read as the
  // merchant's own words (the body names the inviter, escaped, in a sentence that says who they are).
  'email.personInvitation.subject': msg('You have been given access to the {CompanyName} customer portal', {
    id: 'email.personInvitation.subject',
  }),
  'email.personInvitation.added': msg(
    '{InviterName} added you as an authorised person in the {CompanyName} customer portal.',
    { id: 'email.personInvitation.added' },
  ),
  'email.personInvitation.addedForAccount': msg(
    '{InviterName} added you as an authorised person for {AccountName} in the {CompanyName} customer portal.',
    { id: 'email.personInvitation.addedForAccount' },
  ),
  'email.personInvitation.link': msg('Open the portal with your personal link (valid until {PortalLinkExpires}):', {
    id: 'email.personInvitation.link',
  }),
  'email.personInvitation.expired': msg(
    'When the link has expired, request a new one on the portal page with contract number {ContractNumber} and your e-mail address.',
    { id: 'email.personInvitation.expired' },
  ),

  'email.requestLink.subject': msg('Your link to the {CompanyName} customer portal', {
    id: 'email.requestLink.subject',
  }),
  'email.requestLink.body': msg(
    'Here is your new link to the {CompanyName} customer portal (contract {ContractNumber}). It is valid until {PortalLinkExpires}.',
    { id: 'email.requestLink.body' },
  ),
  'email.requestLink.ignore': msg('If you did not ask for this link, you can ignore this e-mail.', {
    id: 'email.requestLink.ignore',
  }),

  'email.invoiceIssued.subject': msg('{CompanyName}: your invoice {InvoiceNumber}', {
    id: 'email.invoiceIssued.subject',
  }),
  'email.invoiceIssued.body': msg(
    'your invoice {InvoiceNumber} for contract {ContractNumber} (period {PeriodStart} to {PeriodEnd}) is attached as a PDF. The amount of {Amount} is due on {DueDate}.',
    { id: 'email.invoiceIssued.body' },
  ),
  'email.invoiceIssued.portal': msg('You can also view and download all your invoices in the customer portal:', {
    id: 'email.invoiceIssued.portal',
  }),

  // PDFs: invoices and credit notes.
  'document.invoice.title': msg('Invoice {Number}', { id: 'document.invoice.title' }),
  'document.creditNote.title': msg('Credit note {Number}', { id: 'document.creditNote.title' }),
  'document.vatId': msg('VAT ID {VatId}', { id: 'document.vatId' }),
  'document.invoice.date': msg('Date: {Date}', { id: 'document.invoice.date' }),
  'document.invoice.due': msg('Due: {Date}', { id: 'document.invoice.due' }),
  'document.invoice.period': msg('Period: {Start} to {End}', { id: 'document.invoice.period' }),
  'document.invoice.proRata': msg('{Start} – {End}, {Days} of {PeriodDays} days', {
    id: 'document.invoice.proRata',
  }),
  'document.invoice.corrects': msg('Corrects invoice {Number}', { id: 'document.invoice.corrects' }),
  'document.invoice.status': msg('Status: {Status}', { id: 'document.invoice.status' }),
  'document.status.draft': msg('draft', { id: 'document.status.draft' }),
  'document.status.open': msg('open', { id: 'document.status.open' }),
  'document.status.overdue': msg('overdue', { id: 'document.status.overdue' }),
  'document.status.paid': msg('paid', { id: 'document.status.paid' }),
  'document.status.void': msg('void', { id: 'document.status.void' }),
  'document.description': msg('Description', { id: 'document.description' }),
  'document.amount': msg('Amount', { id: 'document.amount' }),
  'document.net': msg('Net', { id: 'document.net' }),
  'document.tax': msg('Tax ({Rate})', { id: 'document.tax' }),
  'document.total': msg('Total', { id: 'document.total' }),
  'document.labelValue': msg('{Label}: {Value}', { id: 'document.labelValue' }),
  'document.reverseCharge': msg(
    'Reverse charge: the recipient is liable for VAT (Art. 196 Council Directive 2006/112/EC).',
    { id: 'document.reverseCharge' },
  ),

  // PDFs: the contract summary.
  'document.contract.title': msg('Contract {ContractNumber}', { id: 'document.contract.title' }),
  'document.contract.customer': msg('Customer {CustomerNumber}', { id: 'document.contract.customer' }),
  'document.contract.subscription': msg('Subscription', { id: 'document.contract.subscription' }),
  'document.contract.plan': msg('Plan: {PlanName}', { id: 'document.contract.plan' }),
  'document.contract.start': msg('Start: {Date}', { id: 'document.contract.start' }),
  'document.contract.trialUntil': msg('Free trial until: {Date}', { id: 'document.contract.trialUntil' }),
  'document.contract.billingPeriod': msg('Billing period: {Duration}', { id: 'document.contract.billingPeriod' }),
  'document.contract.minimumTermUntil': msg('Minimum term until: {Date}', {
    id: 'document.contract.minimumTermUntil',
  }),
  'document.contract.noticePeriod': msg('Notice period: {Duration}', { id: 'document.contract.noticePeriod' }),
  'document.contract.pricePerPeriod': msg('Price per billing period', { id: 'document.contract.pricePerPeriod' }),
  'document.contract.vat': msg('VAT {Rate}: {Amount}', { id: 'document.contract.vat' }),
  'document.contract.vatReverseCharge': msg('VAT: reverse charge (the recipient is liable for VAT)', {
    id: 'document.contract.vatReverseCharge',
  }),
  'document.contract.payment': msg('Payment', { id: 'document.contract.payment' }),
  'document.payment.sepa': msg('SEPA direct debit from {Holder}, IBAN {Iban}', { id: 'document.payment.sepa' }),
  'document.payment.sepaWithBic': msg('SEPA direct debit from {Holder}, IBAN {Iban}, BIC {Bic}', {
    id: 'document.payment.sepaWithBic',
  }),
  'document.payment.creditor': msg(
    'Creditor {CreditorName}, creditor identifier {CreditorId}, mandate reference {MandateReference}',
    { id: 'document.payment.creditor' },
  ),
  'document.payment.card': msg('Card {Brand} ending in {Last4}, expires {Expiry}', { id: 'document.payment.card' }),
  'document.payment.invoice': msg('Payment by invoice (bank transfer)', { id: 'document.payment.invoice' }),
  'document.contract.acceptedTerms': msg('Accepted terms', { id: 'document.contract.acceptedTerms' }),
  'document.contract.acceptedTerm': msg('{Term} (version {Version}), {AcceptedAt}', {
    id: 'document.contract.acceptedTerm',
  }),

  // PDFs: the usage statistics export.
  'document.usage.title': msg('Usage {Month}', { id: 'document.usage.title' }),
  'document.usage.titleDimension': msg('Usage {Month}: {Dimension}', { id: 'document.usage.titleDimension' }),
  'document.usage.date': msg('Date', { id: 'document.usage.date' }),
  'document.usage.price': msg('Price', { id: 'document.usage.price' }),
  'document.usage.priceIn': msg('Price ({Currency})', { id: 'document.usage.priceIn' }),

  // Field messages of API answers (`error.fields`), which the signup page and the portal show on their fields.
  'field.unknown': msg('Unknown field "{Field}".', { id: 'field.unknown' }),
  'field.hidden': msg('The field "{Field}" is not part of this signup form and must not be sent.', {
    id: 'field.hidden',
  }),
  'field.required': msg('This field is required.', { id: 'field.required' }),
  'field.tooLong': msg('At most {Max} characters.', { id: 'field.tooLong' }),
  'field.emailInvalid': msg('Please enter an e-mail address like name@example.com.', { id: 'field.emailInvalid' }),
  'field.countryInvalid': msg('Choose a country (two-letter ISO code such as DE).', { id: 'field.countryInvalid' }),
  'field.postalCodeInvalid': msg('Please enter a postal code of the chosen country.', {
    id: 'field.postalCodeInvalid',
  }),
  'field.vatIdInvalid': msg('This VAT ID is not valid.', { id: 'field.vatIdInvalid' }),
  'field.vatIdInvalidExample': msg('This VAT ID is not valid (e.g. {Example}).', { id: 'field.vatIdInvalidExample' }),
  'field.vatIdWrongCountry': msg('This VAT ID is not from {Country}.', { id: 'field.vatIdWrongCountry' }),

  // The SEPA Core direct debit mandate, shown in the signup and the portal and stored with the mandate.
  'sepa.mandateText': msg(
    'I authorise {CreditorName} to collect payments from my account by SEPA direct debit. At the same time I instruct my bank to pay the direct debits drawn on my account by {CreditorName}. Note: I can demand a refund of the debited amount within eight weeks, starting with the debit date. The terms agreed with my bank apply.',
    { id: 'sepa.mandateText' },
  ),
};

export type MessageId = keyof typeof messages;
