// The designer playground: a theme editor and a wording editor applied live to <portico-signup> and
// <portico-portal> (inline mode), with export of both and import of a theme file.
import { MINIMUM, PAIRS, contrastRatio, toHex } from './contrast.js';
import {
  GROUPS,
  checkTheme,
  groupOf,
  isColourToken,
  parseTheme,
  resolvedValue,
  serializeTheme,
  tokenLabel,
  valueProblem,
} from './theme-file.js';

const $ = (id) => document.getElementById(id);
const preview = $('preview');
const status = $('status');
const warning = $('theme-warning');

const theme = { preset: 'light', tokens: new Map(), names: [] };
const wording = { language: 'en', messages: [], overrides: {} };
const inputs = new Map(); // token name → { text, colour?, error }
let elements = [];

function announce(text) {
  status.textContent = text;
}

function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  announce(`Downloaded ${name}.`);
}

function loadScript(src) {
  const script = Object.assign(document.createElement('script'), { type: 'module', src });
  document.head.append(script);
  return new Promise((resolve, reject) => {
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
  });
}

async function fetchOk(url, as = 'json') {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return as === 'json' ? response.json() : response.text();
}

// ---- Theme -------------------------------------------------------------------------------------------------

function applyTheme() {
  for (const name of [...preview.style].filter((p) => p.startsWith('--portico-'))) preview.style.removeProperty(name);
  for (const [name, value] of theme.tokens) preview.style.setProperty(name, value);
  renderContrast();
}

function showTokenValues() {
  for (const [name, field] of inputs) {
    const value = theme.tokens.get(name) ?? '';
    field.text.value = value;
    if (field.colour) field.colour.value = toHex(resolvedValue(theme.tokens, name)) ?? '#000000';
    setFieldError(name, null);
  }
}

function setFieldError(name, problem) {
  const field = inputs.get(name);
  field.error.textContent = problem ? `${tokenLabel(name)} ${problem}; the last good value stays.` : '';
  field.text.toggleAttribute('aria-invalid', Boolean(problem));
}

function editToken(name, value) {
  const problem = valueProblem(name, value);
  setFieldError(name, problem);
  if (problem) return;
  theme.tokens.set(name, value.trim());
  const field = inputs.get(name);
  if (field.colour && document.activeElement !== field.colour) {
    field.colour.value = toHex(resolvedValue(theme.tokens, name)) ?? field.colour.value;
  }
  applyTheme();
}

function buildTokenEditor() {
  const container = $('tokens');
  container.textContent = '';
  for (const group of GROUPS) {
    const names = theme.names.filter((name) => groupOf(name) === group.id);
    if (!names.length) continue;
    const fieldset = document.createElement('fieldset');
    fieldset.className = 'tokens';
    fieldset.dataset.group = group.id;
    fieldset.append(Object.assign(document.createElement('legend'), { textContent: group.label }));
    for (const name of names) fieldset.append(tokenRow(name));
    container.append(fieldset);
  }
}

function tokenRow(name) {
  const id = `token${name.slice(9)}`;
  const row = document.createElement('div');
  row.className = 'token';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.append(tokenLabel(name), ' ', Object.assign(document.createElement('code'), { textContent: name }));
  const text = Object.assign(document.createElement('input'), { type: 'text', id, spellcheck: false });
  text.dataset.token = name;
  const error = Object.assign(document.createElement('span'), { id: `${id}-error`, className: 'error' });
  text.setAttribute('aria-describedby', error.id);
  text.addEventListener('input', () => editToken(name, text.value));
  row.append(label);
  let colour;
  if (isColourToken(name)) {
    colour = Object.assign(document.createElement('input'), { type: 'color', id: `${id}-picker` });
    colour.dataset.token = name;
    colour.setAttribute('aria-label', `${tokenLabel(name)} colour picker`);
    colour.addEventListener('input', () => {
      text.value = colour.value;
      editToken(name, colour.value);
    });
    row.append(colour);
  }
  row.append(text, error);
  inputs.set(name, { text, colour, error });
  return row;
}

function renderContrast() {
  const body = $('contrast').tBodies[0];
  body.textContent = '';
  for (const [fg, bg, what] of PAIRS) {
    const ratio = contrastRatio(resolvedValue(theme.tokens, fg), resolvedValue(theme.tokens, bg));
    const row = body.insertRow();
    row.dataset.pair = `${fg} ${bg}`;
    const pass = ratio !== null && ratio >= MINIMUM;
    row.className = pass ? 'pass' : 'fail';
    row.insertCell().textContent = what;
    row.insertCell().textContent = ratio === null ? 'not a colour' : `${ratio.toFixed(2)}:1`;
    row.insertCell().textContent = pass ? 'passes' : 'too low: below 4.5:1';
  }
}

