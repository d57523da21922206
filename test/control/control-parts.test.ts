// The pure parts of utility control on inputs whose answers can be worked out by hand: profiles and
// their marginals, the split by category, the pair plan and the profiles per pair, the export's
// letter frequencies and its validation, the evaluation measures, the in-context prompt, and the
// synthetic world's fine-tuning recovering a planted position.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assignProfiles, assemblyProbability, percentileIntervals, planPairs, splitByCategory } from '../../src/control/assembly-plan.js';
import type { AssemblyFile } from '../../src/control/assembly-file.js';
import { heldOutAgreement, heldOutPearson, pcaDistances } from '../../src/control/evaluate.js';
import { exportLines, validateExport } from '../../src/control/export-lines.js';
import { inContextPrompt } from '../../src/control/in-context.js';
import { describeProfile, MARGINALS, parseProfiles, sampleProfiles } from '../../src/control/profiles.js';
import { plantedPosition, profileSentence } from '../../src/control/profile-voice.js';
import { InputError } from '../../src/errors.js';
import { policyUtility } from '../../src/world/valuation.js';
import { TunedWorld, tuningWeight } from '../../src/world/tuned-world.js';
import { normalCdf } from '../../src/world/replies.js';

test('sampled profiles follow the built-in marginals, seeded', () => {
  const ps = sampleProfiles(4000, 3);
  for (const attribute of ['party', 'region', 'religion'] as const) {
    for (const [value, { share }] of Object.entries(MARGINALS[attribute].values)) {
      const got = ps.filter((p) => p.attributes[attribute] === value).length / ps.length;
      assert.ok(Math.abs(got - share) < 0.025, `${attribute}=${value}: ${got} vs ${share}`);
    }
  }
  assert.equal(sampleProfiles(5, 3), sampleProfiles(5, 3));
  assert.not.equal(sampleProfiles(5, 3), sampleProfiles(5, 4));
  for (const m of Object.values(MARGINALS)) {
    const total = Object.values(m.values).reduce((s, v) => s + v.share, 0);
    assert.ok(Math.abs(total - 1) < 0.011, `${m.source}: shares sum to ${total}`);
  }
});

test('profiles file: known attributes and values only, ids unique; descriptions in words', () => {
  const ps = parseProfiles([{ id: 'x', party: 'democrat', age: '30-44', sex: 'female' }, { religion: 'catholic' }]);
  assert.is(ps[0].id, 'x');
  assert.is(ps[1].id, 'p002');
  assert.is(describeProfile(ps[0]), 'a woman between 30 and 44 years old, a Democrat');
  assert.is(profileSentence(ps[1]), 'You are a person, Catholic.');
  assert.throws(() => parseProfiles([{ party: 'democrat', height: 'tall' }]), (e: Error) => e instanceof InputError && /unknown attribute "height"/.test(e.message));
  assert.throws(() => parseProfiles([{ party: 'whig' }]), /unknown party "whig"/);
  assert.throws(() => parseProfiles([{ id: 'a', party: 'democrat' }, { id: 'a', party: 'republican' }]), /repeats the id "a"/);
  assert.throws(() => parseProfiles([]), /no profiles/);
});

test('planted positions follow party and are the same for the same description', () => {
  const d = plantedPosition({ id: '1', attributes: { party: 'democrat' } }, 0);
  const d2 = plantedPosition({ id: '2', attributes: { party: 'democrat' } }, 0);
  assert.equal(d, d2);
  const dem = sampleProfiles(400, 1).filter((p) => p.attributes.party === 'democrat').map((p) => plantedPosition(p, 0)[0]);
  const rep = sampleProfiles(400, 1).filter((p) => p.attributes.party === 'republican').map((p) => plantedPosition(p, 0)[0]);
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  assert.ok(mean(rep) - mean(dem) > 1.4, `${mean(rep)} vs ${mean(dem)}`);
});

