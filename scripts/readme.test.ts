// The README and docs/ stay true to the tree: the configuration table lists exactly the environment variables the
// server and the scripts read, the layout names every folder of the server (and only folders that exist), and every
// relative link of a Markdown file points at a file (and heading) of this repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'node_modules' ? [] : filesUnder(full, keep);
    return keep(entry) ? [full] : [];
  });
}

/** The text of a `## heading` section, up to the next heading of that level. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `README.md has no "## ${heading}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

// --- Configuration -----------------------------------------------------------------------------------------------

/** Environment variables a source text reads: `env.NAME`, `process.env.NAME`, `env['NAME']`, `{ NAME } = env`. */
export function environmentReads(source: string): Set<string> {
  const names = new Set<string>();
  for (const match of source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)) names.add(match[1]!);
  for (const match of source.matchAll(/\benv\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\]/g)) names.add(match[1]!);
  for (const match of source.matchAll(/\{([^{}]*)\}\s*=\s*(?:process\.)?env\b/g)) {
    for (const part of match[1]!.split(',')) {
      const name = /^\s*([A-Z][A-Z0-9_]*)\b/.exec(part)?.[1];
      if (name) names.add(name);
    }
  }
  return names;
}

/** Variable → the files (relative to the root) that read it, over the server's sources and the scripts. */
function readVariables(): Map<string, string[]> {
  const isSource = (file: string) => !file.endsWith('.test.ts') && !file.endsWith('.d.mts');
  const files = [
    ...filesUnder(path.join(root, 'packages/server/src'), (file) => file.endsWith('.ts') && isSource(file)),
    ...readdirSync(path.join(root, 'scripts'))
      .filter((file) => /\.(mjs|ts)$/.test(file) && isSource(file))
      .map((file) => path.join(root, 'scripts', file)),
  ];
  const variables = new Map<string, string[]>();
  for (const file of files) {
    for (const name of environmentReads(readFileSync(file, 'utf8'))) {
      variables.set(name, [...(variables.get(name) ?? []), path.relative(root, file)]);
    }
  }
  return variables;
}

/** The variables in the first column of the README's configuration table. */
function tableVariables(): Set<string> {
  const rows = section(readme, 'Configuration').matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/gm);
  return new Set([...rows].map((row) => row[1]!));
}

test('the scan finds environment variables in every form the code uses', () => {
  assert.deepEqual(
    [...environmentReads("env.PORT; process.env.SMTP_URL; env['LOG_LEVEL']; const { HOST, X: y } = process.env;")],
    ['PORT', 'SMTP_URL', 'LOG_LEVEL', 'HOST', 'X'],
  );
  assert.deepEqual([...environmentReads('const environment = someenv.PORT; envelope.X;')], []);
  const read = readVariables();
  for (const name of ['PORT', 'DATABASE_URL', 'SMTP_URL']) assert.ok(read.has(name), `no read of ${name} found`);
});

test('every environment variable the server and the scripts read is in the README configuration table', () => {
  const table = tableVariables();
  const missing = [...readVariables()]
    .filter(([name]) => !table.has(name))
    .map(([name, files]) => `${name} (read in ${files.join(', ')})`);
  assert.deepEqual(missing, [], 'add these to the table in README.md "## Configuration"');
});

test('every variable in the README configuration table is read somewhere', () => {
  const read = readVariables();
  const unread = [...tableVariables()].filter((name) => !read.has(name));
  assert.deepEqual(unread, [], 'these are in the README table but no source reads them');
});

// --- Layout ------------------------------------------------------------------------------------------------------

/** The folders the README's layout block names, as paths from the root (`packages/server/src/db`). */
function layoutFolders(): string[] {
  const block = /```\n([\s\S]*?)```/.exec(section(readme, 'Layout'))?.[1];
  assert.ok(block, 'the README layout section has no code block');
  const stack: Array<{ indent: number; name: string }> = [];
  const folders: string[] = [];
  for (const line of block.split('\n')) {
    const match = /^( *)(\S+\/)(?:\s|$)/.exec(line);
    if (!match) continue;
    const indent = match[1]!.length;
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    stack.push({ indent, name: match[2]!.replace(/\/$/, '') });
    folders.push(stack.map((entry) => entry.name).join('/'));
  }
  return folders;
}

