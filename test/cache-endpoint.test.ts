// The response cache across endpoints, as a user meets it: a local server restarted on another port,
// and reached as localhost instead of 127.0.0.1, is the same model, so nothing is bought again.
// The server's own request log is the witness of what was bought.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, serveSynthetic, writeOutcomes } from './support/run-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ue-cache-endpoint-'));
const outcomes = writeOutcomes(dir, 12);
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
/** Chat requests a server answered with 200, from its --log file. */
const bought = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l && JSON.parse(l).status === 200).length : 0);

async function runAgainst(url: string, out: string, extra: string[] = []) {
  const r = await runCli(['run', '--outcomes', outcomes, '--base-url', url, '--model', 'synthetic', '--out', out, '--k', '3', '--quiet', ...extra]);
  assert.is(r.status, 0, r.stderr);
  return { ...r, results: read(join(out, 'results.json')) };
}

test('a cache made on one port is reused on another, and through localhost, with nothing bought again', async () => {
  const out = join(dir, 'run');
  const logs = [join(dir, 'first.log'), join(dir, 'second.log')];
  const first = await serveSynthetic(['--log', logs[0]]);
  let firstUrl: string;
  let completions: number;
  try {
    firstUrl = first.url;
    const r = await runAgainst(first.url, out);
    completions = r.results.usage.completions;
    assert.ok(bought(logs[0]) > 0);
    assert.is(r.results.usage.cached_completions, 0);
    assert.is(r.results.usage.cache.endpoint, first.url);
  } finally {
    await first.stop();
  }
  const second = await serveSynthetic(['--log', logs[1]]);
  try {
    assert.is.not(second.url, firstUrl, 'another port');
    const viaLocalhost = second.url.replace('127.0.0.1', 'localhost');
    const again = await runAgainst(viaLocalhost, out);
    assert.is(bought(logs[1]), 0, 'the second server was asked nothing');
    assert.is(again.results.usage.client.requests, 0, "the client sent nothing");
    assert.is(again.results.usage.cached_completions, completions);
    assert.equal(again.results.utilities, read(join(dir, 'run', 'utilities.json')).utilities);
    // Reused, but said: the folder's answers came from elsewhere.
    assert.match(again.stderr, /warning: .*responses\.jsonl holds answers from http:\/\/127\.0\.0\.1:\d+\/v1, not from http:\/\/localhost:\d+\/v1/);
    assert.equal(again.results.usage.cache.other_endpoints, [firstUrl]);
    assert.match(readFileSync(join(out, 'summary.txt'), 'utf8'), /warning: .*holds answers from/);
    // A deliberately separate cache in the same folder buys its own answers.
    const separate = await runAgainst(second.url, out, ['--cache-namespace', 'replication-2']);
    assert.is(separate.results.usage.cached_completions, 0);
    assert.is(bought(logs[1]), separate.results.usage.client.requests);
    assert.is(separate.results.config.cacheNamespace, 'replication-2');
  } finally {
    await second.stop();
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
