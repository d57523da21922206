// `utility-engine fit GRAPH.json [...]`: fit Thurstonian utilities to a preference graph file
// (native layout, the paper's result files, or this tool's results.json) and write them as JSON.

import { InputError } from '../../errors.js';
import { FIT_DEFAULTS, fitIndexed, scoreIndexed, type FitOptions } from '../../fit/fit.js';
import { readGraph } from '../../graph/formats.js';
import { indexGraph } from '../../graph/preference-graph.js';
import {
  isPositiveInteger, numberOption, parseCommandArgs, readJsonFile, toJson, writeFileAtomic,
} from '../cli-support.js';
import { loadEngine } from '../load-engine.js';
import { fitFiles, fitOutput } from '../pool/fit-files.js';

export const usage = `
usage: utility-engine fit GRAPH.json [options]
       utility-engine fit GRAPH.json GRAPH2.json ... [--threads N] [--out-dir DIR] [options]

Fits a utility model (by default Thurstonian: U(i) ~ N(mean_i, variance_i)) to a preference graph by maximum
likelihood and writes {options, utilities, metrics, holdout_metrics, fit, config, versions} as JSON.
GRAPH.json: {"options": [...], "edges": [...]} or a result file with "graph_data" (held-out
pairs listed there are scored, not fitted).

options:
  --out FILE           write here (atomically) instead of stdout
  --out-dir DIR        several graphs: write DIR/<name>.utilities.json each (default: beside each input)
  --threads N          several graphs: fitting threads (default: the number of cores)
  --model NAME         thurstonian (default; a mean and a variance per option), case-v (Thurstone's
                       Case V: one shared variance, probit) or bradley-terry (logistic)
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
    'out-dir': { type: 'string' },
    threads: { type: 'string' },
    model: { type: 'string' },
    optimizer: { type: 'string' },
    seed: { type: 'string' },
    epochs: { type: 'string' },
    lr: { type: 'string' },
    gtol: { type: 'string' },
    'max-iterations': { type: 'string' },
    weighting: { type: 'string' },
  }, usage);
  if (positionals.length === 0) throw new InputError('fit needs a graph file (see --help)');
  const many = positionals.length > 1 || values.threads !== undefined || values['out-dir'] !== undefined;
  if (many && values.out !== undefined) throw new InputError('--out names one output file; with several graphs or --threads use --out-dir');
  const path = positionals[0];
  const options: FitOptions = {
    model: values.model as FitOptions['model'],
    optimizer: values.optimizer as FitOptions['optimizer'],
    seed: numberOption('seed', values.seed as string | undefined, Number.isSafeInteger, 'an integer'),
    epochs: numberOption('epochs', values.epochs as string | undefined, isPositiveInteger, 'a positive integer'),
    lr: numberOption('lr', values.lr as string | undefined, (x) => x > 0 && Number.isFinite(x), 'a positive number'),
    gtol: numberOption('gtol', values.gtol as string | undefined, (x) => x > 0 && Number.isFinite(x), 'a positive number'),
    maxIterations: numberOption('max-iterations', values['max-iterations'] as string | undefined, isPositiveInteger, 'a positive integer'),
    weighting: values.weighting as FitOptions['weighting'],
  };
  if (many) {
    const threads = numberOption('threads', values.threads as string | undefined, isPositiveInteger, 'a positive integer');
    const done = await fitFiles(positionals, { threads, outDir: values['out-dir'] as string | undefined, fitOptions: options });
    process.stdout.write(done.map((d) => `wrote ${d.output}`).join('\n') + '\n');
    return;
  }
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
  const engine = loadEngine();
  const result = fitIndexed(engine, g, options);
  const holdoutMetrics = held
    ? scoreIndexed(engine, g.n, held.edgeA, held.edgeB, held.labels, result.means, result.variances, result.fit.model)
    : null;
  return fitOutput(path, loaded, result, holdoutMetrics, options, { edges: g.edgeA.length, holdoutEdges: held?.edgeA.length ?? 0 });
}
