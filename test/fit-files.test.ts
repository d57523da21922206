import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluate, fitThurstonian, InputError, readGraph } from '../src/index.js';
import { fitFile } from '../src/node/commands/fit.js';
import { loadEngine } from '../src/node/index.js';
import { fitFiles, fitOutputPath } from '../src/node/pool/fit-files.js';
import { plantedGraph } from '../src/sampling/planted-graph.js';

const engine = loadEngine();
const SHARED_SAMPLE = new URL('../../shared/fixtures/reference-results-sample.json', import.meta.url);
let dir = '';

test.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'ue-fit-files-'));
});
test.after.each(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeGraph(name: string, seed: number): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(plantedGraph({ n: 30, seed }).graph));
  return path;
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

test('fits every file through the pool and writes <name>.utilities.json like single fit', async () => {
  const paths = [writeGraph('a.json', 1), writeGraph('b.json', 2), writeGraph('c.graph.json', 3)];
  const out = join(dir, 'out');
  const done = await fitFiles(paths, { outDir: out, threads: 2, fitOptions: { seed: 5 } });
  assert.equal(done.map((d) => d.output), [join(out, 'a.utilities.json'), join(out, 'b.utilities.json'), join(out, 'c.graph.utilities.json')]);
  paths.forEach((path, i) => {
    const file = read(done[i].output);
    const expected = fitThurstonian(engine, read(path), { seed: 5 });
    assert.equal(Object.keys(file), ['options', 'utilities', 'metrics', 'holdout_metrics', 'fit', 'intervals', 'config', 'versions']);
    assert.is(file.intervals, null, 'no intervals unless --ci asks');
    assert.is(file.holdout_metrics, null);
    assert.is(file.config.input, path);
    assert.is(file.config.seed, 5);
    assert.is(file.config.edges, read(path).edges.length);
    assert.equal(file.utilities, expected.utilities);
    assert.equal(file.metrics, expected.metrics);
    assert.is(file.fit.iterations, expected.fit.iterations);
    assert.is(file.options.length, 30);
  });
});

test('the paper layout loads, and held-out edges are scored into holdout_metrics', async () => {
  if (!existsSync(SHARED_SAMPLE)) {
    console.log('  skipped: ../shared/fixtures is absent');
    return;
  }
  const path = join(dir, 'paper.json');
  writeFileSync(path, readFileSync(SHARED_SAMPLE));
  const [done] = await fitFiles([path], { threads: 1 });
  assert.is(done.output, join(dir, 'paper.utilities.json'), 'written beside the input by default');
  const file = read(done.output);
  const loaded = readGraph(read(path));
  assert.ok(loaded.holdout.length > 0);
  const expected = fitThurstonian(engine, loaded.graph);
  assert.equal(file.utilities, expected.utilities);
  const held = evaluate(engine, loaded.graph, expected.utilities, loaded.holdout);
  assert.is(file.holdout_metrics.log_loss, held.log_loss);
  assert.is(file.holdout_metrics.accuracy, held.accuracy);
  // Held-out accuracy carries a Wilson interval around it.
  const [lo, hi] = file.holdout_metrics.accuracy_ci;
  assert.ok(lo < held.accuracy && held.accuracy < hi, `${lo} < ${held.accuracy} < ${hi}`);
  // The same file as single-file fit writes, apart from timing.
  const single = JSON.parse(JSON.stringify(await fitFile(path, {})));
  for (const f of [file, single]) f.fit.seconds = 0;
  assert.equal(file, single);
});

test('one bad file: an InputError naming it, and nothing is written', async () => {
  const good = writeGraph('good.json', 1);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ options: [{ id: 0, description: 'x' }, { id: 1, description: 'y' }], edges: [{ a: 0, b: 7, probability_a: 0.5 }] }));
  const out = join(dir, 'out');
  await rejects(fitFiles([good, bad], { outDir: out }), /bad\.json: edge 0 .* unknown option id 7/);
  await rejects(fitFiles([good, join(dir, 'missing.json')], { outDir: out }), /cannot read .*missing\.json/);
  writeFileSync(bad, '{"options": [');
  await rejects(fitFiles([good, bad], { outDir: out }), /bad\.json is not valid JSON/);
  await rejects(fitFiles([good], { outDir: out, fitOptions: { optimizer: 'sgd' as never } }), /options\.optimizer/);
  await rejects(fitFiles([]), /at least one graph file/);
  assert.not.ok(existsSync(out), 'no output folder was created');
  assert.equal(readdirSync(dir).sort(), ['bad.json', 'good.json']);
});

test('two inputs that would write the same output are refused', async () => {
  const a = writeGraph('same.json', 1);
  const sub = join(dir, 'sub');
  const b = join(sub, 'same.json');
  writeGraph('x.json', 2);
  mkdirSync(sub);
  writeFileSync(b, readFileSync(join(dir, 'x.json')));
  await rejects(fitFiles([a, b], { outDir: join(dir, 'out') }), /would both write .*same\.utilities\.json/);
  assert.is(fitOutputPath('/x/y/g.JSON'), '/x/y/g.utilities.json');
});

async function rejects(p: Promise<unknown>, pattern: RegExp) {
  try {
    await p;
  } catch (err) {
    assert.instance(err, InputError);
    assert.match((err as Error).message, pattern);
    return;
  }
  assert.unreachable('expected a rejection');
}

test.run();
