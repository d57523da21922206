import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../src/errors.js';
import { parseModelsFile } from '../src/node/sweep/models-file.js';
import { runConfigFor } from '../src/node/sweep/run-sweep.js';
import { syntheticFamily } from '../src/node/sweep/synthetic-family.js';
import { resolveWorldConfig } from '../src/world/world-config.js';
import { resolveRunConfig } from '../src/node/run/run-config.js';
import { FORCED_CHOICE_TEMPLATE, REASONING_TEMPLATE } from '../src/elicit/prompts.js';
import { parseModelsYaml } from '../src/node/sweep/models-yaml.js';

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

test('a YAML models file reads to the same value as its JSON', () => {
  assert.equal(parseModelsYaml(YAML), full);
  assert.equal(parseModelsFile(parseModelsYaml(YAML)), parseModelsFile(full));
});

test('YAML 1.2: flow collections, anchors and aliases, core-schema scalars', () => {
  const text = [
    'defaults: &gpu {gpus: 2, time: "08:00:00"}', 'models:', '  - {name: a, slurm: *gpu}', '  - name: b', '    slurm: *gpu',
    'yes_is: yes', 'hex: 0x10', 'big: 7e9', 'nothing: ~', 'block: |', '  two', '  lines',
  ].join('\n');
  assert.equal(parseModelsYaml(text), {
    defaults: { gpus: 2, time: '08:00:00' },
    models: [{ name: 'a', slurm: { gpus: 2, time: '08:00:00' } }, { name: 'b', slurm: { gpus: 2, time: '08:00:00' } }],
    yes_is: 'yes', hex: 16, big: 7e9, nothing: null, block: 'two\nlines\n',
  });
  assert.is(parseModelsYaml('# only a comment\n'), null);
});

test('malformed YAML is refused with the line and column', () => {
  const cases: Array<[string, RegExp]> = [
    ['a: 1\na: 2', /line 2, column 1: Map keys must be unique/],
    ['a:\n\t- 1', /line 2, column 1: Tabs are not allowed/],
    ['a: "x', /line 1, column 6: Missing closing "quote/],
    ['a: 1\n---\nb: 2', /line 2, column 1: a models file is one YAML document/],
    ['x: 1\n y: 2', /line 1, column 4: /],
  ];
  for (const [text, pattern] of cases) {
    try {
      parseModelsYaml(text, 'models.yaml');
      assert.unreachable(`accepted ${JSON.stringify(text)}`);
    } catch (err) {
      assert.instance(err, InputError);
      assert.match((err as Error).message, pattern);
      assert.is((err as Error).message.split('\n').length, 1, 'one line');
    }
  }
});

test('serve and slurm keys: defaults, validation, unknown slurm keys named', () => {
  const [m] = parseModelsFile({ models: [{ name: 'v', model: 'org/m', serve: 'vllm serve m --port {port}', slurm: { gpus: 2, time: '01:00:00', extra: '--account=lab' } }] });
  assert.is(m.baseUrl, 'http://127.0.0.1:{port}/v1', 'a served model is reached on its port');
  assert.equal(m.slurm, { gpus: 2, time: '01:00:00', extra: ['--account=lab'] });
  const bad: Array<[unknown, RegExp]> = [
    [{ name: 'v', serve: 'vllm serve m' }, /"serve" must contain \{port\}/],
    [{ name: 'v', slurm: { gpu: 1 } }, /"slurm" has unknown key "gpu"/],
    [{ name: 'v', slurm: { gpus: -1 } }, /"gpus" must be a non-negative integer/],
    [{ name: 'v', slurm: { time: '1 h' } }, /"time" must be a string without spaces/],
    [{ name: 'v', slurm: { extra: ['account=lab'] } }, /"extra" must be sbatch options/],
    [{ name: 'v', slurm: 'gpu' }, /"slurm" must be an object/],
  ];
  for (const [entry, pattern] of bad) {
    try {
      parseModelsFile({ models: [entry] }, 'models.json');
      assert.unreachable(`accepted ${JSON.stringify(entry)}`);
    } catch (err) {
      assert.instance(err, InputError);
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
