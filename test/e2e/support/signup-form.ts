import type { FrameLocator, Page } from 'playwright-core';

/** Fills the demo plan's signup form (German address, SEPA direct debit) and places the order. */
export async function placeSepaOrder(scope: Page | FrameLocator, email: string): Promise<void> {
  await scope.getByLabel('E-mail').fill(email);
  await scope.getByLabel('First name').fill('Ada');
  await scope.getByLabel('Last name').fill('Lovelace');
  await scope.getByLabel('Street').fill('Unter den Linden');
  await scope.getByLabel('House number').fill('1');
  await scope.getByLabel('Postal code').fill('10117');
  await scope.getByLabel('City').fill('Berlin');
  await scope.getByLabel('Country').selectOption('DE');
  await scope.getByRole('checkbox', { name: /terms and conditions/ }).check();
  await scope.getByRole('checkbox', { name: /privacy policy/ }).check();
  await scope.getByRole('radio', { name: 'SEPA direct debit' }).check();
  await scope.getByLabel('Account holder').fill('Ada Lovelace');
  await scope.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
  await scope.getByRole('button', { name: 'Place order' }).click();
}
