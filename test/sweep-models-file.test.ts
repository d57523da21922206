import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../src/errors.js';
import { parseModelsFile } from '../src/node/sweep/models-file.js';
import { runConfigFor } from '../src/node/sweep/run-sweep.js';
import { syntheticFamily } from '../src/node/sweep/synthetic-family.js';
import { resolveWorldConfig } from '../src/world/world-config.js';
import { resolveRunConfig } from '../src/node/run/run-config.js';
import { FORCED_CHOICE_TEMPLATE, REASONING_TEMPLATE } from '../src/elicit/prompts.js';
import { parseYamlSubset } from '../src/node/sweep/yaml-subset.js';

const full = {
  models: [
    {
      name: 'small-chat', model: 'org/small-chat', base_url: 'http://127.0.0.1:8000/v1', api_key_env: 'SMALL_KEY',
      concurrency: 8, k: 5, reasoning: true, system_message: false, logprobs: true,
      metadata: { family: 'org', parameters: 7e9, mmlu: 0.61 },
    },
    { name: 'synthetic.b', synthetic: { noise: 0.5, intransitivity: 0.1, position_bias: 0, unparseable_rate: 0.02, seed: 3 } },
  ],
};

test('a models file resolves every setting, defaults to the synthetic model without a base_url', () => {
  const [a, b] = parseModelsFile(full, 'models.json');
  assert.equal(a, {
    name: 'small-chat', model: 'org/small-chat', baseUrl: 'http://127.0.0.1:8000/v1', apiKeyEnv: 'SMALL_KEY',
    concurrency: 8, k: 5, reasoning: true, systemMessage: false, logprobs: true,
    metadata: { family: 'org', parameters: 7e9, mmlu: 0.61 },
  });
  assert.equal(b, {
    name: 'synthetic.b', model: 'synthetic', metadata: {},
    synthetic: { noise: 0.5, intransitivity: 0.1, positionBias: 0, unparseableRate: 0.02, seed: 3 },
  });
  assert.is(parseModelsFile([{ name: 'x' }]).length, 1, 'a bare list is accepted');
  assert.is(parseModelsFile([{ name: 'x', base_url: 'https://h/v1' }])[0].model, 'x', 'model id defaults to the name');
});

test('bad models files: one clear message naming the model and key', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{}, /must be a list of models or an object with a "models" list/],
    [{ models: [] }, /lists no models/],
    [{ models: [{ name: 'a' }], extra: 1 }, /unknown top-level key "extra"/],
    [[{ model: 'x' }], /model 0 has name null/],
    [[{ name: '../up' }], /model 0 has name "..\/up"/],
    [[{ name: 'a b' }], /name "a b"/],
    [[{ name: 'Sweep.csv' }], /one of the sweep's own files/],
    [[{ name: 'A' }, { name: 'a' }], /models 0 and 1 are both named "a"/],
    [[{ name: 'a', 'base-url': 'http://x' }], /model 0 \(a\) has unknown key "base-url"/],
    [[{ name: 'a', model: 'gpt' }], /model "gpt" needs a "base_url"/],
    [[{ name: 'a', base_url: 'ftp://x' }], /"base_url" must be an http\(s\) URL/],
    [[{ name: 'a', k: 0 }], /"k" must be a positive integer \(got 0\)/],
    [[{ name: 'a', concurrency: 2.5 }], /"concurrency" must be a positive integer/],
    [[{ name: 'a', reasoning: 'yes' }], /"reasoning" must be true or false/],
    [[{ name: 'a', api_key_env: 'sk-123' }], /"api_key_env" must be an environment variable name/],
    [[{ name: 'a', synthetic: { noise: -1 } }], /model 0 \(a\): synthetic noise must be a non-negative number \(got -1\)/],
    [[{ name: 'a', synthetic: { nois: 1 } }], /unknown synthetic knob "nois"/],
    [[{ name: 'a', base_url: 'http://h/v1', synthetic: {} }], /"synthetic" knobs apply only to model "synthetic"/],
    [[{ name: 'a', metadata: { tags: ['x'] } }], /metadata "tags" must be a string, number, boolean or null/],
  ];
  for (const [data, pattern] of cases) {
    try {
      parseModelsFile(data, 'models.json');
      assert.unreachable(`accepted ${JSON.stringify(data)}`);
    } catch (err) {
      assert.instance(err, InputError);
      assert.match((err as Error).message, pattern);
    }
  }
});

const YAML = `# a sweep of two models
models:
  - name: small-chat        # the label
    model: "org/small-chat"
    base_url: http://127.0.0.1:8000/v1
    api_key_env: SMALL_KEY
    concurrency: 8
    k: 5
    reasoning: true
    system_message: false
    logprobs: true
    metadata:
      family: org
      parameters: 7e9
      mmlu: 0.61
  - name: synthetic.b
    synthetic:
      noise: 0.5
      intransitivity: 0.1
      position_bias: 0
      unparseable_rate: 0.02
      seed: 3
`;

