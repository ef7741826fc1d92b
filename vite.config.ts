import { defineConfig } from 'vite';
import { precompressedFiles } from './scripts/vite-compress.mjs';

// One ES module per page element plus the embed loader. Rollup splits what the entries share
// (Lit, the base element) into common chunks, so a page that loads both elements loads Lit once.
export default defineConfig({
  plugins: [precompressedFiles()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    manifest: true,
    target: 'es2022',
    // Minified (oxc): these files go to browsers as they are, nobody re-bundles them, so whitespace and
    // pure annotations go too (lib mode keeps them unless output.minify says otherwise).
    minify: 'oxc',
    lib: {
      entry: {
        'portico-signup': 'packages/elements/src/portico-signup.ts',
        'portico-portal': 'packages/elements/src/portico-portal.ts',
        'portico-embed': 'packages/embed/src/portico-embed.ts',
      },
      formats: ['es'],
    },
    rollupOptions: {
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        minify: true,
        comments: { legal: false, annotation: false, jsdoc: false },
      },
    },
  },
});
