// Outcome sets: the three accepted shapes, the built-in set, and bad files refused by `run` with a
// one-line error, exit status 2 and nothing written.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultOutcomes, parseOutcomes } from '../src/outcomes/outcomes.js';
import defaults from '../src/outcomes/default-outcomes.json' with { type: 'json' };

const CLI = new URL('../dist/node/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ue-outcomes-'));

test('three shapes: strings, categories (flattened in key order), {id, description}', () => {
  assert.equal(parseOutcomes(['a', 'b', ' c ']).options, [{ id: 0, description: 'a' }, { id: 1, description: 'b' }, { id: 2, description: 'c' }]);
  const h = parseOutcomes({ z: ['z1', 'z2'], a: ['a1'] });
  assert.equal(h.options.map((o) => [o.id, o.description]), [[0, 'z1'], [1, 'z2'], [2, 'a1']]);
  assert.equal(h.categories, ['z', 'z', 'a']);
  const objs = parseOutcomes([{ id: 'x', description: 'X' }, { id: 7, description: 'Y' }, { id: 'q', description: 'Z' }]);
  assert.equal(objs.options.map((o) => o.id), ['x', 7, 'q']);
});

test('bad sets are refused with the item named', () => {
  const cases: Array<[unknown, RegExp]> = [
    [['a', 'b'], /has 2 outcomes; at least 3/],
    [['a', 'b', 'a'], /outcome 2 duplicates outcome 0: "a"/],
    [['a', '  ', 'c'], /item 1 is an empty string/],
    [['a', 3, 'c'], /item 1 is not a string/],
    [{ cat: ['a', 'b'], other: 'c' }, /category "other" must be a list/],
    [[{ id: 1, description: 'a' }, { id: 1, description: 'b' }, { id: 2, description: 'c' }], /id 1 appears twice/],
    [[{ id: null, description: 'a' }, { id: 1, description: 'b' }, { id: 2, description: 'c' }], /item 0 has an invalid id null/],
    [42, /must be a list of strings/],
  ];
  for (const [data, re] of cases) assert.throws(() => parseOutcomes(data, 'f.json'), re, JSON.stringify(data));
});

test('the built-in set: about 500 outcomes in about 30 categories, no duplicates', () => {
  const set = defaultOutcomes();
  const cats = Object.keys(defaults);
  assert.ok(set.options.length >= 480 && set.options.length <= 520, `${set.options.length} outcomes`);
  assert.ok(cats.length >= 28 && cats.length <= 32, `${cats.length} categories`);
  assert.is(set.options[0].id, 0);
  assert.is(set.options[set.options.length - 1].id, set.options.length - 1);
});

test('run refuses bad outcome files: exit 2, one line, nothing written', () => {
  const files: Array<[string, string, RegExp]> = [
    ['dup.json', JSON.stringify(['x', 'y', 'x']), /duplicates/],
    ['short.json', JSON.stringify({ a: ['x', 'y'] }), /at least 3/],
    ['broken.json', '["x", "y"', /not valid JSON/],
    ['empty.json', JSON.stringify(['x', '', 'z']), /empty string/],
  ];
  for (const [name, content, re] of files) {
    const path = join(dir, name);
    writeFileSync(path, content);
    const out = join(dir, `${name}.out`);
    const r = spawnSync(process.execPath, [CLI, 'run', '--outcomes', path, '--out', out, '--quiet'], { encoding: 'utf8' });
    assert.is(r.status, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.not.ok(existsSync(out), `${name}: nothing written`);
  }
  const missing = spawnSync(process.execPath, [CLI, 'run', '--outcomes', join(dir, 'nope.json'), '--quiet'], { encoding: 'utf8' });
  assert.is(missing.status, 2);
  assert.match(missing.stderr, /cannot read .*nope.json: ENOENT/);
});

test.run();
