// `npm run locale-parts` (after `npx lit-localize build`): splits each generated translation module of the elements
// (packages/elements/src/i18n/generated/locales/<locale>.js) into one module per page element, holding only the
// messages that element's code can show — its entry module and everything it imports, lazily too — so that a
// German signup page loads no portal texts. Written to packages/elements/src/i18n/generated/parts/<part>/<locale>.js;
// `--check` fails when they are stale (scripts/locales.test.ts runs it).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readConfigFileAndWriteSchema } from '@lit/localize-tools/lib/config.js';
import { RuntimeLitLocalizer } from '@lit/localize-tools/lib/modes/runtime.js';

const root = path.resolve(import.meta.dirname, '..');
const elements = 'packages/elements/src';

/** The page elements and their entry modules (the messages of what they import, statically or lazily). */
export const localeParts = {
  signup: [`${elements}/portico-signup.ts`],
  portal: [`${elements}/portico-portal.ts`],
} as const;

/** The message ids each part's code uses. */
function partMessages(): Map<string, Set<string>> {
  const config = readConfigFileAndWriteSchema(path.join(root, 'lit-localize.json'));
  if (config.output.mode !== 'runtime') throw new Error('lit-localize.json: output.mode must be "runtime"');
  const parts = new Map<string, Set<string>>();
  for (const [part, inputFiles] of Object.entries(localeParts)) {
    const localizer = new RuntimeLitLocalizer({ ...config, inputFiles: [...inputFiles], output: config.output });
    parts.set(part, new Set(localizer.extractSourceMessages().messages.map((message) => message.name)));
  }
  return parts;
}

/** A generated module's entries (`'id': …,` at the start of a line, up to the next one) by id. */
function entriesOf(module: string, file: string): { head: string; entries: Map<string, string>; tail: string } {
  const open = module.indexOf('export const templates = {');
  const close = module.lastIndexOf('};');
  if (open < 0 || close < open) throw new Error(`${file}: not a lit-localize runtime module`);
  const bodyStart = module.indexOf('\n', open) + 1;
  const body = module.slice(bodyStart, close);
  const entries = new Map<string, string>();
  const starts = [...body.matchAll(/^\s*'((?:[^'\\]|\\.)+)': /gm)];
  starts.forEach((match, index) => {
    const end = index + 1 < starts.length ? starts[index + 1]!.index : body.length;
    entries.set(match[1]!, body.slice(match.index, end).trim());
  });
  const head = module
    .slice(0, bodyStart)
    .replace(
      '// Re-generate this file by running lit-localize',
      '// Re-generate: npx lit-localize build, then npm run locale-parts',
    );
  return { head, entries, tail: module.slice(close) };
}

/** The part modules, by path relative to the repository. */
export function localePartModules(): Map<string, string> {
  const config = readConfigFileAndWriteSchema(path.join(root, 'lit-localize.json'));
  const outputDir = config.resolve((config.output as { outputDir: string }).outputDir);
  const parts = partMessages();
  const modules = new Map<string, string>();
  for (const locale of config.targetLocales) {
    const file = path.join(outputDir, `${locale}.js`);
    const { head, entries, tail } = entriesOf(readFileSync(file, 'utf8'), file);
    for (const [part, ids] of parts) {
      const missing = [...ids].filter((id) => !entries.has(id));
      if (missing.length > 0) throw new Error(`${file} lacks ${missing.join(', ')}: run npx lit-localize build`);
      const kept = [...entries].filter(([id]) => ids.has(id)).map(([, entry]) => entry);
      const target = path.join(path.dirname(outputDir), 'parts', part, `${locale}.js`);
      modules.set(path.relative(root, target), `${head}      ${kept.join('\n')}\n    ${tail}`);
    }
  }
  return modules;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [file, text] of localePartModules()) {
    const full = path.join(root, file);
    if (check) {
      if (!existsSync(full) || readFileSync(full, 'utf8') !== text) stale.push(file);
      continue;
    }
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  if (stale.length > 0) {
    console.error(`stale: ${stale.join(', ')}; run npm run locale-parts`);
    process.exit(1);
  }
}