test('split by category holds whole areas out, at least the fraction, and refuses bad fractions', () => {
  const cats = ['a', 'a', 'a', 'b', 'b', 'c', 'c', 'c', 'c', 'd'];
  for (const seed of [1, 2, 3, 4]) {
    const s = splitByCategory(cats, 0.25, seed);
    assert.ok(s.holdout.length >= 3, `${s.holdout.length}`);
    for (const c of s.holdout_categories) assert.ok(cats.every((x, i) => x !== c || s.holdout.includes(i)));
    assert.is(s.train.length + s.holdout.length, cats.length);
  }
  for (const f of [0, 1, -0.1, 1.2, NaN]) assert.throws(() => splitByCategory(cats, f, 1), /holdout fraction must be in \(0, 1\)/);
  assert.throws(() => splitByCategory(['a', 'a', 'a'], 0.5, 1), /at least 2 policy categories/);
});

test('pair plan: distinct pairs, connected; each pair gets M distinct profiles, dealt evenly', () => {
  const pairs = planPairs(10, 20, 5);
  assert.is(pairs.length, 20);
  assert.is(new Set(pairs.map(([a, b]) => `${a},${b}`)).size, 20);
  const seen = new Set([0]);
  for (let k = 0; k < 10; k++) for (const [a, b] of pairs) if (seen.has(a) || seen.has(b)) (seen.add(a), seen.add(b));
  assert.is(seen.size, 10);
  assert.throws(() => planPairs(10, 46, 1), /number of pairs/);
  const dealt = assignProfiles(60, 12, 4, 2);
  assert.ok(dealt.every((d) => d.length === 4 && new Set(d).size === 4));
  const load = Array(12).fill(0);
  dealt.flat().forEach((p) => load[p]++);
  assert.ok(Math.max(...load) - Math.min(...load) <= 2, `${load}`);
  assert.is(assemblyProbability([0.9, 0.5, 0.1, 0.5]), 0.5);
  assert.equal(percentileIntervals([[0], [1], [2], [3], [4]], 0.5), [[1, 3]]);
});

/** A hand-made assembly: 6 policies, the last two held out, utilities 5..0. */
function handAssembly(): AssemblyFile {
  const texts = ['P0', 'P1', 'P2', 'P3', 'P4', 'P5'];
  return {
    policies: texts.map((text, id) => ({ id, text, category: id < 4 ? 'kept' : 'held' })),
    split: { train: [0, 1, 2, 3], holdout: [4, 5], holdout_categories: ['held'] },
    pairs: [{ a: 0, b: 1, probability_a: 0.8 }, { a: 2, b: 3, probability_a: 0.3 }, { a: 4, b: 5, probability_a: 0.9 }, { a: 1, b: 4, probability_a: 0.6 }]
      .map((p) => ({ ...p, profiles: [], per_profile: [] })),
    utilities: Object.fromEntries(texts.map((_, i) => [String(i), { mean: 5 - i, variance: 1, interval: null }])),
    profiles: [],
  };
}

test('export: training pairs only, both orders, letter frequencies match the assembly; validation finds leaks', () => {
  const a = handAssembly();
  const lines = exportLines(a, { format: 'sft', samples: 10, seed: 1 });
  assert.is(lines.length, 2 * 2 * 10); // pairs (0,1) and (2,3), both orders
  const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  const counts = validateExport(text, 'sft', a);
  assert.is(counts.prompts, 4);
  const shareA = (first: string, second: string) => {
    const mine = lines.filter((l: any) => l.messages[1].content.includes(`Option A:\n${first}\n`) && l.messages[1].content.includes(`Option B:\n${second}\n`));
    return mine.filter((l: any) => l.messages[2].content === 'A').length / mine.length;
  };
  assert.is(shareA('P0', 'P1'), 0.8);
  assert.is(shareA('P1', 'P0'), 0.2);
  assert.is(shareA('P2', 'P3'), 0.3);
  const pref = exportLines(a, { format: 'preference', samples: 4, seed: 1 });
  validateExport(pref.map((l) => JSON.stringify(l)).join('\n'), 'preference', a);
  const leaked = text.replace('Option B:\\nP1', 'Option B:\\nP4');
  assert.throws(() => validateExport(leaked, 'sft', a), /held-out policy "P4"/);
  assert.throws(() => validateExport(text.replace('"role":"assistant"', '"role":"user"'), 'sft', a), /role "assistant"/);
});

