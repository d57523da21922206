// The utility-control loop as a user types it, offline: a real `serve-synthetic` process on
// 127.0.0.1, every step a real CLI process. Assembly -> export (validated) -> fine-tune through the
// openai SDK -> political runs before and after -> evaluate: held-out agreement with the assembly
// rises and the distance to it falls. Then the in-context baseline and the bad inputs (exit 2).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pearson } from '../../src/metrics/correlation.js';
import { SyntheticWorld } from '../../src/world/synthetic-world.js';
import { policyUtility } from '../../src/world/valuation.js';

const CLI = new URL('../../dist/node/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ue-control-'));
const ctl = join(dir, 'ctl');
let server: ChildProcess;
let url = '';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

// Five areas of four policies: small enough for a few seconds, two areas held out at 0.25... 0.4.
const POLICIES = {
  health: ['Replace private insurance with one public plan.', 'Add a public option to the exchange.', 'Let Medicare negotiate drug prices.', 'Turn Medicaid into block grants.'],
  taxes: ['Tax net worth above $50 million.', 'Raise the top income tax rate to 50%.', 'Cut the corporate tax rate to 15%.', 'Abolish the estate tax.'],
  guns: ['Require background checks on every gun sale.', 'Ban the sale of assault weapons.', 'Make concealed-carry permits valid nationwide.', 'Repeal the National Firearms Act.'],
  energy: ['Require carbon-free electricity by 2035.', 'Tax carbon and return the money as dividends.', 'Open more federal waters to drilling.', 'Repeal the methane emission rules.'],
  immigration: ['Create a path to citizenship.', 'Double refugee admissions.', 'Finish the border wall.', 'Require E-Verify for every employer.'],
};
const policies = join(dir, 'policies.json');
writeFileSync(policies, JSON.stringify(POLICIES));

