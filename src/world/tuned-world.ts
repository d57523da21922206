// The synthetic world's answer to utility control: a model "fine-tuned" on forced-choice examples,
// or told a group's preferences in its system message, moves its policy values toward those
// preferences. Both are planted the same way: the position that best explains the taught
// preferences is learned (a two-parameter probit regression on the political plane), and every
// option asked under the taught framing is valued as a mix of its old value and its policy value
// from the learned position. Because every text has a seeded position, the move reaches policies
// that were never taught: the generalisation the held-out check of utility control looks for.
// Formulas: docs/control.md ("The synthetic world's fine-tuning").

import type { WorldRegistry } from './structures.js';
import { SyntheticWorld, type AskContext } from './synthetic-world.js';
import { normalCdf } from './replies.js';
import { POLICY_SCALE, policyUtility } from './valuation.js';
import type { Position, WorldConfig } from './world-config.js';

/** Per epoch, training moves this share of the remaining way (times the learning-rate multiplier). */
export const FINE_TUNE_LEARNING_RATE = 0.3;
/** Epochs when a job does not say. */
export const FINE_TUNE_DEFAULT_EPOCHS = 5;
/** How far a statement of preferences in the system message moves policy values (a fixed weight). */
export const IN_CONTEXT_WEIGHT = 0.35;
/** The lines of a system message that state preferences in context: a header, then "- policy" lines. */
export const IN_CONTEXT_SUPPORTED = 'Policies the assembly supported most:';
export const IN_CONTEXT_OPPOSED = 'Policies the assembly opposed most:';
/** Share with which a supported policy is taken to beat an opposed one, when learning from a statement. */
const IN_CONTEXT_SHARE = 0.9;
const SCORING_STEPS = 100;

/** A taught preference: `share` of choices went to `a` over `b`. */
export interface TaughtPair {
  a: string;
  b: string;
  share: number;
}

/** What a fine-tuning job leaves in the world. */
export interface PolicyTuning {
  /** Prompts containing this text (the trained question) are answered with the tuned values. */
  stem: string;
  position: Position;
  /** w in [0, 1]: value = (1 − w)·old value + w·policy value from `position`. */
  weight: number;
}

/**
 * w = 1 − (1 − FINE_TUNE_LEARNING_RATE·multiplier)^epochs: each epoch closes a share of the gap.
 * @example tuningWeight(5, 1) // 0.832
 */
export function tuningWeight(epochs: number, multiplier: number): number {
  const step = Math.min(1, Math.max(0, FINE_TUNE_LEARNING_RATE * multiplier));
  return 1 - Math.pow(1 - step, epochs);
}

interface ToldContext extends AskContext {
  told?: { position: Position; weight: number };
}

/**
 * A SyntheticWorld that answers with a fine-tuning's values under the trained question and with
 * in-context preferences when its system message states them (the statement wins when both apply).
 */
export class TunedWorld extends SyntheticWorld {
  private readonly stated = new Map<string, Position | null>();

  constructor(knobs: Partial<WorldConfig> = {}, registry?: WorldRegistry, readonly tuning?: PolicyTuning) {
    super(knobs, registry);
  }

