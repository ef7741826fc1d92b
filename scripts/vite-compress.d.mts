/** The files worth compressing: text formats the server sends as they are built. */
export const compressible: RegExp;
/** The brotli (quality 11) and gzip (level 9) bytes of `bytes`. */
export function compressBoth(bytes: Uint8Array): Promise<{ br: Buffer; gz: Buffer }>;
/** Writes `file.br` and `file.gz` next to each of `files` (paths relative to `dir`) that compresses smaller. */
export function precompress(dir: string, files: readonly string[]): Promise<void>;
/** The Vite plugin: precompresses every file of the bundle once it is written. */
export function precompressedFiles(): import('vite').Plugin;
