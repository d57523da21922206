// A small reader and writer for NumPy's .npy format (version 1.0-3.0), for the 2-D float64 /
// float32 matrices researchers already have. Bytes in, bytes out: no file access, so the caller
// can stream the data straight into engine memory after parsing the header.
// Format: "\x93NUMPY", major, minor, header length (u16 LE for v1, u32 LE for v2/3), then an
// ASCII Python dict {'descr': '<f8', 'fortran_order': False, 'shape': (n, n), } padded to 16/64.

import { InputError } from '../errors.js';

export type NpyDtype = 'float64' | 'float32';

export interface NpyHeader {
  dtype: NpyDtype;
  shape: number[];
  fortranOrder: boolean;
  /** Byte offset of the first data byte. */
  dataOffset: number;
  /** Bytes of data the shape and dtype call for. */
  dataBytes: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Bytes needed before the header length is known: magic, version, longest length field. */
export const NPY_PREFIX_BYTES = 12;
const DTYPES: Record<string, NpyDtype> = { '<f8': 'float64', '<f4': 'float32', '=f8': 'float64', '=f4': 'float32' };

/** Total bytes of magic + header (so the data starts there), from the first NPY_PREFIX_BYTES bytes. */
export function npyHeaderBytes(prefix: Uint8Array, source = 'input'): number {
  if (prefix.length < 10 || !MAGIC.every((b, i) => prefix[i] === b)) throw new InputError(`${source} is not a .npy file (no \\x93NUMPY magic)`);
  const major = prefix[6];
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  if (major === 1) return 10 + view.getUint16(8, true);
  if (major === 2 || major === 3) {
    if (prefix.length < 12) throw new InputError(`${source} is truncated inside its .npy header`);
    return 12 + view.getUint32(8, true);
  }
  throw new InputError(`${source} has .npy format version ${major}.${prefix[7]}, which this reader does not know`);
}

/** Parses the header of a .npy file; `bytes` must hold at least npyHeaderBytes(bytes) bytes. */
export function parseNpyHeader(bytes: Uint8Array, source = 'input'): NpyHeader {
  const dataOffset = npyHeaderBytes(bytes, source);
  if (bytes.length < dataOffset) throw new InputError(`${source} is truncated inside its .npy header`);
  const start = bytes[6] === 1 ? 10 : 12;
  const text = new TextDecoder('latin1').decode(bytes.subarray(start, dataOffset));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new InputError(`${source}: malformed .npy header ${JSON.stringify(text.trim())}`);
  }
  const dtype = DTYPES[descr];
  if (!dtype) throw new InputError(`${source}: .npy dtype ${descr} is not supported (need little-endian float64 '<f8' or float32 '<f4')`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new InputError(`${source}: malformed .npy shape (${shapeText})`);
  const cells = shape.reduce((a, b) => a * b, 1);
  return { dtype, shape, fortranOrder: fortran === 'True', dataOffset, dataBytes: cells * (dtype === 'float64' ? 8 : 4) };
}

/** Encodes a C-order array as a version 1.0 .npy file (header padded to 64 bytes). */
export function writeNpy(data: Float64Array | Float32Array, shape: readonly number[]): Uint8Array {
  const descr = data instanceof Float64Array ? '<f8' : '<f4';
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
}
