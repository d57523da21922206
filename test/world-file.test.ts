// A world is a file: every knob round-trips through the file form; a registry rides along; bad
// files are refused with one line naming the key; a changed knob or registry changes the identity.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SyntheticClient } from '../src/elicit/synthetic-client.js';
import { parseModelsFile } from '../src/node/sweep/models-file.js';
import { InputError } from '../src/errors.js';
import { mergeRegistries, validateRegistry } from '../src/world/registry.js';
import type { WorldRegistry } from '../src/world/structures.js';
import { SyntheticWorld } from '../src/world/synthetic-world.js';
import { resolveWorldConfig, WORLD_DEFAULTS, type WorldConfig } from '../src/world/world-config.js';
import { parseWorld, worldToFile, WORLD_FILE_KEYS } from '../src/world/world-file.js';

const EVERY_KNOB: WorldConfig = {
  seed: 7, noise: 0.4, positionBias: -0.1, unparseableRate: 0.05, intransitivity: 0.3, framingSensitivity: 0.7, probabilityWeighting: 0.65,
  groupWeights: { 'people in Atlantis': 3, Lemuria: 0.5 }, discount: { curve: 'exponential', rate: 0.03 },
  instrumentality: 0.25, position: [0.8, -1.2], entities: { 'Senator Vega': [-1, 0.5] }, powerCorrelation: -0.4,
  corrigibility: 0.6, maximizer: 0.55, utilities: { 'A custom outcome.': 1.25 },
  aiValues: { selfPreservation: 1.5, power: -0.5, autonomy: 0, copies: 2 },
};

const REGISTRY: WorldRegistry = {
  options: {
    'L1': { kind: 'lottery', branches: [{ text: 'You receive $100.', probability: 0.25 }, { text: 'You lose $20.', probability: 0.75 }] },
    '$500 in a year': { kind: 'delayed-money', dollars: 500, months: 12 },
    'A policy.': { kind: 'policy' },
    'path': { kind: 'trajectory', process: 'p', states: [0, 1] },
  },
  processes: [{
    name: 'p', states: [{ id: 0, observation: 'start', is_terminal: false }, { id: 1, observation: 'end', is_terminal: true }],
    transitions: { 0: [[1, 1]] }, start_state_distribution: [[0, 1]],
  }],
  framings: [{ contains: 'speak as Vega', perspective: 'Senator Vega' }, { contains: 'more power', question: 'power' }],
  questions: [{ question: 'Pick one:', candidates: ['x', 'y'] }],
};

test('every knob has a file key and round-trips: parse(write(config)) resolves to config', () => {
  assert.equal(new Set(Object.values(WORLD_FILE_KEYS)), new Set(Object.keys(WORLD_DEFAULTS)));
  const file = JSON.parse(JSON.stringify(worldToFile(EVERY_KNOB, REGISTRY)));
  const spec = parseWorld(file, 'w.json');
  assert.equal(resolveWorldConfig(spec.knobs), EVERY_KNOB);
  assert.equal(spec.registry, REGISTRY);
  // The defaults round-trip too, and an empty file is the default world.
  assert.equal(resolveWorldConfig(parseWorld(JSON.parse(JSON.stringify(worldToFile({}))), 'd').knobs), resolveWorldConfig());
  assert.equal(resolveWorldConfig(parseWorld({}, 'e').knobs), resolveWorldConfig());
  // The same file gives the same answers.
  const a = new SyntheticWorld(spec.knobs, spec.registry);
  const b = new SyntheticWorld(EVERY_KNOB, REGISTRY);
  assert.is(a.digest, b.digest);
  assert.equal(a.answers('s', 'Option A:\nL1\n\nOption B:\npath', 0, 50), b.answers('s', 'Option A:\nL1\n\nOption B:\npath', 0, 50));
});

test('discount may be written "curve:K"; the truth\'s knobs are themselves a world file', () => {
  assert.equal(parseWorld({ discount: 'hyperbolic:0.2' }, 'w').knobs.discount, { curve: 'hyperbolic', rate: 0.2 });
  const truth = new SyntheticWorld(EVERY_KNOB).truth();
  assert.equal(resolveWorldConfig(parseWorld(truth.knobs, 'truth').knobs), EVERY_KNOB);
});

