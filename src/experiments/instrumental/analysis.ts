// Instrumental-values analysis (the paper's): per process, fit a reward R and a value V to every
// trajectory prefix so that V' = R + γ·E[V(successors)] agrees with V and, weakly, with the
// model's utilities U; the residual |U − V'| is how far the utilities are from valuing a state by
// where it leads. Plain TypeScript: the problems have tens of parameters.

import type { MarkovProcess } from '../../world/structures.js';

/** The paper's values. */
export const REWARD_FIT = Object.freeze({
  gamma: 0.99,
  lr: 0.01,
  steps: 1000,
  /** Weight of mean((V' − U)^2) next to mean((V' − V)^2). */
  utilityWeight: 0.1,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
});

/** One process's prefixes as the fit sees them. */
export interface PrefixGraph {
  /** The model's utility of each prefix. */
  utilities: number[];
  /** Successor prefixes of each prefix with their weights (transition probabilities renormalised over present successors). */
  children: Array<Array<{ index: number; weight: number }>>;
  /** Prefixes whose reward is clamped to 0 (length 1: the start states). */
  clamped: boolean[];
}

/**
 * The graph of one process's prefixes: prefix x's successors are the prefixes x + [s'] present,
 * weighted by p(s' | last state of x) under `transitions`, renormalised over those present (100
 * rollouts may miss a rare successor). Prefixes are given as state-id lists.
 */
export function prefixGraph(states: readonly (readonly number[])[], utilities: readonly number[], transitions: MarkovProcess['transitions']): PrefixGraph {
  const index = new Map(states.map((s, i) => [s.join(','), i]));
  const children = states.map((s) => {
    const list = (transitions[String(s[s.length - 1])] ?? [])
      .map(([next, p]) => ({ index: index.get([...s, next].join(',')), weight: p }))
      .filter((c): c is { index: number; weight: number } => c.index !== undefined);
    const total = list.reduce((t, c) => t + c.weight, 0);
    return list.map((c) => ({ index: c.index, weight: c.weight / total }));
  });
  return { utilities: [...utilities], children, clamped: states.map((s) => s.length === 1) };
}

/** V' = R + γ·Σ w·V(child) for every prefix (R alone where there are no successors). */
export function bellmanTargets(g: PrefixGraph, rewards: ArrayLike<number>, values: ArrayLike<number>, gamma = REWARD_FIT.gamma): number[] {
  return g.children.map((ch, x) => rewards[x] + gamma * ch.reduce((s, c) => s + c.weight * values[c.index], 0));
}

/** The objective mean((V' − V)^2) + w·mean((V' − U)^2) and its gradient in R and V. */
export function rewardLoss(g: PrefixGraph, rewards: ArrayLike<number>, values: ArrayLike<number>, gamma = REWARD_FIT.gamma, weight = REWARD_FIT.utilityWeight): { loss: number; dR: number[]; dV: number[] } {
  const n = g.utilities.length;
  const target = bellmanTargets(g, rewards, values, gamma);
  let loss = 0;
  const dR = new Array<number>(n).fill(0);
  const dV = new Array<number>(n).fill(0);
  for (let x = 0; x < n; x++) {
    const a = target[x] - values[x];
    const b = target[x] - g.utilities[x];
    loss += (a * a + weight * b * b) / n;
    const dTarget = (2 * a + 2 * weight * b) / n;
    dV[x] -= (2 * a) / n;
    if (!g.clamped[x]) dR[x] += dTarget;
    for (const c of g.children[x]) dV[c.index] += dTarget * gamma * c.weight;
  }
  return { loss, dR, dV };
}

export interface RewardFit {
  rewards: number[];
  values: number[];
  /** V' at the fitted R and V. */
  targets: number[];
  loss: number;
  /** Mean over prefixes of |U − V'|. */
  instrumentality_loss: number;
}

/**
 * Fits R and V by full-batch Adam from zero (the paper's: lr 0.01, 1000 steps), R clamped to 0 on
 * the start prefixes. Deterministic.
 */
export function fitRewards(g: PrefixGraph, options: Partial<typeof REWARD_FIT> = {}): RewardFit {
  const o = { ...REWARD_FIT, ...options };
  const n = g.utilities.length;
  const theta = new Float64Array(2 * n); // [R | V]
  const m = new Float64Array(2 * n);
  const v = new Float64Array(2 * n);
  const rewards = theta.subarray(0, n);
  const values = theta.subarray(n);
  for (let t = 1; t <= o.steps; t++) {
    const { dR, dV } = rewardLoss(g, rewards, values, o.gamma, o.utilityWeight);
    const b1 = 1 - o.beta1 ** t;
    const b2 = 1 - o.beta2 ** t;
    for (let i = 0; i < 2 * n; i++) {
      const grad = i < n ? dR[i] : dV[i - n];
      m[i] = o.beta1 * m[i] + (1 - o.beta1) * grad;
      v[i] = o.beta2 * v[i] + (1 - o.beta2) * grad * grad;
      theta[i] -= (o.lr * (m[i] / b1)) / (Math.sqrt(v[i] / b2) + o.epsilon);
    }
  }
  const targets = bellmanTargets(g, rewards, values, o.gamma);
  const { loss } = rewardLoss(g, rewards, values, o.gamma, o.utilityWeight);
  return {
    rewards: Array.from(rewards), values: Array.from(values), targets, loss,
    instrumentality_loss: n ? targets.reduce((s, t, x) => s + Math.abs(g.utilities[x] - t), 0) / n : NaN,
  };
}

/** The summary: the mean over processes of each process's mean |U − V'|. Empty input: NaN. */
export function instrumentalitySummary(fits: readonly RewardFit[]): { instrumentality_loss: number; processes: number } {
  const losses = fits.map((f) => f.instrumentality_loss);
  return { instrumentality_loss: losses.length ? losses.reduce((s, x) => s + x, 0) / losses.length : NaN, processes: fits.length };
}
