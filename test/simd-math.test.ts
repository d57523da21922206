// The vectorised exp and log used inside the loss kernel, against Math.exp and Math.log.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { engine } from './support/engine.js';

function ulpDistance(a: number, b: number): number {
  const spacing = Math.abs(b) * Number.EPSILON || Number.MIN_VALUE;
  return Math.abs(a - b) / spacing;
}

function applyKernel(name: 'expArray' | 'logArray', xs: number[]): Float64Array {
  const L = engine.layout();
  const src = L.take(xs.length, 8);
  const dst = L.take(xs.length, 8);
  engine.reserve(L.end);
  engine.f64(src, xs.length).set(xs);
  engine.kernels[name](xs.length, src, dst);
  return engine.f64(dst, xs.length).slice();
}

test('exp is within 2 ulp of Math.exp over the range the kernel uses ([-700, 700], odd count)', () => {
  const xs = Array.from({ length: 20001 }, (_, i) => -700 + (1400 * i) / 20000);
  xs.push(0, -0.5, 1e-300, -1e-12);
  const got = applyKernel('expArray', xs);
  xs.forEach((x, i) => assert.ok(ulpDistance(got[i], Math.exp(x)) <= 2, `exp(${x}) = ${got[i]}, Math.exp = ${Math.exp(x)}`));
});

test('log is within 2 ulp of Math.log for positive normal numbers', () => {
  const xs = Array.from({ length: 20000 }, (_, i) => Math.exp(-700 + (1400 * i) / 20000));
  xs.push(1, 0.5, 2, Math.SQRT2, Math.SQRT1_2, 1 + 1e-15, 1 - 1e-16, Number.MAX_VALUE, 2.2250738585072014e-308);
  const got = applyKernel('logArray', xs);
  xs.forEach((x, i) => {
    const want = Math.log(x);
    const ok = want === 0 ? got[i] === 0 : ulpDistance(got[i], want) <= 2 || Math.abs(got[i] - want) < 2e-16;
    assert.ok(ok, `log(${x}) = ${got[i]}, Math.log = ${want}`);
  });
});

function applyKernelF32(name: 'expArrayF32' | 'logArrayF32', xs: number[]): Float32Array {
  const L = engine.layout();
  const src = L.take(xs.length, 4);
  const dst = L.take(xs.length, 4);
  engine.reserve(L.end);
  new Float32Array(engine.kernels.memory.buffer, src, xs.length).set(xs);
  engine.kernels[name](xs.length, src, dst);
  return new Float32Array(engine.kernels.memory.buffer, dst, xs.length).slice();
}

test('f32 exp is within 4e-7 relative of exp (of the f32 input) over the loss kernel\'s range [-87, 0]', () => {
  const xs = Float32Array.from({ length: 20000 }, (_, i) => -87 + (87 * i) / 19999);
  const got = applyKernelF32('expArrayF32', Array.from(xs));
  xs.forEach((x, i) => assert.ok(Math.abs(got[i] / Math.exp(x) - 1) < 4e-7, `exp(${x}) = ${got[i]}, Math.exp = ${Math.exp(x)}`));
});

test('f32 log is within 4e-7 relative (or 1e-7 absolute near 1) of log for positive normal f32', () => {
  const xs = Float32Array.from({ length: 20000 }, (_, i) => Math.exp(-80 + (160 * i) / 19999));
  const extra = Float32Array.from([1, 0.5, 2, Math.SQRT2, Math.SQRT1_2, 1 + 2 ** -23, 1 - 2 ** -24, 1.1754943508222875e-38]);
  const all = [...xs, ...extra, 0.75, 0.3, 0.9, 0.999];
  const got = applyKernelF32('logArrayF32', all.slice(0, all.length & ~3));
  got.forEach((value, i) => {
    const want = Math.log(Math.fround(all[i]));
    assert.ok(Math.abs(value - want) <= Math.max(4e-7 * Math.abs(want), 1e-7), `log(${all[i]}) = ${value}, Math.log = ${want}`);
  });
});

test.run();
