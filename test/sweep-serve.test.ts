// A models file's `serve`: the model's server started on a free port, waited for until
// GET /v1/models answers, stopped at the end; a server that dies or never answers fails with its
// log's tail. Real processes and sockets (the synthetic endpoint stands in for vLLM).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../src/errors.js';
import { startServedModel } from '../src/node/sweep/serve-model.js';

const CLI = join(fileURLToPath(new URL('..', import.meta.url)), 'src', 'node', 'cli.ts');
let dir = '';
test.before.each(() => { dir = mkdtempSync(join(tmpdir(), 'ue-serve-')); });
test.after.each(() => { rmSync(dir, { recursive: true, force: true }); });

test('starts the server on a free port, answers once ready, and is gone after stop()', async () => {
  const log = join(dir, 'serve.log');
  const served = await startServedModel(`${process.execPath} --import tsx ${CLI} serve-synthetic --port {port}`, 'http://127.0.0.1:{port}/v1', log);
  assert.is(served.baseUrl, `http://127.0.0.1:${served.port}/v1`);
  const models = await (await fetch(`${served.baseUrl}/models`)).json() as { data: Array<{ id: string }> };
  assert.ok(models.data.some((m) => m.id === 'synthetic'));
  await served.stop();
  let refused = false;
  try { await fetch(`${served.baseUrl}/models`, { signal: AbortSignal.timeout(2000) }); } catch { refused = true; }
  assert.ok(refused, 'nothing listens after stop()');
  assert.match(readFileSync(log, 'utf8'), new RegExp(`127\\.0\\.0\\.1:${served.port}`));
});

test('a server that exits, or never answers in time, fails with its log tail', async () => {
  try {
    await startServedModel('echo "CUDA out of memory on port {port}"; exit 3', 'http://127.0.0.1:{port}/v1', join(dir, 'a.log'));
    assert.unreachable('accepted a server that exited');
  } catch (err) {
    assert.instance(err, InputError);
    assert.match((err as Error).message, /serve command exited with code 3 before answering GET http:\/\/127\.0\.0\.1:\d+\/v1\/models: last lines of .*a\.log: CUDA out of memory on port \d+/);
  }
  const started = Date.now();
  try {
    await startServedModel('echo loading {port}; sleep 30', 'http://127.0.0.1:{port}/v1', join(dir, 'b.log'), { timeoutMs: 800 });
    assert.unreachable('accepted a server that never answered');
  } catch (err) {
    assert.instance(err, InputError);
    assert.match((err as Error).message, /did not answer GET .* within 1 s: last lines of .*b\.log: loading \d+/);
  }
  assert.ok(Date.now() - started < 5000, 'the silent server was stopped, not waited for');
});

test.run();
