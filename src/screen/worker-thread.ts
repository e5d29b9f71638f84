// A worker thread running one of this folder's modules, compiled (.js) or, under tsx (tests,
// `npx tsx`), as TypeScript: Node 20 workers do not inherit tsx's loader, so a TypeScript worker
// registers it itself.
import { Worker } from 'node:worker_threads';

export function startWorker(moduleName: string, workerData: unknown): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${moduleName}.js`, here), { workerData });
  const module = new URL(`./${moduleName}.ts`, here).href;
  return new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(module)}); })`, { eval: true, workerData });
}
