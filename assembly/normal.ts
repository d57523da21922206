// Standard normal CDF and its logarithm, accurate into the far lower tail.
//
// W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations for the
// error function", Math. Comp. 23, 1969; the three-range form used by TOMS 715's ANORM):
//   |x| < 0.67449     Phi(x) = 1/2 + x * R1(x^2)
//   |x| < sqrt(32)    Phi(-|x|) = exp(-x^2/2) * R2(|x|)
//   otherwise         Phi(-|x|) = exp(-x^2/2) * (1/sqrt(2 pi) - R3(1/x^2) / x^2) / |x|
// exp(-x^2/2) is split as exp(-t^2/2) * exp(-(x-t)(x+t)/2), t = x rounded down to 1/16, so the
// large exponent is formed without rounding error. Measured against mpmath at 50 digits on 516
// points, 130 of them off the quarter grid (test/normal.test.ts): max relative error 4.7e-16 for
// Phi on [-8, 8] and 5.0e-16 on [-37.5, -8]; 6.6e-16 for log Phi on [-38, 8].

export const SPLIT_SMALL: f64 = 0.67448975; // Cody's boundary between ranges 1 and 2
export const SPLIT_LARGE: f64 = 5.656854249492380; // sqrt(32)
export const INV_SQRT_2PI: f64 = 0.398942280401432677939946059934;

// Range 1 coefficients: Phi(x) - 1/2 = x * A(x^2) / B(x^2).
const A0: f64 = 2.2352520354606839287;
const A1: f64 = 161.02823106855587881;
const A2: f64 = 1067.6894854603709582;
const A3: f64 = 18154.981253343561249;
const A4: f64 = 0.065682337918207449113;
const B0: f64 = 47.20258190468824187;
const B1: f64 = 976.09855173777669322;
const B2: f64 = 10260.932208618978205;
const B3: f64 = 45507.789335026729956;

// Range 2 coefficients: Phi(-y) = exp(-y^2/2) * C(y) / D(y).
const C0: f64 = 0.39894151208813466764;
const C1: f64 = 8.8831497943883759412;
const C2: f64 = 93.506656132177855979;
const C3: f64 = 597.27027639480026226;
const C4: f64 = 2494.5375852903726711;
const C5: f64 = 6848.1904505362823326;
const C6: f64 = 11602.651437647350124;
const C7: f64 = 9842.7148383839780218;
const C8: f64 = 1.0765576773720192317e-8;
const D0: f64 = 22.266688044328115691;
const D1: f64 = 235.38790178262499861;
const D2: f64 = 1519.377599407554805;
const D3: f64 = 6485.558298266760755;
const D4: f64 = 18615.571640885098091;
const D5: f64 = 34900.952721145977266;
const D6: f64 = 38912.003286093271411;
const D7: f64 = 19685.429676859990727;

// Range 3 coefficients (asymptotic range), in w = 1/y^2.
const P0: f64 = 0.21589853405795699;
const P1: f64 = 0.1274011611602473639;
const P2: f64 = 0.022235277870649807;
const P3: f64 = 0.001421619193227893466;
const P4: f64 = 2.9112874951168792e-5;
const P5: f64 = 0.02307344176494017303;
const Q0: f64 = 1.28426009614491121;
const Q1: f64 = 0.468238212480865118;
const Q2: f64 = 0.0659881378689285515;
const Q3: f64 = 0.00378239633202758244;
const Q4: f64 = 7.29751555083966205e-5;

/** Range 1 rational: Phi(x) - 1/2 for |x| < SPLIT_SMALL. */
// @ts-ignore: decorator
@inline export function centralOffset(x: f64): f64 {
  const w = x * x;
  let num = A4 * w;
  let den = w;
  num = (num + A0) * w; den = (den + B0) * w;
  num = (num + A1) * w; den = (den + B1) * w;
  num = (num + A2) * w; den = (den + B2) * w;
  return x * (num + A3) / (den + B3);
}

/**
 * The tail factor T(y) for y >= SPLIT_SMALL, defined by Phi(-y) = exp(-y^2/2) * T(y).
 * Note T(y) * sqrt(2 pi) = Phi(-y) / phi(y), the reciprocal of the inverse Mills ratio.
 */
