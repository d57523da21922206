// exp and log on both lanes of an f64x2 at once, for the loss kernel's inner loop (wasm has no
// vector transcendental functions, and calling Math.exp/Math.log per lane dominated the cost).
//
// exp: x = k ln2 + r with |r| <= ln2/2 (Cody-Waite split of ln2), e^r by its Taylor series to
//      r^13 (truncation < 5e-18), times 2^k built in the exponent bits. Valid for x in [-708, 709].
// log: x = 2^e m with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(f), f = (m-1)/(m+1), |f| < 0.172,
//      by its series to f^23 (truncation < 1e-19). Valid for positive normal x.
// Measured against Math.exp / Math.log (test/simd-math.test.ts): within 2 ulp.

const LN2_HI: f64 = 6.93147180369123816490e-01; // upper bits of ln 2: k * LN2_HI is exact
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LOG2E: f64 = 1.44269504088896338700e+00;
const TWO52: f64 = 4503599627370496.0; // 2^52: adding it leaves an integer in the low mantissa bits
const SQRT2: f64 = 1.41421356237309504880;

// @ts-ignore: decorator
@inline export function expV(x: v128): v128 {
  const k = f64x2.nearest(f64x2.mul(x, f64x2.splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  // Horner for sum r^j / j!, j = 0..13.
  let p = f64x2.splat(1.0 / 6227020800.0);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 479001600.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 39916800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  // 2^k: k + 1023 sits in the low bits of (k + 1023 + 2^52); shift it into the exponent field.
  const biased = f64x2.add(k, f64x2.splat(1023.0 + TWO52));
  const scale = i64x2.shl(biased, 52);
  return f64x2.mul(p, scale);
}

// @ts-ignore: decorator
@inline export function logV(x: v128): v128 {
  // Exponent e and mantissa m in [1, 2), then move m into [sqrt(1/2), sqrt(2)).
  const bits = x;
  const expField = i64x2.shr_u(bits, 52); // sign is 0 for positive x
  const magic = f64x2.splat(TWO52);
  let e = f64x2.sub(v128.or(expField, magic), magic); // exponent field as a double
  let m = v128.or(v128.and(bits, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  const big = f64x2.gt(m, f64x2.splat(SQRT2));
  m = v128.bitselect(f64x2.mul(m, f64x2.splat(0.5)), m, big);
  e = f64x2.sub(e, v128.bitselect(f64x2.splat(1022.0), f64x2.splat(1023.0), big));
  const f = f64x2.div(f64x2.sub(m, f64x2.splat(1.0)), f64x2.add(m, f64x2.splat(1.0)));
  const f2 = f64x2.mul(f, f);
  // 2 atanh f = 2 f (1 + f^2/3 + f^4/5 + ... + f^22/23)
  let s = f64x2.splat(1.0 / 23.0);
  s = f64x2.add(f64x2.mul(s, f2), f64x2.splat(1.0 / 21.0));
  s = f64x2.add(f64x2.mul(s, f2), f64x2.splat(1.0 / 19.0));
  s = f64x2.add(f64x2.mul(s, f2), f64x2.splat(1.0 / 17.0));
  s = f64x2.add(f64x2.mul(s, f2), f64x2.splat(1.0 / 15.0));
  s = f64x2.add(f64x2.mul(s, f2), f64x2.splat(1.0 / 13.0));
  s = f64x2.add(f64x2.mul(s, f2), f64x2.splat(1.0 / 11.0));
  s = f64x2.add(f64x2.mul(s, f2), f64x2.splat(1.0 / 9.0));
  s = f64x2.add(f64x2.mul(s, f2), f64x2.splat(1.0 / 7.0));
  s = f64x2.add(f64x2.mul(s, f2), f64x2.splat(1.0 / 5.0));
  s = f64x2.add(f64x2.mul(s, f2), f64x2.splat(1.0 / 3.0));
  // 2 f + 2 f * f^2 * s: the leading 2 f is exact-ish; add the small part first.
  const twoF = f64x2.add(f, f);
  const tail = f64x2.mul(twoF, f64x2.mul(f2, s));
  return f64x2.add(f64x2.mul(e, f64x2.splat(LN2_HI)), f64x2.add(twoF, f64x2.add(tail, f64x2.mul(e, f64x2.splat(LN2_LO)))));
}

/** exp of count f64s at src into dst (exported for accuracy tests). */
export function expArray(count: i32, src: usize, dst: usize): void {
  for (let i = 0; i + 1 < count; i += 2) v128.store(dst + (<usize>i << 3), expV(v128.load(src + (<usize>i << 3))));
  if (count & 1) {
    const o = <usize>(count - 1) << 3;
    store<f64>(dst + o, f64x2.extract_lane(expV(f64x2.splat(load<f64>(src + o))), 0));
  }
}

/** log of count f64s at src into dst (exported for accuracy tests). */
export function logArray(count: i32, src: usize, dst: usize): void {
  for (let i = 0; i + 1 < count; i += 2) v128.store(dst + (<usize>i << 3), logV(v128.load(src + (<usize>i << 3))));
  if (count & 1) {
    const o = <usize>(count - 1) << 3;
    store<f64>(dst + o, f64x2.extract_lane(logV(f64x2.splat(load<f64>(src + o))), 0));
  }
}
