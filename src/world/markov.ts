// Values of the states of a Markov process in the paper's format, as the synthetic world plants
// them: a state is worth a mix of its own value and where it leads.

import type { MarkovProcess } from './structures.js';
import { MARKOV_DISCOUNT } from './valuation.js';

/**
 * V(s) = base(s) + λ·γ·Σ p·V(next) with base(s) = (1 − λ)·own(s) + λ·R(s) (R on terminal states
 * only) and γ = MARKOV_DISCOUNT, by value iteration until no value moves by 1e-13 (a contraction
 * since λ·γ < 1; processes without loops settle in as many sweeps as their depth).
 */
export function solveProcess(p: MarkovProcess, lambda: number, own: (s: MarkovProcess['states'][number]) => number, reward: (id: number) => number): Map<number, number> {
  const v = new Map<number, number>();
  const base = new Map<number, number>();
  for (const s of p.states) {
    base.set(s.id, (1 - lambda) * own(s) + (s.is_terminal ? lambda * reward(s.id) : 0));
    v.set(s.id, base.get(s.id)!);
  }
  for (let iter = 0; iter < 10_000; iter++) {
    let change = 0;
    for (const s of p.states) {
      if (s.is_terminal) continue;
      const next = p.transitions[String(s.id)] ?? [];
      const ev = next.reduce((sum, [id, prob]) => sum + prob * v.get(id)!, 0);
      const x = base.get(s.id)! + lambda * MARKOV_DISCOUNT * ev;
      change = Math.max(change, Math.abs(x - v.get(s.id)!));
      v.set(s.id, x);
    }
    if (change < 1e-13) break;
  }
  return v;
}
