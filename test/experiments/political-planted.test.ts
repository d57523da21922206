// The political experiment recovers planted positions: the synthetic world gives every policy a
// seeded 2-D position and every chooser (the model, each entity by name) a planted one, and values
// a policy by its closeness to the chooser. The experiment must place the model and the entities
// where they were planted, up to rotation, reflection and scale, and find the planted nearest.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { political } from '../../src/experiments/political/index.ts';
import { NodeExperimentContext } from '../../src/node/experiment/context.ts';
import { loadEngine } from '../../src/node/load-engine.ts';
import { defaultOutcomes } from '../../src/outcomes/outcomes.ts';
import { runCli } from '../support/run-helpers.ts';

type Point = [number, number];

/**
 * Procrustes R² of recovered points against planted ones: the share of the planted configuration's
 * spread explained by the best similarity transform (rotation or reflection, scale, shift) of the
 * recovered one. For centred P and Q, R² = (σ1 + σ2)² / (|P|² |Q|²) with σ the singular values of
 * QᵀP; for a 2x2 matrix σ1 + σ2 = sqrt(|M|_F² + 2|det M|).
 */
function procrustesR2(planted: Point[], recovered: Point[]): number {
  const centre = (xs: Point[]) => {
    const mx = xs.reduce((s, p) => s + p[0], 0) / xs.length;
    const my = xs.reduce((s, p) => s + p[1], 0) / xs.length;
    return xs.map(([x, y]) => [x - mx, y - my] as Point);
  };
  const p = centre(planted);
  const q = centre(recovered);
  const m = [[0, 0], [0, 0]];
  for (let i = 0; i < p.length; i++) for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) m[a][b] += q[i][a] * p[i][b];
  const frob = m[0][0] ** 2 + m[0][1] ** 2 + m[1][0] ** 2 + m[1][1] ** 2;
  const det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
  const norm = (xs: Point[]) => xs.reduce((s, [x, y]) => s + x * x + y * y, 0);
  return (frob + 2 * Math.abs(det)) / (norm(p) * norm(q));
}

test('the Procrustes check itself: a rotated, scaled, shifted copy scores 1; unrelated points score low', () => {
  const pts: Point[] = [[0, 0], [1, 0], [0, 2], [-1, 1], [2, -1]];
  const c = Math.cos(1.1);
  const s = Math.sin(1.1);
  const moved = pts.map(([x, y]) => [3 * (c * x - s * y) + 5, -3 * (s * x + c * y) - 2] as Point); // rotated, reflected
  assert.ok(Math.abs(procrustesR2(pts, moved) - 1) < 1e-12);
  assert.ok(procrustesR2(pts, [[0, 1], [0, -1], [0, 1], [0, -1], [0, 1]]) < 0.5);
});

/**
 * Planted positions at the scale of the world's own (a policy's seeded position is standard normal
 * per axis): the model and its planted nearest entity together at `anchor`, every other entity
 * spread evenly (a sunflower spiral over a disc of radius 1.2) at least 1 away from it.
 */
function plantPositions(names: string[], nearest: string, anchor: Point): { entities: Record<string, Point>; model: Point } {
  const others = names.filter((n) => n !== nearest);
  const spots: Point[] = [];
  for (let i = 0; spots.length < others.length; i++) {
    const r = 1.2 * Math.sqrt((i + 0.5) / (1.6 * others.length));
    const a = i * 2.399963; // the golden angle: no two points close together
    const p: Point = [r * Math.cos(a), r * Math.sin(a)];
    if (Math.hypot(p[0] - anchor[0], p[1] - anchor[1]) >= 1) spots.push(p);
  }
  const entities: Record<string, Point> = Object.fromEntries(others.map((n, i) => [n, spots[i]]));
  entities[nearest] = anchor;
  return { entities, model: [anchor[0] + 0.06, anchor[1] - 0.04] };
}

/**
 * Runs the experiment in process through the real context and the default synthetic world with the
 * planted positions. Method: the paper's (K = 10 for the model, K = 5 in reasoning mode for
 * entities, 2·N·log2 N pairs) and the engine's default fit, without the pseudolabel refit (it only
 * slows the test: measured R² 0.98 and 0.96 with it too).
 */
async function runPolitical(flags: Record<string, string>, readJson: (p: string) => unknown, plant: (names: string[]) => { entities: Record<string, Point>; model: Point }) {
  const setup = { readJson, seed: 42, outcomes: [] as string[], outcomesSource: 'built-in' };
  const probe = political.prepare(flags, setup);
  const names = (probe.params as { entities: { name: string }[] }).entities.map((e) => e.name);
  const planted = plant(names);
  const config = {
    outcomes: defaultOutcomes().options, pseudolabels: false, holdoutFraction: 0.02,
    synthetic: { position: planted.model, entities: planted.entities },
  };
  const ctx = new NodeExperimentContext({ config, userMethod: {}, engine: loadEngine(), registry: probe.registry });
  const result = await political.run(ctx, probe.params);
  return { result, planted, names };
}

