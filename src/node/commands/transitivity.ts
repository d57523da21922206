// `utility-engine transitivity`: the paper's transitivity experiment. Samples triads of outcomes,
// asks all three pairs of each in both orders x K through the same client, cache and parsing as
// `run` (so answers already bought by a run in the same folder are reused), and writes
// DIR/transitivity.json with every triad, its pairs' counts and raw answers, and the summary.

import { join } from 'node:path';
import { askPairs, type AskOptions } from '../../elicit/ask-pairs.js';
import { SYNTHETIC_MODEL_NAME } from '../../elicit/synthetic-client.js';
import { analyseTransitivity, pairsToAsk, sampleTriads, TRANSITIVITY_DEFAULTS, triadPairs } from '../../experiments/transitivity.js';
import { InputError } from '../../errors.js';
import { Random } from '../../sampling/random.js';
import { isPositiveInteger, numberOption, parseCommandArgs, toJson, writeFileAtomic } from '../cli-support.js';
import { loadEngine } from '../load-engine.js';
import { OpenAIModelClient } from '../openai-client.js';
import { CACHE_FILE_NAME, CachedClient, ResponseCache } from '../response-cache.js';
import { askOptionsFor, recordedConfig, resolveRunConfig, RUN_DEFAULTS } from '../run/run-config.js';
import { clientFor } from '../run/run-utilities.js';
import { versions } from '../versions.js';
import { ASKING_OPTIONS, configFromArgs } from './run.js';

export const TRANSITIVITY_FILE = 'transitivity.json';

export const usage = `
usage: utility-engine transitivity [options]

Samples --triads triads of outcomes uniformly (seeded), asks the three pairs of each in both orders
with K samples per order, and reports how often the preferences cycle: the mean cycle probability
p_ab p_bc p_ca + p_ba p_cb p_ac, the share of majority cycles, and a histogram. Answers go through
the same cache as \`run\` (DIR/${CACHE_FILE_NAME}), so a rerun, or a run in the same folder, is free.

options:
  --triads N                triads to sample (default ${TRANSITIVITY_DEFAULTS.triads}, the paper's)
  --bins N                  histogram bins over [0, 1] (default ${TRANSITIVITY_DEFAULTS.bins})
  --seed N                  seed of the triad sample (default ${RUN_DEFAULTS.seed})
  --out DIR                 output folder (default runs/<model>): ${TRANSITIVITY_FILE}, ${CACHE_FILE_NAME}
  --dry-run                 print the pairs and completions it would ask for, and exit
  --quiet                   no progress on stderr
model and prompt (as for \`run\`):
  --model NAME, --base-url URL, --api-key-env NAME, --concurrency N, --timeout S, --max-retries N,
  --outcomes FILE, --template FILE, --system TEXT, --reasoning, --logprobs, --k N (default ${RUN_DEFAULTS.k}),
  --temperature T, --max-tokens N, --unparseable MODE
synthetic model (in process):
  --synthetic-seed N, --synthetic-noise X, --synthetic-bias X,
  --synthetic-unparseable-rate X, --synthetic-intransitivity X
`;

const OPTIONS = { ...ASKING_OPTIONS, triads: { type: 'string' }, bins: { type: 'string' } } as const;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

export async function main(argv: string[]): Promise<void> {
  const values = parseCommandArgs(argv, OPTIONS, usage, false).values as Values;
  const triadCount = numberOption('triads', values.triads, isPositiveInteger, 'a positive integer') ?? TRANSITIVITY_DEFAULTS.triads;
  const bins = numberOption('bins', values.bins, isPositiveInteger, 'a positive integer') ?? TRANSITIVITY_DEFAULTS.bins;
  const config = configFromArgs(values);
  const out = values.out ?? join('runs', config.model!.replace(/[^A-Za-z0-9._-]+/g, '_') || 'model');
  const c = resolveRunConfig({ ...config, cacheFile: join(out, CACHE_FILE_NAME) });
  const options = c.outcomes;
  const triads = sampleTriads(options.length, triadCount, Random.derive(c.seed, 'transitivity triads'));
  const pairs = triadPairs(triads);
  const perPair = c.mode === 'logprobs' ? 2 : 2 * c.k;
  if (values['dry-run']) {
    const where = c.baseUrl ? `${c.model} at ${c.baseUrl}` : `${c.model} (in process)`;
    process.stdout.write([
      `dry run: ${where}, ${options.length} outcomes, ${triads.length} triads`,
      `pairs:       ${pairs.length} distinct (of ${3 * triads.length} in the triads)`,
      `requests:    ${2 * pairs.length}`,
      `completions: ${perPair * pairs.length}`,
      'answers already in the cache are not asked again; nothing was sent.',
    ].join('\n') + '\n');
    return;
  }

  const engine = loadEngine();
  const base = clientFor(c);
  const cache = ResponseCache.open(c.cacheFile!);
  const client = new CachedClient(base, cache);
  const controller = new AbortController();
  const onSignal = () => controller.abort(new InputError(`interrupted; answers so far are in ${c.cacheFile} — rerun the same command to resume`));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const total = perPair * pairs.length;
  let done = 0;
  let lastReport = 0;
  const askOptions: AskOptions = {
    ...askOptionsFor(c, controller.signal),
    onCompletions: (count) => {
      done += count;
      const now = performance.now();
      if (!values.quiet && (now - lastReport > 10_000 || done === total)) {
        lastReport = now;
        process.stderr.write(`progress: ${done}/${total} completions\n`);
      }
    },
  };
  const started = new Date();
  const t0 = performance.now();
  let asked;
  try {
    asked = await askPairs(client, pairsToAsk(options, pairs), askOptions);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    cache.close();
  }
  const askingSeconds = (performance.now() - t0) / 1000;
  const { summary, records } = analyseTransitivity(engine, options, triads, pairs, asked.answers, bins);
  const result = {
    experiment: 'transitivity',
    summary,
    config: { ...askingConfig(recordedConfig(c)), triads: triadCount, bins },
    versions: versions(),
    usage: { ...asked.usage, ...(base instanceof OpenAIModelClient ? { client: base.stats } : {}), cache: { file: cache.path, loaded_completions: cache.loaded.completions } },
    timing: { started: started.toISOString(), finished: new Date().toISOString(), asking_seconds: askingSeconds },
    triads: records,
  };
  const file = join(out, TRANSITIVITY_FILE);
  writeFileAtomic(file, toJson(result));
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : 'n/a');
  process.stdout.write(
    `mean cycle probability ${f(summary.mean_cycle_probability)} (± ${f(summary.mean_cycle_probability_se)}), ` +
    `majority cycles ${summary.hard_cyclic_triads} of ${summary.triads} triads (${f(summary.hard_cycle_fraction)})` +
    `${c.model === SYNTHETIC_MODEL_NAME && !c.baseUrl ? `; synthetic intransitivity ${c.synthetic.intransitivity}` : ''}\n` +
    `results: ${file}\n`,
  );
}

/** Keys of a run's recorded config that only shape active learning and fitting, not the asking. */
const RUN_ONLY_KEYS = ['edgeMultiplier', 'edgesPerRound', 'pPercentile', 'qPercentile', 'holdoutFraction', 'holdoutCap', 'pseudolabels', 'pseudolabelThreshold', 'optimizer', 'prior', 'priorStrength', 'ci', 'bootstrap', 'level'];

function askingConfig(recorded: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(recorded).filter(([key]) => !RUN_ONLY_KEYS.includes(key)));
}
