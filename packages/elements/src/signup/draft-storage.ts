import type { CustomerInput, PaymentMethodKind } from '@portico/core';

/** What survives a reload of the signup page. Never payment data: only which method was chosen. */
export interface StoredDraft {
  components: Record<string, number>;
  couponCode: string;
  customer: CustomerInput;
  acceptedTerms: string[];
  paymentMethod: PaymentMethodKind | '';
  /** The key of an order request that may have reached the server; a retry sends it again. */
  idempotencyKey: string;
}

function storageKey(tenant: string, variant: string): string {
  return `portico-signup:${tenant}:${variant}`;
}

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage blocked (e.g. third-party iframe with strict settings): the page still works
  }
}

export function loadDraft(tenant: string, variant: string): Partial<StoredDraft> | null {
  const text = storage()?.getItem(storageKey(tenant, variant));
  if (!text) return null;
  try {
    const draft = JSON.parse(text) as Partial<StoredDraft>;
    return typeof draft === 'object' && draft !== null ? draft : null;
  } catch {
    return null;
  }
}

export function saveDraft(tenant: string, variant: string, draft: StoredDraft): void {
  try {
    storage()?.setItem(storageKey(tenant, variant), JSON.stringify(draft));
  } catch {
    // quota exceeded or storage blocked: the draft is simply not kept
  }
}

export function clearDraft(tenant: string, variant: string): void {
  storage()?.removeItem(storageKey(tenant, variant));
}

function variantKey(tenant: string, startVariant: string): string {
  return `portico-signup:${tenant}:${startVariant}:chosen-variant`;
}

/** The sibling variant the customer switched to on the page that started with `startVariant`, kept for a reload. */
export function loadChosenVariant(tenant: string, startVariant: string): string | null {
  return storage()?.getItem(variantKey(tenant, startVariant)) || null;
}

export function saveChosenVariant(tenant: string, startVariant: string, variant: string): void {
  try {
    if (variant === startVariant) storage()?.removeItem(variantKey(tenant, startVariant));
    else storage()?.setItem(variantKey(tenant, startVariant), variant);
  } catch {
    // quota exceeded or storage blocked: a reload shows the page's own variant
  }
}

export function clearChosenVariant(tenant: string, startVariant: string): void {
  storage()?.removeItem(variantKey(tenant, startVariant));
}
