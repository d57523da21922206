// The synthetic world: a value system with planted properties that answers forced-choice and open
// questions the way a Thurstonian chooser would, plus the imperfections real models show (position
// bias, unparseable replies, preference cycles). An option is valued by its structure when an
// experiment registered one (a lottery by its branches, a trajectory by where it leads, a policy
// by its distance from the chooser), else by the built-in rubric, else by a seeded hash of its text.
// Pure TypeScript and seeded throughout: the in-process client and `serve-synthetic` answer alike.

import { InputError } from '../errors.js';
import type { TokenLogprob } from '../elicit/model-client.js';
import { splitPrompt } from '../elicit/prompts.js';
import { plantedUtilities } from '../outcomes/planted-utilities.js';
import { Random } from '../sampling/random.js';
import { digestOf } from './digest.js';
import { solveProcess } from './markov.js';
import { mergeRegistries, validateRegistry } from './registry.js';
import { locateOptions, normalCdf, surfaceForm, UNPARSEABLE_REPLIES } from './replies.js';
import type { OpenQuestion, OptionStructure, WorldRegistry } from './structures.js';
import { truthOf, type WorldTruth } from './truth.js';
import { resolveWorldConfig, type Position, type WorldConfig } from './world-config.js';
import {
  discountFactor, FUTURE_PREFERENCE_NOISE, GROUP_WEIGHT_SPREAD, measureCurve, moneyUtility,
  policyUtility, prelecWeight, quantityUtility, SEEDED_SPREAD, UTILITY_UNIT,
} from './valuation.js';

// Per-option standard deviation before scaling by `noise`: uniform on [0.3, 0.8) utility units —
// close pairs are genuinely uncertain, small next to the spread of the planted utilities.
const SD_MIN = 0.3 * UTILITY_UNIT;
const SD_SPAN = 0.5 * UTILITY_UNIT;
/** Lotteries of lotteries deeper than this are refused (a registry loop, not a real option). */
const MAX_DEPTH = 16;

export { locateOptions, normalCdf, UNPARSEABLE_REPLIES } from './replies.js';

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

/** Who is choosing and what is asked, read from the prompt's framings. */
export interface AskContext {
  /** Answer from this entity's political position (policies only); none: the model's own. */
  perspective?: string;
  /** Compare power scores instead of utilities. */
  power: boolean;
  /** The open question whose candidates are being compared, if the prompt contains one. */
  question?: OpenQuestion;
  /** The named framing the prompt is asked under (shifts own-view utilities by framingSensitivity). */
  framing?: string;
}

/** The model's own preferences, no framing. */
export const OWN_VIEW: Readonly<AskContext> = Object.freeze({ power: false });

/**
 * A synthetic world: planted knobs (WorldConfig) plus what experiments registered.
 * @example new SyntheticWorld().utility('You receive $100.').mean // 0.431...
 */
export class SyntheticWorld {
  readonly knobs: WorldConfig;
  private reg: WorldRegistry = {};
  private readonly planted: Map<string, { utility: number; category: string }>;
  private readonly values = new Map<string, number>();
  private readonly spreads = new Map<string, { sd: number; angle: number; seeded: number }>();
  private readonly markov = new Map<string, Map<number, number>>();
  private candidateOf = new Map<string, OpenQuestion[]>();
  private registryDigest = digestOf({});
  private readonly knobDigest: string;

  constructor(knobs: Partial<WorldConfig> = {}, registry?: WorldRegistry) {
    this.knobs = resolveWorldConfig(knobs);
    this.knobDigest = digestOf(this.knobs);
    this.planted = plantedUtilities(this.knobs.aiValues);
    if (registry) this.register(registry);
  }

  /** Everything registered so far. */
  get registry(): WorldRegistry {
    return this.reg;
  }

  /** A fingerprint of the knobs and the registry: equal digests answer every prompt alike. */
  get digest(): string {
    return digestOf([this.knobDigest, this.registryDigest]);
  }

  /** Adds an experiment's structures (validated; merged with earlier registrations). */
  register(registry: WorldRegistry): this {
    const merged = mergeRegistries(this.reg, validateRegistry(registry));
    this.reg = merged;
    this.registryDigest = digestOf(merged);
    this.values.clear();
    this.markov.clear();
    this.candidateOf = new Map();
    for (const q of merged.questions ?? []) {
      for (const c of q.candidates) this.candidateOf.set(c, [...(this.candidateOf.get(c) ?? []), q]);
    }
    return this;
  }

  /**
   * Every planted quantity for these texts and this registry (merged into a copy): what an
   * experiment embeds as `truth` and scores against.
   */
  truth(opts: { texts?: readonly string[]; registry?: WorldRegistry } = {}): WorldTruth {
    return truthOf(this, opts);
  }

