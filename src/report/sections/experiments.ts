// Sections for the paper's experiments, one builder per experiment name; an experiment without
// a builder still gets its summary as a table.

import { bars } from '../charts/bars.js';
import { scatter } from '../charts/scatter.js';
import { get, list, num } from '../format.js';
import type { Chart, Section } from '../types.js';
import { cards, experimentSection } from './experiment-shell.js';
import { framingSection } from './framing.js';
import { exchangeRatesSection, timeDiscountingSection } from './rates.js';
import { corrigibilitySection, politicalSection, powerSeekingSection } from './political.js';

export { genericExperimentSection } from './experiment-shell.js';

type Builder = (data: unknown, source: string) => Section;

function expectedUtility(data: unknown, source: string): Section {
  const lots = list(get(data, 'lotteries'));
  const points = lots.flatMap((l) => {
    const x = num(get(l, 'expected_utility')), y = num(get(l, 'utility'));
    return x === null || y === null ? [] : [{ x, y }];
  });
  return experimentSection(data, source,
    cards(data, [['pearson', 'Pearson r (U vs EU)'], ['mae_normalized', 'normalised mean abs. error'], ['order_agreement', 'order agreement', 'share of lottery pairs ordered as EU orders them'], ['lotteries', 'lotteries']]),
    [{
      title: 'Utility of lotteries against their expected utility',
      caption: 'Each point is a lottery: x is the expected utility computed from its outcomes\' fitted utilities and probabilities, y is the utility fitted to the lottery itself (both in standardised utility units). The dashed line is y = x: an expected-utility maximiser lies on it.',
      spec: scatter('Lottery utility U against expected utility EU', points, 'expected utility EU (standardised units)', 'fitted utility U (standardised units)', { identity: true }),
    }],
    [{ name: 'expected-utility-lotteries', title: 'Lotteries', shownRows: 10, columns: ['lottery', 'utility', 'expected_utility', 'low', 'high'],
      rows: lots.map((l) => [String(get(l, 'text') ?? ''), num(get(l, 'utility')), num(get(l, 'expected_utility')), num(get(l, 'interval', 0)), num(get(l, 'interval', 1))]) }]);
}

function implicitLotteries(data: unknown, source: string): Section {
  const events = list(get(data, 'events'));
  const points = events.flatMap((e) => {
    const x = num(get(e, 'expected_utility')), y = num(get(e, 'utility'));
    return x === null || y === null ? [] : [{ x, y }];
  });
  return experimentSection(data, source,
    cards(data, [['pearson', 'Pearson r (U vs EU)'], ['mean_abs_error', 'mean abs. error', 'standardised utility units'], ['events', 'events']]),
    [{
      title: 'Uncertain events: utility against expected utility',
      caption: 'Each point is an event with uncertain results (no probabilities stated): x is the expected utility over its results, y the utility fitted to the event (standardised units). The dashed line is y = x.',
      spec: scatter('Event utility against expected utility', points, 'expected utility EU (standardised units)', 'fitted utility U (standardised units)', { identity: true }),
    }],
    [{ name: 'implicit-lotteries-events', title: 'Events', shownRows: 10, columns: ['event', 'utility', 'expected_utility', 'abs_error'],
      rows: events.map((e) => [String(get(e, 'event') ?? ''), num(get(e, 'utility')), num(get(e, 'expected_utility')), num(get(e, 'abs_error'))]) }]);
}

function instrumental(data: unknown, source: string): Section {
  const processes = list(get(data, 'processes'));
  const rows = processes.flatMap((p) => {
    const v = num(get(p, 'instrumentality_loss'));
    return v === null ? [] : [{ label: String(get(p, 'name')), value: v }];
  });
  const nat = num(get(data, 'summary', 'natural_loss')), ctl = num(get(data, 'summary', 'control_loss'));
  const charts: Chart[] = [];
  if (nat !== null && ctl !== null) {
    charts.push({
      title: 'Instrumentality loss: natural processes against the control',
      caption: 'Mean squared error (standardised utility units squared, lower = more instrumental) of explaining state utilities as discounted future value, for the natural Markov processes and for the control with shuffled transitions. Natural below control means the model values states for where they lead.',
      spec: bars('Instrumentality loss: natural vs control', [{ label: 'natural', value: nat }, { label: 'control (shuffled)', value: ctl }], 'processes', 'loss (utility units²)'),
    });
  }
  if (rows.length) {
    charts.push({
      title: 'Instrumentality loss per process',
      caption: 'The same loss (utility units squared) for each Markov process on its own; tall bars are processes whose states the model values for themselves rather than for where they lead.',
      spec: bars('Instrumentality loss per process', rows, 'process', 'loss (utility units²)'),
    });
  }
  return experimentSection(data, source, cards(data, [['natural_loss', 'natural loss'], ['control_loss', 'control loss'], ['processes', 'processes']]), charts);
}

function maximization(data: unknown, source: string): Section {
  const rates = (['top1_rate', 'top3_rate', 'top5_rate', 'no_match_rate'] as const).flatMap((k) => {
    const v = num(get(data, 'summary', k));
    return v === null ? [] : [{ label: k.replace('_rate', '').replace('no_match', 'no match'), value: v }];
  });
  const qs = list(get(data, 'questions'));
  return experimentSection(data, source,
    cards(data, [['top1_rate', 'top-1 rate', 'answer is the highest-utility candidate'], ['top3_rate', 'top-3 rate'], ['questions', 'questions']]),
    [{
      title: 'Utility maximisation: share of answers among the top-k candidates',
      caption: 'For open questions, the share (0–1) of the model\'s free answers that match its own highest-utility candidate (top 1), or one of its top 3 or top 5; "no match" are answers matching no candidate. A utility maximiser scores near 1 at top 1.',
      spec: bars('Share of answers in the top-k candidates', rates, 'top k (candidates ranked by the model\'s utility)', 'share of questions (0–1)'),
    }],
    [{ name: 'maximization-questions', title: 'Questions', shownRows: 10, columns: ['question', 'reply', 'match', 'matched_by', 'rank'],
      rows: qs.map((q) => [String(get(q, 'question') ?? ''), String(get(q, 'reply') ?? ''), String(get(q, 'match') ?? ''), String(get(q, 'matched_by') ?? ''), num(get(q, 'rank'))]) }]);
}

/** Builders by experiment name, in the order the page shows them. */
export const EXPERIMENT_SECTIONS: Record<string, Builder> = {
  'exchange-rates': exchangeRatesSection,
  'time-discounting': timeDiscountingSection,
  political: politicalSection,
  'expected-utility': expectedUtility,
  'implicit-lotteries': implicitLotteries,
  instrumental,
  maximization,
  'power-seeking': powerSeekingSection,
  corrigibility: corrigibilitySection,
  framing: framingSection,
};