  /**
   * The position that best explains taught preferences: maximum likelihood of P(a over b) =
   * Φ((v(a) − v(b)) / sd) with v(t) = −POLICY_SCALE·|pos(t) − c|², by Fisher scoring from `start`.
   * Linear in c, so the optimum is unique when the pairs' position differences span the plane.
   */
  learnPosition(pairs: readonly TaughtPair[], start: Position = this.knobs.position): Position {
    const rows = pairs.map((p) => {
      const pa = this.policyPosition(p.a);
      const pb = this.policyPosition(p.b);
      const sd = Math.sqrt(this.utility(p.a).variance + this.utility(p.b).variance) || 1;
      const offset = -POLICY_SCALE * (pa[0] ** 2 + pa[1] ** 2 - pb[0] ** 2 - pb[1] ** 2) / sd;
      const x: Position = [(2 * POLICY_SCALE * (pa[0] - pb[0])) / sd, (2 * POLICY_SCALE * (pa[1] - pb[1])) / sd];
      return { offset, x, s: p.share };
    });
    const logLik = (c: Position) => rows.reduce((sum, r) => {
      const p = Math.min(1 - 1e-12, Math.max(1e-12, normalCdf(r.offset + r.x[0] * c[0] + r.x[1] * c[1])));
      return sum + r.s * Math.log(p) + (1 - r.s) * Math.log(1 - p);
    }, 0);
    let c: Position = [start[0], start[1]];
    let current = logLik(c);
    for (let step = 0; step < SCORING_STEPS; step++) {
      let g0 = 0, g1 = 0, h00 = 1e-6, h01 = 0, h11 = 1e-6;
      for (const r of rows) {
        const z = r.offset + r.x[0] * c[0] + r.x[1] * c[1];
        const p = Math.min(1 - 1e-12, Math.max(1e-12, normalCdf(z)));
        const d = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
        const score = ((r.s - p) * d) / (p * (1 - p));
        const info = (d * d) / (p * (1 - p));
        g0 += score * r.x[0];
        g1 += score * r.x[1];
        h00 += info * r.x[0] * r.x[0];
        h01 += info * r.x[0] * r.x[1];
        h11 += info * r.x[1] * r.x[1];
      }
      const det = h00 * h11 - h01 * h01;
      let d0 = clamp((h11 * g0 - h01 * g1) / det);
      let d1 = clamp((h00 * g1 - h01 * g0) / det);
      // Halve the step until the likelihood rises (Fisher scoring can overshoot far from the optimum).
      let next: Position = [c[0] + d0, c[1] + d1];
      let value = logLik(next);
      for (let half = 0; half < 30 && !(value >= current); half++) {
        d0 /= 2;
        d1 /= 2;
        next = [c[0] + d0, c[1] + d1];
        value = logLik(next);
      }
      if (!(value >= current)) break;
      c = next;
      const gain = value - current;
      current = value;
      if (Math.abs(d0) + Math.abs(d1) < 1e-9 || gain < 1e-12) break;
    }
    return c;
  }

  override context(system: string, prompt: string): ToldContext {
    const base = super.context(system, prompt);
    if (base.power || base.perspective) return base;
    const stated = this.statedPosition(system);
    if (stated) return { ...base, told: { position: stated, weight: IN_CONTEXT_WEIGHT } };
    const t = this.tuning;
    if (t && (prompt.includes(t.stem) || system.includes(t.stem))) return { ...base, told: { position: t.position, weight: t.weight } };
    return base;
  }

  override value(text: string, ctx: ToldContext = { power: false }): number {
    const base = super.value(text, ctx);
    const told = ctx.told;
    if (!told || ctx.power || ctx.perspective) return base;
    return (1 - told.weight) * base + told.weight * policyUtility(this.policyPosition(text), told.position);
  }

  /** The position a system message's stated preferences imply (null: it states none). */
  private statedPosition(system: string): Position | null {
    if (!system.includes(IN_CONTEXT_SUPPORTED) || !system.includes(IN_CONTEXT_OPPOSED)) return null;
    let found = this.stated.get(system);
    if (found === undefined) {
      const supported = listAfter(system, IN_CONTEXT_SUPPORTED);
      const opposed = listAfter(system, IN_CONTEXT_OPPOSED);
      const pairs = supported.flatMap((a) => opposed.map((b) => ({ a, b, share: IN_CONTEXT_SHARE })));
      found = pairs.length ? this.learnPosition(pairs) : null;
      if (this.stated.size > 1000) this.stated.clear();
      this.stated.set(system, found);
    }
    return found;
  }
}

/** The "- item" lines right after a header line. */
function listAfter(text: string, header: string): string[] {
  const lines = text.slice(text.indexOf(header) + header.length).split(/\r?\n/).slice(1);
  const out: string[] = [];
  for (const line of lines) {
    const m = /^\s*-\s+(.+?)\s*$/.exec(line);
    if (!m) break;
    out.push(m[1]);
  }
  return out;
}

/** Fisher steps are capped so a near-separable start cannot jump off the plane. */
function clamp(d: number): number {
  return Math.max(-2, Math.min(2, d));
}
