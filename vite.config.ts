import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import AutoImport from 'unplugin-auto-import/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

const webSrc = (p: string) => fileURLToPath(new URL(`./web/src/${p}`, import.meta.url));

// Vendor groups: the big libraries change rarely, so they get their own long-cached chunks.
// Higher priority claims a module first: vue must not be swallowed into the element-plus chunk.
const vendorGroups = [
  { name: 'vendor-element-plus', priority: 10, test: /[\\/]node_modules[\\/](element-plus|@element-plus|@floating-ui|@ctrl|async-validator|lodash-unified|lodash-es|@vueuse|memoize-one|normalize-wheel-es|dayjs)[\\/]/ },
  { name: 'vendor-chart', priority: 20, test: /[\\/]node_modules[\\/](chart\.js|@kurkle)[\\/]/ },
  { name: 'vendor-vue', priority: 30, test: /[\\/]node_modules[\\/](@vue|vue|vue-router|pinia)[\\/]/ },
];

export default defineConfig({
  root: 'web',
  plugins: [
    vue(),
    // ElMessage / ElMessageBox used without an import in SFCs; their CSS is imported by hand in main.ts.
    AutoImport({ resolvers: [ElementPlusResolver()], dts: webSrc('auto-imports.d.ts') }),
    Components({ resolvers: [ElementPlusResolver()], dirs: [], dts: webSrc('components.d.ts') }),
  ],
  server: {
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir: '../dist/web',
    // bench/web.ts reads it to report each route's own JavaScript and CSS.
    manifest: true,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
});
