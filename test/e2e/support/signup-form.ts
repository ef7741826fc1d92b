import type { FrameLocator, Page } from 'playwright-core';

/** Fills the demo plan's customer details (a German address) and accepts the terms and the privacy policy. */
export async function fillCustomerDetails(
  scope: Page | FrameLocator,
  email: string,
  { lastName = 'Lovelace' }: { lastName?: string } = {},
): Promise<void> {
  await scope.getByLabel('E-mail').fill(email);
  await scope.getByLabel('First name').fill('Ada');
  await scope.getByLabel('Last name').fill(lastName);
  await scope.getByLabel('Street').fill('Unter den Linden');
  await scope.getByLabel('House number').fill('1');
  await scope.getByLabel('Postal code').fill('10117');
  await scope.getByLabel('City').fill('Berlin');
  await scope.getByLabel('Country').selectOption('DE');
  await scope.getByRole('checkbox', { name: /terms and conditions/ }).check();
  await scope.getByRole('checkbox', { name: /privacy policy/ }).check();
}

/** Fills the demo plan's signup form (German address, SEPA direct debit) and places the order. */
export async function placeSepaOrder(scope: Page | FrameLocator, email: string): Promise<void> {
  await fillCustomerDetails(scope, email);
  await scope.getByRole('radio', { name: 'SEPA direct debit' }).check();
  await scope.getByLabel('Account holder').fill('Ada Lovelace');
  await scope.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
  await scope.getByRole('button', { name: 'Place order' }).click();
}

/** Types a sandbox card (expiring in three years) into the card provider's frame, in the signup or the portal. */
export async function fillCard(page: Page, name: string, number: string): Promise<void> {
  const frame = page.frameLocator('iframe[title="Card details"]');
  await frame.getByLabel('Name on card').fill(name);
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Month (MM)').fill('12');
  await frame.getByLabel('Year (YYYY)').fill(String(new Date().getFullYear() + 3));
  await frame.getByLabel('CVC').fill('123');
}