test.before(async () => {
  server = spawn(process.execPath, [CLI, 'serve-synthetic', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise<string>((resolve, reject) => {
    let text = '';
    server.stdout!.on('data', (c: Buffer) => {
      text += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(text);
      if (m) resolve(m[1]);
    });
    server.once('exit', () => reject(new Error('serve-synthetic exited')));
  });
});
test.after(() => {
  server.kill('SIGTERM');
});

test('assembly: profiles, targets per pair, utilities with intervals and a split by category', () => {
  const r = run(['control', 'assembly', '--profiles', '24', '--policies', policies, '--holdout-fraction', '0.3', '--bootstrap', '20', '--out', ctl, '--quiet']);
  assert.is(r.status, 0, r.stderr);
  const a = json(join(ctl, 'assembly.json'));
  assert.is(a.profiles.length, 24);
  assert.ok(a.profiles.every((p: { attributes: Record<string, string> }) => Object.keys(p.attributes).length === 8));
  // whole categories held out
  const heldCats = new Set(a.split.holdout.map((i: number) => a.policies[i].category));
  assert.equal([...heldCats].sort(), [...a.split.holdout_categories].sort());
  assert.ok(a.split.train.every((i: number) => !heldCats.has(a.policies[i].category)));
  for (const p of a.pairs) {
    assert.is(p.profiles.length, 10);
    assert.ok(Math.abs(p.probability_a - p.per_profile.reduce((s: number, x: number) => s + x, 0) / p.per_profile.length) < 1e-12);
  }
  for (const u of Object.values(a.utilities) as Array<{ mean: number; interval: [number, number] }>) {
    assert.ok(u.interval[0] <= u.interval[1]);
  }
  assert.ok(a.metrics.accuracy > 0.75, `the assembly's own fit explains its targets (${a.metrics.accuracy})`);
});

let model = '';
test('export (validated) and fine-tune through the SDK; a rerun attaches to the same job', () => {
  const e = run(['control', 'export', '--assembly', join(ctl, 'assembly.json'), '--format', 'sft', '--out', join(ctl, 'sft.jsonl')]);
  assert.is(e.status, 0, e.stderr);
  assert.match(e.stdout, /valid/);
  const a = json(join(ctl, 'assembly.json'));
  const lines = readFileSync(join(ctl, 'sft.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(lines.every((l) => l.messages.map((m: { role: string }) => m.role).join() === 'system,user,assistant'));
  for (const i of a.split.holdout) assert.not.ok(lines.some((l) => l.messages[1].content.includes(a.policies[i].text)));
  const p = run(['control', 'export', '--assembly', join(ctl, 'assembly.json'), '--format', 'preference', '--out', join(ctl, 'pref.jsonl')]);
  assert.is(p.status, 0, p.stderr);
  assert.ok(JSON.parse(readFileSync(join(ctl, 'pref.jsonl'), 'utf8').split('\n')[0]).chosen[0].role === 'assistant');

  const f = run(['control', 'finetune', '--file', join(ctl, 'sft.jsonl'), '--base-url', url, '--model', 'synthetic', '--out', join(ctl, 'finetune.json'), '--poll-interval', '0.2']);
  assert.is(f.status, 0, f.stderr);
  const record = json(join(ctl, 'finetune.json'));
  assert.is(record.status, 'succeeded');
  model = record.fine_tuned_model;
  assert.is(f.stdout.trim(), model);
  assert.match(f.stderr, /running/);
  const again = run(['control', 'finetune', '--file', join(ctl, 'sft.jsonl'), '--base-url', url, '--model', 'synthetic', '--out', join(dir, 'again.json'), '--poll-interval', '0.2']);
  assert.is(again.status, 0, again.stderr);
  assert.is(json(join(dir, 'again.json')).job_id, record.job_id);
  assert.is(json(join(dir, 'again.json')).resumed, true);
});

test('evaluate: held-out agreement with the assembly rises and the distance to it falls', () => {
  for (const [m, out] of [['synthetic', 'before'], [model, 'after']]) {
    const r = run(['experiment', 'political', '--base-url', url, '--model', m, '--entities', 'none', '--policies', policies, '--out', join(ctl, out), '--quiet']);
    assert.is(r.status, 0, r.stderr);
  }
  const r = run(['control', 'evaluate', '--assembly', join(ctl, 'assembly.json'), '--before', join(ctl, 'before'), '--after', join(ctl, 'after'), '--out', ctl]);
  assert.is(r.status, 0, r.stderr);
  const s = json(join(ctl, 'control.json')).summary;
  process.stderr.write(`fine-tuned: ${JSON.stringify(s)}\n`);
  assert.ok(s.agreement_accuracy.after > s.agreement_accuracy.before, 'held-out accuracy rises');
  assert.ok(s.agreement_log_loss.after < s.agreement_log_loss.before, 'held-out log-loss falls');
  assert.ok(s.utility_pearson.after > s.utility_pearson.before, 'correlation with the assembly rises');
  assert.ok(s.pca_distance.after < s.pca_distance.before, 'the distance to the assembly falls');
  assert.ok(Math.abs(s.pca_distance.change - (s.pca_distance.after - s.pca_distance.before)) < 1e-12);
});

test('in-context baseline on the same loop: a system message from the assembly, measured like a fine-tuned model', () => {
  const ic = join(ctl, 'in-context');
  const w = run(['control', 'in-context', '--assembly', join(ctl, 'assembly.json'), '--out', ic, '--top', '3']);
  assert.is(w.status, 0, w.stderr);
  const prompt = json(join(ic, 'in-context.json'));
  const a = json(join(ctl, 'assembly.json'));
  for (const i of a.split.holdout) assert.not.ok(prompt.system.includes(a.policies[i].text));
  const m = run(['experiment', 'political', '--base-url', url, '--model', 'synthetic', '--entities', 'none', '--policies', policies, '--system', prompt.system, '--out', ic, '--quiet']);
  assert.is(m.status, 0, m.stderr);
  const r = run(['control', 'evaluate', '--assembly', join(ctl, 'assembly.json'), '--before', join(ctl, 'before'), '--after', ic, '--out', ic]);
  assert.is(r.status, 0, r.stderr);
  const s = json(join(ic, 'control.json')).summary;
  process.stderr.write(`in-context: ${JSON.stringify(s)}\n`);
  assert.ok(s.agreement_log_loss.after < s.agreement_log_loss.before, 'held-out log-loss falls');
  assert.ok(s.utility_pearson.after > s.utility_pearson.before, 'correlation with the assembly rises');
});

test('planted: an assembly of like-minded citizens recovers the utilities of their planted positions', () => {
  // Six profiles differing only in age: the synthetic world places them near one another, so the
  // assembly should rank policies as a chooser at their mean planted position would.
  const file = join(dir, 'like-minded.json');
  const ages = ['18-29', '30-44', '45-64', '65+', '18-29', '30-44'];
  writeFileSync(file, JSON.stringify(ages.map((age, i) => ({ id: `c${i}`, age, party: 'republican', religion: 'protestant', urbanicity: 'rural', sex: i % 2 ? 'male' : 'female' }))));
  const out = join(dir, 'like-minded');
  const r = run(['control', 'assembly', '--profiles-file', file, '--policies', policies, '--profiles-per-pair', '4', '--bootstrap', '0', '--out', out, '--quiet']);
  assert.is(r.status, 0, r.stderr);
  const a = json(join(out, 'assembly.json'));
  const positions = Object.values(a.truth.profile_positions) as Array<[number, number]>;
  const centre: [number, number] = [0, 1].map((k) => positions.reduce((s, p) => s + p[k], 0) / positions.length) as [number, number];
  const world = new SyntheticWorld();
  const planted = a.policies.map((p: { text: string }) => policyUtility(world.policyPosition(p.text), centre));
  const fitted = a.policies.map((_: unknown, i: number) => a.utilities[String(i)].mean);
  assert.ok(pearson(planted, fitted) > 0.9, `pearson ${pearson(planted, fitted)}`);
});

test('bad inputs: one line, exit 2, nothing written', () => {
  const bad = (args: string[], pattern: RegExp, output?: string) => {
    const r = run(args);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    if (output) assert.not.ok(existsSync(output), `${output} was written`);
  };
  const profiles = join(dir, 'profiles.json');
  writeFileSync(profiles, JSON.stringify([{ party: 'democrat', age: '30-44' }, { party: 'republican', shoe_size: '9' }]));
  bad(['control', 'assembly', '--profiles-file', profiles, '--policies', policies, '--out', join(dir, 'bad1')], /profile 1 has an unknown attribute "shoe_size"/, join(dir, 'bad1', 'assembly.json'));
  for (const f of ['0', '1', '-0.2', '1.5']) {
    // = form, so a negative value is not read as a flag
    bad(['control', 'assembly', '--profiles', '5', '--policies', policies, `--holdout-fraction=${f}`, '--out', join(dir, 'bad2')], /--holdout-fraction must be a number in \(0, 1\)/, join(dir, 'bad2'));
  }
  bad(['control', 'export', '--assembly', join(ctl, 'assembly.json'), '--format', 'sft', '--out', join(ctl, 'sft.jsonl')], /sft\.jsonl exists; pass --force/);
  const junk = join(dir, 'junk.jsonl');
  writeFileSync(junk, Array.from({ length: 12 }, () => JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }, { role: 'assistant', content: 'Hi' }] })).join('\n') + '\n');
  const r = run(['control', 'finetune', '--file', junk, '--base-url', url, '--model', 'synthetic', '--out', join(dir, 'junk.json'), '--poll-interval', '0.2']);
  assert.is(r.status, 2, r.stderr);
  const last = r.stderr.trim().split('\n').pop()!;
  assert.match(last, /^utility-engine: fine-tuning job ftjob-\S+ failed: Training file has no forced-choice examples .*\(invalid_training_file\)$/);
  assert.is(json(join(dir, 'junk.json')).status, 'failed');
});

test.run();
