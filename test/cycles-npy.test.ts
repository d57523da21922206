// The .npy reader: round trip, headers written by NumPy, and refusals.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseNpyHeader, writeNpy } from '../src/cycles/npy.js';

test('round trip float64 and float32', () => {
  for (const data of [Float64Array.of(0, 0.25, 0.75, 0), Float32Array.of(0, 0.25, 0.75, 0)]) {
    const bytes = writeNpy(data, [2, 2]);
    const h = parseNpyHeader(bytes);
    assert.equal(h.shape, [2, 2]);
    assert.is(h.dtype, data instanceof Float64Array ? 'float64' : 'float32');
    assert.is(h.fortranOrder, false);
    assert.is(h.dataOffset % 64, 0);
    assert.is(bytes.length, h.dataOffset + h.dataBytes);
    const back = data instanceof Float64Array
      ? new Float64Array(bytes.slice(h.dataOffset).buffer)
      : new Float32Array(bytes.slice(h.dataOffset).buffer);
    assert.equal(Array.from(back), Array.from(data));
  }
});

function npyWithHeader(header: string, version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  const out = new Uint8Array(prefix + header.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  return out;
}

test('version 2 headers and 1-D shapes', () => {
  const h = parseNpyHeader(npyWithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (7,), }\n", 2));
  assert.equal(h.shape, [7]);
  assert.is(h.fortranOrder, true);
  assert.is(h.dataBytes, 28);
});

test('refusals name the problem', () => {
  assert.throws(() => parseNpyHeader(new TextEncoder().encode('[[0, 1], [1, 0]]')), /not a \.npy file/);
  assert.throws(() => parseNpyHeader(npyWithHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }\n")), /dtype <i8 is not supported/);
  assert.throws(() => parseNpyHeader(npyWithHeader("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }\n")), /dtype >f8/);
  assert.throws(() => parseNpyHeader(npyWithHeader("{'descr': '<f8'}\n")), /malformed \.npy header/);
  assert.throws(() => parseNpyHeader(npyWithHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }\n").slice(0, 30)), /truncated/);
});

test.run();
