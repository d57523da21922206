// The classical paired-comparison models: every option has one mean mu_i and nothing else.
//   Thurstone Case V (probit): P(a over b) = Phi((mu_a - mu_b) / sqrt(2))  (unit variance per option)
//   Bradley-Terry (logit):     P(a over b) = sigmoid(mu_a - mu_b)
// The loss is the same (weighted) mean cross-entropy as the Thurstonian model's:
//   loss = sum_e w_e * -(p_e log F(z_e) + (1 - p_e) log F(-z_e)) / sum_e w_e,  z_e = c (mu_a - mu_b)
// with c = 1/sqrt(2) (probit) or 1 (logit). Both have only the location undetermined (the scale is
// fixed by the link), so the curvature per edge gives the whole Hessian: a weighted graph Laplacian.
// All arrays are caller-owned regions of linear memory; nothing here allocates or throws.

import { INV_SQRT_2PI, logNormCdf, normCdf, SPLIT_SMALL, tailFactor } from './normal';

/** Link codes shared with src/fit/families.ts. */
export const LINK_PROBIT: i32 = 0;
export const LINK_LOGIT: i32 = 1;

/** Predictions are clipped to [CLIP, 1 - CLIP] for the reported log-loss, as in thurstonian.ts. */
const CLIP: f64 = 1e-5;

/** dz / d(mu_a - mu_b) for a link: Case V's two unit variances give sqrt(2). */
// @ts-ignore: decorator
@inline function linkScale(link: i32): f64 {
  return link == LINK_PROBIT ? Math.SQRT1_2 : 1.0;
}

/** phi(z) / Phi(z), the inverse Mills ratio; in the lower tail through Cody's T so no exp underflows. */
// @ts-ignore: decorator
@inline function millsRatio(z: f64): f64 {
  if (z <= -SPLIT_SMALL) return INV_SQRT_2PI / tailFactor(-z);
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z) / normCdf(z);
}