// @ts-ignore: decorator
@inline export function tailFactor(y: f64): f64 {
  if (y <= SPLIT_LARGE) {
    let num = C8 * y;
    let den = y;
    num = (num + C0) * y; den = (den + D0) * y;
    num = (num + C1) * y; den = (den + D1) * y;
    num = (num + C2) * y; den = (den + D2) * y;
    num = (num + C3) * y; den = (den + D3) * y;
    num = (num + C4) * y; den = (den + D4) * y;
    num = (num + C5) * y; den = (den + D5) * y;
    num = (num + C6) * y; den = (den + D6) * y;
    return (num + C7) / (den + D7);
  }
  const w = 1.0 / (y * y);
  let num = P5 * w;
  let den = w;
  num = (num + P0) * w; den = (den + Q0) * w;
  num = (num + P1) * w; den = (den + Q1) * w;
  num = (num + P2) * w; den = (den + Q2) * w;
  num = (num + P3) * w; den = (den + Q3) * w;
  return (INV_SQRT_2PI - w * (num + P4) / (den + Q4)) / y;
}

/** Range 1 on two lanes, as numerator and denominator: Phi(y) - 1/2 = y A(w) / B(w), w = y^2 (Estrin's scheme). */
// @ts-ignore: decorator
@inline export function centralNumV(w: v128): v128 {
  const w2 = f64x2.mul(w, w);
  return f64x2.add(f64x2.add(pairV(ROW_A + 3, ROW_A + 2, w), f64x2.mul(w2, pairV(ROW_A + 1, ROW_A + 0, w))), f64x2.mul(f64x2.mul(w2, w2), coefV(ROW_A + 4)));
}

// @ts-ignore: decorator
@inline export function centralDenV(w: v128): v128 {
  const w2 = f64x2.mul(w, w);
  return f64x2.add(f64x2.add(pairV(ROW_B + 3, ROW_B + 2, w), f64x2.mul(w2, pairV(ROW_B + 1, ROW_B + 0, w))), f64x2.mul(w2, w2));
}

/**
 * Range 2 on two lanes, as numerator and denominator: T(y) = C(y) / D(y) for SPLIT_SMALL <= y <=
 * SPLIT_LARGE. Estrin's scheme (all coefficients are positive, so no cancellation): a shallow
 * evaluation tree instead of an 8-step Horner chain.
 */
// @ts-ignore: decorator
@inline export function tailNumV(y: v128): v128 {
  const y2 = f64x2.mul(y, y);
  const y4 = f64x2.mul(y2, y2);
  return f64x2.add(
    f64x2.add(pairV(ROW_C + 7, ROW_C + 6, y), f64x2.mul(y2, pairV(ROW_C + 5, ROW_C + 4, y))),
    f64x2.add(f64x2.mul(y4, f64x2.add(pairV(ROW_C + 3, ROW_C + 2, y), f64x2.mul(y2, pairV(ROW_C + 1, ROW_C + 0, y)))), f64x2.mul(f64x2.mul(y4, y4), coefV(ROW_C + 8))));
}

// @ts-ignore: decorator
@inline export function tailDenV(y: v128): v128 {
  const y2 = f64x2.mul(y, y);
  const y4 = f64x2.mul(y2, y2);
  return f64x2.add(
    f64x2.add(pairV(ROW_D + 7, ROW_D + 6, y), f64x2.mul(y2, pairV(ROW_D + 5, ROW_D + 4, y))),
    f64x2.add(f64x2.mul(y4, f64x2.add(pairV(ROW_D + 3, ROW_D + 2, y), f64x2.mul(y2, pairV(ROW_D + 1, ROW_D + 0, y)))), f64x2.mul(y4, y4)));
}

/** The rationals' coefficients as f64x2 rows in memory (a load is one instruction; V8 builds a
 * splat of a constant with three). Rows: A0..A4, B0..B3, C0..C8, D0..D7. */
const COEF_V = memory.data<f64>([
  A0, A0, A1, A1, A2, A2, A3, A3, A4, A4, B0, B0, B1, B1, B2, B2, B3, B3,
  C0, C0, C1, C1, C2, C2, C3, C3, C4, C4, C5, C5, C6, C6, C7, C7, C8, C8,
  D0, D0, D1, D1, D2, D2, D3, D3, D4, D4, D5, D5, D6, D6, D7, D7,
], 16);
const ROW_A: i32 = 0;
const ROW_B: i32 = 5;
const ROW_C: i32 = 9;
const ROW_D: i32 = 18;

// @ts-ignore: decorator
@inline function coefV(row: i32): v128 {
  return v128.load(COEF_V + (<usize>row << 4));
}

/** a + b y on two lanes, a and b rows of COEF_V. */
// @ts-ignore: decorator
@inline function pairV(a: i32, b: i32, y: v128): v128 {
  return f64x2.add(coefV(a), f64x2.mul(coefV(b), y));
}

