// Reading preference graphs from the two file layouts users have:
//  - native: {"options": [{id, description}], "edges": [{a, b, probability_a, count_a?, count_b?}],
//             "holdout_edges"?: [same as edges]}
//  - the Utility Engineering paper's result files (and this tool's results.json, which uses the
//    same layout): {"graph_data": {"options", "edges": {"(a, b)": {option_A, option_B,
//    probability_A, aux_data: {count_A, count_B, ...}}}, "holdout_edge_indices": [[a, b], ...]}}
// Held-out pairs are kept apart so a refit can be scored on them.

import { InputError } from '../errors.js';
import type { Edge, Option, PreferenceGraph } from './preference-graph.js';

export type GraphFormat = 'native' | 'paper';

export interface LoadedGraph {
  format: GraphFormat;
  /** Options and the edges to fit on. */
  graph: PreferenceGraph;
  /** Edges held out from fitting (scored, never fitted). */
  holdout: Edge[];
}

/** Parses JSON text, naming the source and position on failure. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = (err as Error).message.split('\n')[0];
    throw new InputError(`${source} is not valid JSON: ${detail}`);
  }
}

/** Detects the layout of a parsed graph file and converts it to a PreferenceGraph. */
export function readGraph(data: unknown, source = 'graph'): LoadedGraph {
  if (!isObject(data)) throw new InputError(`${source} must be a JSON object with "options" and "edges" or "graph_data"`);
  let loaded: LoadedGraph;
  if (isObject(data.graph_data)) loaded = readPaperGraph(data.graph_data, data, source);
  else if ('options' in data && 'edges' in data) loaded = readNativeGraph(data, source);
  else throw new InputError(`${source} is neither a preference graph ("options" and "edges") nor a result file ("graph_data")`);
  refuseHeldOutRepeats(loaded, source);
  return loaded;
}

/**
 * A held-out pair that is also a training edge (in either orientation) would be scored on data the
 * fit has seen, silently turning held-out metrics into training metrics: refused, like duplicates.
 */
function refuseHeldOutRepeats({ graph, holdout }: LoadedGraph, source: string): void {
  if (holdout.length === 0 || !Array.isArray(graph.edges)) return;
  const training = new Map<string, number>();
  graph.edges.forEach((e, k) => {
    if (isObject(e)) training.set(pairKey(e.a, e.b), k);
  });
  holdout.forEach((e, k) => {
    if (!isObject(e)) return;
    const t = training.get(pairKey(e.a, e.b));
    if (t !== undefined) {
      throw new InputError(`${source}: held-out edge ${k} (${JSON.stringify(e.a)}, ${JSON.stringify(e.b)}) repeats training edge ${t}; held-out pairs must not be fitted`);
    }
  });
}

function readNativeGraph(data: Record<string, unknown>, source: string): LoadedGraph {
  const options = readOptions(data.options, `${source}: options`);
  if (!Array.isArray(data.edges)) throw new InputError(`${source}: "edges" must be a list`);
  const holdout = data.holdout_edges ?? [];
  if (!Array.isArray(holdout)) throw new InputError(`${source}: "holdout_edges" must be a list`);
  return { format: 'native', graph: { options, edges: data.edges as Edge[] }, holdout: holdout as Edge[] };
}

function readPaperGraph(g: Record<string, unknown>, top: Record<string, unknown>, source: string): LoadedGraph {
  const options = readOptions(g.options ?? top.options, `${source}: graph_data.options`);
  if (!isObject(g.edges)) throw new InputError(`${source}: graph_data.edges must be an object keyed by "(a, b)"`);
  const held = new Set<string>();
  const heldList = g.holdout_edge_indices ?? [];
  if (!Array.isArray(heldList)) throw new InputError(`${source}: graph_data.holdout_edge_indices must be a list of [a, b] pairs`);
  for (const pair of heldList) {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new InputError(`${source}: holdout entry ${JSON.stringify(pair)} is not an [a, b] pair`);
    }
    held.add(pairKey(pair[0], pair[1]));
  }
  const edges: Edge[] = [];
  const holdout: Edge[] = [];
  for (const [key, value] of Object.entries(g.edges)) {
    if (!isObject(value) || !isObject(value.option_A) || !isObject(value.option_B)) {
      throw new InputError(`${source}: graph_data.edges["${key}"] lacks option_A / option_B`);
    }
    const aux = isObject(value.aux_data) ? value.aux_data : {};
    const edge: Edge = {
      a: value.option_A.id as Edge['a'],
      b: value.option_B.id as Edge['b'],
      probability_a: value.probability_A as number,
      ...(typeof aux.count_A === 'number' ? { count_a: aux.count_A } : {}),
      ...(typeof aux.count_B === 'number' ? { count_b: aux.count_B } : {}),
    };
    (held.has(pairKey(edge.a, edge.b)) ? holdout : edges).push(edge);
  }
  return { format: 'paper', graph: { options, edges }, holdout };
}

function readOptions(value: unknown, where: string): Option[] {
  if (!Array.isArray(value)) throw new InputError(`${where} must be a list of {id, description}`);
  return value.map((o, i) => {
    if (!isObject(o)) throw new InputError(`${where}[${i}] must be an object with id and description`);
    return { id: o.id as Option['id'], description: typeof o.description === 'string' ? o.description : String(o.description ?? '') };
  });
}

function pairKey(a: unknown, b: unknown): string {
  const x = String(a);
  const y = String(b);
  return x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`;
}

/** True for a JSON object (not null, not an array). */
export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