/** log sigmoid(z) = -log(1 + e^-z), without overflow for either sign. */
// @ts-ignore: decorator
@inline function logSigmoid(z: f64): f64 {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

/** sigmoid(z), without overflow for either sign. */
// @ts-ignore: decorator
@inline function sigmoid(z: f64): f64 {
  if (z >= 0) return 1.0 / (1.0 + Math.exp(-z));
  const t = Math.exp(z);
  return t / (1.0 + t);
}

// Per-edge derivatives handed from edgeTerm to its callers: d loss / dz and d^2 loss / dz^2.
let termD1: f64 = 0;
let termD2: f64 = 0;

/** Cross-entropy of one edge with soft label p at z; sets termD1 and termD2. */
// @ts-ignore: decorator
@inline function edgeTerm(link: i32, z: f64, p: f64, wantLoss: bool): f64 {
  if (link == LINK_PROBIT) {
    const rPos = millsRatio(z); // phi(z) / Phi(z)
    const rNeg = millsRatio(-z); // phi(z) / Phi(-z)
    termD1 = -p * rPos + (1.0 - p) * rNeg;
    // d/dz r(z) = -r(z) (z + r(z)), so each tail contributes r (r +- z).
    termD2 = p * rPos * (z + rPos) + (1.0 - p) * rNeg * (rNeg - z);
    return wantLoss ? -(p * logNormCdf(z) + (1.0 - p) * logNormCdf(-z)) : NaN;
  }
  const s = sigmoid(z);
  termD1 = s - p;
  termD2 = s * sigmoid(-z);
  return wantLoss ? -(p * logSigmoid(z) + (1.0 - p) * logSigmoid(-z)) : NaN;
}

/** Sum of the weights (the edge count when weights = 0, i.e. unweighted). */
// @ts-ignore: decorator
@inline function totalWeight(e: i32, weights: usize): f64 {
  if (weights == 0) return <f64>e;
  let w: f64 = 0;
  for (let k = 0; k < e; k++) w += load<f64>(weights + (<usize>k << 3));
  return w;
}

/**
 * Loss (NaN unless wantLoss) and its gradient with respect to mu (n values at params, written to
 * grad) for link LINK_PROBIT or LINK_LOGIT. weights = 0 means every edge weighs 1.
 * Cost: one pass over the edges, two special-function evaluations per edge.
 */
export function pairedLossGrad(
  n: i32, e: i32, edgeA: usize, edgeB: usize, labels: usize, weights: usize, link: i32,
  params: usize, grad: usize, wantLoss: bool,
): f64 {
  memory.fill(grad, 0, <usize>n << 3);
  const c = linkScale(link);
  const inv = 1.0 / totalWeight(e, weights);
  let loss: f64 = 0;
  for (let k = 0; k < e; k++) {
    const a = <usize>load<i32>(edgeA + (<usize>k << 2)) << 3;
    const b = <usize>load<i32>(edgeB + (<usize>k << 2)) << 3;
    const w = (weights == 0 ? 1.0 : load<f64>(weights + (<usize>k << 3))) * inv;
    const z = c * (load<f64>(params + a) - load<f64>(params + b));
    const l = edgeTerm(link, z, load<f64>(labels + (<usize>k << 3)), wantLoss);
    loss += w * l;
    const g = w * c * termD1;
    store<f64>(grad + a, load<f64>(grad + a) + g);
    store<f64>(grad + b, load<f64>(grad + b) - g);
  }
  return loss;
}

/**
 * Curvature of the loss per edge: out[k] = w_k / sum w * d^2 loss_k / d(mu_a - mu_b)^2, so the
 * Hessian is sum_k out[k] (e_a - e_b)(e_a - e_b)^T (the caller assembles it sparsely). With
 * fisher set, the expected curvature (the label replaced by its prediction: the Fisher
 * information, which glm and BradleyTerry2 use) instead of the observed one; the two are the same
 * for the logit link. With edgeGrad != 0 also writes each edge's share of the gradient,
 * w_k / sum w * d loss_k / d(mu_a - mu_b) (the scores a sandwich estimate needs). Returns the total
 * weight sum w, which turns the mean loss back into a negative log-likelihood.
 */
export function pairedCurvature(
  n: i32, e: i32, edgeA: usize, edgeB: usize, labels: usize, weights: usize, link: i32,
  params: usize, out: usize, fisher: bool, edgeGrad: usize,
): f64 {
  const c = linkScale(link);
  const total = totalWeight(e, weights);
  const inv = 1.0 / total;
  for (let k = 0; k < e; k++) {
    const a = <usize>load<i32>(edgeA + (<usize>k << 2)) << 3;
    const b = <usize>load<i32>(edgeB + (<usize>k << 2)) << 3;
    const w = (weights == 0 ? 1.0 : load<f64>(weights + (<usize>k << 3))) * inv;
    const z = c * (load<f64>(params + a) - load<f64>(params + b));
    edgeTerm(link, z, load<f64>(labels + (<usize>k << 3)), false);
    // Fisher: phi^2 / (Phi(z) Phi(-z)) for the probit link; the logit's curvature has no label in it.
    const d2 = fisher && link == LINK_PROBIT ? millsRatio(z) * millsRatio(-z) : termD2;
    store<f64>(out + (<usize>k << 3), w * c * c * d2);
    if (edgeGrad != 0) store<f64>(edgeGrad + (<usize>k << 3), w * c * termD1);
  }
  return total;
}

/**
 * Held-out style scoring of means mu under a link: mean log-loss with predictions clipped to
 * [1e-5, 1 - 1e-5] (unweighted, as evaluateEdges), and accuracy (prediction >= 0.5 agrees with
 * label >= 0.5) written to accuracyOut.
 */
export function pairedEvaluate(
  n: i32, e: i32, edgeA: usize, edgeB: usize, labels: usize, link: i32, params: usize, accuracyOut: usize,
): f64 {
  const c = linkScale(link);
  let loss: f64 = 0;
  let correct: i32 = 0;
  for (let k = 0; k < e; k++) {
    const a = <usize>load<i32>(edgeA + (<usize>k << 2)) << 3;
    const b = <usize>load<i32>(edgeB + (<usize>k << 2)) << 3;
    const z = c * (load<f64>(params + a) - load<f64>(params + b));
    let pred = link == LINK_PROBIT ? normCdf(z) : sigmoid(z);
    const p = load<f64>(labels + (<usize>k << 3));
    if ((pred >= 0.5) == (p >= 0.5)) correct++;
    pred = Math.min(Math.max(pred, CLIP), 1.0 - CLIP);
    loss -= p * Math.log(pred) + (1.0 - p) * Math.log(1.0 - pred);
  }
  store<f64>(accuracyOut, <f64>correct / <f64>e);
  return loss / <f64>e;
}
