// The report in real Chromium: a page made from a run + transitivity folder and an experiment
// folder (synthetic model) opens from disk with no network, logs no console error, lays out every
// chart at a non-zero size, and is saved as a full-page PNG under test/artifacts/ (git-ignored)
// for a person to look at.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './support/run-helpers.js';
import { experimentFolder, runFolder, svgCharts } from './support/report-helpers.js';
import { testIf } from './support/skips.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const withChromium = testIf(test, existsSync(CHROMIUM) ? undefined : `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

withChromium('the report opens from disk in Chromium: no console errors, every chart laid out, screenshot saved', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ue-report-browser-'));
  const profile = mkdtempSync(join(tmpdir(), 'ue-chromium-'));
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, timeout: 30_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // One folder holding a run, transitivity and the headline experiments: every chart kind.
    const [runDir, expDir] = await Promise.all([runFolder(join(root, 'a')), experimentFolder(join(root, 'b'))]);
    for (const f of readdirSync(expDir).filter((f) => f.endsWith('.json'))) cpSync(join(expDir, f), join(runDir, f));
    const r = await runCli(['report', runDir]);
    assert.is(r.status, 0, r.stderr);
    const file = join(runDir, 'report.html');
    const expected = svgCharts(readFileSync(file, 'utf8')).length;
    assert.is(expected, 8); // run: utilities, learning curve, calibration; transitivity; exchange rates ×2; discounting; expected utility

    const page = context.pages()[0] ?? await context.newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (q) => { if (!q.url().startsWith('file:')) requests.push(q.url()); });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const sizes = await page.$$eval('figure svg', (els) => els.map((e) => { const b = e.getBoundingClientRect(); return [b.width, b.height]; }));
    assert.is(sizes.length, expected);
    for (const [i, [w, h]] of sizes.entries()) assert.ok(w > 50 && h > 50, `chart ${i + 1} is ${w} x ${h}`);
    // Text got laid out: every chart's title has a width in the browser.
    const titleWidths = await page.$$eval('figure svg .role-title-text text', (els) => els.map((e) => (e as SVGTextElement).getBBox().width));
    assert.is(titleWidths.length, expected);
    assert.ok(titleWidths.every((w) => w > 20), `title widths ${titleWidths.join(', ')}`);
    // Sorting a table by clicking its header works with the inline script.
    const firstIds = await page.$$eval('table[data-name="run-utilities"] tbody tr td:first-child', (els) => els.map((e) => e.textContent));
    await page.click('table[data-name="run-utilities"] th:nth-child(3)');
    const ascending = await page.$$eval('table[data-name="run-utilities"] tbody tr td:nth-child(3)', (els) => els.map((e) => Number((e as HTMLElement).dataset.v)));
    assert.equal(ascending, [...ascending].sort((a, b) => a - b));
    assert.not.equal(await page.$$eval('table[data-name="run-utilities"] tbody tr td:first-child', (els) => els.map((e) => e.textContent)), firstIds);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    assert.equal(errors, []);
    assert.equal(requests, [], 'the page asked the network');
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
