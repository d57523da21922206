// The classical families against a trusted peer: R's BradleyTerry2 (BTm) fits Thurstone's Case V
// (binomial probit) and Bradley-Terry (logit) by maximum likelihood on win counts. The engine fits
// the same graph with `--prior none --weighting counts`; abilities must agree after fixing
// location and scale (correlation 0.999999, 1e-6 relative) and the Laplace standard errors of the
// normalised means must agree with those implied by BTm's covariance to 1e-3 relative.
// Skips, saying so, when Rscript or the BradleyTerry2 package is absent (`.ci/run` installs
// Debian's r-cran-bradleyterry2).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ClassicalFamily } from '../src/fit/families.js';
import type { PreferenceGraph } from '../src/graph/preference-graph.js';
import { pearson } from '../src/metrics/correlation.js';
import { Random } from '../src/sampling/random.js';

const CLI = new URL('../dist/node/cli.js', import.meta.url).pathname;

const RSCRIPT = process.env.RSCRIPT_PATH ?? 'Rscript';

// BTm on the win counts; prints the abilities (reference option 0 fixed at 0) and the covariance
// of the others, one CSV row each. Tight IRLS convergence so the comparison measures the models.
const R_SCRIPT = `
suppressMessages(library(BradleyTerry2))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
n <- as.integer(args[2])
lv <- as.character(0:(n - 1))
d$p1 <- factor(d$a, levels = lv)
d$p2 <- factor(d$b, levels = lv)
m <- BTm(cbind(wins_a, wins_b), p1, p2, data = d, family = binomial(link = args[3]),
         control = glm.control(epsilon = 1e-14, maxit = 200))
if (!m$converged) stop("BTm did not converge")
cat(paste(BTabilities(m)[, 1], collapse = ","), "\\n")
v <- vcov(m)
for (i in seq_len(nrow(v))) cat(paste(v[i, ], collapse = ","), "\\n")
`;

/** A connected graph of n options: a ring plus random pairs, K answers each, drawn from the family. */
function plantedCounts(n: number, extra: number, k: number, family: ClassicalFamily, seed: number): PreferenceGraph {
  const rng = new Random(seed);
  const mu = Array.from({ length: n }, () => 0.8 * rng.normal());
  const pairs = new Set<string>();
  const edges: PreferenceGraph['edges'] = [];
  const add = (a: number, b: number) => {
    const key = `${Math.min(a, b)},${Math.max(a, b)}`;
    if (a === b || pairs.has(key)) return;
    pairs.add(key);
    const d = mu[a] - mu[b];
    const p = family === 'case-v' ? phi(d / Math.SQRT2) : 1 / (1 + Math.exp(-d));
    let wins = 0;
    for (let s = 0; s < k; s++) if (rng.uniform() < p) wins++;
    edges.push({ a, b, probability_a: wins / k, count_a: wins, count_b: k - wins });
  };
  for (let i = 0; i < n; i++) add(i, (i + 1) % n);
  while (edges.length < n + extra) add(rng.int(n), rng.int(n));
  return { options: mu.map((_, id) => ({ id, description: `option ${id}` })), edges };
}

/** Normal CDF by erf's Taylor series around 0 (|x| < 4 here), only to draw test data. */
function phi(x: number): number {
  let term = x / Math.SQRT2;
  let sum = term;
  const t2 = (x * x) / 2;
  for (let j = 1; j < 200; j++) {
    term *= -t2 / j;
    sum += term / (2 * j + 1);
  }
  return 0.5 + sum / Math.sqrt(Math.PI);
}

/** Standard errors of the normalised abilities implied by a covariance over all n (delta method, dense). */
function normalisedStdErrors(lambda: number[], cov: number[][]): number[] {
  const n = lambda.length;
  const mean = lambda.reduce((x, y) => x + y, 0) / n;
  const sd = Math.sqrt(lambda.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const m = lambda.map((x) => (x - mean) / sd);
  const J = m.map((mi, i) => m.map((mj, j) => ((i === j ? 1 : 0) - 1 / n - (mi * mj) / (n - 1)) / sd));
  return J.map((row) => {
    let v = 0;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) v += row[a] * cov[a][b] * row[b];
    return Math.sqrt(v);
  });
}

