// Load generator for bench/http.ts, run as a second process: keeps `concurrency` requests in
// flight against POST /match/default for `seconds`, then prints requests/s and latency
// percentiles as JSON. Usage: node bench/http-load.mjs <base-url> <seconds> <concurrency>
const [base, seconds = '10', concurrency = '32'] = process.argv.slice(2);
const names = ['MZKT', 'Minsk Wheeled Tractor Plant', 'Alexander Lukashenko', 'Volat', 'John Smith', 'Granpect Co. Ltd.', 'Acme Widgets GmbH', 'Olga Petrova', 'Rosneft', 'Sberbank'];
const latencies = [];
let errors = 0;
const until = performance.now() + Number(seconds) * 1000;
async function loop(k) {
  for (let i = k; performance.now() < until; i += Number(concurrency)) {
    const body = JSON.stringify({ queries: { q: { schema: 'LegalEntity', properties: { name: [names[i % names.length]] } } } });
    const t = performance.now();
    const res = await fetch(`${base}/match/default?limit=5`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await res.arrayBuffer();
    if (!res.ok) errors++;
    latencies.push(performance.now() - t);
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: Number(concurrency) }, (_, k) => loop(k)));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
console.log(JSON.stringify({ requests: latencies.length, errors, seconds: elapsed, rps: latencies.length / elapsed, p50: pct(50), p99: pct(99) }));
