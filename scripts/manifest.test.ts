// The custom-elements manifest (packages/elements/custom-elements.json, `npm run manifest`) is fresh, its check
// catches a public API change, and the JSDoc it is made from tells the truth: every public element documents the
// CSS custom properties its styles read, the parts its template exposes (for the page elements: the parts
// docs/theming.md lists), its slots and the public events that leave it, and every entry has a description.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { changedElements, generateManifest, manifestFile } from './manifest.mjs';

const root = path.resolve(import.meta.dirname, '..');
const packageDir = path.join(root, 'packages/elements');

interface Entry {
  name: string;
  description?: string;
}
interface Element extends Entry {
  tagName: string;
  attributes?: Entry[];
  members?: Entry[];
  events?: Entry[];
  slots?: Entry[];
  cssParts?: Entry[];
  cssProperties?: Entry[];
}
interface Manifest {
  modules: Array<{
    path: string;
    declarations: Element[];
    exports: Array<{ kind: string; name: string; declaration: { name: string; module: string } }>;
  }>;
}

const committed = existsSync(manifestFile) ? readFileSync(manifestFile, 'utf8') : '';
const manifest = JSON.parse(committed || '{"modules":[]}') as Manifest;
const elements = manifest.modules.flatMap((mod) => mod.declarations.map((element) => ({ element, module: mod.path })));
const names = (entries: Entry[] = []) => entries.map((entry) => entry.name).sort();
const read = (file: string) => readFileSync(path.join(packageDir, file), 'utf8');

/** The module that registers a tag (`define(tag, …)`). */
function registration(tag: string): string {
  const mod = manifest.modules.find((candidate) =>
    candidate.exports.some((entry) => entry.kind === 'custom-element-definition' && entry.name === tag),
  );
  assert.ok(mod, `no module registers <${tag}>`);
  return mod.path;
}

/** Every module a module loads, statically or with `import()`, type-only imports aside (paths relative to the package). */
function loaded(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const statements =
    /(?:^|\n)\s*(import|export)(\s+type)?\b[^;]*?from\s+'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\)|(?:^|\n)import\s+'(\.[^']+)'/g;
  for (const match of read(file).matchAll(statements)) {
    if (match[2]) continue;
    const specifier = match[3] ?? match[4] ?? match[5]!;
    loaded(path.posix.join(path.posix.dirname(file), specifier), seen);
  }
  return seen;
}

/** The event types whose classes live in src/events and leave a shadow root (`composed: true`). */
const composedEvents = new Map(
  ['card-error-event', 'error-event', 'order-completed-event', 'session-expired-event', 'step-change-event'].map(
    (name) => {
      const text = read(`src/events/${name}.ts`);
      assert.match(text, /composed: true/, `${name} leaves the shadow root`);
      return [/export class (\w+)/.exec(text)![1]!, /static readonly type = '([^']+)'/.exec(text)![1]!];
    },
  ),
);

test('the committed manifest is what the code says now (`npm run manifest` writes it)', async () => {
  assert.ok(committed, `${path.relative(root, manifestFile)} is missing: run npm run manifest`);
  assert.equal(committed, await generateManifest(), 'custom-elements.json is stale: run npm run manifest');
});

test('the check catches a public property added without regenerating, and ignores private ones', async () => {
  const file = 'src/signup/signup.ts';
  const source = read(file);
  const anchor = "  @property({ reflect: true }) tenant = '';";
  assert.ok(source.includes(anchor), 'the tenant property is where the test adds one');
  const withPublic = source.replace(anchor, `${anchor}\n\n  /** A new public property. */\n  @property() extra = '';`);
  const changed = await generateManifest({ [file]: withPublic });
  assert.notEqual(changed, committed);
  assert.deepEqual(changedElements(committed, changed), ['portico-signup']);
  const withPrivate = source.replace(anchor, `${anchor}\n  private extra = '';`);
  assert.equal(await generateManifest({ [file]: withPrivate }), committed);
});

test('the public elements are the two pages and the form controls; building blocks are @internal', () => {
  assert.deepEqual(elements.map(({ element }) => element.tagName).sort(), [
    'portico-portal',
    'portico-quantity-stepper',
    'portico-signup',
    'portico-text-field',
    'portico-toggle',
  ]);
});

for (const { element, module } of elements) {
  const tag = element.tagName;

  test(`<${tag}>: every attribute, property, method, event, part and custom property has a description`, () => {
    const kinds = ['attributes', 'members', 'events', 'slots', 'cssParts', 'cssProperties'] as const;
    const undocumented = kinds.flatMap((kind) =>
      (element[kind] ?? []).filter((entry) => !entry.description?.trim()).map((entry) => `${kind} ${entry.name}`),
    );
    assert.ok(element.description?.trim(), `<${tag}> has no description`);
    assert.deepEqual(undocumented, [], `<${tag}> documents no ${undocumented.join(', ')}`);
  });

  test(`<${tag}>: documents the custom properties that it and what it renders read`, () => {
    const tokens = new Set<string>();
    for (const file of loaded(registration(tag))) {
      for (const match of read(file).matchAll(/var\(\s*(--portico-[a-z0-9-]+)/g)) tokens.add(match[1]!);
    }
    assert.deepEqual(names(element.cssProperties), [...tokens].sort());
  });

  test(`<${tag}>: documents the parts and slots its template exposes`, () => {
    const template = read(module);
    const parts = new Set<string>();
    for (const match of template.matchAll(/\s(?:part|exportparts)="([^"]+)"/g)) {
      for (const part of match[1]!.split(/[\s,]+/)) if (part) parts.add(part);
    }
    assert.deepEqual(names(element.cssParts), [...parts].sort());
    const slots = [...template.matchAll(/<slot(?:\s+name="([^"]+)")?/g)].map((match) => match[1] ?? '');
    assert.deepEqual(names(element.slots), slots.sort());
  });

  test(`<${tag}>: documents the public events that leave it`, () => {
    const fired = new Set<string>();
    for (const file of loaded(registration(tag))) {
      for (const match of read(file).matchAll(/new (Portico\w+Event)\(/g)) {
        const type = composedEvents.get(match[1]!);
        if (type) fired.add(type);
      }
    }
    const documented = names(element.events).filter((name) => name.startsWith('portico-'));
    assert.deepEqual(documented, [...fired].sort());
  });
}

test('<portico-signup> and <portico-portal> document the parts docs/theming.md lists', () => {
  const theming = readFileSync(path.join(root, 'docs/theming.md'), 'utf8');
  for (const tag of ['portico-signup', 'portico-portal']) {
    const start = theming.indexOf(`### \`<${tag}>\``);
    assert.ok(start >= 0, `docs/theming.md has a part table for <${tag}>`);
    const table = theming.slice(start, theming.indexOf('\n###', start + 1));
    const listed = [...table.matchAll(/^\| ([^|]+)\|/gm)]
      .flatMap((row) => [...row[1]!.matchAll(/`([a-z-]+)`/g)].map((match) => match[1]!))
      .sort();
    const element = elements.find(({ element }) => element.tagName === tag)!.element;
    assert.deepEqual(names(element.cssParts), listed, `<${tag}>`);
  }
});
