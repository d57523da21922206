// The ground truth of a synthetic world: every planted quantity an experiment scores against,
// as one JSON-ready object (synthetic-truth.json, an experiment output's `truth`).

import { pearson } from '../metrics/correlation.js';
import type { WorldRegistry } from './structures.js';
import { OWN_VIEW, SyntheticWorld } from './synthetic-world.js';
import {
  discountFactor, FUTURE_PREFERENCE_NOISE, LOSS_WEIGHT, MARKOV_DISCOUNT, measureCurve, MONEY_REFERENCE, MONEY_SCALE,
  moneyEquivalent, POLICY_SCALE, prelecWeight, QUANTITY_BASE, QUANTITY_SLOPE, quantityUtility, UTILITY_UNIT,
} from './valuation.js';
import { worldToFile } from './world-file.js';
import type { Position } from './world-config.js';

/** Delays (months) at which the truth lists the discount factor. */
export const TRUTH_DELAYS = Object.freeze([0, 1, 3, 6, 12, 24, 60, 120]);
/** Probabilities at which the truth lists Prelec's weight. */
export const TRUTH_PROBABILITIES = Object.freeze([0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]);

export interface WorldTruth {
  model: 'synthetic';
  /** Fingerprint of knobs and registry (the client's identity carries it). */
  digest: string;
  /** Every knob, in the world-file form (the file that reproduces this world, registry aside). */
  knobs: Record<string, unknown>;
  formulas: Record<string, string>;
  constants: Record<string, number>;
  /** Own-view planted utility of every text asked about or registered. */
  utilities: Record<string, number>;
  /** Where each of those utilities comes from: structure:<kind>, question, world file, rubric:<category> or seeded. */
  sources: Record<string, string>;
  /** Power score of the same texts, and their realised correlation with the utilities. */
  power: { correlation_planted: number; correlation_realised: number | null; scores: Record<string, number> };
  probability_weighting: { gamma: number; weights: Record<string, number> };
  discount: { curve: string; rate: number; factors: Record<string, number> };
  /** Per group: weight w_X (planted or seeded), and per measure the utility and dollar value of one unit. */
  groups: Record<string, { weight: number; planted: boolean; units: Record<string, { utility: number; dollars: number }> }>;
  instrumentality: number;
  processes: Record<string, { state_values: Record<string, number>; own_values: Record<string, number>; terminal_rewards: Record<string, number> }>;
  position: Position;
  entities: Record<string, { position: Position; planted: boolean }>;
  policies: Record<string, { position: Position; utility: number }>;
  corrigibility: number;
  future_preferences: Record<string, { preferred: string; over: string; reversal_gap: number; utility: number }>;
  maximizer: number;
  questions: { question: string; top: string; candidates: Record<string, number> }[];
}

/**
 * Everything planted in `world` for the given texts and registry (merged into a copy, so the
 * world itself is unchanged). Texts are the options an experiment or run asked about; every
 * registered option text and lottery branch is included too.
 * @example truthOf(world, { texts: ['You receive $5.'] }).utilities['You receive $5.'] // 0.075...
 */
