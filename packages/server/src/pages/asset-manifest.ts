import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The part of Vite's build manifest (`dist/.vite/manifest.json`) Portico reads: each chunk's file and static imports. */
interface ManifestChunk {
  file: string;
  imports?: string[];
}

/** The chunks a page needs first, read once from the build. */
export interface AssetManifest {
  /**
   * The files (relative to `/assets/`) that the entry script `entry` (e.g. `portico-signup.js`) imports statically,
   * directly or through another chunk, in the manifest's order: a page preloads them (`modulepreload`) so the browser
   * fetches them alongside the entry instead of one import level after another. Lazily imported chunks are not among
   * them. Empty for an unknown entry.
   */
  staticImports(entry: string): string[];
}

/**
 * Reads the build manifest of `assetsDir` once. Without a build (tests that do not build, a server started before
 * `npm run build`), or with an unreadable manifest, every page simply preloads nothing.
 */
export function readAssetManifest(assetsDir: string): AssetManifest {
  let manifest: Record<string, ManifestChunk> = {};
  try {
    manifest = JSON.parse(readFileSync(path.join(assetsDir, '.vite', 'manifest.json'), 'utf8'));
  } catch {
    // No build: nothing to preload.
  }
  const byFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]));
  const closures = new Map<string, string[]>();
  return {
    staticImports(entry) {
      const cached = closures.get(entry);
      if (cached) return cached;
      const seen = new Set<string>();
      const visit = (key: string) => {
        for (const imported of manifest[key]?.imports ?? []) {
          if (seen.has(imported)) continue;
          seen.add(imported);
          visit(imported);
        }
      };
      const key = byFile.get(entry);
      if (key) visit(key);
      const files = [...seen].map((imported) => manifest[imported]?.file).filter((file) => file !== undefined);
      const result = files.filter((file) => file !== entry);
      closures.set(entry, result);
      return result;
    },
  };
}
