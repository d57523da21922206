// The fitting pool's worker: instantiates the engine once from the compiled module the main
// thread passed in workerData, then serves fit tasks on that warm instance for its whole life.

import { workerData } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { instantiateEngineSync } from '../../engine/engine.js';
import { fitIndexed } from '../../fit/fit.js';
import { bootstrapReplicate } from '../../fit/bootstrap.js';
import { buffersOf, type BootstrapReply, type BootstrapTask, type FitReply, type FitTask } from './protocol.js';

const { module } = workerData as { module: WebAssembly.Module };
// One instance per worker: its memory grows to the largest graph seen and is reused afterwards.
const engine = instantiateEngineSync(module);

/** Fits one graph; the result's arrays are moved back to the main thread, not copied. */
export default function fitTask(task: FitTask | BootstrapTask): unknown {
  if ('kind' in task && task.kind === 'bootstrap') return bootstrapTask(task);
  let reply: FitReply;
  try {
    const r = fitIndexed(engine, {
      n: task.n, ids: [], edgeA: task.edgeA, edgeB: task.edgeB, labels: task.labels,
      ...(task.counts ? { counts: task.counts } : {}),
    }, { ...task.options, allowDisconnected: true });
    reply = { ok: true, means: r.means, variances: r.variances, params: r.params, metrics: r.metrics, fit: r.fit };
  } catch (err) {
    // Error subclasses lose their class across threads; send the name so the pool can rebuild it.
    const e = err as Error;
    return { ok: false, name: e?.name ?? 'Error', message: e?.message ?? String(err) } satisfies FitReply;
  }
  return Piscina.move({
    [Piscina.transferableSymbol]: buffersOf([reply.means, reply.variances, reply.params]),
    [Piscina.valueSymbol]: reply,
  } as never);
}

/** A chunk of bootstrap replicates on this worker's engine; the means go back as one transfer. */
function bootstrapTask(task: BootstrapTask): unknown {
  try {
    const g = {
      n: task.n, ids: [], edgeA: task.edgeA, edgeB: task.edgeB, labels: task.labels,
      ...(task.counts ? { counts: task.counts } : {}),
    };
    const means = new Float64Array(task.count * task.n);
    for (let r = 0; r < task.count; r++) {
      means.set(bootstrapReplicate(engine, g, task.options, task.params, task.seed, task.first + r), r * task.n);
    }
    const reply: BootstrapReply = { ok: true, means };
    return Piscina.move({
      [Piscina.transferableSymbol]: buffersOf([means]),
      [Piscina.valueSymbol]: reply,
    } as never);
  } catch (err) {
    const e = err as Error;
    return { ok: false, name: e?.name ?? 'Error', message: e?.message ?? String(err) } satisfies BootstrapReply;
  }
}
