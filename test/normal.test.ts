// The normal CDF and log-CDF kernels against 30-digit reference values (mpmath), and the test
// oracle's own CDF against the same values, so both sides of later comparisons are trusted.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { engine } from './support/engine.js';
import { referenceLogCdf } from './support/reference-normal.js';

const table = JSON.parse(readFileSync(new URL('./fixtures/normal-reference.json', import.meta.url), 'utf8')) as {
  rows: Array<{ x: number; cdf: string; log_cdf: string }>;
};
const rows = table.rows.map((r) => ({ x: r.x, cdf: Number(r.cdf), logCdf: Number(r.log_cdf) }));
const { normCdf, logNormCdf } = engine.kernels;

function relErr(got: number, want: number): number {
  return want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
}

test('the reference table covers [-38, 8] densely', () => {
  assert.is(rows.length, 516); // the README quotes this count
  assert.is(Math.min(...rows.map((r) => r.x)), -38);
  assert.is(Math.max(...rows.map((r) => r.x)), 8);
});

// The README's figures, measured on this table: Phi 5.0e-16, log Phi 6.6e-16 (relative). The
// tolerances sit just above them, so a change that loses a few ulps anywhere (e.g. an inexact
// exp(-x^2/2) split, which shows only at the off-grid points) fails here.
const PHI_TOLERANCE = 5.5e-16;
const LOG_PHI_TOLERANCE = 7e-16;

test('the table has off-grid points in every range, where x^2 is not exact', () => {
  const offGrid = rows.filter((r) => Math.abs(r.x * 4 - Math.round(r.x * 4)) > 1e-9 && Math.abs(r.x * 100 - Math.round(r.x * 100)) > 1e-9);
  for (const [lo, hi] of [[-37.5, -8], [-8, -5.66], [-5.66, -0.68], [-0.67, 0.67], [0.68, 5.65], [5.66, 8]]) {
    assert.ok(offGrid.filter((r) => r.x > lo && r.x < hi).length >= 10, `off-grid points in (${lo}, ${hi})`);
  }
});

test(`Phi has relative error below ${PHI_TOLERANCE} on [-37.5, 8]`, () => {
  // Below about -37.5 Phi is subnormal, where doubles themselves lose relative precision.
  for (const { x, cdf } of rows.filter((r) => r.x >= -37.5)) {
    const err = relErr(normCdf(x), cdf);
    assert.ok(err < PHI_TOLERANCE, `Phi(${x}) = ${normCdf(x)}, want ${cdf} (rel. error ${err})`);
  }
});

test(`log Phi has relative error below ${LOG_PHI_TOLERANCE} on [-38, 8], including where Phi underflows`, () => {
  for (const { x, logCdf } of rows) {
    // Relative everywhere, also near x = 8 where log Phi ~ -6e-16 is itself tiny.
    const err = relErr(logNormCdf(x), logCdf);
    assert.ok(err < LOG_PHI_TOLERANCE, `log Phi(${x}) = ${logNormCdf(x)}, want ${logCdf} (rel. error ${err})`);
  }
  assert.ok(Number.isFinite(logNormCdf(-1e3)), 'log Phi stays finite far beyond the table');
});

test('Phi is monotone and symmetric: Phi(x) + Phi(-x) = 1', () => {
  let last = 0;
  for (let x = -10; x <= 10; x += 0.01) {
    const p = normCdf(x);
    assert.ok(p >= last, `not monotone at ${x}`);
    last = p;
    assert.ok(Math.abs(p + normCdf(-x) - 1) < 2e-16, `asymmetric at ${x}`);
  }
});

test('NaN in gives NaN out', () => {
  assert.ok(Number.isNaN(normCdf(NaN)));
  assert.ok(Number.isNaN(logNormCdf(NaN)));
});

test('the test oracle reference CDF agrees with mpmath to 1e-14 (so it can judge the kernels)', () => {
  for (const { x, logCdf } of rows) {
    const got = referenceLogCdf(x);
    const ok = Math.abs(logCdf) < 1e-3 ? Math.abs(Math.exp(got) - Math.exp(logCdf)) < 1e-15 : relErr(got, logCdf) < 1e-14;
    assert.ok(ok, `reference log Phi(${x}) = ${got}, want ${logCdf}`);
  }
});

test.run();