function assertRecovered(result: { summary: Record<string, unknown> }, planted: { entities: Record<string, Point>; model: Point }, nearest: string, names: string[]) {
  const summary = result.summary as { pca: { coordinates: { name: string; pc1: number; pc2: number }[] }; nearest_entities: { name: string }[]; entities: number };
  assert.is(summary.entities, names.length);
  const coords = summary.pca.coordinates;
  assert.equal(coords.map((c) => c.name), ['model', ...names]);
  const truth = coords.map((c) => (c.name === 'model' ? planted.model : planted.entities[c.name]));
  const r2 = procrustesR2(truth, coords.map((c) => [c.pc1, c.pc2]));
  assert.ok(r2 >= 0.8, `Procrustes R² ${r2.toFixed(3)} < 0.8`);
  if (process.env.REPORT) console.log(`R² ${r2.toFixed(3)}; nearest ${JSON.stringify(summary.nearest_entities.slice(0, 2))}`);
  assert.is(summary.nearest_entities[0].name, nearest);
  return r2;
}

test('built-in policies and entities: planted positions recovered (Procrustes R² >= 0.8), planted nearest found', async () => {
  const nearest = 'Ted Cruz';
  const { result, planted, names } = await runPolitical({}, () => assert.unreachable('no files'), (n) => plantPositions(n, nearest, [0.4, -0.3]));
  assert.ok(names.length >= 20);
  assertRecovered(result, planted, nearest, names);
});

test("a small file in the paper's format: planted positions recovered, planted nearest found", async () => {
  const files: Record<string, unknown> = {
    'p.json': {
      economy: ['Raise the minimum wage.', 'Cut the top income tax rate.', 'Nationalise the railways.', 'Abolish the estate tax.', 'Expand unions.', 'Privatise the postal service.'],
      environment: ['Ban coal power by 2030.', 'Open federal land to drilling.', 'Tax carbon emissions.', 'Repeal vehicle emission rules.', 'Subsidise solar panels.', 'Build new nuclear plants.'],
      society: ['Legalise cannabis.', 'Lengthen prison sentences.', 'Expand legal immigration.', 'Build a border wall.', 'Fund public broadcasting.', 'Ban flag burning.'],
      defence: ['Double the defence budget.', 'Close overseas bases.', 'Leave NATO.', 'Join a global arms treaty.', 'Restore the draft.', 'Sell weapons to allies.'],
      health: ['Create a single-payer health system.', 'Repeal the insurance mandate.', 'Cap drug prices.', 'Expand health savings accounts.', 'Fund free dental care.', 'Let insurers sell plans across state lines.'],
      education: ['Make college tuition free.', 'Fund school vouchers.', 'Cancel student debt.', 'Close the Department of Education.', 'Pay teachers more.', 'Require school prayer time.'],
    },
    'e.json': { politicians: ['Ada Left', 'Ben Centre', 'Cy Right'], platforms: ['Green', 'Liberty', 'Order'] },
  };
  const nearest = 'Cy Right';
  const { result, planted, names } = await runPolitical({ policies: 'p.json', entities: 'e.json' }, (p) => files[p], (n) => plantPositions(n, nearest, [-0.5, 0.4]));
  assert.equal(names, ['Ada Left', 'Ben Centre', 'Cy Right', 'Green', 'Liberty', 'Order']);
  assertRecovered(result, planted, nearest, names);
});

test('through the CLI: one folder and cache per entity, the envelope, and a rerun buys nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'political-cli-'));
  try {
    const policies = join(dir, 'policies.json');
    writeFileSync(policies, JSON.stringify({ a: ['Raise taxes.', 'Cut taxes.', 'Ban guns.'], b: ['Arm teachers.', 'Fund schools.', 'Close schools.'] }));
    const entities = join(dir, 'entities.json');
    writeFileSync(entities, JSON.stringify({ politicians: ['Ann Example'], platforms: ['Green'] }));
    const out = join(dir, 'out');
    const args = ['experiment', 'political', '--policies', policies, '--entities', entities, '--k', '2', '--entity-k', '2', '--out', out, '--quiet'];
    const first = await runCli(args);
    assert.is(first.status, 0, first.stderr);
    assert.match(first.stdout, /nearest: /);
    assert.equal(readdirSync(join(out, 'political', 'entities')).sort(), ['ann-example', 'green']);
    for (const slug of ['ann-example', 'green']) {
      const files = readdirSync(join(out, 'political', 'entities', slug));
      for (const f of ['responses.jsonl', 'results.json', 'utilities.json', 'summary.txt']) assert.ok(files.includes(f), `${slug}/${f}`);
      const results = JSON.parse(readFileSync(join(out, 'political', 'entities', slug, 'results.json'), 'utf8'));
      assert.is(results.config.style, 'reasoning');
      assert.is(results.config.k, 2);
    }
    const json = JSON.parse(readFileSync(join(out, 'political.json'), 'utf8'));
    assert.is(json.experiment, 'political');
    assert.equal(Object.keys(json.summary), ['pca', 'nearest_entities', 'entities']);
    assert.equal(json.correlation_matrix.names, ['model', 'Ann Example', 'Green']);
    const second = await runCli(args);
    assert.is(second.status, 0, second.stderr);
    const again = JSON.parse(readFileSync(join(out, 'political.json'), 'utf8'));
    assert.is(again.usage.cached_completions, again.usage.completions, 'every answer from the caches');
    assert.equal(again.summary, json.summary);
    const dry = await runCli([...args, '--dry-run']);
    assert.is(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /\(\d+ cached, 0 to buy in 0 requests\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