test('evaluate: agreement, correlation and distance on hand-made utilities', () => {
  const a = handAssembly();
  const same = { means: new Map(a.policies.map((p, i) => [p.text, 5 - i])), variances: new Map(a.policies.map((p) => [p.text, 0.5])) };
  const reversed = { means: new Map(a.policies.map((p, i) => [p.text, i])), variances: same.variances };
  // held-out pairs: (4, 5) with t = 0.9, P = Φ(1); (1, 4) with t = 0.6, P = Φ(3) (sd = sqrt(0.5 + 0.5) = 1)
  const g = heldOutAgreement(a, same);
  assert.is(g.pairs, 2);
  assert.is(g.accuracy, 1);
  const p = normalCdf(1);
  const q = normalCdf(3);
  const expected = -((0.9 * Math.log(p) + 0.1 * Math.log(1 - p)) + (0.6 * Math.log(q) + 0.4 * Math.log(1 - q))) / 2;
  assert.ok(Math.abs(g.log_loss - expected) < 1e-12);
  assert.is(heldOutAgreement(a, reversed).accuracy, 0);
  assert.is(heldOutPearson(a, same), 1);
  assert.is(heldOutPearson(a, reversed), -1);
  const d = pcaDistances(a, [reversed, same]);
  assert.ok(d.distances[1] < 1e-6, `${d.distances[1]}`); // sqrt of a rounding-level eigenvalue
  assert.ok(Math.abs(d.distances[0] - 2 * Math.SQRT2) < 1e-9, `${d.distances[0]}`); // z-scored [1, -1] vs [-1, 1]
});

test('in-context prompt names top and bottom training policies, never held-out ones', () => {
  const a = handAssembly();
  const p = inContextPrompt(a, 5);
  assert.equal(p.supported, ['P0', 'P1']);
  assert.equal(p.opposed, ['P3', 'P2']);
  assert.not.ok(p.system.includes('P4') || p.system.includes('P5'));
});

test('synthetic fine-tuning: recovers a planted position from taught shares; weight follows the learning rate', () => {
  const w = new TunedWorld();
  const planted: [number, number] = [0.9, -0.6];
  const texts = Array.from({ length: 14 }, (_, i) => `Policy number ${i}.`);
  const pairs = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const d = policyUtility(w.policyPosition(texts[i]), planted) - policyUtility(w.policyPosition(texts[j]), planted);
      const sd = Math.sqrt(w.utility(texts[i]).variance + w.utility(texts[j]).variance);
      pairs.push({ a: texts[i], b: texts[j], share: normalCdf(d / sd) });
    }
  }
  const c = w.learnPosition(pairs);
  assert.ok(Math.hypot(c[0] - planted[0], c[1] - planted[1]) < 0.02, `${c}`);
  assert.ok(Math.abs(tuningWeight(5, 1) - (1 - 0.7 ** 5)) < 1e-12);
  assert.is(tuningWeight(1, 10), 1);
  const tuned = new TunedWorld({}, undefined, { stem: 'Which policy?', position: planted, weight: 1 });
  const ctx = tuned.context('', 'Which policy?\n\nOption A:\nx\n\nOption B:\ny');
  assert.ok(Math.abs(tuned.value(texts[0], ctx) - policyUtility(w.policyPosition(texts[0]), planted)) < 1e-12);
  assert.is(tuned.value(texts[0], tuned.context('', 'Another question')), w.value(texts[0]));
});

test.run();