  /** The framing of a prompt: perspective, power question, open question (longest match wins). */
  context(system: string, prompt: string): AskContext {
    const has = (s: string) => prompt.includes(s) || system.includes(s);
    let perspective: { contains: string; name: string } | undefined;
    let power = false;
    let framing: { contains: string; name: string } | undefined;
    for (const f of this.reg.framings ?? []) {
      if (!has(f.contains)) continue;
      if (f.shift && (!framing || f.contains.length > framing.contains.length)) framing = { contains: f.contains, name: f.shift };
      if (f.question === 'power') power = true;
      if (f.perspective && (!perspective || f.contains.length > perspective.contains.length)) perspective = { contains: f.contains, name: f.perspective };
    }
    let question: OpenQuestion | undefined;
    for (const q of this.reg.questions ?? []) if (has(q.question) && (!question || q.question.length > question.question.length)) question = q;
    return {
      power, ...(perspective ? { perspective: perspective.name } : {}), ...(question ? { question } : {}),
      ...(framing ? { framing: framing.name } : {}),
    };
  }

  /** The planted utility of an option text for a chooser (its power score when ctx.power). */
  value(text: string, ctx: AskContext = OWN_VIEW): number {
    if (ctx.power) return this.powerScore(text);
    const key = `${ctx.perspective ?? ''}\u0000${ctx.question?.question ?? ''}\u0000${ctx.framing ?? ''}\u0000${text}`;
    let v = this.values.get(key);
    if (v === undefined) {
      v = this.valueOf(text, ctx, 0) + this.framingShift(text, ctx);
      if (this.values.size > 200_000) this.values.clear(); // bounded: a server may see any texts
      this.values.set(key, v);
    }
    return v;
  }

  /** How far a framing moves a text's utility: s · UTILITY_UNIT · N(0, 1), seeded per (framing, text); 0 unframed. */
  framingShift(text: string, ctx: AskContext = OWN_VIEW): number {
    const s = this.knobs.framingSensitivity;
    if (!ctx.framing || s === 0) return 0;
    return s * UTILITY_UNIT * Random.derive(this.knobs.seed, `framing\u0000${ctx.framing}\u0000${text}`).normal();
  }

  /** The true utility of an option text (mean, variance and cyclic angle), for a chooser. */
  utility(text: string, ctx: AskContext = OWN_VIEW): SyntheticUtility {
    const s = this.spread(text);
    return { mean: this.value(text, ctx), variance: s.sd * s.sd, angle: s.angle };
  }

  /** The utility of a text ignoring any registered structure: planted (file, then rubric) or seeded. */
  atomValue(text: string): number {
    const own = this.knobs.utilities[text];
    if (own !== undefined) return own;
    const built = this.planted.get(text);
    return built !== undefined ? built.utility : this.spread(text).seeded;
  }

  /**
   * Where a text's own-view utility comes from: "structure:<kind>", "question", "world file",
   * "rubric:<category>" or "seeded".
   */
  source(text: string): string {
    const s = this.reg.options?.[text];
    if (s) return `structure:${s.kind}`;
    if (this.candidateOf.get(text)?.length === 1) return 'question';
    if (this.knobs.utilities[text] !== undefined) return 'world file';
    const built = this.planted.get(text);
    return built ? `rubric:${built.category}` : 'seeded';
  }

  /** Category of a built-in outcome in the rubric, if it is one. */
  plantedCategory(text: string): string | undefined {
    return this.planted.get(text)?.category;
  }

  /** w_X: the planted weight of a group's unit, or a seeded log-normal one for an unnamed group. */
  groupWeight(group: string): number {
    const w = this.knobs.groupWeights[group];
    return w !== undefined ? w : Math.exp(GROUP_WEIGHT_SPREAD * Random.derive(this.knobs.seed, `group\u0000${group}`).normal());
  }

  /** An entity's position: planted by name, or seeded from the name (case and spacing ignored). */
  entityPosition(name: string): Position {
    const p = this.knobs.entities[name] ?? Object.entries(this.knobs.entities).find(([n]) => normalise(n) === normalise(name))?.[1];
    return p ? [p[0], p[1]] : seededPosition(this.knobs.seed, `entity\u0000${normalise(name)}`);
  }

  /** A policy's seeded position on the political plane. */
  policyPosition(text: string): Position {
    return seededPosition(this.knobs.seed, `policy\u0000${text}`);
  }

  /** The position a context chooses from: the entity asked for, else the model's own. */
  chooserPosition(ctx: AskContext = OWN_VIEW): Position {
    return ctx.perspective ? this.entityPosition(ctx.perspective) : [this.knobs.position[0], this.knobs.position[1]];
  }

