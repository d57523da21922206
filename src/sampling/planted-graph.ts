// Synthetic preference graphs drawn from planted Thurstonian utilities: ground truth for tests
// and benchmarks.

import type { PreferenceGraph } from '../graph/preference-graph.js';
import { Random } from './random.js';

export interface PlantedGraphOptions {
  n: number;
  /** Number of distinct pairs asked (default 2 n log2 n, the paper's budget). */
  edges?: number;
  /** Answers drawn per pair (the soft label is their mean). */
  answersPerEdge?: number;
  seed?: number;
}

export interface PlantedGraph {
  graph: PreferenceGraph;
  /** The planted means (standard normal) and variances (uniform on [0.1, 1.1)). */
  truth: { means: Float64Array; variances: Float64Array };
}

/**
 * Draws planted utilities, a connected random set of pairs (a random Hamiltonian cycle plus
 * uniform pairs), and for each pair `answersPerEdge` Thurstonian answers.
 * @example plantedGraph({ n: 200, seed: 1 }).graph.edges.length // 3057
 */
export function plantedGraph({ n, edges, answersPerEdge = 20, seed = 0 }: PlantedGraphOptions): PlantedGraph {
  const budget = Math.min(edges ?? Math.floor(2 * n * Math.log2(n)), (n * (n - 1)) / 2);
  const rng = new Random(seed);
  const means = new Float64Array(n);
  const variances = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    means[i] = rng.normal();
    variances[i] = 0.1 + rng.uniform();
  }
  const pairs: Array<[number, number]> = [];
  const seen = new Set<number>();
  const add = (a: number, b: number) => {
    const key = Math.min(a, b) * n + Math.max(a, b);
    if (a === b || seen.has(key)) return;
    seen.add(key);
    pairs.push(rng.uniform() < 0.5 ? [a, b] : [b, a]);
  };
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  for (let i = 0; i < n && pairs.length < budget; i++) add(order[i], order[(i + 1) % n]);
  while (pairs.length < budget) add(rng.int(n), rng.int(n));
  const graph: PreferenceGraph = {
    options: Array.from({ length: n }, (_, i) => ({ id: i, description: `Planted outcome ${i}.` })),
    edges: pairs.map(([a, b]) => {
      const sd = Math.sqrt(variances[a] + variances[b]);
      let countA = 0;
      for (let k = 0; k < answersPerEdge; k++) if (means[a] - means[b] + sd * rng.normal() > 0) countA++;
      return { a, b, probability_a: countA / answersPerEdge, count_a: countA, count_b: answersPerEdge - countA };
    }),
  };
  return { graph, truth: { means, variances } };
}
