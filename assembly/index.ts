// The engine's WebAssembly exports. Kernels take pointers into this module's memory and lengths;
// the TypeScript binding (src/engine/) owns the memory layout.
export { normCdf, logNormCdf } from './normal';
export { lossGrad, utilitiesFromParams, evaluateEdges } from './thurstonian';
export { pairedLossGrad, pairedCurvature, pairedEvaluate } from './paired';
export { hessianAssemble, hessianVector, blockJacobi, pcgSolve } from './hessian';
export { adamStep, dot, axpy, lbfgsDirection } from './optimize';
export { expArray, logArray } from './simd-math';
export {
  cycleRowStatsF64, cycleRowStatsF32, cycleRowSumsF64, expectedCyclicTriads, hardCyclicTriads,
  cycleParticipationF64, cycleParticipationF32, thurstonianMatrix,
} from './cycles';
export { canonicalizeF64, canonicalizeF32 } from './cycles-canonical';
export { hardBitsF64, hardBitsF32, listHardCycles } from './cycles-listing';
export { triadCycles, sparseTriangles } from './triangles';

/** First free byte after the module's static data: the binding lays out its arrays from here. */
export function heapBase(): usize {
  return __heap_base;
}
