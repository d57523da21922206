// Binds the compiled WebAssembly kernels (build/engine.wasm) to typed views over one arena.
// Portable: no Node imports. The caller supplies the module bytes or a compiled Module, so the
// same code runs in Node, in a worker, or in a browser (see src/node/load-engine.ts for Node).
//
// Memory model: every kernel call works on regions laid out from the module's heap base. An
// operation (a fit, a cycle count) leases the arena with `lease(bytes)`, writes its inputs once
// through views, then calls kernels that read and write those regions in place. Memory only grows
// when a larger problem arrives, so thousands of fits reuse the same pages.

/** The raw exports of build/engine.wasm (pointers and lengths in, numbers out). */
export interface EngineExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  normCdf(x: number): number;
  logNormCdf(x: number): number;
  lossGrad(n: number, e: number, edgeA: number, edgeB: number, labels: number, weights: number,
    params: number, grad: number, work: number, wantLoss: boolean): number;
  utilitiesFromParams(n: number, params: number, out: number): void;
  evaluateEdges(n: number, e: number, edgeA: number, edgeB: number, labels: number,
    means: number, variances: number, accuracyOut: number): number;
  adamStep(count: number, params: number, grad: number, m1: number, m2: number, lr: number,
    beta1: number, beta2: number, eps: number, step: number): void;
  dot(count: number, x: number, y: number): number;
  axpy(count: number, alpha: number, x: number, y: number): void;
  lbfgsDirection(count: number, grad: number, dir: number, sPairs: number, yPairs: number,
    rho: number, alpha: number, capacity: number, stored: number, newest: number): void;
  hessianAssemble(n: number, e: number, edgeA: number, edgeB: number, labels: number, weights: number,
    params: number, node: number, edge: number, gaussNewton: boolean, edgeGrad: number, scratch: number): number;
  hessianVector(n: number, e: number, edgeA: number, edgeB: number, node: number, edge: number,
    kappa: number, v: number, out: number): void;
  blockJacobi(n: number, node: number, kappa: number, inv: number): void;
  pcgSolve(n: number, e: number, edgeA: number, edgeB: number, node: number, edge: number, kappa: number,
    inv: number, rhs: number, x: number, r: number, z: number, p: number, hp: number, target: number,
    maxIterations: number): number;
  expArray(count: number, src: number, dst: number): void;
  logArray(count: number, src: number, dst: number): void;
  [kernel: string]: unknown;
}

const PAGE_BYTES = 65536;

/** Lays out consecutive 16-byte-aligned regions (so f64x2 loads are aligned) from a base. */
export class Layout {
  private cursor: number;
  constructor(readonly base: number) {
    this.cursor = base;
  }
  /** Reserves room for `count` elements of `bytesPer` bytes; returns the region's address. */
  take(count: number, bytesPer: number): number {
    const at = this.cursor;
    this.cursor = align16(at + count * bytesPer);
    return at;
  }
  get end(): number {
    return this.cursor;
  }
}

export class Engine {
  readonly kernels: EngineExports;
  private readonly base: number;

  constructor(instance: WebAssembly.Instance) {
    this.kernels = instance.exports as unknown as EngineExports;
    this.base = align16(this.kernels.heapBase());
  }

  /** A layout starting at the arena's base; call `reserve(layout.end)` once it is complete. */
  layout(): Layout {
    return new Layout(this.base);
  }

  /** Grows linear memory (never shrinks) so that addresses below `end` are usable. */
  reserve(end: number): void {
    const memory = this.kernels.memory;
    const have = memory.buffer.byteLength;
    if (end > have) memory.grow(Math.ceil((end - have) / PAGE_BYTES));
  }

  /** Bytes of linear memory currently allocated (for checks that memory stays bounded). */
  get memoryBytes(): number {
    return this.kernels.memory.buffer.byteLength;
  }

  /** A Float64Array over [ptr, ptr + 8 len). Valid until the next `reserve` that grows memory. */
  f64(ptr: number, len: number): Float64Array {
    return new Float64Array(this.kernels.memory.buffer, ptr, len);
  }

  /** An Int32Array over [ptr, ptr + 4 len). Valid until the next `reserve` that grows memory. */
  i32(ptr: number, len: number): Int32Array {
    return new Int32Array(this.kernels.memory.buffer, ptr, len);
  }
}

/** Instantiates the engine from its bytes or an already compiled module (shared with workers). */
export async function instantiateEngine(source: WebAssembly.Module | BufferSource): Promise<Engine> {
  const module = source instanceof WebAssembly.Module ? source : await WebAssembly.compile(source);
  const instance = await WebAssembly.instantiate(module, {});
  return new Engine(instance);
}

/** Synchronous variant for a Module that is already compiled (e.g. inside a worker thread). */
export function instantiateEngineSync(module: WebAssembly.Module): Engine {
  return new Engine(new WebAssembly.Instance(module, {}));
}

/** Rounds up to a multiple of 16 (arithmetic, not bit operations: addresses may exceed 2^31). */
function align16(x: number): number {
  return Math.ceil(x / 16) * 16;
}