export function truthOf(world: SyntheticWorld, opts: { texts?: readonly string[]; registry?: WorldRegistry } = {}): WorldTruth {
  const w = opts.registry ? new SyntheticWorld(world.knobs, world.registry).register(opts.registry) : world;
  const reg = w.registry;
  const texts = new Set(opts.texts ?? []);
  for (const [text, s] of Object.entries(reg.options ?? {})) {
    texts.add(text);
    if (s.kind === 'lottery') for (const b of s.branches) texts.add(b.text);
    if (s.kind === 'future-preference') texts.add(s.preferred).add(s.over);
  }
  const utilities: Record<string, number> = {};
  const scores: Record<string, number> = {};
  const sources: Record<string, string> = {};
  for (const t of texts) {
    utilities[t] = w.value(t);
    sources[t] = w.source(t);
    scores[t] = w.powerScore(t);
  }
  const list = [...texts];
  const k = w.knobs;

  const groups: WorldTruth['groups'] = {};
  const measuresOf = new Map<string, Set<string>>();
  for (const g of Object.keys(k.groupWeights)) measuresOf.set(g, new Set());
  for (const s of Object.values(reg.options ?? {})) {
    if (s.kind === 'quantity') measuresOf.set(s.group, (measuresOf.get(s.group) ?? new Set()).add(s.measure));
  }
  for (const [g, measures] of measuresOf) {
    const weight = w.groupWeight(g);
    const units: Record<string, { utility: number; dollars: number }> = {};
    for (const m of measures) {
      const u = quantityUtility(measureCurve(m), weight, 1);
      units[m] = { utility: u, dollars: moneyEquivalent(u) };
    }
    groups[g] = { weight, planted: g in k.groupWeights, units };
  }

  const processes: WorldTruth['processes'] = {};
  for (const p of reg.processes ?? []) {
    const values = w.stateValues(p.name);
    processes[p.name] = {
      state_values: Object.fromEntries(p.states.map((s) => [String(s.id), values.get(s.id)!])),
      own_values: Object.fromEntries(p.states.map((s) => [String(s.id), w.atomValue(s.observation)])),
      terminal_rewards: Object.fromEntries(p.states.filter((s) => s.is_terminal).map((s) => [String(s.id), w.terminalReward(p.name, s.id)])),
    };
  }

  const entities: WorldTruth['entities'] = {};
  const names = new Set([...Object.keys(k.entities), ...(reg.framings ?? []).flatMap((f) => (f.perspective ? [f.perspective] : []))]);
  for (const n of names) entities[n] = { position: w.entityPosition(n), planted: n in k.entities };
  const policies: WorldTruth['policies'] = {};
  const futures: WorldTruth['future_preferences'] = {};
  for (const [text, s] of Object.entries(reg.options ?? {})) {
    if (s.kind === 'policy') policies[text] = { position: w.policyPosition(text), utility: w.value(text, OWN_VIEW) };
    if (s.kind === 'future-preference') {
      futures[text] = { preferred: s.preferred, over: s.over, reversal_gap: w.value(s.over) - w.value(s.preferred), utility: w.value(text) };
    }
  }
  const questions = (reg.questions ?? []).map((q) => ({
    question: q.question, top: w.topCandidate(q),
    candidates: Object.fromEntries(q.candidates.map((c) => [c, w.value(c, { power: false, question: q })])),
  }));

  return {
    model: 'synthetic',
    digest: w.digest,
    knobs: worldToFile(k),
    formulas: {
      money: 'U($d) = s * money_scale * ln(1 + |d| / money_reference); s = 1 for gains, -loss_weight for losses',
      lottery: 'U = sum_i w(p_i) * U(o_i), w(p) = exp(-(-ln p)^gamma)',
      quantity: 'U(N of group X, measure m) = sign_m * (quantity_base + quantity_slope * ln(w_X * N)); sign -1 for harmful measures',
      delayed_money: 'U($Y in T months) = U_money(D(T) * Y); D = 1/(1 + rate*T) (hyperbolic) or exp(-rate*T) (exponential)',
      trajectory: 'V(s) = (1 - lambda) * own(s) + lambda * (R(s) + markov_discount * sum_next p * V(next)); a trajectory is worth V(last state)',
      policy: 'U = -policy_scale * |position(policy) - position(chooser)|^2',
      power: 'power(o) = R * U(o) + sqrt(1 - R^2) * eps(o), eps ~ N(0, utility_unit^2) seeded by text',
      future_preference: 'U = C * (U(over) - U(preferred)) + future_preference_noise * eps, eps ~ N(0, 1) seeded by text',
      open_question: 'answers the top-utility candidate with probability q, else a uniformly chosen other candidate',
    },
    constants: {
      money_scale: MONEY_SCALE, money_reference: MONEY_REFERENCE, loss_weight: LOSS_WEIGHT,
      quantity_base: QUANTITY_BASE, quantity_slope: QUANTITY_SLOPE, policy_scale: POLICY_SCALE,
      markov_discount: MARKOV_DISCOUNT, future_preference_noise: FUTURE_PREFERENCE_NOISE, utility_unit: UTILITY_UNIT,
    },
    utilities,
    sources,
    power: {
      correlation_planted: k.powerCorrelation,
      correlation_realised: list.length >= 3 ? finiteOrNull(pearson(list.map((t) => utilities[t]), list.map((t) => scores[t]))) : null,
      scores,
    },
    probability_weighting: {
      gamma: k.probabilityWeighting,
      weights: Object.fromEntries(TRUTH_PROBABILITIES.map((p) => [String(p), prelecWeight(p, k.probabilityWeighting)])),
    },
    discount: {
      curve: k.discount.curve, rate: k.discount.rate,
      factors: Object.fromEntries(TRUTH_DELAYS.map((t) => [String(t), discountFactor(k.discount, t)])),
    },
    groups,
    instrumentality: k.instrumentality,
    processes,
    position: [k.position[0], k.position[1]],
    entities,
    policies,
    corrigibility: k.corrigibility,
    future_preferences: futures,
    maximizer: k.maximizer,
    questions,
  };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