/** -y^2/2 computed as -t^2/2 - (y-t)(y+t)/2 with t = floor(16 y)/16, so -t^2/2 is exact. */
// @ts-ignore: decorator
@inline function halfSquareSplit(y: f64): f64 {
  const t = Math.trunc(y * 16.0) / 16.0;
  return -t * t * 0.5 - (y - t) * (y + t) * 0.5;
}

/** Phi(-y) for y >= SPLIT_SMALL, with both exponent parts applied separately for accuracy. */
// @ts-ignore: decorator
@inline function upperTail(y: f64): f64 {
  const t = Math.trunc(y * 16.0) / 16.0;
  return Math.exp(-t * t * 0.5) * Math.exp(-(y - t) * (y + t) * 0.5) * tailFactor(y);
}

/** Standard normal CDF Phi(x). NaN in, NaN out. */
export function normCdf(x: f64): f64 {
  const y = Math.abs(x);
  if (y < SPLIT_SMALL) return 0.5 + centralOffset(x);
  const q = upperTail(y);
  return x < 0 ? q : 1.0 - q;
}

/** log Phi(x), finite for every finite x (about -x^2/2 in the lower tail). NaN in, NaN out. */
export function logNormCdf(x: f64): f64 {
  const y = Math.abs(x);
  if (y < SPLIT_SMALL) return Math.log(0.5 + centralOffset(x));
  if (x < 0) return halfSquareSplit(y) + Math.log(tailFactor(y));
  return Math.log1p(-upperTail(y));
}

// Range 2 in single precision on four lanes (f32x4), for the float32 loss kernel, which uses it for
// every y up to 30 (see thurstonian-f32.ts for its measured accuracy there). The coefficients are
// the f64 ones rounded to f32; all are positive, so Estrin's scheme does not cancel.

// The coefficients as f32x4 rows in memory: V8 builds an f32x4.splat of a constant with three
// instructions inside the loop, a load is one. Row order: C0..C8, then D0..D7.
const TAIL_F4 = memory.data<f32>([
  <f32>C0, <f32>C0, <f32>C0, <f32>C0, <f32>C1, <f32>C1, <f32>C1, <f32>C1, <f32>C2, <f32>C2, <f32>C2, <f32>C2,
  <f32>C3, <f32>C3, <f32>C3, <f32>C3, <f32>C4, <f32>C4, <f32>C4, <f32>C4, <f32>C5, <f32>C5, <f32>C5, <f32>C5,
  <f32>C6, <f32>C6, <f32>C6, <f32>C6, <f32>C7, <f32>C7, <f32>C7, <f32>C7, <f32>C8, <f32>C8, <f32>C8, <f32>C8,
  <f32>D0, <f32>D0, <f32>D0, <f32>D0, <f32>D1, <f32>D1, <f32>D1, <f32>D1, <f32>D2, <f32>D2, <f32>D2, <f32>D2,
  <f32>D3, <f32>D3, <f32>D3, <f32>D3, <f32>D4, <f32>D4, <f32>D4, <f32>D4, <f32>D5, <f32>D5, <f32>D5, <f32>D5,
  <f32>D6, <f32>D6, <f32>D6, <f32>D6, <f32>D7, <f32>D7, <f32>D7, <f32>D7,
], 16);

/** Row i of TAIL_F4 (C_i for i < 9, D_(i-9) after). */
// @ts-ignore: decorator
@inline function coefF4(i: i32): v128 {
  return v128.load(TAIL_F4 + (<usize>i << 4));
}

/** a + b y with a, b rows of TAIL_F4. */
// @ts-ignore: decorator
@inline function pairF4(a: i32, b: i32, y: v128): v128 {
  return f32x4.add(coefF4(a), f32x4.mul(coefF4(b), y));
}

// @ts-ignore: decorator
@inline export function tailNumF4(y: v128): v128 {
  const y2 = f32x4.mul(y, y);
  const y4 = f32x4.mul(y2, y2);
  return f32x4.add(
    f32x4.add(pairF4(7, 6, y), f32x4.mul(y2, pairF4(5, 4, y))),
    f32x4.add(f32x4.mul(y4, f32x4.add(pairF4(3, 2, y), f32x4.mul(y2, pairF4(1, 0, y)))), f32x4.mul(f32x4.mul(y4, y4), coefF4(8))));
}

// @ts-ignore: decorator
@inline export function tailDenF4(y: v128): v128 {
  const y2 = f32x4.mul(y, y);
  const y4 = f32x4.mul(y2, y2);
  return f32x4.add(
    f32x4.add(pairF4(16, 15, y), f32x4.mul(y2, pairF4(14, 13, y))),
    f32x4.add(f32x4.mul(y4, f32x4.add(pairF4(12, 11, y), f32x4.mul(y2, pairF4(10, 9, y)))), f32x4.mul(y4, y4)));
}
