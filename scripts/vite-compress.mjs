// Precompressed copies of the browser bundle: next to every built .js, .css, .json and .svg file, `file.br` (brotli,
// quality 11) and `file.gz` (gzip, level 9), written once at `vite build` so the server never compresses per request.
// The server picks one by the request's Accept-Encoding (@fastify/static `preCompressed`, packages/server/src/pages/
// public-files.ts). A copy that would not be smaller than the file is not written: the server then sends the file.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The files worth compressing: text formats the server sends as they are built. */
export const compressible = /\.(?:js|css|json|svg)$/;

/** The brotli (quality 11) and gzip (level 9) bytes of `bytes`. */
export async function compressBoth(bytes) {
  const [br, gz] = await Promise.all([
    brotli(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
    gzipAsync(bytes, { level: 9 }),
  ]);
  return { br, gz };
}

/** Writes `file.br` and `file.gz` next to each of `files` (paths relative to `dir`) that compresses smaller. */
export async function precompress(dir, files) {
  await Promise.all(
    files
      .filter((file) => compressible.test(file))
      .map(async (file) => {
        const full = path.join(dir, file);
        const bytes = await readFile(full);
        const { br, gz } = await compressBoth(bytes);
        if (br.length < bytes.length) await writeFile(`${full}.br`, br);
        if (gz.length < bytes.length) await writeFile(`${full}.gz`, gz);
      }),
  );
}

/** The Vite plugin: precompresses every file of the bundle once it is written. */
export function precompressedFiles() {
  return {
    name: 'portico-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      // Not Vite's own manifest (`.vite/manifest.json`): the server reads it, no browser does.
      await precompress(
        options.dir,
        Object.keys(bundle).filter((file) => !file.startsWith('.vite/')),
      );
    },
  };
}
