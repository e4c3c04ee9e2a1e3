import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway serves web/dist at `/` with an SPA fallback. During `npm run dev -w web`
// the API calls go to a gateway on its default address.
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/v1': 'http://127.0.0.1:8080',
    },
  },
});