async function loadPreset(name) {
  const tokens = parseTheme(await fetchOk(`/themes/${encodeURIComponent(name)}.css`, 'text'));
  theme.preset = name;
  theme.tokens = tokens;
  if (!theme.names.length) {
    theme.names = [...tokens.keys()];
    buildTokenEditor();
  }
  showTokenValues();
  applyTheme();
}

async function importTheme(file) {
  const text = await file.text();
  const { tokens, problems } = checkTheme(text, theme.names);
  if (problems.length) {
    const message = `The theme file "${file.name}" cannot be used (${problems.slice(0, 5).join('; ')}${
      problems.length > 5 ? `; and ${problems.length - 5} more` : ''
    }). Showing the preset "${theme.preset}" instead.`;
    console.warn(`portico playground: ${message}`);
    warning.textContent = message;
    warning.hidden = false;
    await loadPreset(theme.preset);
    return;
  }
  warning.hidden = true;
  warning.textContent = '';
  theme.tokens = tokens;
  showTokenValues();
  applyTheme();
  announce(`Imported the theme file "${file.name}".`);
}

// ---- Wording -----------------------------------------------------------------------------------------------

function currentText(message) {
  return wording.overrides[wording.language]?.[message.id] ?? message.target ?? message.source;
}

function applyStrings() {
  const strings = { ...(wording.overrides[wording.language] ?? {}) };
  for (const element of elements) element.strings = strings;
}

function editMessage(message, value) {
  const language = wording.language;
  const own = (wording.overrides[language] ??= {});
  if (value === (message.target ?? message.source)) delete own[message.id];
  else own[message.id] = value;
  if (!Object.keys(own).length) delete wording.overrides[language];
  applyStrings();
}

function renderMessages() {
  const query = $('search').value.trim().toLowerCase();
  const list = $('messages');
  list.textContent = '';
  const shown = wording.messages.filter(
    (m) => !query || [m.id, m.source, currentText(m)].some((text) => text.toLowerCase().includes(query)),
  );
  for (const [index, message] of shown.entries()) {
    const item = document.createElement('li');
    const id = `message-${index}`;
    const label = Object.assign(document.createElement('label'), { htmlFor: id, textContent: message.source });
    const code = Object.assign(document.createElement('code'), { textContent: message.id, id: `${id}-id` });
    const area = Object.assign(document.createElement('textarea'), { id, rows: 1, value: currentText(message) });
    area.dataset.messageId = message.id;
    area.setAttribute('aria-describedby', code.id);
    area.addEventListener('input', () => editMessage(message, area.value));
    item.append(label, code, area);
    list.append(item);
  }
  $('message-count').textContent = `${shown.length} of ${wording.messages.length} messages`;
}

async function setLanguage(language) {
  wording.language = language;
  for (const element of elements) element.setAttribute('lang', language);
  try {
    const answer = await fetchOk(`/api/i18n/${encodeURIComponent(language)}/messages`);
    if (wording.language !== language) return;
    wording.messages = answer.messages;
  } catch (error) {
    wording.messages = [];
    announce(`The messages for "${language}" could not be loaded: ${error.message}`);
  }
  applyStrings();
  renderMessages();
}

// ---- Start -------------------------------------------------------------------------------------------------

const config = await fetchOk('config.json');

for (const name of config.themes) $('preset').append(new Option(name, name, name === 'light', name === 'light'));
for (const code of config.languages) {
  const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  $('language').append(new Option(`${name} (${code})`, code));
}

await loadPreset('light');

$('preset').addEventListener('change', async (event) => {
  warning.hidden = true;
  await loadPreset(event.target.value);
  announce(`Preset "${event.target.value}" loaded.`);
});
$('import-theme').addEventListener('change', async (event) => {
  const [file] = event.target.files;
  if (file) await importTheme(file);
  event.target.value = '';
});
$('export-theme').addEventListener('click', () =>
  download('portico-theme.css', 'text/css', serializeTheme(theme.tokens, theme.preset)),
);
$('export-wording').addEventListener('click', () =>
  download('portico-wording.json', 'application/json', `${JSON.stringify(wording.overrides, null, 2)}\n`),
);
$('search').addEventListener('input', renderMessages);
$('language').addEventListener('change', (event) => setLanguage(event.target.value));
for (const radio of document.querySelectorAll('input[name="show"]')) {
  radio.addEventListener('change', () => (preview.dataset.show = radio.value));
}

await Promise.all([loadScript('/assets/portico-signup.js'), loadScript('/assets/portico-portal.js')]);
const signup = document.createElement('portico-signup');
signup.setAttribute('tenant', config.tenant);
signup.setAttribute('plan-variant', config.planVariantId);
const portal = document.createElement('portico-portal');
portal.setAttribute('tenant', config.tenant);
portal.token = config.portalToken;
$('signup-slot').replaceChildren(signup);
$('portal-slot').replaceChildren(portal);
elements = [signup, portal];
await setLanguage('en');
