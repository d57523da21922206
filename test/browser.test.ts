// The engine embedded in a web page: headless Chromium loads the built package (dist/ and
// build/engine.wasm) from a local HTTP server, fits a graph, and must agree with Node to 1e-12.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { plantedGraph } from '../src/sampling/planted-graph.js';
import { testIf } from './support/skips.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json',
};

// What a browser user writes: import the portable entry point, compile the .wasm, fit.
const PAGE = `<!doctype html><meta charset="utf-8"><title>utility-engine</title>
<script type="module">
  import { instantiateEngine, fitThurstonian } from '/dist/index.js';
  const module = await WebAssembly.compileStreaming(fetch('/build/engine.wasm'));
  const engine = await instantiateEngine(module);
  window.fitInPage = (graph, options) => {
    const r = fitThurstonian(engine, graph, options);
    return { means: Array.from(r.means), variances: Array.from(r.variances), metrics: r.metrics,
      utilities: r.utilities, iterations: r.fit.iterations };
  };
  window.engineReady = true;
</script>`;

/** Serves the page, dist/ and build/engine.wasm (nothing else) on 127.0.0.1. */
function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/') {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(PAGE);
      return;
    }
    const file = resolve(ROOT, '.' + path);
    const allowed = file.startsWith(join(ROOT, 'dist') + sep) || file === join(ROOT, 'build', 'engine.wasm');
    if (!allowed || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? jsFiles(join(dir, d.name)) : d.name.endsWith('.js') ? [join(dir, d.name)] : []);
}

const built = existsSync(join(ROOT, 'dist', 'index.js')) && existsSync(join(ROOT, 'build', 'engine.wasm'));

test('the portable build (dist/ outside dist/node) imports no node: modules and no packages', () => {
  assert.ok(built, 'dist/ or build/engine.wasm is missing: run `npm run build` first');
  const portable = jsFiles(join(ROOT, 'dist')).filter((f) => !relative(join(ROOT, 'dist'), f).startsWith('node' + sep));
  assert.ok(portable.length > 5);
  for (const file of portable) {
    // Comments (TSDoc examples mention 'utility-engine/node') are not imports.
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    // A 'from' string literal (a flag name) is not an import: the keyword is never quoted.
    const specifiers = [...code.matchAll(/(?:(?<!['"`])\bfrom\s*|\bimport\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    for (const s of specifiers) {
      assert.ok(s.startsWith('./') || s.startsWith('../'), `${relative(ROOT, file)} imports ${s}, which a browser cannot load`);
    }
  }
});

const withChromium = testIf(test, existsSync(CHROMIUM) ? undefined : `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

withChromium('headless Chromium fits a graph with the WASM engine; the result equals Node\'s to 1e-12', async () => {
  assert.ok(built, 'dist/ or build/engine.wasm is missing: run `npm run build` first');
  const { chromium } = await import('playwright-core');
  // Node runs the same built files the page loads, so the comparison is runtime against runtime.
  const { fitThurstonian, instantiateEngine } = await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href) as typeof import('../src/index.js');
  const loadEngine = () => instantiateEngine(readFileSync(join(ROOT, 'build', 'engine.wasm')));
  const graph = plantedGraph({ n: 60, seed: 11 }).graph;
  const node = fitThurstonian(await loadEngine(), graph, { seed: 3 });
  const adamNode = fitThurstonian(await loadEngine(), graph, { optimizer: 'adam', epochs: 200 });

  const server = await serve();
  const profile = mkdtempSync(join(tmpdir(), 'ue-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000,
  });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => (window as unknown as { engineReady?: boolean }).engineReady === true, undefined, { timeout: 15_000 })
      .catch(() => assert.unreachable(`the engine did not load in the page: ${errors.join('; ') || 'no page error'}`));
    type PageFit = { means: number[]; variances: number[]; metrics: { log_loss: number; accuracy: number }; utilities: Record<string, unknown>; iterations: number };
    const fitInPage = (options: object) => page.evaluate(([g, o]) =>
      (window as unknown as { fitInPage(g: unknown, o: unknown): PageFit }).fitInPage(g, o), [graph, options] as const);
    for (const [inNode, options] of [[node, { seed: 3 }], [adamNode, { optimizer: 'adam', epochs: 200 }]] as const) {
      const inPage = await fitInPage(options);
      assert.is(inPage.means.length, 60);
      assert.is(inPage.iterations, inNode.fit.iterations);
      assert.equal(Object.keys(inPage.utilities), Object.keys(inNode.utilities));
      for (let i = 0; i < 60; i++) {
        assert.ok(Math.abs(inPage.means[i] - inNode.means[i]) <= 1e-12, `mean ${i}: ${inPage.means[i]} vs ${inNode.means[i]}`);
        assert.ok(Math.abs(inPage.variances[i] - inNode.variances[i]) <= 1e-12, `variance ${i}`);
      }
      assert.ok(Math.abs(inPage.metrics.log_loss - inNode.metrics.log_loss) <= 1e-12);
      assert.is(inPage.metrics.accuracy, inNode.metrics.accuracy);
    }
    assert.equal(errors, []);
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test.run();
