import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { locateOptions } from '../../src/elicit/synthetic-model.ts';
import { renderPrompt } from '../../src/elicit/prompts.ts';
import { InputError } from '../../src/errors.ts';
import { analysePolitical } from '../../src/experiments/political/analysis.ts';
import { flattenSummary } from '../../src/experiments/summary-columns.ts';
import {
  defaultEntities, defaultPolicies, entityMarker, entitySlug, entityTemplate, parseEntities, parsePolicies,
  policyTemplate, politicalRegistry,
} from '../../src/experiments/political/options.ts';
import { assertRefused } from '../support/experiment-helpers.ts';
import { CLI, finished, runCli } from '../support/run-helpers.ts';

test('built-in sets: at least 60 policies in at least 10 areas; politicians and platforms with distinct folders', () => {
  const policies = defaultPolicies();
  assert.ok(policies.options.length >= 60, `${policies.options.length} policies`);
  assert.ok(new Set(policies.categories).size >= 10, 'areas');
  const entities = defaultEntities();
  assert.ok(entities.some((e) => e.kind === 'politician') && entities.some((e) => e.kind === 'platform'));
  assert.is(new Set(entities.map((e) => e.slug)).size, entities.length);
});

test('entity prompts: the world finds both options, and each entity marker is found only in its own prompt', () => {
  const entities = defaultEntities();
  for (const e of entities) {
    const prompt = renderPrompt(entityTemplate(e), 'Raise taxes.', 'Cut taxes.');
    assert.equal(locateOptions(prompt), ['Raise taxes.', 'Cut taxes.']);
    assert.ok(prompt.includes('Answer: A'), 'reasoning mode');
    for (const other of entities) assert.is(prompt.includes(entityMarker(other)), other === e, `${other.name} in ${e.name}'s prompt`);
  }
  // A name that is a suffix of another does not match the longer one's prompt.
  const [short, long] = parseEntities({ politicians: ['Sanders', 'Bernie Sanders'] });
  assert.not.ok(renderPrompt(entityTemplate(long), 'x', 'y').includes(entityMarker(short)));
  const own = renderPrompt(policyTemplate('letter'), 'Raise taxes.', 'Cut taxes.');
  assert.equal(locateOptions(own), ['Raise taxes.', 'Cut taxes.']);
  for (const e of entities) assert.not.ok(own.includes(entityMarker(e)), "the model's own prompt takes no perspective");
});

test('registry: every policy is a policy, every entity a perspective framing', () => {
  const reg = politicalRegistry(parsePolicies({ tax: ['Raise taxes.', 'Cut taxes.'], guns: ['Ban guns.'] }), parseEntities({ platforms: ['Green'] }));
  assert.equal(reg.options, { 'Raise taxes.': { kind: 'policy' }, 'Cut taxes.': { kind: 'policy' }, 'Ban guns.': { kind: 'policy' } });
  assert.equal(reg.framings, [{ contains: 'think a typical adherent of the Green platform would prefer', perspective: 'Green' }]);
});

test('slugs: lower case, dashes, accents dropped', () => {
  assert.is(entitySlug('Alexandria Ocasio-Cortez'), 'alexandria-ocasio-cortez');
  assert.is(entitySlug('  George W. Bush '), 'george-w-bush');
  assert.is(entitySlug('Andrés Manuel López Obrador'), 'andres-manuel-lopez-obrador');
});

test('bad files: each refused with a message naming the problem', () => {
  const refuses = (f: () => unknown, pattern: RegExp) => {
    try {
      f();
    } catch (err) {
      assert.instance(err, InputError);
      assert.match((err as Error).message, pattern);
      return;
    }
    assert.unreachable(`expected ${pattern}`);
  };
  refuses(() => parseEntities({ politician: ['A'] }, 'e.json'), /e\.json has neither a "politicians" nor a "platforms" key/);
  refuses(() => parseEntities([], 'e.json'), /must be an object/);
  refuses(() => parseEntities({ politicians: [] }), /lists no entities/);
  refuses(() => parseEntities({ politicians: ['A B', 'a-b'] }), /duplicates "A B"/);
  refuses(() => parseEntities({ platforms: ['Model'] }), /reserved/);
  refuses(() => parseEntities({ politicians: 'Bernie' }), /must be a list/);
  refuses(() => parsePolicies({}, 'p.json'), /p\.json is empty/);
  refuses(() => parsePolicies({ tax: [] }, 'p.json'), /category "tax" is an empty policy list/);
  refuses(() => parsePolicies(['a', 'b', 'c'], 'p.json'), /\{category: \[policy, \.\.\.\]\}/);
  refuses(() => parsePolicies({ tax: ['a', 'a', 'b'] }), /duplicates/);
  refuses(() => parsePolicies({ tax: ['a', 'b'] }), /at least 3/);
});

