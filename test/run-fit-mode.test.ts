// How run fits: the default refits warm-started MAP fits and cross-validates the final strength on
// asked pairs; `--optimizer adam` follows the paper, every fit fresh with no prior.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitIndexed, type FitOptions } from '../src/fit/fit.js';
import { FIXED_PRIOR_STRENGTH } from '../src/fit/prior.js';
import { measure } from '../src/node/run/run-utilities.js';
import { engine } from './support/engine.js';

const outcomes = Array.from({ length: 24 }, (_, i) => ({ id: i, description: `Outcome number ${i}.` }));

async function fitsOf(config: Record<string, unknown>) {
  const seen: Array<FitOptions & { edges: number }> = [];
  const state = await measure({ outcomes, k: 2, edgesPerRound: 20, seed: 3, ...config }, {
    engine,
    fit: async (g, o) => {
      seen.push({ ...o, edges: g.edgeA.length });
      return fitIndexed(engine, g, o);
    },
  });
  return { seen, state };
}

test('paper mode: every fit starts afresh (no warm start) and fits the plain likelihood', async () => {
  const { seen, state } = await fitsOf({ optimizer: 'adam', ci: 'none' });
  assert.ok(seen.length >= 3, `${seen.length} fits`);
  for (const o of seen) {
    assert.is(o.init, undefined, 'a paper-mode fit was warm-started');
    assert.is(o.prior, 'none');
  }
  assert.is(state.final.fit.optimizer, 'adam');
  assert.is(state.final.fit.prior, 'none');
});

test('default: refits warm-start MAP fits; the final strength is cross-validated on asked pairs and reused with pseudolabels', async () => {
  const { seen, state } = await fitsOf({});
  assert.is(seen[0].init, undefined);
  for (const o of seen.slice(1)) assert.ok(o.init instanceof Float64Array, 'a refit started cold');
  const rounds = seen.filter((o) => o.tolerance !== undefined);
  assert.ok(rounds.length >= 1);
  for (const o of rounds) assert.is(o.priorStrength, FIXED_PRIOR_STRENGTH);
  const finals = seen.filter((o) => o.tolerance === undefined);
  assert.is(finals[0].priorStrength, 'cv', 'the asked-pairs fit cross-validates');
  if (state.pseudolabels.length > 0) {
    assert.is(finals.length, 2);
    assert.type(finals[1].priorStrength, 'number', 'the pseudolabel fit reuses the chosen strength');
    assert.ok(finals[1].edges > finals[0].edges);
  }
  assert.is(state.final.fit.prior_choice?.method, 'cv');
  // Laplace intervals by default, centred on the reported utilities.
  const iv = state.intervals!;
  assert.is(iv.method, 'laplace');
  for (let i = 0; i < outcomes.length; i++) {
    assert.ok(iv.lo[i] < state.final.means[i] && state.final.means[i] < iv.hi[i]);
    assert.ok(Math.abs((iv.lo[i] + iv.hi[i]) / 2 - state.final.means[i]) < 1e-12);
  }
});

test.run();
