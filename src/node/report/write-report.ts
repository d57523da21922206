// `report` on disk: read the folder's JSON files, build the sections, render every chart to SVG,
// write one self-contained HTML file (atomically) and, when asked, each table as CSV.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { buildSections, type BuildOptions } from '../../report/build.js';
import { tableToCsv } from '../../report/csv.js';
import { renderPage } from '../../report/html.js';
import type { Chart, InputFile } from '../../report/types.js';
import { readJsonFile, writeFileAtomic, writeFilesAtomic } from '../cli-support.js';
import { packageVersion } from '../versions.js';
import { renderSvg } from './render-svg.js';

export interface ReportOptions extends BuildOptions {
  /** Output HTML file (default DIR/report.html). */
  out?: string;
  /** Folder to write every table as NAME.csv. */
  csv?: string;
}

export interface ReportResult {
  path: string;
  sections: string[];
  charts: number;
  csvFiles: string[];
}

/** The folder's top-level JSON files, parsed (a corrupt one stops everything, naming the file). */
function readFolder(dir: string): InputFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`report: ${dir} is not a folder`);
  return readdirSync(dir).filter((f) => f.endsWith('.json') && statSync(join(dir, f)).isFile()).sort()
    .map((f) => ({ path: f, data: readJsonFile(join(dir, f)) }));
}

/** Builds and writes the report of `dir`; nothing is written if any input is bad. */
export async function writeReport(dir: string, opts: ReportOptions = {}): Promise<ReportResult> {
  const sections = buildSections(readFolder(dir), dir, opts);
  const charts = sections.flatMap((s) => s.charts);
  const svgs = new Map<Chart, string>();
  for (const c of charts) svgs.set(c, await renderSvg(c.spec));
  const title = `utility-engine report: ${basename(resolve(dir))}`;
  const subtitle = `${sections.map((s) => s.title).join(' · ')} — utility-engine ${packageVersion()}, written ${new Date().toISOString()}`;
  const html = renderPage(title, subtitle, sections, (c) => svgs.get(c) ?? '');
  const path = opts.out ?? join(dir, 'report.html');
  const csvFiles: string[] = [];
  if (opts.csv) {
    const tables = sections.flatMap((s) => s.tables);
    const files = tables.map((t) => ({ path: join(opts.csv as string, `${t.name}.csv`), content: tableToCsv(t) }));
    writeFilesAtomic(files);
    csvFiles.push(...files.map((f) => f.path));
  }
  writeFileAtomic(path, html);
  return { path, sections: sections.map((s) => s.id), charts: charts.length, csvFiles };
}
