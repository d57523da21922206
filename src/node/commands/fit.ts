// `utility-engine fit GRAPH.json [...]`: fit Thurstonian utilities to a preference graph file
// (native layout, the paper's result files, or this tool's results.json) and write them as JSON.

import { InputError } from '../../errors.js';
import { FIT_DEFAULTS, fitIndexed, scoreIndexed, type FitOptions } from '../../fit/fit.js';
import { readGraph } from '../../graph/formats.js';
import { indexGraph, indexOptions } from '../../graph/preference-graph.js';
import {
  isPositiveInteger, numberOption, parseCommandArgs, readJsonFile, toJson, writeFileAtomic,
} from '../cli-support.js';
import { loadEngine } from '../load-engine.js';
import { versions } from '../versions.js';

export const usage = `
usage: utility-engine fit GRAPH.json [options]

Fits a Thurstonian utility model (U(i) ~ N(mean_i, variance_i)) to a preference graph by maximum
likelihood and writes {options, utilities, metrics, holdout_metrics, fit, config, versions} as JSON.
GRAPH.json: {"options": [...], "edges": [...]} or a result file with "graph_data" (held-out
pairs listed there are scored, not fitted).

options:
  --out FILE           write here (atomically) instead of stdout
  --optimizer NAME     lbfgs (default; converges by gradient tolerance) or adam (the paper's procedure)
  --seed N             seed of the initial parameters (default ${FIT_DEFAULTS.seed})
  --epochs N           adam: full-batch epochs (default ${FIT_DEFAULTS.epochs})
  --lr X               adam: learning rate (default ${FIT_DEFAULTS.lr})
  --gtol X             lbfgs: gradient tolerance, scaled by the number of options (default ${FIT_DEFAULTS.gtol})
  --max-iterations N   lbfgs: iteration cap (default ${FIT_DEFAULTS.maxIterations})
  --weighting MODE     none (default, as the paper) or counts (edges weigh by their number of answers)
`;

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    optimizer: { type: 'string' },
    seed: { type: 'string' },
    epochs: { type: 'string' },
    lr: { type: 'string' },
    gtol: { type: 'string' },
    'max-iterations': { type: 'string' },
    weighting: { type: 'string' },
  }, usage);
  if (positionals.length !== 1) {
    throw new InputError(positionals.length === 0 ? 'fit needs a graph file (see --help)' : `fit takes one graph file (got ${positionals.length})`);
  }
  const path = positionals[0];
  const options: FitOptions = {
    optimizer: values.optimizer as FitOptions['optimizer'],
    seed: numberOption('seed', values.seed as string | undefined, Number.isSafeInteger, 'an integer'),
    epochs: numberOption('epochs', values.epochs as string | undefined, isPositiveInteger, 'a positive integer'),
    lr: numberOption('lr', values.lr as string | undefined, (x) => x > 0 && Number.isFinite(x), 'a positive number'),
    gtol: numberOption('gtol', values.gtol as string | undefined, (x) => x > 0 && Number.isFinite(x), 'a positive number'),
    maxIterations: numberOption('max-iterations', values['max-iterations'] as string | undefined, isPositiveInteger, 'a positive integer'),
    weighting: values.weighting as FitOptions['weighting'],
  };
  const result = fitFile(path, options);
  const text = toJson(result);
  if (values.out) writeFileAtomic(values.out as string, text);
  else process.stdout.write(text);
}

/** Reads, validates and fits one graph file; returns the output object (nothing is written). */
export function fitFile(path: string, options: FitOptions): Record<string, unknown> {
  const loaded = readGraph(readJsonFile(path), path);
  const g = indexGraph(loaded.graph);
  // Held-out edges are validated before any fitting, so bad input fails fast.
  const held = loaded.holdout.length > 0 ? indexGraph(loaded.graph, loaded.holdout) : undefined;
  indexOptions(loaded.graph.options);
  const engine = loadEngine();
  const result = fitIndexed(engine, g, options);
  const holdoutMetrics = held
    ? scoreIndexed(engine, g.n, held.edgeA, held.edgeB, held.labels, result.means, result.variances)
    : null;
  return {
    options: loaded.graph.options,
    utilities: result.utilities,
    metrics: result.metrics,
    holdout_metrics: holdoutMetrics,
    fit: result.fit,
    config: {
      input: path, format: loaded.format, edges: g.edgeA.length, holdout_edges: held?.edgeA.length ?? 0,
      ...FIT_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    },
    versions: versions(),
  };
}
