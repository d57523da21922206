// An independent, plainly written normal CDF for test oracles: erf by its all-positive series for
// small arguments, erfc by its continued fraction for large ones. Slow, but obviously correct.

const SQRT_PI = Math.sqrt(Math.PI);

/** erf(t) = 2/sqrt(pi) e^{-t^2} sum_n 2^n t^(2n+1) / (1 3 5 ... (2n+1)), for 0 <= t <= 1.2. */
function erfSeries(t: number): number {
  let term = t;
  let sum = t;
  for (let n = 1; n < 200; n++) {
    term *= (2 * t * t) / (2 * n + 1);
    sum += term;
    if (term < 1e-18 * sum) break;
  }
  return (2 / SQRT_PI) * Math.exp(-t * t) * sum;
}

/** log erfc(t) for t > 1.2 from the continued fraction erfc(t) = e^{-t^2}/sqrt(pi) / (t + (1/2)/(t + 1/(t + (3/2)/(t + ...)))). */
function logErfcFraction(t: number): number {
  let f = t;
  for (let k = 2000; k >= 1; k--) f = t + k / 2 / f;
  return -t * t - Math.log(SQRT_PI * f);
}

/** log Phi(x), accurate to ~1e-15 relative over [-40, 8]. */
export function referenceLogCdf(x: number): number {
  const t = -x / Math.SQRT2; // Phi(x) = erfc(t) / 2
  if (t > 1.2) return logErfcFraction(t) - Math.LN2;
  if (t >= 0) return Math.log((1 - erfSeries(t)) / 2);
  if (t > -1.2) return Math.log1p(-(1 - erfSeries(-t)) / 2);
  return Math.log1p(-Math.exp(logErfcFraction(-t)) / 2);
}

export function referenceCdf(x: number): number {
  return Math.exp(referenceLogCdf(x));
}
