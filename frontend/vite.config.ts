import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The API lives on the same origin under /api (the start script mounts it there); in `vite dev` the
// backend runs on its own port, so the dev server forwards /api to it.
const apiTarget = process.env.VERITREE_API ?? 'http://127.0.0.1:8787'

export default defineConfig({
  plugins: [react()],
  // Another workspace's dependency tree hoists React 18 to the repository root; hoisted libraries
  // (react-query) would pick it up next to this app's React 19 and break hooks. One copy only.
  resolve: { dedupe: ['react', 'react-dom'] },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: { host: '127.0.0.1' },
  build: { outDir: 'dist', sourcemap: true },
})
