// vite build: the console as static files for /console/ (dist/index.html and hashed assets/).
// TSX is compiled by Vite's own transformer with tsconfig.json's "jsx": "react-jsx" and
// "jsxImportSource": "preact"; pages and Chart.js load as separate chunks on demand.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Every browser the console supports preloads modules itself; the polyfill is dead weight.
    modulePreload: { polyfill: false },
    // Nothing is inlined as a data: URL except what img-src allows.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
});
