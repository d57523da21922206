// Loads build/engine.wasm from this package's folder. Node-only; browsers fetch the file and call
// instantiateEngine themselves.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { Engine, instantiateEngineSync } from '../engine/engine.js';

let compiled: WebAssembly.Module | undefined;

/** Path of the release build of the kernels, relative to this file (dist/node or src/node). */
export const ENGINE_WASM_URL = new URL('../../build/engine.wasm', import.meta.url);

/**
 * The engine's compiled module, compiled once per process and cached. The first compile asks V8
 * to optimise every function up front (no baseline tier), so the first fit in a fresh process runs
 * at full speed; the module is small, so this costs a few milliseconds.
 */
export function engineModule(): WebAssembly.Module {
  if (!compiled) {
    setFlagsFromString('--no-liftoff');
    try {
      compiled = new WebAssembly.Module(readFileSync(ENGINE_WASM_URL));
    } finally {
      setFlagsFromString('--liftoff');
    }
  }
  return compiled;
}

/** A fresh engine instance (its own memory) over the shared compiled module. */
export function loadEngine(): Engine {
  return instantiateEngineSync(engineModule());
}
