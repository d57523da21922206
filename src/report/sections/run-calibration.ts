// Calibration of a run's final fit on its held-out pairs: the fit's predicted P(A over B) from the
// recorded utilities against the share of answers that chose A, in bins of the prediction.

import { normalCdf } from '../../world/replies.js';
import { entries, get, num } from '../format.js';

/** One held-out pair: the fit's prediction and the measured soft label. */
export interface HeldOutPrediction {
  predicted: number;
  observed: number;
}

/** One bin of predictions: mean prediction, mean observed share, how many pairs. */
export interface CalibrationBin {
  low: number;
  high: number;
  predicted: number;
  observed: number;
  count: number;
}

/**
 * P(a over b) under the family the run was fitted with (config.utilityModel), from the recorded
 * normalised means and variances: Phi((m_a - m_b) / sqrt(v_a + v_b)) for the Thurstonian model
 * and Case V (whose variance is recorded so this reproduces it), sigmoid on the raw scale for
 * Bradley-Terry (its recorded variance is pi^2/6 on the raw scale, which gives the scale back).
 */
export function predictedProbability(family: string, a: { mean: number; variance: number }, b: { mean: number; variance: number }): number {
  const d = a.mean - b.mean;
  if (family === 'bradley-terry') {
    const raw = d * Math.sqrt((Math.PI ** 2 / 6) / a.variance);
    return 1 / (1 + Math.exp(-raw));
  }
  return normalCdf(d / Math.sqrt(a.variance + b.variance));
}

/** Predictions and labels of every held-out pair in a run's results.json (none when it holds no held-out pair). */
export function heldOutPredictions(results: unknown): HeldOutPrediction[] {
  const family = String(get(results, 'config', 'utilityModel') ?? 'thurstonian');
  const utility = (option: unknown) => {
    const id = String(get(option, 'id'));
    const mean = num(get(results, 'utilities', id, 'mean'));
    const variance = num(get(results, 'utilities', id, 'variance'));
    return mean === null || variance === null || variance <= 0 ? null : { mean, variance };
  };
  return entries(get(results, 'graph_data', 'edges')).flatMap(([, edge]) => {
    if (get(edge, 'aux_data', 'held_out') !== true) return [];
    const a = utility(get(edge, 'option_A'));
    const b = utility(get(edge, 'option_B'));
    const observed = num(get(edge, 'probability_A'));
    return a === null || b === null || observed === null ? [] : [{ predicted: predictedProbability(family, a, b), observed }];
  });
}

/** Equal-width bins of the prediction over [0, 1]; empty bins are left out. */
export function calibrationBins(predictions: readonly HeldOutPrediction[], bins = 10): CalibrationBin[] {
  const sums = Array.from({ length: bins }, () => ({ predicted: 0, observed: 0, count: 0 }));
  for (const p of predictions) {
    const s = sums[Math.min(bins - 1, Math.floor(p.predicted * bins))];
    s.predicted += p.predicted;
    s.observed += p.observed;
    s.count++;
  }
  return sums.flatMap((s, i) => (s.count === 0 ? [] : [{ low: i / bins, high: (i + 1) / bins, predicted: s.predicted / s.count, observed: s.observed / s.count, count: s.count }]));
}
