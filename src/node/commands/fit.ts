// `utility-engine fit GRAPH.json [...]`: fit Thurstonian utilities to a preference graph file
// (native layout, the paper's result files, or this tool's results.json) and write them as JSON.

import { InputError } from '../../errors.js';
import { FIT_DEFAULTS, fitIndexed, resolveFitOptions, scoreIndexed, type FitOptions } from '../../fit/fit.js';
import { readGraph } from '../../graph/formats.js';
import { indexGraph } from '../../graph/preference-graph.js';
import {
  isPositiveInteger, numberOption, parseCommandArgs, readJsonFile, toJson, writeFileAtomic,
} from '../cli-support.js';
import { loadEngine } from '../load-engine.js';
import { fitFiles, fitOutput, warnIfNotConverged } from '../pool/fit-files.js';
import { checkIntervalOptions, fitIntervals, type IntervalOptions } from '../pool/fit-intervals.js';
import { INTERVAL_DEFAULTS } from '../../fit/intervals.js';

export const usage = `
usage: utility-engine fit GRAPH.json [options]
       utility-engine fit GRAPH.json GRAPH2.json ... [--threads N] [--out-dir DIR] [options]

Fits a utility model (by default Thurstonian: U(i) ~ N(mean_i, variance_i)) to a preference graph by
maximum a posteriori under a weak Gaussian prior (strength chosen per graph by cross-validation) and
writes {options, utilities, metrics, holdout_metrics, fit, intervals, config, versions} as JSON.
GRAPH.json: {"options": [...], "edges": [...]} or a result file with "graph_data" (held-out
pairs listed there are scored, not fitted).

options:
  --out FILE           write here (atomically) instead of stdout
  --out-dir DIR        several graphs: write DIR/<name>.utilities.json each (default: beside each input)
  --threads N          several graphs: fitting threads (default: the number of cores)
  --model NAME         thurstonian (default; a mean and a variance per option), case-v (Thurstone's
                       Case V: one shared variance, probit) or bradley-terry (logistic)
  --optimizer NAME     newton (default; truncated Newton on the sparse Hessian), lbfgs, or adam
                       (the paper's procedure: no prior unless --prior-strength is given)
  --prior NAME         gaussian (default: MAP) or none (plain maximum likelihood)
  --prior-strength X   prior precision counted in edges, or cv (default: 5-fold cross-validation)
  --tolerance X        newton: stop when the distance to the optimum, in posterior sd, squared, is
                       at most X (default ${FIT_DEFAULTS.tolerance})
  --ci METHOD          intervals on every utility: laplace (sandwich, from the sparse Hessian),
                       bootstrap (edges resampled, refitted on the worker pool), or none (default)
  --bootstrap B        bootstrap replicates (default ${INTERVAL_DEFAULTS.bootstrap})
  --level X            interval coverage in (0, 1) (default ${INTERVAL_DEFAULTS.level})
  --seed N             seed of the initial parameters (default ${FIT_DEFAULTS.seed})
  --epochs N           adam: full-batch epochs (default ${FIT_DEFAULTS.epochs})
  --lr X               adam: learning rate (default ${FIT_DEFAULTS.lr})
  --gtol X             lbfgs: gradient tolerance, scaled by the number of options (default ${FIT_DEFAULTS.gtol})
  --max-iterations N   newton, lbfgs: iteration cap (default ${FIT_DEFAULTS.maxIterations})
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
    prior: { type: 'string' },
    'prior-strength': { type: 'string' },
    tolerance: { type: 'string' },
    ci: { type: 'string' },
    bootstrap: { type: 'string' },
    level: { type: 'string' },
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
    prior: values.prior as FitOptions['prior'],
    priorStrength: priorStrengthOption(values['prior-strength'] as string | undefined),
    tolerance: numberOption('tolerance', values.tolerance as string | undefined, (x) => x > 0 && Number.isFinite(x), 'a positive number'),
  };
  const intervals = intervalFlags(values);
  if (options.prior !== undefined && options.prior !== 'gaussian' && options.prior !== 'none') {
    throw new InputError(`--prior must be gaussian or none (got ${JSON.stringify(options.prior)})`);
  }
  resolveFitOptions(options); // every option checked before anything is read or written
  if (many) {
    const threads = numberOption('threads', values.threads as string | undefined, isPositiveInteger, 'a positive integer');
    const done = await fitFiles(positionals, { threads, outDir: values['out-dir'] as string | undefined, fitOptions: options, intervals });
    process.stdout.write(done.map((d) => `wrote ${d.output}`).join('\n') + '\n');
    return;
  }
  const result = await fitFile(path, options, intervals);
  const text = toJson(result);
  if (values.out) writeFileAtomic(values.out as string, text);
  else process.stdout.write(text);
}

/** --prior-strength: a non-negative number or "cv". */
export function priorStrengthOption(value: string | undefined): number | 'cv' | undefined {
  if (value === 'cv') return 'cv';
  return numberOption('prior-strength', value, (x) => x >= 0 && Number.isFinite(x), 'a non-negative number or cv');
}

/** --ci, --bootstrap and --level, checked (shared with run). */
export function intervalFlags(values: Record<string, unknown>, defaultMethod: IntervalOptions['method'] = 'none'): IntervalOptions {
  const o = {
    method: (values.ci as IntervalOptions['method'] | undefined) ?? defaultMethod,
    bootstrap: numberOption('bootstrap', values.bootstrap as string | undefined, (x) => Number.isInteger(x) && x >= 2, 'an integer of at least 2'),
    level: numberOption('level', values.level as string | undefined, (x) => x > 0 && x < 1, 'in (0, 1)'),
  };
  checkIntervalOptions(o);
  return o;
}

/** Reads, validates and fits one graph file; returns the output object (nothing is written). */
export async function fitFile(path: string, options: FitOptions, intervals: IntervalOptions = { method: 'none' }): Promise<Record<string, unknown>> {
  const loaded = readGraph(readJsonFile(path), path);
  const g = indexGraph(loaded.graph);
  // Held-out edges are validated before any fitting, so bad input fails fast.
  const held = loaded.holdout.length > 0 ? indexGraph(loaded.graph, loaded.holdout) : undefined;
  const engine = loadEngine();
  const result = fitIndexed(engine, g, options);
  warnIfNotConverged(path, result);
  const holdoutMetrics = held
    ? scoreIndexed(engine, g.n, held.edgeA, held.edgeB, held.labels, result.means, result.variances, result.fit.model)
    : null;
  const iv = await fitIntervals(engine, g, result, options, { ...intervals, seed: options.seed });
  return fitOutput(path, loaded, result, holdoutMetrics, options, { edges: g.edgeA.length, holdoutEdges: held?.edgeA.length ?? 0 }, iv);
}
