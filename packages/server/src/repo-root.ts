import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root (where `themes/`, `locales/` and `dist/` are): the first directory above this module with
 * a `package-lock.json`. Found by walking up, so that it is the same from the TypeScript sources
 * (`packages/server/src/`, tests through tsx) and from the compiled server (`packages/server/dist/`, `npm start`).
 */
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package-lock.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRepoRoot();
