// The engine's WebAssembly exports. Kernels take pointers into this module's memory and lengths;
// the TypeScript binding (src/engine/) owns the memory layout.
export { normCdf, logNormCdf } from './normal';
export { lossGrad, utilitiesFromParams, evaluateEdges } from './thurstonian';
export { adamStep, dot, axpy, lbfgsDirection } from './optimize';

/** First free byte after the module's static data: the binding lays out its arrays from here. */
export function heapBase(): usize {
  return __heap_base;
}
