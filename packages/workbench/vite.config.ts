import vue from '@vitejs/plugin-vue';
import ElementPlus from 'unplugin-element-plus/vite';
import { defaultClientConditions, defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

export default defineConfig({
  // Each Element Plus component brings its own stylesheet, so a screen loads only the CSS it shows.
  // Brotli and gzip copies beside each file: the server sends them as they are, compressing nothing
  // per request.
  plugins: [vue(), ElementPlus({}), compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 })],
  // Bundle @tccc-dialer/web from its TypeScript source, so no library build is needed first.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: { proxy: { '/api': 'http://localhost:3000' } },
  // The dashboard's chart library is one lazy chunk of ~550 kB that only supervisors load.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 600 },
});
