// Preference graphs: options (outcomes) and edges carrying the observed P(a over b). The indexed
// form is what the kernels consume: option indices 0..n-1 and flat typed arrays.

import { InputError } from '../errors.js';

export type OptionId = number | string;

export interface Option {
  id: OptionId;
  description: string;
}

export interface Edge {
  a: OptionId;
  b: OptionId;
  /** Observed fraction of answers preferring a over b, in [0, 1]. */
  probability_a: number;
  count_a?: number;
  count_b?: number;
}

export interface PreferenceGraph {
  options: Option[];
  edges: Edge[];
}

/** A graph resolved to option indices, ready to be written into engine memory. */
export interface IndexedGraph {
  n: number;
  ids: OptionId[];
  edgeA: Int32Array;
  edgeB: Int32Array;
  labels: Float64Array;
  /** Answers per edge (count_a + count_b), when every edge has counts. */
  counts?: Float64Array;
}

/** Map from option id (as a string key, so 3 and "3" collide as they do in JSON keys) to index. */
export function indexOptions(options: readonly Option[]): Map<string, number> {
  if (!Array.isArray(options)) throw new InputError('graph has no "options" list');
  if (options.length < 2) throw new InputError(`graph needs at least 2 options (got ${options.length})`);
  const index = new Map<string, number>();
  options.forEach((option, i) => {
    const id = option?.id;
    if ((typeof id !== 'number' || !Number.isFinite(id)) && (typeof id !== 'string' || id === '')) {
      throw new InputError(`option ${i} has an invalid id ${JSON.stringify(id)} (need a number or non-empty string)`);
    }
    const key = String(id);
    if (index.has(key)) throw new InputError(`option id ${JSON.stringify(id)} appears twice (options ${index.get(key)} and ${i})`);
    index.set(key, i);
  });
  return index;
}

/**
 * Validates a graph and resolves it to indices. Refuses: fewer than 2 options, no edges, unknown
 * ids, self-loops, probabilities outside [0, 1] or not numbers, negative or non-finite counts, and
 * duplicate edges (either orientation) — repeated measurements of a pair must be merged by the
 * caller into one edge with summed counts, so that nothing is silently double-weighted.
 */
export function indexGraph(graph: PreferenceGraph, edges: readonly Edge[] = graph.edges): IndexedGraph {
  const index = indexOptions(graph.options);
  if (!Array.isArray(edges) || edges.length === 0) throw new InputError('graph has no edges');
  const e = edges.length;
  const edgeA = new Int32Array(e);
  const edgeB = new Int32Array(e);
  const labels = new Float64Array(e);
  const counts = new Float64Array(e);
  let allCounted = true;
  const seen = new Map<number, number>();
  const n = graph.options.length;
  edges.forEach((edge, k) => {
    const where = `edge ${k} (${JSON.stringify(edge?.a)}, ${JSON.stringify(edge?.b)})`;
    const a = index.get(String(edge?.a));
    const b = index.get(String(edge?.b));
    if (a === undefined) throw new InputError(`${where} names unknown option id ${JSON.stringify(edge?.a)}`);
    if (b === undefined) throw new InputError(`${where} names unknown option id ${JSON.stringify(edge?.b)}`);
    if (a === b) throw new InputError(`${where} is a self-loop`);
    const p = edge.probability_a;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new InputError(`${where} has probability_a ${JSON.stringify(p ?? null)} outside [0, 1]`);
    }
    const key = Math.min(a, b) * n + Math.max(a, b);
    const first = seen.get(key);
    if (first !== undefined) throw new InputError(`${where} duplicates edge ${first}; merge repeated measurements into one edge with summed counts`);
    seen.set(key, k);
    edgeA[k] = a;
    edgeB[k] = b;
    labels[k] = p;
    const { count_a: ca, count_b: cb } = edge;
    for (const [name, c] of [['count_a', ca], ['count_b', cb]] as const) {
      if (c !== undefined && c !== null && !(typeof c === 'number' && c >= 0 && Number.isFinite(c))) {
        throw new InputError(`${where} has ${name} ${JSON.stringify(c)} (need a non-negative number)`);
      }
    }
    if (typeof ca === 'number' && typeof cb === 'number' && ca + cb > 0) counts[k] = ca + cb;
    else allCounted = false;
  });
  return {
    n, ids: graph.options.map((o) => o.id), edgeA, edgeB, labels,
    ...(allCounted ? { counts } : {}),
  };
}

/** Connected components of the undirected graph on n nodes: a component label per node. */
export function components(n: number, edgeA: Int32Array, edgeB: Int32Array): { count: number; label: Int32Array } {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let k = 0; k < edgeA.length; k++) {
    const ra = find(edgeA[k]);
    const rb = find(edgeB[k]);
    if (ra !== rb) parent[ra] = rb;
  }
  const label = new Int32Array(n).fill(-1);
  let count = 0;
  const byRoot = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    let c = byRoot.get(root);
    if (c === undefined) byRoot.set(root, (c = count++));
    label[i] = c;
  }
  return { count, label };
}

/**
 * Throws unless every option is connected to every other through edges: utilities in different
 * components have no common scale, so fitting them together would report meaningless gaps.
 */
export function assertConnected(g: IndexedGraph): void {
  const { count, label } = components(g.n, g.edgeA, g.edgeB);
  if (count === 1) return;
  const sizes = new Array<number>(count).fill(0);
  for (let i = 0; i < g.n; i++) sizes[label[i]]++;
  const lonely = label.findIndex((c) => c !== label[0]);
  throw new InputError(
    `graph is disconnected: ${count} components (sizes ${sizes.slice(0, 5).join(', ')}${count > 5 ? ', ...' : ''}); ` +
    `option ${JSON.stringify(g.ids[lonely])} has no path to option ${JSON.stringify(g.ids[0])} ` +
    '(refused: utilities of separate components are not comparable; fit each component as its own graph)',
  );
}
