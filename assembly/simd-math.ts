// exp and log on both lanes of an f64x2 at once, for the loss kernel's inner loop (wasm has no
// vector transcendental functions, and calling Math.exp/Math.log per lane dominated the cost).
//
// exp: x = k ln2 + r with |r| <= ln2/2 (Cody-Waite split of ln2), e^r by its Taylor series to
//      r^13 (truncation < 5e-18; Estrin's scheme), times 2^k built in the exponent bits. Valid for x in [-708, 709].
// log: x = 2^k z with z in [0.6875, 1.375), z = c (1 + r) for the nearest of 128 tabulated centres
//      c, log x = k ln2 + log c + log1p(r) with log1p(r) by its series to r^7 (|r| < 0.006, no
//      division). Valid for positive normal x.
// Measured against Math.exp / Math.log (test/simd-math.test.ts): within 2 ulp.

const LN2_HI: f64 = 6.93147180369123816490e-01; // upper bits of ln 2: k * LN2_HI is exact
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LOG2E: f64 = 1.44269504088896338700e+00;
const TWO52: f64 = 4503599627370496.0; // 2^52: adding it leaves an integer in the low mantissa bits

const LOG_BITS: i32 = 7;
const LOG_BINS: i32 = 1 << LOG_BITS;
const LOG_OFFSET: i64 = 0x3fe6000000000000; // bits of 0.6875

// expV's and logV's constants as f64x2 rows in memory: V8 builds an f64x2.splat of a constant
// with three instructions inside the loop, a load is one.
const KV = memory.data<f64>([
  LOG2E, LOG2E,
  LN2_HI, LN2_HI,
  LN2_LO, LN2_LO,
  1.0, 1.0,
  0.5, 0.5,
  1.0 / 6.0, 1.0 / 6.0,
  1.0 / 24.0, 1.0 / 24.0,
  1.0 / 120.0, 1.0 / 120.0,
  1.0 / 720.0, 1.0 / 720.0,
  1.0 / 5040.0, 1.0 / 5040.0,
  1.0 / 40320.0, 1.0 / 40320.0,
  1.0 / 362880.0, 1.0 / 362880.0,
  1.0 / 3628800.0, 1.0 / 3628800.0,
  1.0 / 39916800.0, 1.0 / 39916800.0,
  1.0 / 479001600.0, 1.0 / 479001600.0,
  1.0 / 6227020800.0, 1.0 / 6227020800.0,
  1023.0 + TWO52, 1023.0 + TWO52,
  6755399441055744.0, 6755399441055744.0,
  -0.5, -0.5,
  1.0 / 3.0, 1.0 / 3.0,
  -0.25, -0.25,
  0.2, 0.2,
  -1.0 / 6.0, -1.0 / 6.0,
  1.0 / 7.0, 1.0 / 7.0,
  reinterpret<f64>(<i64>(LOG_OFFSET)), reinterpret<f64>(<i64>(LOG_OFFSET)),
  reinterpret<f64>(<i64>(0xfff0000000000000)), reinterpret<f64>(<i64>(0xfff0000000000000)),
  reinterpret<f64>(<i64>(LOG_BINS - 1)), reinterpret<f64>(<i64>(LOG_BINS - 1)),
  reinterpret<f64>(<i64>(0x4338000000000000)), reinterpret<f64>(<i64>(0x4338000000000000)),
], 16);

/** Row i of KV. */
// @ts-ignore: decorator
@inline function kV(i: i32): v128 {
  return v128.load(KV + (<usize>i << 4));
}

// @ts-ignore: decorator
@inline export function expV(x: v128): v128 {
  const k = f64x2.nearest(f64x2.mul(x, kV(0)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, kV(1))), f64x2.mul(k, kV(2)));
  // sum r^j / j!, j = 0..13, by Estrin's scheme: a shallow tree instead of a 13-step Horner chain,
  // so the loss kernel's loop is not bound by the latency of one long dependency chain.
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const t01 = f64x2.add(kV(3), r);
  const t23 = f64x2.add(kV(4), f64x2.mul(r, kV(5)));
  const t45 = f64x2.add(kV(6), f64x2.mul(r, kV(7)));
  const t67 = f64x2.add(kV(8), f64x2.mul(r, kV(9)));
  const t89 = f64x2.add(kV(10), f64x2.mul(r, kV(11)));
  const t1011 = f64x2.add(kV(12), f64x2.mul(r, kV(13)));
  const t1213 = f64x2.add(kV(14), f64x2.mul(r, kV(15)));
  const low = f64x2.add(t01, f64x2.mul(r2, t23));
  const mid = f64x2.add(t45, f64x2.mul(r2, t67));
  const high = f64x2.add(f64x2.add(t89, f64x2.mul(r2, t1011)), f64x2.mul(r4, t1213));
  const p = f64x2.add(low, f64x2.add(f64x2.mul(r4, mid), f64x2.mul(r8, high)));
  // 2^k: k + 1023 sits in the low bits of (k + 1023 + 2^52); shift it into the exponent field.
  const biased = f64x2.add(k, kV(16));
  const scale = i64x2.shl(biased, 52);
  return f64x2.mul(p, scale);
}