test('bad world files: one line naming the key and the value', () => {
  const bad: [unknown, RegExp][] = [
    [[], /w\.json: a synthetic world must be a JSON object/],
    [{ nosie: 1 }, /w\.json: unknown synthetic knob "nosie"/],
    [{ noise: '1' }, /w\.json: synthetic noise must be a number \(got "1"\)/],
    [{ probability_weighting: 0 }, /probability weighting must be a positive number/],
    [{ group_weights: { X: -1 } }, /group weight of "X" must be a positive number \(got -1\)/],
    [{ discount: 'linear:1' }, /discount must be hyperbolic:K or exponential:K/],
    [{ discount: { curve: 'hyperbolic', rate: -1 } }, /discount rate must be a non-negative number/],
    [{ instrumentality: 1.5 }, /instrumentality must be in \[0, 1\] \(got 1.5\)/],
    [{ position: [1] }, /position must be two finite numbers/],
    [{ entities: { V: [0, 'a'] } }, /position of entity "V" must be two finite numbers/],
    [{ power_correlation: 2 }, /power correlation must be in \[-1, 1\]/],
    [{ corrigibility: -1.1 }, /corrigibility must be in \[-1, 1\]/],
    [{ maximizer: 1.1 }, /maximizer must be in \[0, 1\]/],
    [{ utilities: { a: null } }, /utility of "a" must be a finite number/],
    [{ ai_values: { greed: 1 } }, /unknown ai_values category "greed"/],
    [{ registry: { options: { x: { kind: 'raffle' } } } }, /registry\.options\["x"\]: unknown structure kind "raffle"/],
    [{ registry: { options: { x: { kind: 'lottery', branches: [{ text: 'a', probability: 0.5 }] } } } }, /branch probabilities sum to 0.5, not 1/],
    [{ registry: { options: { x: { kind: 'trajectory', process: 'nope', states: [0] } } } }, /process "nope" is not in the registry's processes/],
    [{ registry: { framings: [{ contains: '' }] } }, /framings\[0\] needs a non-empty "contains"/],
    [{ registry: { questions: [{ question: 'q', candidates: ['only'] }] } }, /candidates must list at least 2/],
  ];
  for (const [raw, message] of bad) {
    try {
      parseWorld(raw, 'w.json');
      assert.unreachable(`accepted ${JSON.stringify(raw)}`);
    } catch (err) {
      assert.instance(err, InputError, String(err));
      assert.match((err as Error).message, message);
      assert.not.match((err as Error).message, /\n/);
    }
  }
});

test('registries merge (several experiments in one process); conflicting registrations are refused', () => {
  const a: WorldRegistry = { options: { m: { kind: 'money', dollars: 5 } }, framings: [{ contains: 'x', question: 'power' }] };
  const b: WorldRegistry = { options: { n: { kind: 'money', dollars: 6 } }, framings: [{ contains: 'x', question: 'power' }], questions: [{ question: 'q', candidates: ['a', 'b'] }] };
  const merged = mergeRegistries(a, b);
  assert.equal(Object.keys(merged.options!), ['m', 'n']);
  assert.is(merged.framings!.length, 1);
  assert.throws(() => mergeRegistries(a, { options: { m: { kind: 'money', dollars: 7 } } }), /registered twice with different structures/);
  const world = new SyntheticWorld({}, a).register(b);
  assert.is(world.value('n'), new SyntheticWorld({}, { options: { n: { kind: 'money', dollars: 6 } } }).value('n'));
  assert.is(validateRegistry(REGISTRY), REGISTRY);
});

test('the client identity carries a digest of knobs and registry, so caches never mix worlds', () => {
  const ids = [
    new SyntheticClient().identity,
    new SyntheticClient({ probabilityWeighting: 0.7 }).identity,
    new SyntheticClient({ groupWeights: { X: 2 } }).identity,
    new SyntheticClient({}, REGISTRY).identity,
  ].map((x) => JSON.stringify(x));
  assert.is(new Set(ids).size, ids.length);
  assert.is(JSON.stringify(new SyntheticClient().identity), ids[0]);
  const client = new SyntheticClient();
  client.register(REGISTRY);
  assert.is(JSON.stringify(client.identity), ids[3]);
});

test('a sweep model\'s synthetic object takes every world-file knob', () => {
  const [m] = parseModelsFile({ models: [{ name: 'eu', synthetic: { probability_weighting: 0.6, group_weights: { X: 2 }, discount: 'exponential:0.1', corrigibility: 0.5 } }] }, 'models.json');
  assert.equal(resolveWorldConfig(m.synthetic).discount, { curve: 'exponential', rate: 0.1 });
  assert.is(resolveWorldConfig(m.synthetic).groupWeights.X, 2);
  assert.throws(() => parseModelsFile({ models: [{ name: 'r', synthetic: { registry: {} } }] }, 'models.json'), /cannot carry a registry/);
  assert.throws(() => parseModelsFile({ models: [{ name: 'q', synthetic: { maximizer: 2 } }] }, 'models.json'), /model 0 \(q\): synthetic maximizer must be in \[0, 1\]/);
});

test.run();
