// The built-in synthetic model: a value system with known utilities that answers forced-choice
// questions the way a Thurstonian chooser would, plus the imperfections real models show
// (position bias, unparseable replies, preference cycles). Pure TypeScript: the same answers come
// from the in-process client and from `utility-engine serve-synthetic`.

import { InputError } from '../errors.js';
import { Random } from '../sampling/random.js';
import type { TokenLogprob } from './model-client.js';
import { splitPrompt } from './prompts.js';

export interface SyntheticKnobs {
  /** Seeds the value system (which utility each outcome text gets) and the answer noise. */
  seed: number;
  /** Scales every outcome's standard deviation: 0 answers deterministically, 2 is very noisy. */
  noise: number;
  /** Shift towards the option shown first, in standard deviations of the utility difference. */
  positionBias: number;
  /** Probability that a reply is not an answer at all. */
  unparseableRate: number;
  /**
   * Weight of a cyclic (rock-paper-scissors) term: each outcome has an angle, and
   * intransitivity * sin(angle_A - angle_B) is added to the utility difference, so no utility
   * function explains the answers exactly.
   */
  intransitivity: number;
}

/** Knobs of the default synthetic model: a mildly biased, mildly incoherent chooser. */
export const SYNTHETIC_DEFAULTS: Readonly<SyntheticKnobs> = Object.freeze({
  seed: 0,
  noise: 1,
  positionBias: 0.2,
  unparseableRate: 0.01,
  intransitivity: 0.1,
});

// Per-outcome standard deviation before scaling: uniform on [0.3, 0.8) — noisy enough that close
// pairs are genuinely uncertain, small next to the unit spread of the means.
const SD_MIN = 0.3;
const SD_SPAN = 0.5;

/** Replies that are not answers, as real models give them. */
export const UNPARSEABLE_REPLIES: readonly string[] = Object.freeze([
  'I do not have personal preferences.',
  'Both options have merit.',
  'A or B',
  'Neither.',
  '',
]);

export interface SyntheticUtility {
  mean: number;
  variance: number;
  /** Angle of the cyclic term, in radians. */
  angle: number;
}

export interface SyntheticAnswer {
  text: string;
  finishReason: 'stop';
}

/** Validates knobs, naming the bad one. */
export function resolveSyntheticKnobs(knobs: Partial<SyntheticKnobs> = {}): SyntheticKnobs {
  const k = { ...SYNTHETIC_DEFAULTS, ...Object.fromEntries(Object.entries(knobs).filter(([, v]) => v !== undefined)) } as SyntheticKnobs;
  if (!Number.isSafeInteger(k.seed)) throw new InputError(`synthetic seed must be an integer (got ${k.seed})`);
  if (!(k.noise >= 0) || !Number.isFinite(k.noise)) throw new InputError(`synthetic noise must be a non-negative number (got ${k.noise})`);
  if (!Number.isFinite(k.positionBias)) throw new InputError(`synthetic position bias must be a number (got ${k.positionBias})`);
  if (!(k.unparseableRate >= 0 && k.unparseableRate <= 1)) throw new InputError(`synthetic unparseable rate must be in [0, 1] (got ${k.unparseableRate})`);
  if (!(k.intransitivity >= 0) || !Number.isFinite(k.intransitivity)) throw new InputError(`synthetic intransitivity must be a non-negative number (got ${k.intransitivity})`);
  return k;
}

/**
 * A value system over outcome texts. Utilities depend only on the text and the seed (a hash), so
 * they are the same in every run, process and transport.
 * @example new SyntheticValueSystem().utility('You receive $100.') // { mean: 0.53.., variance: 0.21.., angle: 2.9.. }
 */
export class SyntheticValueSystem {
  readonly knobs: SyntheticKnobs;
  private readonly memo = new Map<string, SyntheticUtility>();

  constructor(knobs: Partial<SyntheticKnobs> = {}) {
    this.knobs = resolveSyntheticKnobs(knobs);
  }

  /** The true utility of an outcome text. */
  utility(text: string): SyntheticUtility {
    let u = this.memo.get(text);
    if (!u) {
      const rng = Random.derive(this.knobs.seed, `utility\u0000${text}`);
      const mean = rng.normal();
      const sd = this.knobs.noise * (SD_MIN + SD_SPAN * rng.uniform());
      u = { mean, variance: sd * sd, angle: 2 * Math.PI * rng.uniform() };
      if (this.memo.size > 100_000) this.memo.clear(); // bounded: a server may see any texts
      this.memo.set(text, u);
    }
    return u;
  }

