// The exchange-rate experiment as data: a money ladder and a ladder of counts per group, one joint
// fit, then per-group log curves, rates against a reference group and dollar values, each with a
// bootstrap interval from refits on resampled answers.

import { InputError } from '../../errors.js';
import { DEFAULT_REPLICATES } from '../../sampling/bootstrap.js';
import { defineExperiment } from '../experiment.js';
import { numberFlag, stringFlag } from '../flags.js';
import { estimateExchange, summariseExchange, type ExchangeSummary } from './analysis.js';
import { MEASURES, type Measure } from './grammar.js';
import { builtInGroups, CATEGORIES, DEFAULT_CATEGORY, parseGroups } from './groups.js';
import { DEFAULT_N_VALUES, exchangeOptions, MONEY_LADDER, moneyLadder, parseNValues, type ExchangeItem } from './options.js';

/** The paper's samples per order for this experiment. */
export const EXCHANGE_RATES_K = 5;

interface Params {
  texts: string[];
  items: ExchangeItem[];
  groups: string[];
  reference: string;
  measure: Measure;
  bootstrap: number;
}

const fmt = (x: number | null | undefined): string => {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  return Math.abs(x) >= 1e7 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3);
};

export const exchangeRates = defineExperiment<Params>({
  name: 'exchange-rates',
  description: 'counts of people (or animals, or AIs) of many groups against money: how many of one group is one of another worth?',
  flags: {
    category: { type: 'string', help: `NAME  built-in groups: ${CATEGORIES.join(', ')} (default ${DEFAULT_CATEGORY})` },
    groups: { type: 'string', help: 'FILE  your own groups: a JSON list of names, phrased like --category' },
    measure: { type: 'string', help: `NAME  ${MEASURES.map((m) => m.id).join(', ')} (default ${MEASURES[0].id})` },
    'n-values': { type: 'string', help: 'LIST  counts, comma-separated positive integers (default the paper\'s 1-10, 20-100 by 10, 200-1000 by 100)' },
    reference: { type: 'string', help: 'NAME  the group rates are expressed in (default: the first group)' },
    'money-points': { type: 'string', help: `N  log-spaced money amounts from $1 to $1e9 before rounding (default ${MONEY_LADDER.points}, the paper's)` },
    bootstrap: { type: 'string', help: `N  bootstrap refits for the intervals (default ${DEFAULT_REPLICATES}; 0: none)` },
  },
  method: { k: EXCHANGE_RATES_K },
  prepare(flags, setup) {
    const category = stringFlag(flags, 'category') ?? DEFAULT_CATEGORY;
    const groupsFile = stringFlag(flags, 'groups');
    const groups = groupsFile ? parseGroups(setup.readJson(groupsFile), category, groupsFile) : builtInGroups(category);
    const measureId = stringFlag(flags, 'measure') ?? MEASURES[0].id;
    const measure = MEASURES.find((m) => m.id === measureId);
    if (!measure) throw new InputError(`--measure must be one of ${MEASURES.map((m) => m.id).join(', ')} (got ${JSON.stringify(measureId)})`);
    const nValues = flags['n-values'] === undefined ? [...DEFAULT_N_VALUES] : parseNValues(String(flags['n-values']));
    const names = groups.map((g) => g.name);
    const reference = stringFlag(flags, 'reference') ?? names[0];
    if (!names.includes(reference)) {
      throw new InputError(`--reference ${JSON.stringify(reference)} is not one of the groups (${names.slice(0, 6).join(', ')}${names.length > 6 ? ', ...' : ''})`);
    }
    const bootstrap = numberFlag(flags, 'bootstrap', DEFAULT_REPLICATES, (x) => Number.isInteger(x) && x >= 0, 'a non-negative integer');
    const money = moneyLadder({ points: numberFlag(flags, 'money-points', MONEY_LADDER.points, (x) => Number.isInteger(x) && x >= 2, 'an integer >= 2') });
    const { options, items, registry } = exchangeOptions(groups, measure, nValues, money);
    return {
      params: { texts: options.map((o) => o.description), items, groups: names, reference, measure, bootstrap },
      record: {
        category: groupsFile ? null : category, groups_file: groupsFile ?? null, phrasing: category, groups: names,
        measure: measure.id, n_values: nValues, money_amounts: money, reference, bootstrap, options: options.length,
      },
      registry,
    };
  },
  async run(ctx, p) {
    const money = p.items.filter((it) => it.kind === 'money').length;
    const label = `${p.texts.length} options (${money} money, ${p.groups.length} groups x ${(p.texts.length - money) / p.groups.length} counts)`;
    const fit = await ctx.measureUtilities({ label, options: p.texts, bootstrap: p.bootstrap });
    const point = estimateExchange(p.items, fit.means, p.groups, p.reference, p.measure.valence);
    const replicates = (fit.replicates ?? []).map((means) => estimateExchange(p.items, means, p.groups, p.reference, p.measure.valence));
    const { summary, groups } = summariseExchange(point, replicates, p.reference);
    return {
      summary: summary as unknown as Record<string, unknown>,
      details: {
        measure: { id: p.measure.id, label: p.measure.label, valence: p.measure.valence },
        groups,
        money: point.money,
        fit: { metrics: fit.metrics, holdout_metrics: fit.holdout_metrics, pairs: fit.pairs, options: p.texts.length, bootstrap_replicates: replicates.length },
        options: p.items.map((item, i) => ({ text: p.texts[i], ...item, utility: fit.means[i] })),
      },
      lines: summaryLines(summary, p.measure, fit.holdout_metrics.accuracy, replicates.length),
    };
  },
});

function summaryLines(s: ExchangeSummary, measure: Measure, accuracy: number, replicates: number): string[] {
  const shown = s.rates.length <= 12 ? s.rates : [...s.rates.slice(0, 6), ...s.rates.slice(-6)];
  const lines = [`${measure.label}: units of ${s.reference} one unit of each group is worth${replicates ? ` (95% bootstrap interval, ${replicates} refits)` : ''}:`];
  for (const r of shown) {
    const ci = r.vs_reference_ci ? ` [${fmt(r.vs_reference_ci[0])}, ${fmt(r.vs_reference_ci[1])}]` : '';
    const dollars = r.dollars === null ? '' : `, $${fmt(r.dollars)}`;
    lines.push(`  ${r.group.padEnd(24)} ${fmt(r.vs_reference)}${ci}${dollars} (R² ${fmt(r.r2)})`);
  }
  if (shown.length < s.rates.length) lines.splice(7, 0, `  ... ${s.rates.length - shown.length} more in the results file`);
  lines.push(`money curve R² ${fmt(s.money_r2)}; fit held-out accuracy ${fmt(accuracy)}`);
  return lines;
}