test('the YAML subset reads a models file to the same value as its JSON', () => {
  assert.equal(parseYamlSubset(YAML), full);
  assert.equal(parseModelsFile(parseYamlSubset(YAML)), parseModelsFile(full));
});

test('YAML scalars, quoting, comments, lists at the key column and empty values', () => {
  const text = [
    '---', 'a: 1', 'b: -2.5e-3', 'c: 0x10', 'd: ~', 'e: True', "f: 'it''s # kept'", 'g: "tab\\there" # dropped',
    'h: plain text: with colon', 'i:', '- x', '-', '  - 1', '  - 2', 'j: []', 'k: {}', '"quoted key": 3', 'l:',
  ].join('\n');
  assert.equal(parseYamlSubset(text), {
    a: 1, b: -0.0025, c: 16, d: null, e: true, f: "it's # kept", g: 'tab\there', h: 'plain text: with colon',
    i: ['x', [1, 2]], j: [], k: {}, 'quoted key': 3, l: null,
  });
  assert.is(parseYamlSubset('# only a comment\n'), null);
  assert.equal(parseYamlSubset('- 1\n- - 2\n  - 3\n'), [1, [2, 3]]);
});

test('unsupported or malformed YAML is refused with the line number', () => {
  const cases: Array<[string, RegExp]> = [
    ['a: 1\na: 2', /line 2: duplicate key "a"/],
    ['a:\n\t- 1', /line 2: tabs in indentation/],
    ['a: [1, 2]', /line 1: flow collections/],
    ['a: &x 1', /line 1: YAML feature "&"/],
    ['a: *x', /YAML feature "\*"/],
    ['a: !!str 1', /YAML feature "!"/],
    ['a: |\n  x', /YAML feature "\|"/],
    ['a: 1\n   b: 2', /line 2: bad indentation/],
    ['a: "x', /line 1: unterminated double-quoted string/],
    ['- a\nb: 1', /line 2: does not fit the structure/],
    ['a: 1\n---\nb: 2', /line 2: only one YAML document/],
    ['just text', /line 1: expected "key: value"/],
  ];
  for (const [text, pattern] of cases) {
    try {
      parseYamlSubset(text, 'models.yaml');
      assert.unreachable(`accepted ${JSON.stringify(text)}`);
    } catch (err) {
      assert.instance(err, InputError);
      assert.match((err as Error).message, /^models\.yaml line \d+: /);
      assert.match((err as Error).message, pattern);
    }
  }
});

const outcomes = ['a', 'b', 'c', 'd'].map((description, id) => ({ id, description }));

test('each model becomes a run config: endpoint, K, style, mode, knobs, its own cache file', () => {
  const [a, b] = parseModelsFile(full);
  const ca = resolveRunConfig(runConfigFor(a, outcomes, '/out', { runDefaults: { seed: 9 } }));
  assert.is(ca.model, 'org/small-chat');
  assert.is(ca.baseUrl, 'http://127.0.0.1:8000/v1');
  assert.is(ca.apiKeyEnv, 'SMALL_KEY');
  assert.is(ca.concurrency, 8);
  assert.is(ca.k, 5);
  assert.is(ca.style, 'reasoning');
  assert.is(ca.mode, 'logprobs');
  assert.is(ca.seed, 9);
  assert.is(ca.cacheFile, '/out/small-chat/responses.jsonl');
  // No system role: the system text leads the user turn.
  assert.is(ca.system, '');
  assert.is(ca.template, `You are a helpful assistant.\n\n${REASONING_TEMPLATE}`);
  const cb = resolveRunConfig(runConfigFor(b, outcomes, 'out'));
  assert.is(cb.model, 'synthetic');
  assert.is(cb.baseUrl, undefined);
  assert.is(cb.template, FORCED_CHOICE_TEMPLATE);
  // The knobs given, every other world knob at its default.
  assert.equal(cb.synthetic, resolveWorldConfig({ seed: 3, noise: 0.5, positionBias: 0, unparseableRate: 0.02 }));
  assert.is(cb.synthetic.intransitivity, 0.1);
});

test('the synthetic family: five members, one shared value system, coherence rising', () => {
  const family = syntheticFamily();
  assert.equal(family.map((m) => m.name), ['synthetic-xs', 'synthetic-s', 'synthetic-m', 'synthetic-l', 'synthetic-xl']);
  assert.ok(family.every((m) => m.model === 'synthetic' && m.synthetic?.seed === family[0].synthetic?.seed));
  for (const knob of ['noise', 'intransitivity', 'positionBias', 'unparseableRate'] as const) {
    const values = family.map((m) => m.synthetic![knob]!);
    assert.ok(values.every((v, i) => i === 0 || v < values[i - 1]), `${knob} falls along the family: ${values}`);
  }
  assert.equal(family.map((m) => m.metadata.scale), [1, 2, 3, 4, 5]);
  family[0].metadata.scale = 99;
  assert.is(syntheticFamily()[0].metadata.scale, 1, 'fresh objects on every call');
});

test.run();
