// The demo merchant's page script: mounts the signup page or the portal in the mode the page asks for.
const { page, mode } = document.body.dataset;
const slot = document.getElementById('slot');
const log = document.getElementById('log');
const EVENTS = [
  'portico-loaded',
  'portico-resize',
  'portico-language-change',
  'portico-step-change',
  'portico-order-completed',
  'portico-error',
  'portico-session-expired',
];

function record(name, detail) {
  const item = document.createElement('li');
  item.textContent = `${name} ${JSON.stringify(detail ?? null)}`;
  log.append(item);
}
for (const name of EVENTS) document.addEventListener(name, (event) => record(name, event.detail));

function loadScript(src) {
  const script = document.createElement('script');
  script.type = 'module';
  script.src = src;
  document.head.append(script);
  return new Promise((resolve, reject) => {
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
  });
}

/** The picker for the mounted page; it follows the language shown (`showing`) as well as setting it. */
function languagePicker(onChange) {
  const label = document.createElement('label');
  label.className = 'controls';
  label.textContent = 'Language ';
  const select = document.createElement('select');
  for (const code of config.languages) select.append(new Option(code, code));
  // Each language's own name needs a formatter of that language, and the first one of each costs a long task:
  // they are named one per idle moment, after the page is usable, so the host page never blocks on them.
  const idle = window.requestIdleCallback ?? ((run) => setTimeout(run, 50));
  const name = (index) => {
    const option = select.options[index];
    if (!option) return;
    const code = option.value;
    option.text = `${new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code} (${code})`;
    idle(() => name(index + 1));
  };
  idle(() => name(0));
  select.addEventListener('change', () => onChange(select.value));
  label.append(select);
  return {
    label,
    showing(language) {
      if ([...select.options].some((option) => option.value === language)) select.value = language;
    },
  };
}

const config = await fetch('config.json').then((response) => {
  if (!response.ok) throw new Error(`config.json answered ${response.status}`);
  return response.json();
});
const hosted = page === 'signup' ? `/${config.tenant}/signup/${config.planVariantId}` : `/${config.tenant}/portal`;
const src = new URL(hosted, location.href).href;
const token = page === 'portal' ? config.portalToken : undefined;
slot.textContent = '';

if (mode === 'link') {
  const link = document.createElement('a');
  link.href = token ? `${src}#token=${encodeURIComponent(token)}` : src;
  link.textContent = page === 'signup' ? 'Sign up now' : 'Open your customer portal';
  slot.append(link);
} else if (mode === 'iframe') {
  await loadScript('/assets/portico-embed.js');
  const container = document.createElement('div');
  slot.append(container);
  const embed = window.Portico.mount(container, {
    src,
    token,
    title: page === 'signup' ? 'Sign up' : 'Customer portal',
  });
  const picker = languagePicker((language) => embed.setLanguage(language));
  // The framed page says which language it shows (its own picker, the customer's language, ?language=).
  container.addEventListener('portico-language-change', (event) => picker.showing(event.detail.language));
  slot.prepend(picker.label);
} else {
  await loadScript(page === 'signup' ? '/assets/portico-signup.js' : '/assets/portico-portal.js');
  const element = document.createElement(page === 'signup' ? 'portico-signup' : 'portico-portal');
  element.setAttribute('tenant', config.tenant);
  if (page === 'signup') element.setAttribute('plan-variant', config.planVariantId);
  else element.token = token;
  const picker = languagePicker((language) => element.setAttribute('lang', language));
  // The element may start in another language than the picker's first (the customer's, ?language=).
  window.addEventListener('lit-localize-status', (event) => {
    if (event.detail.status === 'ready') picker.showing(event.detail.readyLocale);
  });
  slot.append(element);
  slot.prepend(picker.label);
}
