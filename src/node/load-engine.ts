// Loads build/engine.wasm from this package's folder. Node-only; browsers fetch the file and call
// instantiateEngine themselves.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { Engine, instantiateEngineSync } from '../engine/engine.js';

let compiled: WebAssembly.Module | undefined;

/** Path of the release build of the kernels, relative to this file (dist/node or src/node). */
export const ENGINE_WASM_URL = new URL('../../build/engine.wasm', import.meta.url);

/**
 * The engine's compiled module, compiled once per process and cached. The compile asks V8 to
 * optimise every function up front: no baseline tier (Liftoff), and no lazy compilation (by
 * default V8 compiles a wasm function on its first call, which put ~10-15 ms of TurboFan work
 * inside the first fit of a process). This costs ~20 ms of CPU once, at load, spread over V8's
 * compile threads; the kernels then run at full speed from their first call.
 */
export function engineModule(): WebAssembly.Module {
  if (!compiled) {
    setFlagsFromString('--no-liftoff');
    setFlagsFromString('--no-wasm-lazy-compilation');
    try {
      compiled = new WebAssembly.Module(readFileSync(ENGINE_WASM_URL));
    } finally {
      setFlagsFromString('--liftoff');
      setFlagsFromString('--wasm-lazy-compilation');
    }
  }
  return compiled;
}

/** A fresh engine instance (its own memory) over the shared compiled module. */
export function loadEngine(): Engine {
  return instantiateEngineSync(engineModule());
}