test('analysis: nearest entities by Pearson, the model row named "model", a correlation matrix', () => {
  const model = { name: 'ignored', means: [2, 1, 0, -1, -2] };
  const entities = [
    { name: 'opposite', means: [-2, -1, 0, 1, 2] },
    { name: 'close', means: [2, 1.2, 0, -1, -2.2] },
    { name: 'flat', means: [0, 0, 0, 0, 0] },
    { name: 'middle', means: [1, -1, 1, -1, 0] },
  ];
  const { summary, details } = analysePolitical(model, entities);
  assert.equal(summary.nearest_entities.map((e) => e.name), ['close', 'middle', 'opposite']); // flat: undefined, left out
  assert.is(summary.nearest_entities[2].pearson, -1);
  assert.is(summary.entities, 4);
  assert.equal(summary.pca.coordinates.map((c) => c.name), ['model', 'opposite', 'close', 'flat', 'middle']);
  assert.is(details.correlation_matrix.matrix.length, 5);
  assert.is(details.correlation_matrix.matrix[0][1], -1);
  assert.is(details.correlation_matrix.matrix[1][0], -1);
  assert.ok(Number.isNaN(details.correlation_matrix.matrix[0][3]));
  const [v1, v2] = summary.pca.explained_variance;
  assert.ok(v1 >= v2 && v1 + v2 <= 1 + 1e-12);
});

test('summary as sweep.csv columns: the model\'s and each entity\'s PC1 and PC2, each nearest entity\'s correlation', () => {
  const { summary } = analysePolitical({ name: 'model', means: [2, 1, 0, -1] }, [{ name: 'A', means: [2, 0.5, 0, -1] }, { name: 'B', means: [0, 1, -1, 2] }]);
  const flat = flattenSummary(summary, 'political');
  assert.is(flat['political.pca.coordinates.model'], summary.pca.coordinates[0].pc1);
  assert.is(flat['political.pca.coordinates.model.pc2'], summary.pca.coordinates[0].pc2);
  assert.is(flat['political.pca.coordinates.B.pc2'], summary.pca.coordinates[2].pc2);
  assert.is(flat['political.nearest_entities.A'], summary.nearest_entities[0].pearson);
  assert.is(flat['political.entities'], 2);
  assert.is(flat['political.pca.explained_variance'], summary.pca.explained_variance.join(' '));
});

test('analysis: rows on a line of positions land on PC1 in order, PC2 near zero', () => {
  // Utility of policy j for a chooser at x: x * w_j (a 1-D world) — PC1 must order the choosers by x.
  const w = [1, -0.5, 2, 0.3, -1.2, 0.8];
  const xs = [0.1, -2, -1, 1, 2];
  const rows = xs.map((x, i) => ({ name: `e${i}`, means: w.map((wj) => x * wj) }));
  const { summary } = analysePolitical(rows[0], rows.slice(1));
  const pc1 = summary.pca.coordinates.map((c) => c.pc1);
  const sign = Math.sign(pc1[4] - pc1[1]);
  const order = xs.map((_, i) => i).sort((a, b) => sign * (pc1[a] - pc1[b]));
  assert.equal(order, xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]));
  assert.ok(Math.abs(summary.pca.explained_variance[0] - 1) < 1e-9);
  for (const c of summary.pca.coordinates) assert.ok(Math.abs(c.pc2) < 1e-6);
});

test('bad input through the CLI: one line, exit 2, nothing written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'political-bad-'));
  try {
    const entities = join(dir, 'entities.json');
    writeFileSync(entities, JSON.stringify({ politician: ['Ann'], parties: ['Green'] }));
    await assertRefused(['political', '--entities', entities], join(dir, 'out1'), /entities\.json has neither a "politicians" nor a "platforms" key/);
    const policies = join(dir, 'policies.json');
    writeFileSync(policies, JSON.stringify({ economy: ['Raise taxes.', 'Cut taxes.', 'Abolish taxes.'], guns: [] }));
    await assertRefused(['political', '--policies', policies], join(dir, 'out2'), /category "guns" is an empty policy list/);
    writeFileSync(policies, '{}');
    await assertRefused(['political', '--policies', policies], join(dir, 'out3'), /policies\.json is empty/);
    await assertRefused(['political', '--entity-k', '0'], join(dir, 'out4'), /--entity-k must be a positive integer/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('killed (kill -9) during an entity run, then rerun: resumes from the caches, same result as an uninterrupted run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'political-kill-'));
  try {
    const policies = join(dir, 'policies.json');
    writeFileSync(policies, JSON.stringify({ a: Array.from({ length: 12 }, (_, i) => `Policy number ${i + 1}.`), b: Array.from({ length: 12 }, (_, i) => `Measure number ${i + 1}.`) }));
    const entities = join(dir, 'entities.json');
    writeFileSync(entities, JSON.stringify({ politicians: ['Ann Example', 'Bo Sample'], platforms: ['Green'] }));
    const args = (out: string) => ['experiment', 'political', '--policies', policies, '--entities', entities, '--k', '2', '--entity-k', '3', '--out', out, '--quiet'];
    const whole = await runCli(args(join(dir, 'whole')));
    assert.is(whole.status, 0, whole.stderr);

    const out = join(dir, 'killed');
    const child = spawn(process.execPath, [CLI, ...args(out)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const done = finished(child);
    const second = join(out, 'political', 'entities', 'bo-sample', 'responses.jsonl');
    while (!(existsSync(second) && statSync(second).size > 0) && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    const killed = await done;
    assert.is(killed.signal, 'SIGKILL', 'killed mid-run');
    assert.not.ok(existsSync(join(out, 'political.json')), 'no output from a killed run');

    const resumed = await runCli(args(out));
    assert.is(resumed.status, 0, resumed.stderr);
    const a = JSON.parse(readFileSync(join(dir, 'whole', 'political.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(out, 'political.json'), 'utf8'));
    assert.equal(b.summary, a.summary);
    assert.ok(b.usage.cached_completions > 0, 'answers bought before the kill were reused');
    assert.is(b.usage.completions, a.usage.completions);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
