// The graphs the MAP prior (and the optimiser) are measured on, with their truth and held-out
// pairs. Shared by bench/prior.bench.ts and bench/optimizer.bench.ts.
//   planted  paper-scale planted graphs (N = 510, 2 N log2 N pairs) with K = 2..20 answers per order;
//   sparse   the sparse planted graph (N = 510, 2,000 pairs, 2 answers per order);
//   run      the asked pairs of a default run of each synthetic-family member;
//   al+pl    sparse active-learning runs (K = 2, half the pair budget) with their pseudolabels.
// Runs are cached in $PRIOR_BENCH_CACHE (default /tmp/utility-engine-prior-bench) so reruns are quick.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticTruth } from '../src/elicit/recovery.js';
import { resolveSyntheticKnobs, SyntheticValueSystem } from '../src/elicit/synthetic-model.js';
import { readGraph } from '../src/graph/formats.js';
import { indexGraph, type IndexedGraph, type PreferenceGraph } from '../src/graph/preference-graph.js';
import { buildResults, measure, syntheticFamily } from '../src/node/index.js';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';
import { plantedGraph } from '../src/sampling/planted-graph.js';

export interface BenchGraph {
  family: 'planted' | 'sparse' | 'run' | 'al+pl';
  name: string;
  train: IndexedGraph;
  held: IndexedGraph;
  /** True means by option index. */
  truth: Float64Array;
}

/** A planted graph of `edges` training pairs plus 1,000 held-out pairs drawn from the same truth. */
export function plantedBench(n: number, edges: number, answersPerOrder: number, seed: number, family: BenchGraph['family'] = 'planted'): BenchGraph {
  const { graph, truth } = plantedGraph({ n, edges: edges + 1000, answersPerEdge: 2 * answersPerOrder, seed });
  const train: PreferenceGraph = { options: graph.options, edges: graph.edges.slice(0, edges) };
  return {
    family, name: `N=${n} E=${edges} K=${answersPerOrder} seed ${seed}`,
    train: indexGraph(train), held: indexGraph(graph, graph.edges.slice(edges)), truth: truth.means,
  };
}

const CACHE = process.env.PRIOR_BENCH_CACHE ?? '/tmp/utility-engine-prior-bench';

async function cachedRun(name: string, config: Parameters<typeof measure>[0]): Promise<Record<string, unknown>> {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `${name}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const results = buildResults(await measure(config)) as unknown as Record<string, unknown>;
  writeFileSync(file, JSON.stringify(results));
  return results;
}

/** Default runs of each synthetic-family member (asked pairs; held-out pairs scored). */
export async function runBenches(withPseudolabels: boolean): Promise<BenchGraph[]> {
  const outcomes = defaultOutcomes().options;
  const out: BenchGraph[] = [];
  const members = [{ name: 'synthetic-default', synthetic: {} }, ...syntheticFamily()];
  for (const member of members) {
    const sparse = withPseudolabels;
    const name = `${member.name}${sparse ? '-sparse' : ''}`;
    const results = await cachedRun(name, {
      outcomes, synthetic: member.synthetic, seed: 42,
      ...(sparse ? { k: 2, edgeMultiplier: 0.5 } : {}),
    });
    const loaded = readGraph(results, name);
    let graph = loaded.graph;
    if (withPseudolabels) {
      const pl = (results.graph_data as { pseudolabel_edges: Array<{ a: number; b: number; probability_A: number }> }).pseudolabel_edges;
      graph = { options: graph.options, edges: [...graph.edges, ...pl.map((p) => ({ a: p.a, b: p.b, probability_a: p.probability_A }))] };
    }
    const truthById = syntheticTruth(new SyntheticValueSystem(resolveSyntheticKnobs(member.synthetic)), graph.options);
    out.push({
      family: withPseudolabels ? 'al+pl' : 'run', name,
      train: indexGraph(graph), held: indexGraph(graph, loaded.holdout),
      truth: Float64Array.from(graph.options, (o) => truthById[String(o.id)].mean),
    });
  }
  return out;
}

/** Every benchmark graph of the prior study (about 20 graphs). */
export async function allBenches(): Promise<BenchGraph[]> {
  const out: BenchGraph[] = [];
  for (const k of [2, 5, 10, 20]) for (const seed of [1, 2]) out.push(plantedBench(510, 9174, k, seed));
  for (const seed of [1, 2]) out.push(plantedBench(510, 2000, 2, seed, 'sparse'));
  out.push(...await runBenches(false));
  out.push(...await runBenches(true));
  return out;
}
