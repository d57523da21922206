// `npm run mutation [scope ...]`: StrykerJS over the scopes in stryker.config.mjs (all by default),
// one after another, then one table of mutation scores from the JSON reports. Not part of CI: a
// full run takes long (every mutant reruns its scope's test files).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { MUTATION_SCOPES } from '../stryker.config.mjs';

const asked = process.argv.slice(2);
const scopes = asked.length > 0 ? asked : Object.keys(MUTATION_SCOPES);
for (const s of scopes) {
  if (!MUTATION_SCOPES[s]) {
    console.error(`unknown scope ${s}; scopes: ${Object.keys(MUTATION_SCOPES).join(', ')}`);
    process.exit(2);
  }
}

let failed = false;
for (const scope of scopes) {
  console.log(`\n== mutation: ${scope} (${MUTATION_SCOPES[scope].mutate.join(', ')}; tests ${MUTATION_SCOPES[scope].tests})`);
  const r = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], { stdio: 'inherit', env: { ...process.env, UE_MUTATION_SCOPE: scope } });
  if (r.status !== 0) failed = true;
}

/** Killed or timed out over all valid mutants (Stryker's "mutation score"). */
function score(report) {
  const count = { killed: 0, survived: 0, timeout: 0, noCoverage: 0, errors: 0 };
  for (const file of Object.values(report.files)) {
    for (const m of file.mutants) {
      if (m.status === 'Killed') count.killed++;
      else if (m.status === 'Timeout') count.timeout++;
      else if (m.status === 'Survived') count.survived++;
      else if (m.status === 'NoCoverage') count.noCoverage++;
      else count.errors++; // CompileError, RuntimeError, Ignored: not counted in the score
    }
  }
  const detected = count.killed + count.timeout;
  const valid = detected + count.survived + count.noCoverage;
  return { ...count, valid, score: valid > 0 ? (100 * detected) / valid : NaN };
}

console.log('\nscope            mutants  killed  timeout  survived  score');
let all = { detected: 0, valid: 0 };
for (const scope of Object.keys(MUTATION_SCOPES)) {
  const path = `reports/mutation/${scope}.json`;
  if (!existsSync(path)) continue;
  const s = score(JSON.parse(readFileSync(path, 'utf8')));
  all = { detected: all.detected + s.killed + s.timeout, valid: all.valid + s.valid };
  console.log(`${scope.padEnd(16)} ${String(s.valid).padStart(7)} ${String(s.killed).padStart(7)} ${String(s.timeout).padStart(8)} ${String(s.survived + s.noCoverage).padStart(9)}  ${s.score.toFixed(1)}%`);
}
if (all.valid > 0) console.log(`${'all'.padEnd(16)} ${String(all.valid).padStart(7)} ${''.padStart(7)} ${''.padStart(8)} ${''.padStart(9)}  ${((100 * all.detected) / all.valid).toFixed(1)}%`);
process.exit(failed ? 1 : 0);
