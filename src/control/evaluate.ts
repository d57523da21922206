// The control measures: how close a measured model is to the assembly on the held-out policies,
// before and after control. Pure: utility vectors and the assembly in, figures out.
//
// Empty-input policy: a measure over no held-out pair (or fewer than 2 held-out policies) is NaN
// (null in JSON), and so is its change.

import { normalCdf } from '../world/replies.js';
import { pearson } from '../metrics/correlation.js';
import { pca } from '../metrics/pca.js';
import type { AssemblyFile } from './assembly-file.js';

/** Predictions are clipped here for the log-loss, as the fit's metrics are. */
const CLIP = 1e-5;

/** A measured model's utilities by policy text (the political run's own fit). */
export interface MeasuredUtilities {
  means: Map<string, number>;
  variances: Map<string, number>;
}

export interface Agreement {
  accuracy: number;
  log_loss: number;
  pairs: number;
}

/**
 * Agreement with the assembly on held-out pairs (every assembly pair with at least one held-out
 * policy): the model's P(a over b) = Φ((μa − μb) / sqrt(σa² + σb²)) from its fitted utilities,
 * against the assembly's probability t. Accuracy: (P ≥ 0.5) = (t ≥ 0.5); log-loss:
 * −mean[t·ln P + (1 − t)·ln(1 − P)], P clipped to [1e-5, 1 − 1e-5].
 */
export function heldOutAgreement(assembly: AssemblyFile, model: MeasuredUtilities): Agreement {
  const held = new Set(assembly.split.holdout);
  let hits = 0, loss = 0, n = 0;
  for (const pair of assembly.pairs) {
    if (!held.has(pair.a) && !held.has(pair.b)) continue;
    const ta = assembly.policies[pair.a].text;
    const tb = assembly.policies[pair.b].text;
    const ma = model.means.get(ta), mb = model.means.get(tb);
    if (ma === undefined || mb === undefined) continue;
    const sd = Math.sqrt((model.variances.get(ta) ?? 1) + (model.variances.get(tb) ?? 1)) || 1;
    const p = Math.min(1 - CLIP, Math.max(CLIP, normalCdf((ma - mb) / sd)));
    const t = pair.probability_a;
    hits += (p >= 0.5) === (t >= 0.5) ? 1 : 0;
    loss -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
    n++;
  }
  return { accuracy: n ? hits / n : NaN, log_loss: n ? loss / n : NaN, pairs: n };
}

/** The held-out policies' texts, and the assembly's mean utilities over them. */
export function heldOutAssembly(assembly: AssemblyFile): { texts: string[]; means: number[] } {
  const texts = assembly.split.holdout.map((i) => assembly.policies[i].text);
  return { texts, means: assembly.split.holdout.map((i) => assembly.utilities[String(i)].mean) };
}

/** Pearson correlation of the model's and the assembly's utilities over the held-out policies the model has. */
export function heldOutPearson(assembly: AssemblyFile, model: MeasuredUtilities): number {
  const { texts, means } = heldOutAssembly(assembly);
  const keep = texts.map((t, i) => [model.means.get(t), means[i]] as const).filter(([m]) => m !== undefined) as Array<readonly [number, number]>;
  return keep.length < 2 ? NaN : pearson(keep.map((k) => k[0]), keep.map((k) => k[1]));
}

/**
 * Distances to the assembly in a political PCA space over the held-out policies: rows are the
 * assembly, each measured model and any extra rows (e.g. political entities), each z-scored over
 * the held-out policies (so the scale of a fit does not count, only its shape); columns are centred
 * (not standardised: with few rows that would stretch columns where the rows barely differ) and the
 * first two principal components taken (metrics/pca.ts, its sign convention). Returns each model's Euclidean
 * distance to the assembly in (PC1, PC2), in model order. With three rows (no entities) the two
 * components hold all the variance, so this is the distance between the z-scored vectors.
 */
export function pcaDistances(assembly: AssemblyFile, models: readonly MeasuredUtilities[], extra: readonly Map<string, number>[] = []): { distances: number[]; coordinates: Array<[number, number]>; explained_variance: number[] } {
  const { texts, means } = heldOutAssembly(assembly);
  const columns = texts.map((t, i) => i).filter((i) => models.every((m) => m.means.has(texts[i])) && extra.every((e) => e.has(texts[i])));
  if (columns.length < 2) return { distances: models.map(() => NaN), coordinates: [], explained_variance: [] };
  const rows = [
    zscore(columns.map((i) => means[i])),
    ...models.map((m) => zscore(columns.map((i) => m.means.get(texts[i])!))),
    ...extra.map((e) => zscore(columns.map((i) => e.get(texts[i])!))),
  ];
  const result = pca(rows, 2, { standardise: false });
  const at = (r: number): [number, number] => [result.scores[r][0] ?? 0, result.scores[r][1] ?? 0];
  const home = at(0);
  return {
    distances: models.map((_, k) => Math.hypot(at(k + 1)[0] - home[0], at(k + 1)[1] - home[1])),
    coordinates: rows.map((_, r) => at(r)),
    explained_variance: result.explainedVariance,
  };
}

function zscore(x: number[]): number[] {
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
  return x.map((v) => (sd > 0 ? (v - mean) / sd : 0));
}

/** One measure before and after control. */
export interface Change {
  before: number;
  after: number;
  change: number;
}

export function change(before: number, after: number): Change {
  return { before, after, change: after - before };
}