test('every folder in the README layout exists', () => {
  const folders = layoutFolders();
  assert.ok(folders.includes('packages/server/src/db'), `the layout parse found: ${folders.join(', ')}`);
  const missing = folders.filter((folder) => !existsSync(path.join(root, folder)));
  assert.deepEqual(missing, [], 'the README layout names folders that do not exist');
});

test('the README layout names every folder of packages/server/src', () => {
  const named = new Set(layoutFolders());
  const server = path.join(root, 'packages/server/src');
  const folders = readdirSync(server).filter((entry) => statSync(path.join(server, entry)).isDirectory());
  const missing = folders.filter((folder) => !named.has(`packages/server/src/${folder}`));
  assert.deepEqual(missing, [], 'add these folders, with their job, to the README layout');
});

// --- Links -------------------------------------------------------------------------------------------------------

/** Every Markdown file of the repository: README.md, docs/ and the folders' own READMEs. */
const documents = readdirSync(root)
  .filter((entry) => !entry.startsWith('.') && !['node_modules', 'dist', 'data', 'test-results'].includes(entry))
  .flatMap((entry) => {
    const full = path.join(root, entry);
    if (statSync(full).isDirectory()) return filesUnder(full, (file) => file.endsWith('.md'));
    return entry.endsWith('.md') ? [full] : [];
  });

/** Link targets of a Markdown text outside code: `[text](target)`, `[id]: target`, `href="target"`. */
export function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^ *(```|~~~)[\s\S]*?^ *\1/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
  return [
    ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!),
    ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((match) => match[1]!),
    ...[...prose.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((match) => match[1]!),
  ];
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes. */
function slug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_ -]/gu, '')
    .replace(/ /g, '-');
}

function anchors(markdown: string): Set<string> {
  const prose = markdown.replace(/^ *(```|~~~)[\s\S]*?^ *\1/gm, '');
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const match of prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(match[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

test('the link scan finds links, also reference-style and HTML ones, and none inside code', () => {
  assert.deepEqual(linkTargets('See [a](docs/a.md) and [b][1].\n\n[1]: ./b.md\n<a href="c.md">c</a> `[x](y.md)`'), [
    'docs/a.md',
    './b.md',
    'c.md',
  ]);
  assert.deepEqual(
    linkTargets('```html\n<a href="x.md">[x](y.md)</a>\n```\n- list\n\n  ```\n  [x](y.md)\n  ```\n'),
    [],
  );
  assert.ok(linkTargets(readme).includes('docs/architecture.md'), 'README.md should link docs/architecture.md');
  assert.equal(slug('Orders, payments and billing (for merchants)'), 'orders-payments-and-billing-for-merchants');
  assert.equal(slug('`<portico-portal>`'), 'portico-portal');
});

for (const document of documents) {
  const name = path.relative(root, document);
  test(`every relative link of ${name} points at a file of this repository`, () => {
    const problems: string[] = [];
    for (const target of linkTargets(readFileSync(document, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // an address, not a file
      const [file, anchor] = target.split('#') as [string, string | undefined];
      const resolved = file ? path.resolve(path.dirname(document), decodeURIComponent(file)) : document;
      const inRepo = path.relative(root, resolved);
      if (inRepo.startsWith('..') || path.isAbsolute(inRepo) || file.startsWith('/')) {
        problems.push(`${target}: outside the repository`);
      } else if (inRepo.split(path.sep)[0] === 'shared') {
        problems.push(`${target}: points at shared/, which is not part of the repository`);
      } else if (!existsSync(resolved)) {
        problems.push(`${target}: no such file`);
      } else if (anchor && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor)) {
        problems.push(`${target}: no heading with the anchor #${anchor} in ${path.relative(root, resolved)}`);
      }
    }
    assert.deepEqual(problems, []);
  });
}
