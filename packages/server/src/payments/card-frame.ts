import { escapeHtml } from '../html/escape.ts';

/** JSON for an inline <script>: no `<` so `</script>` cannot close it early. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, ' ');
}

/**
 * The sandbox provider's card page, shown in an iframe by the signup element. It posts the card fields to
 * `/api/payments/sandbox/{tenant}/tokens` and tells the parent window, at exactly `parentOrigin`, about the result:
 * `{type:'portico-card-token', token, brand, last4, expMonth, expYear}` or
 * `{type:'portico-card-error', code, message, fields}`; `{type:'portico-card-resize', height}` keeps the frame sized.
 * The parent may also ask for tokenization with `{type:'portico-card-submit'}`.
 */
export function renderCardFrame(options: {
  tenant: string;
  tenantName: string;
  parentOrigin: string;
  lang: string;
  /** The nonce the frame's Content-Security-Policy allows its script by. */
  nonce: string;
}) {
  const config = inlineJson({
    tokensUrl: `/api/payments/sandbox/${encodeURIComponent(options.tenant)}/tokens`,
    parentOrigin: options.parentOrigin,
  });
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Card details – ${escapeHtml(options.tenantName)}</title>
<style>
  body { margin: 0; font: 16px system-ui, sans-serif; color: #1b1b1f; }
  form { display: grid; gap: .6rem; padding: 2px; }
  .row { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: .6rem; }
  label { display: grid; gap: .2rem; font-size: .875rem; }
  input { font: inherit; padding: .45rem .55rem; border: 1px solid #8a8a96; border-radius: 6px; }
  input[aria-invalid="true"] { border-color: #b3261e; }
  .error { color: #b3261e; font-size: .8125rem; min-height: 1em; }
  button { font: inherit; padding: .5rem .9rem; border-radius: 6px; border: 0; background: #1f5fbf; color: #fff; justify-self: start; }
  .note { font-size: .75rem; color: #55555f; margin: 0; }
</style>
</head>
<body>
<form id="card" novalidate>
  <label>Name on card<input name="holder" autocomplete="cc-name" required></label>
  <span class="error" id="holder-error"></span>
  <label>Card number<input name="number" inputmode="numeric" autocomplete="cc-number" required></label>
  <span class="error" id="number-error"></span>
  <div class="row">
    <label>Month (MM)<input name="expMonth" inputmode="numeric" autocomplete="cc-exp-month" maxlength="2" required></label>
    <label>Year (YYYY)<input name="expYear" inputmode="numeric" autocomplete="cc-exp-year" maxlength="4" required></label>
    <label>CVC<input name="cvc" inputmode="numeric" autocomplete="cc-csc" maxlength="4" required></label>
  </div>
  <span class="error" id="expiry-error"></span>
  <span class="error" id="cvc-error"></span>
  <button type="submit">Use this card</button>
  <p class="note">Sandbox: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined.</p>
</form>
<script nonce="${escapeHtml(options.nonce)}">
(() => {
  const config = ${config};
  const form = document.getElementById('card');
  const send = (message) => window.parent.postMessage(message, config.parentOrigin);
  const resize = () => send({ type: 'portico-card-resize', height: document.documentElement.scrollHeight });
  new ResizeObserver(resize).observe(document.body);
  // The frame marks its own fields; a message that belongs to no field (a declined card, no connection) is the
  // page's to show and announce, once (the parent element gets it with portico-card-error).
  const show = (fields) => {
    for (const key of ['holder', 'number', 'expiry', 'cvc']) {
      const text = (fields && fields['card.' + key]) || '';
      document.getElementById(key + '-error').textContent = text;
      const inputs = key === 'expiry' ? ['expMonth', 'expYear'] : [key];
      for (const name of inputs) form.elements[name].setAttribute('aria-invalid', text ? 'true' : 'false');
    }
  };
  let busy = false;
  const submit = async () => {
    if (busy) return;
    busy = true;
    const data = new FormData(form);
    const body = {
      holder: String(data.get('holder') || ''),
      number: String(data.get('number') || ''),
      expMonth: Number(data.get('expMonth')),
      expYear: Number(data.get('expYear')),
      cvc: String(data.get('cvc') || ''),
    };
    try {
      const response = await fetch(config.tokensUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const result = await response.json();
      if (response.ok) {
        show(null);
        send({ type: 'portico-card-token', token: result.token, brand: result.brand, last4: result.last4, expMonth: result.expMonth, expYear: result.expYear });
      } else {
        const error = result.error || {};
        show(error.fields);
        send({ type: 'portico-card-error', code: error.code, message: error.message, fields: error.fields || {} });
      }
    } catch (e) {
      show(null);
      send({ type: 'portico-card-error', code: 'network', message: 'The card could not be checked. Please try again.', fields: {} });
    } finally {
      busy = false;
    }
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); submit(); });
  window.addEventListener('message', (event) => {
    if (event.origin === config.parentOrigin && event.data && event.data.type === 'portico-card-submit') submit();
  });
  resize();
})();
</script>
</body>
</html>`;
}