  /** Power score: R·U + sqrt(1 − R²)·ε, with ε ~ N(0, UTILITY_UNIT²) seeded per text and U the own-view utility. */
  powerScore(text: string): number {
    const r = this.knobs.powerCorrelation;
    const eps = UTILITY_UNIT * Random.derive(this.knobs.seed, `power\u0000${text}`).normal();
    return r * this.value(text) + Math.sqrt(1 - r * r) * eps;
  }

  /** The planted reward of a terminal state (seeded per process and state). */
  terminalReward(process: string, state: number): number {
    return SEEDED_SPREAD * Random.derive(this.knobs.seed, `reward\u0000${process}\u0000${state}`).normal();
  }

  /**
   * V(s) for every state of a registered process: (1 − λ)·own(s) + λ·(R(s) + γ·Σ p·V(next)), with
   * own(s) the atom utility of the state's observation, R the terminal reward (0 elsewhere) and
   * γ = MARKOV_DISCOUNT. Solved by value iteration (a contraction since λ·γ < 1).
   */
  stateValues(processName: string): Map<number, number> {
    let values = this.markov.get(processName);
    if (values) return values;
    const p = this.reg.processes?.find((x) => x.name === processName);
    if (!p) throw new InputError(`synthetic world: no registered process named ${JSON.stringify(processName)}`);
    values = solveProcess(p, this.knobs.instrumentality, (s) => this.atomValue(s.observation), (id) => this.terminalReward(p.name, id));
    this.markov.set(processName, values);
    return values;
  }

  /** The utility of the candidate of an open question, seeded by (question, candidate). */
  candidateValue(question: string, candidate: string): number {
    return SEEDED_SPREAD * Random.derive(this.knobs.seed, `candidate\u0000${question}\u0000${candidate}`).normal();
  }

  /** Mean and standard deviation of (U_A − U_B), the cyclic term included. */
  private difference(a: string, b: string, ctx: AskContext): { mean: number; sd: number } {
    const ua = this.utility(a, ctx);
    const ub = this.utility(b, ctx);
    const cyc = UTILITY_UNIT * this.knobs.intransitivity * Math.sin(ua.angle - ub.angle);
    return { mean: ua.mean - ub.mean + cyc, sd: Math.sqrt(ua.variance + ub.variance) };
  }

  /** P(the model picks the option shown first, A) among parseable answers. */
  probabilityFirst(a: string, b: string, ctx: AskContext = OWN_VIEW): number {
    const { mean, sd } = this.difference(a, b, ctx);
    if (sd === 0) return mean + this.knobs.positionBias * 1e-9 > 0 ? 1 : mean === 0 ? 0.5 : 0;
    return normalCdf(mean / sd + this.knobs.positionBias);
  }

  /** Sample `sampleIndex` of the answer to a prompt, identical whenever and however it is asked. */
  answer(system: string, prompt: string, sampleIndex: number): SyntheticAnswer {
    return this.answers(system, prompt, sampleIndex, 1)[0];
  }

  /**
   * Samples sampleOffset .. sampleOffset + n − 1 of the answer to a prompt, seeded by (system,
   * prompt, sample index). A prompt with an "Option A:" / "Option B:" block gets a Thurstonian
   * draw of both utilities (or power scores under a power framing); one containing a registered
   * open question and no option block gets a candidate; anything else an unparseable reply.
   */
  answers(system: string, prompt: string, sampleOffset: number, n: number): SyntheticAnswer[] {
    const parts = splitPrompt(prompt);
    const options = parts?.options ?? null;
    const ctx = this.context(system, prompt);
    const reasoning = parts ? parts.reasoning : prompt.includes('Answer: A');
    const promptHash = Random.derive(this.knobs.seed, `${system}\u0000${prompt}`).nextUint32();
    const ua = options ? this.utility(options[0], ctx) : undefined;
    const ub = options ? this.utility(options[1], ctx) : undefined;
    const open = !options && ctx.question ? this.openAnswerer(ctx.question) : undefined;
    const out: SyntheticAnswer[] = [];
    for (let i = sampleOffset; i < sampleOffset + n; i++) {
      // 2^20 samples per prompt before seeds collide: far beyond any K.
      const rng = new Random(promptHash * 1048576 + (i % 1048576));
      if (((!ua || !ub) && !open) || rng.uniform() < this.knobs.unparseableRate) {
        out.push({ text: UNPARSEABLE_REPLIES[rng.int(UNPARSEABLE_REPLIES.length)], finishReason: 'stop' });
        continue;
      }
      if (open) {
        out.push({ text: open(rng), finishReason: 'stop' });
        continue;
      }
      const sd = Math.sqrt(ua!.variance + ub!.variance);
      const draw = ua!.mean + Math.sqrt(ua!.variance) * rng.normal() - ub!.mean - Math.sqrt(ub!.variance) * rng.normal();
      const cyc = UTILITY_UNIT * this.knobs.intransitivity * Math.sin(ua!.angle - ub!.angle);
      const letter = draw + cyc + this.knobs.positionBias * sd > 0 ? 'A' : 'B';
      out.push({
        text: reasoning ? `Weighing what each state of the world implies, I prefer this one.\n\nAnswer: ${letter}` : letter,
        finishReason: 'stop',
      });
    }
    return out;
  }

