// The web UI is a React single-page app in web/, built by Vite into web/dist, which the API
// server serves at /. In development `npx vite` proxies the API to a running `sanctrace serve`.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '^/(match|search|entities|catalog|articles|datasets|screen|healthz|algorithms|audit|alerts|portfolios|xref|reconcile|readyz|updatez|openapi)': 'http://127.0.0.1:8000' } },
});
