// Significance of a Pearson correlation: the two-sided p-value of the t-test with n - 2 degrees of
// freedom, which reduces to a regularised incomplete beta function, p = I_{1 - r^2}((n - 2) / 2, 1 / 2).

/**
 * log Gamma(x) for x > 0: Lanczos' approximation (g = 7, nine coefficients, the widely published
 * set); relative error below 1e-14 for x >= 0.5, with the reflection formula below that.
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Regularised incomplete beta I_x(a, b), by its continued fraction evaluated with the modified
 * Lentz method (on the side where it converges fast, using I_x(a, b) = 1 - I_{1-x}(b, a)).
 * Converges to ~1e-15 within a few hundred terms for the arguments a t-test produces.
 */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0)) return NaN;
  if (x === 0 || x === 1) return x;
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - (logGamma(a) + logGamma(b) - logGamma(a + b)));
  if (x > (a + 1) / (a + b + 2)) return 1 - (front * betaFraction(1 - x, b, a)) / b;
  return (front * betaFraction(x, a, b)) / a;
}

const TINY = 1e-300;

function betaFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let f = d;
  for (let m = 1; m <= 1000; m++) {
    // Even step, then odd step of the continued fraction.
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 + even * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + even / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    f *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + odd * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + odd / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    f *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return f;
}

/**
 * Two-sided p-value of a Pearson correlation r over n points (H0: no correlation), from
 * t = r sqrt((n - 2) / (1 - r^2)) with n - 2 degrees of freedom. NaN for n < 3 or r NaN; 0 at |r| = 1.
 * @example pearsonPValue(0.5, 10) // 0.1411...
 */
export function pearsonPValue(r: number, n: number): number {
  if (!Number.isFinite(r) || n < 3) return NaN;
  const r2 = Math.min(1, r * r);
  if (r2 === 1) return 0;
  return incompleteBeta(1 - r2, (n - 2) / 2, 0.5);
}
