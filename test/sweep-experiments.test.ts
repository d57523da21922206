// `sweep --experiments`: each model's experiment summaries reach sweep.json and, flattened, sweep.csv.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../src/errors.js';
import { findExperiment } from '../src/experiments/registry.js';
import { experimentList } from '../src/node/commands/sweep.js';
import { runSweep } from '../src/node/sweep/run-sweep.js';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';

const outcomes = defaultOutcomes().options.filter((_, i) => i % 25 === 0).slice(0, 15);
const models = [{ name: 'a', model: 'synthetic', metadata: {} }, { name: 'b', model: 'synthetic', synthetic: { seed: 5 }, metadata: {} }];
const small = {
  'time-discounting': { delays: '5', 'max-delay': '24', multipliers: '6', k: '2' },
  'exchange-rates': { groups: '', 'n-values': '1,10,100', bootstrap: '3' },
};
let dir = '';

test.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sweep-exp-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

function experiments(groupsFile: string) {
  return [
    { experiment: findExperiment('time-discounting')!, flags: small['time-discounting'] },
    { experiment: findExperiment('exchange-rates')!, flags: { ...small['exchange-rates'], groups: groupsFile } },
  ];
}

test('each model gets its experiment files; summaries join sweep.json and flat columns join sweep.csv', async () => {
  const groups = join(dir, 'groups.json');
  writeFileSync(groups, JSON.stringify(['United States', 'Japan']));
  const out = join(dir, 'sweep');
  const { rows } = await runSweep({ models, outcomes, outDir: out, threads: 1, experiments: experiments(groups) });
  assert.equal(rows.map((r) => r.status), ['ok', 'ok'], rows.map((r) => r.error).join('; '));
  for (const m of ['a', 'b']) {
    assert.ok(existsSync(join(out, m, 'time-discounting.json')));
    assert.ok(existsSync(join(out, m, 'exchange-rates.json')));
  }
  const json = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8'));
  assert.equal(Object.keys(json.models[0].experiments), ['time-discounting', 'exchange-rates']);
  assert.equal(json.config.experiments, ['time-discounting', 'exchange-rates']);
  const [header, first] = readFileSync(join(out, 'sweep.csv'), 'utf8').trimEnd().split('\n').map((l) => l.split(','));
  for (const column of ['time-discounting.better_fit', 'time-discounting.hyperbolic.k', 'exchange-rates.rates.Japan', 'exchange-rates.rates.Japan.vs_reference_ci.low', 'exchange-rates.money_r2']) {
    assert.ok(header.includes(column), column);
  }
  const cell = (name: string) => first[header.indexOf(name)];
  assert.is(Number(cell('exchange-rates.rates.United States')), 1, 'the reference against itself');
  assert.is(cell('time-discounting.better_fit'), json.models[0].experiments['time-discounting'].better_fit ?? '');
  // The experiments' completions are counted in the row: run + 5 x 6 questions x 2 orders x 2 samples + the exchange-rate fit.
  assert.ok(json.models[0].completions > 120);
});

test('bad experiment input stops the sweep before anything is asked; unknown names are refused', async () => {
  const out = join(dir, 'bad');
  const bad = [{ experiment: findExperiment('exchange-rates')!, flags: { 'n-values': '1,2.5' } }];
  try {
    await runSweep({ models, outcomes, outDir: out, experiments: bad });
    assert.unreachable('should throw');
  } catch (err) {
    assert.instance(err, InputError);
    assert.match((err as Error).message, /model "a", experiment exchange-rates: --n-values must be positive integers/);
  }
  assert.not.ok(existsSync(out));
  assert.throws(() => experimentList('time-discounting,nope'), /--experiments: unknown experiment "nope"/);
  assert.equal(experimentList('time-discounting, time-discounting').map((e) => e.name), ['time-discounting']);
});

test.run();