for (const [family, link] of [['case-v', 'probit'], ['bradley-terry', 'logit']] as const) {
  test(`${family} agrees with R's BradleyTerry2 (BTm, ${link} link): abilities and Laplace standard errors`, () => {
    const n = 12;
    const graph = plantedCounts(n, 34, 40, family, family === 'case-v' ? 5 : 6);
    const dir = mkdtempSync(join(tmpdir(), 'ue-btm-'));
    // Maximum likelihood on counts through the CLI, as a user runs it, converged far below the
    // comparison's tolerance (--prior none fits by L-BFGS; its gradient tolerance is scaled by N).
    const graphFile = join(dir, 'graph.json');
    writeFileSync(graphFile, JSON.stringify(graph));
    const ours = spawnSync(process.execPath, [CLI, 'fit', graphFile, '--model', family, '--prior', 'none', '--weighting', 'counts',
      '--ci', 'laplace', '--gtol', '1e-12', '--max-iterations', '10000'], { encoding: 'utf8' });
    assert.is(ours.status, 0, ours.stderr);
    const result = JSON.parse(ours.stdout) as { fit: { converged: boolean; model: string; prior: string }; utilities: Record<string, { mean: number; std_error: number }> };
    assert.ok(result.fit.converged);
    assert.is(result.fit.model, family);
    assert.is(result.fit.prior, 'none');
    const means = Array.from({ length: n }, (_, i) => result.utilities[String(i)].mean);
    const stdErrors = Array.from({ length: n }, (_, i) => result.utilities[String(i)].std_error);

    try {
      const csv = join(dir, 'pairs.csv');
      writeFileSync(csv, 'a,b,wins_a,wins_b\n' + graph.edges.map((e) => `${e.a},${e.b},${e.count_a},${e.count_b}`).join('\n') + '\n');
      const script = join(dir, 'btm.R');
      writeFileSync(script, R_SCRIPT);
      const r = spawnSync(RSCRIPT, [script, csv, String(n), link], { encoding: 'utf8' });
      if (r.error) {
        console.log(`  skipped: Rscript not found (${RSCRIPT}): apt-get install r-cran-bradleyterry2, or set RSCRIPT_PATH`);
        return;
      }
      if (r.status !== 0 && /there is no package called/.test(r.stderr)) {
        console.log('  skipped: R\'s BradleyTerry2 package is not installed (apt-get install r-cran-bradleyterry2)');
        return;
      }
      assert.is(r.status, 0, `Rscript failed: ${r.stderr}`);
      const rows = r.stdout.trim().split('\n').map((line) => line.split(',').map(Number));
      const lambda = rows[0];
      assert.is(lambda.length, n);
      // BTm's covariance is over options 1..n-1 (option 0 is the reference, fixed at 0).
      const cov = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === 0 || j === 0 ? 0 : rows[i][j - 1])));

      const mean = lambda.reduce((x, y) => x + y, 0) / n;
      const sd = Math.sqrt(lambda.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
      const theirs = lambda.map((x) => (x - mean) / sd);
      const r2 = pearson(means, theirs);
      assert.ok(r2 >= 0.999999, `correlation ${r2}`);
      const worst = Math.max(...theirs.map((t, i) => Math.abs(means[i] - t))) / Math.max(...theirs.map(Math.abs));
      assert.ok(worst <= 1e-6, `normalised abilities differ by ${worst} (relative to the largest)`);

      const theirSe = normalisedStdErrors(lambda, cov);
      const seWorst = Math.max(...theirSe.map((s, i) => Math.abs(stdErrors[i] - s) / s));
      assert.ok(seWorst <= 1e-3, `standard errors differ by ${seWorst} relative (ours ${stdErrors.map((x) => x.toFixed(5))}, BTm ${theirSe.map((x) => x.toFixed(5))})`);
      console.log(`  ${family}: abilities r = ${r2.toFixed(9)}, max relative difference ${worst.toExponential(1)}; standard errors max relative difference ${seWorst.toExponential(1)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test.run();
