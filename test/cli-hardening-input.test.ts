// Defects found by an adversarial pass over the CLI (bad input), each pinned through the real built
// CLI: what was tried, and what a user must get instead: a one-line message and exit 2 before
// anything is asked or written. Run-time defects are in cli-hardening-run.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { plantedGraph } from '../src/sampling/planted-graph.js';
import { refused, runCli, writeOutcomes } from './support/run-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ue-hardening-'));
const outcomes = writeOutcomes(dir, 12, 40);
const small = ['--outcomes', outcomes, '--k', '2', '--quiet'];

test('(2) huge size flags are refused at once, naming the bound; nothing is written', async () => {
  const out = join(dir, 'huge');
  refused(await runCli(['run', ...small, '--k', '100000000', '--out', out]), /--k must be a positive integer up to 1000 \(got "100000000"\)/, out);
  refused(await runCli(['run', ...small, '--k', '1e21', '--out', out]), /--k must be/, out);
  refused(await runCli(['run', ...small, '--concurrency', '1e9', '--out', out]), /--concurrency must be a positive integer up to 1000/, out);
  refused(await runCli(['run', ...small, '--edges-per-round', '1e12', '--out', out]), /--edges-per-round/, out);
  refused(await runCli(['transitivity', ...small, '--triads', '1e12', '--out', out]), /--triads must be an integer from 1 to 10000000/, out);
  writeFileSync(join(dir, 'm.json'), JSON.stringify([[0, 1, 0], [0, 0, 1], [1, 0, 0]]));
  refused(await runCli(['cycles', join(dir, 'm.json'), '--bins', '100000000']), /--bins must be an integer from 1 to 10000/);
  refused(await runCli(['cycles', join(dir, 'm.json'), '--bins', '1e9']), /--bins/);
});

test('(4) fit refuses held-out edges that repeat training edges (either orientation)', async () => {
  const { graph } = plantedGraph({ n: 10, seed: 3 });
  const e = graph.edges[4];
  const path = join(dir, 'leaky.json');
  writeFileSync(path, JSON.stringify({ ...graph, holdout_edges: [{ a: e.b, b: e.a, probability_a: 1 - e.probability_a }] }));
  const out = join(dir, 'leaky.out.json');
  refused(await runCli(['fit', path, '--out', out]), /held-out edge 0 \(\d+, \d+\) repeats training edge 4; held-out pairs must not be fitted/, out);
  // The paper's layout holds pairs out by their ids in either order, so the same pair keyed twice
  // lands on one side, where it is refused as a duplicate.
  const opts = [0, 1, 2].map((id) => ({ id, description: `o${id}` }));
  const edge = (a: number, b: number, p: number) => ({ option_A: opts[a], option_B: opts[b], probability_A: p, aux_data: {} });
  writeFileSync(join(dir, 'leaky-paper.json'), JSON.stringify({ graph_data: {
    options: opts, edges: { '(0, 1)': edge(0, 1, 0.7), '(1, 2)': edge(1, 2, 0.6), '(1, 0)': edge(1, 0, 0.3) }, holdout_edge_indices: [[1, 0]],
  } }));
  refused(await runCli(['fit', join(dir, 'leaky-paper.json')]), /edge 1 \(1, 0\) duplicates edge 0/);
});

test('(5) a --timeout beyond what a timer can hold is refused', async () => {
  refused(await runCli(['run', ...small, '--timeout', '2147484', '--dry-run']), /--timeout must be a positive number of seconds, at most 3600/);
  const ok = await runCli(['run', ...small, '--timeout', '3600', '--dry-run']);
  assert.is(ok.status, 0, ok.stderr);
});

test('(6) credentials in --base-url are refused up front and never shown', async () => {
  const withPassword = await runCli(['run', ...small, '--base-url', 'http://user:hunter2secret@127.0.0.1:9/v1', '--model', 'm', '--dry-run']);
  refused(withPassword, /must not contain a user name or password .*OPENAI_API_KEY/);
  assert.not.match(withPassword.stderr, /hunter2secret|user:/);
  const inQuery = await runCli(['run', ...small, '--base-url', 'http://127.0.0.1:9/v1?api-key=hunter2secret', '--model', 'm', '--dry-run']);
  refused(inQuery, /must not carry credentials in its query \("api-key"/);
  assert.not.match(inQuery.stderr, /hunter2secret/);
  const env = await runCli(['run', ...small, '--model', 'm', '--dry-run'], { ...process.env, OPENAI_BASE_URL: 'https://me:hunter2secret@example.org/v1' });
  refused(env, /must not contain a user name or password/);
  assert.not.match(env.stderr, /hunter2secret/);
});

test('(11) negative numbers are accepted as values: --synthetic-bias -0.5', async () => {
  const out = join(dir, 'negative');
  const r = await runCli(['run', ...small, '--synthetic-bias', '-0.5', '--seed', '-3', '--out', out]);
  assert.is(r.status, 0, r.stderr);
  const config = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).config;
  assert.is(config.synthetic.positionBias, -0.5);
  assert.is(config.seed, -3);
  // A missing value is still an error, with the hint whole on one line.
  refused(await runCli(['run', ...small, '--synthetic-bias', '--dry-run']), /--synthetic-bias/);
});

test('(12) deeply nested JSON: "nested too deeply", exit 2, in run and cycles', async () => {
  const deep = join(dir, 'deep.json');
  writeFileSync(deep, '['.repeat(1_000_000) + ']'.repeat(1_000_000));
  refused(await runCli(['run', '--outcomes', deep, '--dry-run']), /deep\.json is nested too deeply \(more than 256 levels/);
  refused(await runCli(['cycles', deep]), /nested too deeply/);
  refused(await runCli(['fit', deep]), /nested too deeply/);
});

test('(13) serve-synthetic --log naming a folder is refused at start', async () => {
  const folder = join(dir, 'log-folder');
  mkdirSync(folder);
  refused(await runCli(['serve-synthetic', '--port', '0', '--log', folder]), /--log .*log-folder is a folder; give a file/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
