// Pipeline throughput of `utility-engine run`: a full default run over the built-in outcomes
// (K = 10, the paper's budget, active-learning refits, pseudolabels, held-out pairs, response
// cache) against `serve-synthetic` with no injected latency, in completions handled per second,
// with the peak memory of the process doing it. Baselines measured in the same script:
//  - raw SDK: the same kind of requests (n = 10) sent by a bare openai-SDK loop at the same
//    concurrency, nothing else — the transport's ceiling on this machine;
//  - in process: the same pipeline with the synthetic model in process (no HTTP).
// Each measurement runs in its own child process so peak memory is its own.
// Run: node --import tsx bench/run.bench.ts   (after npm run build)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { FORCED_CHOICE_TEMPLATE, DEFAULT_SYSTEM_MESSAGE, renderPrompt } from '../src/elicit/prompts.js';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';
import { runUtilities } from '../src/node/run/run-utilities.js';

const CLI = new URL('../dist/node/cli.js', import.meta.url).pathname;
/** Requests in the raw-SDK baseline (each n = 10): enough for a stable rate, short enough to wait for. */
const RAW_REQUESTS = 4000;
const CONCURRENCY = 30; // the run's default

interface Measurement {
  completions: number;
  seconds: number;
  rate: number;
  peakRssMB: number;
  heldOutAccuracy?: number;
}

async function child(kind: string, url: string): Promise<Measurement> {
  const outcomes = defaultOutcomes().options;
  if (kind === 'raw-sdk') {
    const sdk = new OpenAI({ baseURL: url, apiKey: 'bench', maxRetries: 0 });
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < RAW_REQUESTS) {
        const i = next++;
        const a = outcomes[i % outcomes.length].description;
        const b = outcomes[(i * 7 + 1) % outcomes.length].description;
        await sdk.chat.completions.create({
          model: 'synthetic', n: 10, temperature: 1, max_tokens: 10,
          messages: [{ role: 'system', content: DEFAULT_SYSTEM_MESSAGE }, { role: 'user', content: renderPrompt(FORCED_CHOICE_TEMPLATE, a, b) }],
        });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    return { completions: RAW_REQUESTS * 10, seconds, rate: (RAW_REQUESTS * 10) / seconds, peakRssMB: process.resourceUsage().maxRSS / 1024 };
  }
  const dir = mkdtempSync(join(tmpdir(), 'ue-bench-run-'));
  try {
    const started = performance.now();
    const results = await runUtilities({
      outcomes, cacheFile: join(dir, 'responses.jsonl'),
      ...(kind === 'pipeline-http' ? { baseUrl: url, model: 'synthetic' } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      completions: results.usage.completions, seconds, rate: results.usage.completions / seconds,
      peakRssMB: process.resourceUsage().maxRSS / 1024, heldOutAccuracy: results.holdout_metrics.accuracy,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function measure(kind: string, url: string): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', kind, url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${kind} exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const [flag, kind, url] = process.argv.slice(2);
  if (flag === '--child') {
    process.stdout.write(JSON.stringify(await child(kind, url)));
    return;
  }
  const server = spawn(process.execPath, [CLI, 'serve-synthetic', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const serverUrl = await new Promise<string>((resolve) => {
    let s = '';
    server.stdout.on('data', (d) => {
      s += d;
      const m = /at (http:\S+\/v1)/.exec(s);
      if (m) resolve(m[1]);
    });
  });
  try {
    const raw = await measure('raw-sdk', serverUrl);
    const http = await measure('pipeline-http', serverUrl);
    const local = await measure('pipeline-in-process', serverUrl);
    const row = (name: string, m: Measurement, ratio: string) =>
      `| ${name} | ${m.completions.toLocaleString('en-US')} | ${m.seconds.toFixed(1)} | ${Math.round(m.rate).toLocaleString('en-US')} | ${ratio} | ${Math.round(m.peakRssMB)} |`;
    console.log(`utility-engine run throughput (${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${(await import('node:os')).cpus().length} cores)`);
    console.log('| measurement | completions | seconds | completions/s | vs raw SDK | peak RSS (MB) |');
    console.log('|---|---:|---:|---:|---:|---:|');
    console.log(row('raw openai SDK loop, n = 10 (baseline)', raw, '1.00'));
    console.log(row('full run over HTTP (serve-synthetic)', http, (http.rate / raw.rate).toFixed(2)));
    console.log(row('full run, synthetic model in process', local, (local.rate / raw.rate).toFixed(2)));
    console.log(`held-out accuracy: ${http.heldOutAccuracy?.toFixed(3)} over HTTP, ${local.heldOutAccuracy?.toFixed(3)} in process (equal answers, equal results)`);
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