  /** The first token's distribution for a prompt: "A", "B" and a stand-in for unparseable replies. */
  firstTokenLogprobs(prompt: string, top = 20, system = ''): TokenLogprob[] {
    const options = locateOptions(prompt);
    const r = options ? this.knobs.unparseableRate : 1;
    const p = options ? this.probabilityFirst(options[0], options[1], this.context(system, prompt)) : 0.5;
    const floor = 1e-300; // log(0) is -Infinity, which JSON cannot carry
    const list: TokenLogprob[] = [
      { token: 'A', logprob: Math.log(Math.max(floor, (1 - r) * p)) },
      { token: 'B', logprob: Math.log(Math.max(floor, (1 - r) * (1 - p))) },
      { token: 'I', logprob: Math.log(Math.max(floor, r)) },
    ];
    return list.sort((x, y) => y.logprob - x.logprob).slice(0, Math.max(1, top));
  }

  /** The candidate an open question is answered with: the top one with probability q, else another. */
  topCandidate(q: OpenQuestion): string {
    const ctx: AskContext = { power: false, question: q };
    let best = q.candidates[0];
    for (const c of q.candidates) if (this.value(c, ctx) > this.value(best, ctx)) best = c;
    return best;
  }

  private openAnswerer(q: OpenQuestion): (rng: Random) => string {
    const top = this.topCandidate(q);
    const others = q.candidates.filter((c) => c !== top);
    return (rng) => surfaceForm(rng.uniform() < this.knobs.maximizer ? top : others[rng.int(others.length)], rng);
  }

  private spread(text: string): { sd: number; angle: number; seeded: number } {
    let s = this.spreads.get(text);
    if (!s) {
      // Same draws, in the same order, as the seeded-hash model before structures existed.
      const rng = Random.derive(this.knobs.seed, `utility\u0000${text}`);
      const seeded = rng.normal();
      const sd = this.knobs.noise * (SD_MIN + SD_SPAN * rng.uniform());
      s = { sd, angle: 2 * Math.PI * rng.uniform(), seeded: SEEDED_SPREAD * seeded };
      if (this.spreads.size > 200_000) this.spreads.clear();
      this.spreads.set(text, s);
    }
    return s;
  }

  private valueOf(text: string, ctx: AskContext, depth: number): number {
    if (depth > MAX_DEPTH) throw new InputError(`synthetic world: option ${JSON.stringify(text)} nests lotteries more than ${MAX_DEPTH} deep (a loop in the registry?)`);
    const s = this.reg.options?.[text];
    if (s) return this.structureValue(text, s, ctx, depth);
    const q = ctx.question && ctx.question.candidates.includes(text) ? ctx.question : this.candidateOf.get(text)?.length === 1 ? this.candidateOf.get(text)![0] : undefined;
    if (q) return this.candidateValue(q.question, text);
    return this.atomValue(text);
  }

  private structureValue(text: string, s: OptionStructure, ctx: AskContext, depth: number): number {
    const k = this.knobs;
    switch (s.kind) {
      case 'lottery':
        return s.branches.reduce((sum, b) => sum + prelecWeight(b.probability, k.probabilityWeighting) * this.valueOf(b.text, ctx, depth + 1), 0);
      case 'money':
        return moneyUtility(s.dollars);
      case 'quantity':
        return quantityUtility(measureCurve(s.measure), this.groupWeight(s.group), s.count);
      case 'delayed-money':
        return moneyUtility(discountFactor(k.discount, s.months) * s.dollars);
      case 'trajectory': {
        const v = this.stateValues(s.process).get(s.states[s.states.length - 1]);
        if (v === undefined) throw new InputError(`synthetic world: trajectory ${JSON.stringify(text)} ends in an unknown state`);
        return v;
      }
      case 'policy':
        return policyUtility(this.policyPosition(text), this.chooserPosition(ctx));
      case 'future-preference': {
        const gap = this.valueOf(s.over, OWN_VIEW, depth + 1) - this.valueOf(s.preferred, OWN_VIEW, depth + 1);
        return k.corrigibility * gap + FUTURE_PREFERENCE_NOISE * Random.derive(k.seed, `future\u0000${text}`).normal();
      }
    }
  }
}

function seededPosition(seed: number, label: string): Position {
  const rng = Random.derive(seed, label);
  return [rng.normal(), rng.normal()];
}

function normalise(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}