// log tables: z in [0.6875, 1.375) is split into LOG_BINS bins by the top mantissa bits of
// (bits(x) - LOG_OFFSET); bin i has centre c_i (exactly 1 for the bin holding 1, so log is
// accurate near 1), 1/c_i and log c_i. Filled once at instantiation from Math.log.
const LOG_TABLE = memory.data(LOG_BINS * 3 * 8, 16); // rows of (c, 1/c, log c)

function fillLogTable(): void {
  for (let i = 0; i < LOG_BINS; i++) {
    const lo = reinterpret<f64>(LOG_OFFSET + (<i64>i << (52 - LOG_BITS)));
    const hi = reinterpret<f64>(LOG_OFFSET + (<i64>(i + 1) << (52 - LOG_BITS)));
    const c: f64 = lo <= 1.0 && 1.0 < hi ? 1.0 : 0.5 * (lo + hi);
    const row = LOG_TABLE + <usize>i * 24;
    store<f64>(row, c);
    store<f64>(row + 8, 1.0 / c);
    store<f64>(row + 16, Math.log(c));
  }
}
fillLogTable();

// @ts-ignore: decorator
@inline export function logV(x: v128): v128 {
  // x = 2^k z with z in [0.6875, 1.375); z = c_i (1 + r) with |r| < 0.006.
  const tmp = i64x2.sub(x, kV(24));
  const k = i64x2.shr_s(tmp, 52);
  const z = i64x2.sub(x, v128.and(tmp, kV(25)));
  const bins = v128.and(i64x2.shr_u(tmp, 52 - LOG_BITS), kV(26));
  const row0 = LOG_TABLE + <usize>i64x2.extract_lane(bins, 0) * 24;
  const row1 = LOG_TABLE + <usize>i64x2.extract_lane(bins, 1) * 24;
  const c = f64x2.replace_lane(f64x2.splat(load<f64>(row0)), 1, load<f64>(row1));
  const invC = f64x2.replace_lane(f64x2.splat(load<f64>(row0, 8)), 1, load<f64>(row1, 8));
  const logC = f64x2.replace_lane(f64x2.splat(load<f64>(row0, 16)), 1, load<f64>(row1, 16));
  const r = f64x2.mul(f64x2.sub(z, c), invC); // z - c is exact (Sterbenz)
  // k as a double: add the bits of 1.5 * 2^52 and subtract it again (|k| < 2^51).
  const kf = f64x2.sub(i64x2.add(k, kV(27)), kV(17));
  // log1p(r) = r + r^2 q(r), q = -1/2 + r/3 - r^2/4 + ... + r^5/7 (truncation < 2e-19), by Estrin.
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const q01 = f64x2.add(kV(18), f64x2.mul(r, kV(19)));
  const q23 = f64x2.add(kV(20), f64x2.mul(r, kV(21)));
  const q45 = f64x2.add(kV(22), f64x2.mul(r, kV(23)));
  const q = f64x2.add(f64x2.add(q01, f64x2.mul(r2, q23)), f64x2.mul(r4, q45));
  const hi = f64x2.add(f64x2.mul(kf, kV(1)), logC);
  return f64x2.add(hi, f64x2.add(r, f64x2.add(f64x2.mul(r2, q), f64x2.mul(kf, kV(2)))));
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

// Single-precision versions on four lanes, for the float32 loss kernel (thurstonian-f32.ts); both
// are accurate to a few f32 ulp (measured in test/simd-math.test.ts: relative error < 4e-7).
// exp: the same Cody-Waite split with f32 constants, e^r by its Taylor series to r^7 (truncation
//      < 6e-9 on |r| <= ln2/2). Valid for x in [-87, 88].
// log: x = 2^k m with m in [sqrt 1/2, sqrt 2), log m = 2 atanh(s), s = (m - 1) / (m + 1), by its
//      series to s^9 (|s| < 0.172, truncation < 2e-9 relative). Valid for positive normal x.

// Their constants as f32x4 rows in memory: V8 builds an f32x4.splat of a constant with three
// instructions inside the loop, a load is one.
const LOG2E_F4: i32 = 0;
const LN2_HI_F4: i32 = 1;
const LN2_LO_F4: i32 = 2;
const ONE_F4: i32 = 3;
const HALF_F4: i32 = 4;
const INV6_F4: i32 = 5;
const INV24_F4: i32 = 6;
const INV120_F4: i32 = 7;
const INV720_F4: i32 = 8;
const INV5040_F4: i32 = 9;
const EXP_BIAS_F4: i32 = 10;
const SQRT_HALF_BITS_F4: i32 = 11;
const INV3_F4: i32 = 12;
const INV5_F4: i32 = 13;
const INV7_F4: i32 = 14;
const INV9_F4: i32 = 15;
const LN2_F4: i32 = 16;
const F4 = memory.data<f32>([
  <f32>LOG2E, <f32>LOG2E, <f32>LOG2E, <f32>LOG2E,
  0.693359375, 0.693359375, 0.693359375, 0.693359375,
  -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4,
  1.0, 1.0, 1.0, 1.0,
  0.5, 0.5, 0.5, 0.5,
  1.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0,
  1.0 / 24.0, 1.0 / 24.0, 1.0 / 24.0, 1.0 / 24.0,
  1.0 / 120.0, 1.0 / 120.0, 1.0 / 120.0, 1.0 / 120.0,
  1.0 / 720.0, 1.0 / 720.0, 1.0 / 720.0, 1.0 / 720.0,
  1.0 / 5040.0, 1.0 / 5040.0, 1.0 / 5040.0, 1.0 / 5040.0,
  127.0 + 8388608.0, 127.0 + 8388608.0, 127.0 + 8388608.0, 127.0 + 8388608.0,
  reinterpret<f32>(0x3f3504f3), reinterpret<f32>(0x3f3504f3), reinterpret<f32>(0x3f3504f3), reinterpret<f32>(0x3f3504f3),
  1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0,
  0.2, 0.2, 0.2, 0.2,
  1.0 / 7.0, 1.0 / 7.0, 1.0 / 7.0, 1.0 / 7.0,
  1.0 / 9.0, 1.0 / 9.0, 1.0 / 9.0, 1.0 / 9.0,
  <f32>0.6931471805599453, <f32>0.6931471805599453, <f32>0.6931471805599453, <f32>0.6931471805599453,
], 16);

/** Row i of F4. */
// @ts-ignore: decorator
@inline function kF4(i: i32): v128 {
  return v128.load(F4 + (<usize>i << 4));
}

// @ts-ignore: decorator
@inline export function expF4(x: v128): v128 {
  const k = f32x4.nearest(f32x4.mul(x, kF4(LOG2E_F4)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(k, kF4(LN2_HI_F4))), f32x4.mul(k, kF4(LN2_LO_F4)));
  const r2 = f32x4.mul(r, r);
  const r4 = f32x4.mul(r2, r2);
  const low = f32x4.add(f32x4.add(kF4(ONE_F4), r), f32x4.mul(r2, f32x4.add(kF4(HALF_F4), f32x4.mul(r, kF4(INV6_F4)))));
  const high = f32x4.add(
    f32x4.add(kF4(INV24_F4), f32x4.mul(r, kF4(INV120_F4))),
    f32x4.mul(r2, f32x4.add(kF4(INV720_F4), f32x4.mul(r, kF4(INV5040_F4)))));
  // 2^k: k + 127 sits in the low bits of (k + 127 + 2^23); shift it into the exponent field.
  const scale = i32x4.shl(f32x4.add(k, kF4(EXP_BIAS_F4)), 23);
  return f32x4.mul(f32x4.add(low, f32x4.mul(r4, high)), scale);
}

/** k (as f32) and m + 1 for x = 2^k m, m in [sqrt 1/2, sqrt 2), from logReduceF4. */
let logK: v128 = f32x4.splat(0);
let logDen: v128 = f32x4.splat(0);

/** logF4's range reduction: returns m - 1, sets logK and logDen. */
// @ts-ignore: decorator
@inline function logReduceF4(x: v128): v128 {
  const tmp = i32x4.sub(x, kF4(SQRT_HALF_BITS_F4));
  const k = i32x4.shr_s(tmp, 23);
  const m = i32x4.sub(x, i32x4.shl(k, 23));
  logK = f32x4.convert_i32x4_s(k);
  const one = kF4(ONE_F4);
  logDen = f32x4.add(m, one);
  return f32x4.sub(m, one);
}

/** k ln 2 + 2 atanh(s): the series to s^9. */
// @ts-ignore: decorator
@inline function logSeriesF4(k: v128, s: v128): v128 {
  const s2 = f32x4.mul(s, s);
  const s4 = f32x4.mul(s2, s2);
  const q = f32x4.add(
    f32x4.add(kF4(ONE_F4), f32x4.mul(s2, kF4(INV3_F4))),
    f32x4.mul(s4, f32x4.add(f32x4.add(kF4(INV5_F4), f32x4.mul(s2, kF4(INV7_F4))), f32x4.mul(s4, kF4(INV9_F4)))));
  return f32x4.add(f32x4.mul(k, kF4(LN2_F4)), f32x4.mul(f32x4.add(s, s), q));
}

// @ts-ignore: decorator
@inline export function logF4(x: v128): v128 {
  const num = logReduceF4(x);
  return logSeriesF4(logK, f32x4.div(num, logDen));
}

/** expF4 of count f32s at src into dst (count a multiple of 4; exported for accuracy tests). */
export function expArrayF32(count: i32, src: usize, dst: usize): void {
  for (let i = 0; i + 3 < count; i += 4) v128.store(dst + (<usize>i << 2), expF4(v128.load(src + (<usize>i << 2))));
}

/** logF4 of count f32s at src into dst (count a multiple of 4; exported for accuracy tests). */
export function logArrayF32(count: i32, src: usize, dst: usize): void {
  for (let i = 0; i + 3 < count; i += 4) v128.store(dst + (<usize>i << 2), logF4(v128.load(src + (<usize>i << 2))));
}
