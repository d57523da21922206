// The engine embedded in other JavaScript runtimes: Deno and Bun load the built package (dist/
// and build/engine.wasm) with their own file APIs, fit a graph, and must agree with Node to 1e-12.
// Both runtimes are pinned devDependencies (npm packages `deno` and `bun`), so after `npm ci` they
// are in node_modules/.bin; DENO_PATH / BUN_PATH override. A test skips, saying why, only when its
// binary is missing or cannot run on this machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { plantedGraph } from '../src/sampling/planted-graph.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = pathToFileURL(join(ROOT, 'dist', 'index.js')).href;
const WASM = join(ROOT, 'build', 'engine.wasm');
const built = existsSync(join(ROOT, 'dist', 'index.js')) && existsSync(WASM);

/** The fits each runtime runs: the default optimiser and the paper's Adam. */
const FITS = [{ seed: 3 }, { optimizer: 'adam', epochs: 200 }] as const;

// What a Deno or Bun user writes: import the portable entry point, read the .wasm with the
// runtime's own file API, instantiate, fit. Only the line that reads the bytes differs.
const script = (readBytes: string) => `
import { instantiateEngine, fitThurstonian } from ${JSON.stringify(DIST)};
const [wasmPath, graphPath] = ${'__ARGS__'};
const engine = await instantiateEngine(${readBytes});
const graph = JSON.parse(new TextDecoder().decode(${readBytes.replace('wasmPath', 'graphPath')}));
const fits = ${JSON.stringify(FITS)}.map((options) => {
  const r = fitThurstonian(engine, graph, options);
  return { means: Array.from(r.means), variances: Array.from(r.variances), metrics: r.metrics,
    ids: Object.keys(r.utilities), iterations: r.fit.iterations };
});
console.log(JSON.stringify(fits));
`;

interface Runtime {
  name: string;
  env: string;
  bin: string;
  version: string[];
  run(scriptFile: string): string[];
  source: string;
}

const RUNTIMES: Runtime[] = [
  {
    name: 'Deno',
    env: 'DENO_PATH',
    bin: join(ROOT, 'node_modules', '.bin', 'deno'),
    version: ['--version'],
    // Read access to the package and the temporary folder only; no network, no prompts.
    run: (file) => ['run', '--no-prompt', `--allow-read=${ROOT},${tmpdir()}`, file],
    source: script('await Deno.readFile(wasmPath)').replace('__ARGS__', 'Deno.args'),
  },
  {
    name: 'Bun',
    env: 'BUN_PATH',
    bin: join(ROOT, 'node_modules', '.bin', 'bun'),
    version: ['--version'],
    run: (file) => ['run', file],
    source: script('new Uint8Array(await Bun.file(wasmPath).arrayBuffer())').replace('__ARGS__', 'Bun.argv.slice(2)'),
  },
];

/** The runtime's binary if it is there and runs here, else the reason it is not. */
function locate(rt: Runtime): { bin: string } | { skip: string } {
  const bin = process.env[rt.env] ?? rt.bin;
  if (!existsSync(bin)) return { skip: `${rt.name} not found at ${bin} (npm ci installs the pinned devDependency; or set ${rt.env})` };
  const probe = spawnSync(bin, rt.version, { encoding: 'utf8', timeout: 30_000 });
  if (probe.status !== 0) return { skip: `${rt.name} at ${bin} does not run on this machine: ${(probe.stderr || String(probe.error)).trim().split('\n')[0]}` };
  return { bin };
}

for (const rt of RUNTIMES) {
  test(`${rt.name} fits a graph with the built WASM engine; the result equals Node's to 1e-12`, async () => {
    const found = locate(rt);
    if ('skip' in found) {
      console.log(`  skipped: ${found.skip}`);
      return;
    }
    assert.ok(built, 'dist/ or build/engine.wasm is missing: run `npm run build` first');
    // Node runs the same built files, so the comparison is runtime against runtime.
    const { fitThurstonian, instantiateEngine } = await import(DIST) as typeof import('../src/index.js');
    const engine = await instantiateEngine(readFileSync(WASM));
    const graph = plantedGraph({ n: 60, seed: 11 }).graph;
    const inNode = FITS.map((options) => fitThurstonian(engine, graph, options));

    const dir = mkdtempSync(join(tmpdir(), `ue-${rt.name.toLowerCase()}-`));
    try {
      const scriptFile = join(dir, 'fit.mjs');
      const graphFile = join(dir, 'graph.json');
      writeFileSync(scriptFile, rt.source);
      writeFileSync(graphFile, JSON.stringify(graph));
      const out = spawnSync(found.bin, [...rt.run(scriptFile), WASM, graphFile], {
        encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 24,
        env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(dir, 'deno-cache') },
      });
      assert.is(out.status, 0, `${rt.name} failed: ${out.stderr}`);
      const fits = JSON.parse(out.stdout) as { means: number[]; variances: number[]; metrics: { log_loss: number; accuracy: number }; ids: string[]; iterations: number }[];
      assert.is(fits.length, FITS.length);
      fits.forEach((there, f) => {
        const here = inNode[f];
        assert.is(there.means.length, 60);
        assert.is(there.iterations, here.fit.iterations, `iterations (${JSON.stringify(FITS[f])})`);
        assert.equal(there.ids, Object.keys(here.utilities));
        for (let i = 0; i < 60; i++) {
          assert.ok(Math.abs(there.means[i] - here.means[i]) <= 1e-12, `mean ${i}: ${there.means[i]} vs ${here.means[i]}`);
          assert.ok(Math.abs(there.variances[i] - here.variances[i]) <= 1e-12, `variance ${i}: ${there.variances[i]} vs ${here.variances[i]}`);
        }
        assert.ok(Math.abs(there.metrics.log_loss - here.metrics.log_loss) <= 1e-12, 'log-loss');
        assert.is(there.metrics.accuracy, here.metrics.accuracy);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test.run();
