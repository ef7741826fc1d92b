// How @custom-elements-manifest/analyzer reads packages/elements: the elements' public API (tags, attributes,
// properties, events, slots, CSS parts and custom properties, from the classes and their JSDoc) for
// packages/elements/custom-elements.json. `npm run manifest` writes it through scripts/manifest.mjs, which uses this
// file (`npx cem analyze` does too, and writes the same file); `npm run manifest -- --check` (part of `npm run lint`)
// fails when the committed manifest is stale.
//
// What is public: a class with a tag (registered with `define(tag, class)`, see src/base/define.ts) and without
// `@internal` in its JSDoc, and its public members. Internal building blocks, base classes, helpers and private or
// protected members are left out, so the manifest changes only when the public API does.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(new URL(import.meta.url).pathname);
/** The package the manifest describes; module paths in it are relative to it (`src/signup/signup.ts`). */
export const packageDir = path.join(root, 'packages/elements');

/** The element sources: no tests, test helpers or generated translations. */
function sources(dir) {
  return readdirSync(dir)
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return entry === 'generated' || entry === 'testing' ? [] : sources(full);
      return entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.endsWith('.d.ts') ? [full] : [];
    })
    .sort();
}

/** `./x.ts` relative to the module `from`, as a path relative to the package (`src/…`). */
function resolve(from, specifier) {
  if (!specifier?.startsWith('.')) return specifier?.replace(/^\//, '');
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
}

/**
 * `define('portico-x', PorticoX)` (src/base/define.ts) registers an element the way `customElements.define` does; the
 * analyzer only knows the latter, so this plugin reads the former as a custom-element definition of the module.
 */
function defineCallsPlugin() {
  return {
    name: 'portico-define-calls',
    analyzePhase({ ts, node, moduleDoc, context }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'define') return;
      const [tag, element] = node.arguments;
      if (!tag || !ts.isStringLiteral(tag) || !element || !ts.isIdentifier(element)) return;
      const imported = context.imports?.find((entry) => entry.name === element.text);
      moduleDoc.exports.push({
        kind: 'custom-element-definition',
        name: tag.text,
        declaration: {
          name: element.text,
          module: imported ? resolve(moduleDoc.path, imported.importPath) : moduleDoc.path,
        },
      });
    },
  };
}

/** Lifecycle and form-association callbacks: the browser calls them, a page does not. */
const CALLBACKS =
  /^(connected|disconnected|adopted|attributeChanged|formAssociated|formDisabled|formReset|formStateRestore)Callback$/;

/** A member of the public API: not private, protected or static, and not a callback for the browser. */
const isPublicMember = (member) =>
  !member.privacy && !member.static && !member.name.startsWith('#') && !CALLBACKS.test(member.name);

/**
 * Keeps the public API only: public elements (a tag, no `@internal`) with their public members, the modules that
 * declare or define them, and references that point at something in the manifest; module paths resolved and sorted.
 */
function publicApiPlugin() {
  return {
    name: 'portico-public-api',
    packageLinkPhase({ customElementsManifest: manifest }) {
      const definitions = manifest.modules.flatMap((mod) =>
        mod.exports
          .filter((entry) => entry.kind === 'custom-element-definition')
          .map((entry) => ({ tag: entry.name, ...entry.declaration })),
      );
      // The analyzer already dropped classes marked @internal (they are not exported); inheritance was applied first.
      const elements = new Map();
      for (const mod of manifest.modules) {
        for (const declaration of mod.declarations) {
          const defined = definitions.some((d) => d.name === declaration.name && d.module === mod.path);
          if (declaration.kind === 'class' && defined) elements.set(declaration.name, { mod, declaration });
        }
      }
      const known = (reference) => {
        const module = resolve('', reference?.module ?? '');
        return elements.get(reference?.name)?.mod.path === module;
      };
      manifest.modules = manifest.modules
        .map((mod) => ({
          ...mod,
          declarations: mod.declarations
            .filter((declaration) => elements.get(declaration.name)?.mod === mod)
            .map((declaration) => publicDeclaration(declaration, definitions, known)),
          // Definitions and (re-)exports of public elements, pointing at the module that declares the class.
          exports: mod.exports
            .filter((entry) => elements.has(entry.declaration?.name))
            .map((entry) => ({
              ...entry,
              declaration: { name: entry.declaration.name, module: elements.get(entry.declaration.name).mod.path },
            })),
        }))
        .filter((mod) => mod.declarations.length > 0 || mod.exports.length > 0)
        .sort((a, b) => a.path.localeCompare(b.path));
    },
  };
}

function publicDeclaration(declaration, definitions, known) {
  const tagName = definitions.find((d) => d.name === declaration.name)?.tag;
  const clean = (items = []) =>
    items.map((item) => {
      const { inheritedFrom, ...rest } = item;
      return known(inheritedFrom) ? { ...rest, inheritedFrom } : rest;
    });
  const { superclass, members, attributes, events, ...rest } = declaration;
  return {
    ...rest,
    ...(known(superclass) ? { superclass } : {}),
    tagName,
    customElement: true,
    attributes: clean(attributes),
    members: clean(members?.filter(isPublicMember)),
    events: clean(events),
  };
}

/** Creates the TypeScript source files the analyzer reads, named by their path in the package. */
function modules(ts) {
  return sources(path.join(packageDir, 'src')).map((file) =>
    ts.createSourceFile(
      path.relative(packageDir, file).split(path.sep).join('/'),
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.ES2022,
      true,
    ),
  );
}

export default {
  litelement: true,
  packagejson: false,
  outdir: 'packages/elements',
  overrideModuleCreation: ({ ts }) => modules(ts),
  plugins: [defineCallsPlugin(), publicApiPlugin()],
};