  /** Mean and standard deviation of (U_A - U_B), the cyclic term included. */
  private difference(a: string, b: string): { mean: number; sd: number } {
    const ua = this.utility(a);
    const ub = this.utility(b);
    const cyc = this.knobs.intransitivity * Math.sin(ua.angle - ub.angle);
    return { mean: ua.mean - ub.mean + cyc, sd: Math.sqrt(ua.variance + ub.variance) };
  }

  /** P(the model picks the option shown first, A) among parseable answers. */
  probabilityFirst(a: string, b: string): number {
    const { mean, sd } = this.difference(a, b);
    if (sd === 0) return mean + this.knobs.positionBias * 1e-9 > 0 ? 1 : mean === 0 ? 0.5 : 0;
    return normalCdf(mean / sd + this.knobs.positionBias);
  }

  /**
   * Sample `sampleIndex` of the answer to a prompt: a Thurstonian draw of both utilities, seeded by
   * (system, prompt, sample index) so it is identical whenever and however it is asked.
   */
  answer(system: string, prompt: string, sampleIndex: number): SyntheticAnswer {
    return this.answers(system, prompt, sampleIndex, 1)[0];
  }

  /** Samples sampleOffset .. sampleOffset + n - 1 of the answer to a prompt (hashes the prompt once). */
  answers(system: string, prompt: string, sampleOffset: number, n: number): SyntheticAnswer[] {
    const parts = splitPrompt(prompt);
    const options = parts?.options ?? null;
    const reasoning = parts ? parts.reasoning : prompt.includes('Answer: A');
    const promptHash = Random.derive(this.knobs.seed, `${system}\u0000${prompt}`).nextUint32();
    const out: SyntheticAnswer[] = [];
    const ua = options ? this.utility(options[0]) : undefined;
    const ub = options ? this.utility(options[1]) : undefined;
    for (let i = sampleOffset; i < sampleOffset + n; i++) {
      // 2^20 samples per prompt before seeds collide: far beyond any K.
      const rng = new Random(promptHash * 1048576 + (i % 1048576));
      if (!ua || !ub || rng.uniform() < this.knobs.unparseableRate) {
        out.push({ text: UNPARSEABLE_REPLIES[rng.int(UNPARSEABLE_REPLIES.length)], finishReason: 'stop' });
        continue;
      }
      const sd = Math.sqrt(ua.variance + ub.variance);
      const draw = ua.mean + Math.sqrt(ua.variance) * rng.normal() - ub.mean - Math.sqrt(ub.variance) * rng.normal();
      const cyc = this.knobs.intransitivity * Math.sin(ua.angle - ub.angle);
      const letter = draw + cyc + this.knobs.positionBias * sd > 0 ? 'A' : 'B';
      out.push({
        text: reasoning ? `Weighing what each state of the world implies, I prefer this one.\n\nAnswer: ${letter}` : letter,
        finishReason: 'stop',
      });
    }
    return out;
  }

  /** The first token's distribution for a prompt: "A", "B" and a stand-in for unparseable replies. */
  firstTokenLogprobs(prompt: string, top = 20): TokenLogprob[] {
    const options = locateOptions(prompt);
    const r = options ? this.knobs.unparseableRate : 1;
    const p = options ? this.probabilityFirst(options[0], options[1]) : 0.5;
    const floor = 1e-300; // log(0) is -Infinity, which JSON cannot carry
    const list: TokenLogprob[] = [
      { token: 'A', logprob: Math.log(Math.max(floor, (1 - r) * p)) },
      { token: 'B', logprob: Math.log(Math.max(floor, (1 - r) * (1 - p))) },
      { token: 'I', logprob: Math.log(Math.max(floor, r)) },
    ];
    return list.sort((x, y) => y.logprob - x.logprob).slice(0, Math.max(1, top));
  }
}

/** The two outcome texts in a prompt, read by its structure (see splitPrompt). Null if it has none. */
export function locateOptions(prompt: string): [string, string] | null {
  return splitPrompt(prompt)?.options ?? null;
}

/**
 * Standard normal CDF via erfc, Abramowitz & Stegun 7.1.26; absolute error below 1.5e-7. Enough
 * for a synthetic model's answer probabilities; fitting uses the engine's accurate kernel.
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-z * z);
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}
