// `utility-engine report DIR [--out FILE] [--csv DIR2] [--x FIELD]`: one self-contained HTML page
// with charts and tables for whatever DIR holds (run, sweep, experiments, control).

import { InputError } from '../../errors.js';
import { parseCommandArgs } from '../cli-support.js';
import { LOOKED_FOR } from '../../report/build.js';
import { writeReport } from '../report/write-report.js';

export const usage = `
usage: utility-engine report DIR [--out FILE] [--csv DIR2] [--x metadata.FIELD]

Writes one self-contained HTML page (default DIR/report.html) for what DIR holds: ${LOOKED_FOR}.
Charts are inline SVG, styles inline, no external URL: it opens from disk in any browser with no
network. Every table has a CSV download link on the page.

options:
  --out FILE      the HTML file to write (default DIR/report.html)
  --csv DIR2      also write every table as DIR2/NAME.csv
  --x FIELD       sweep charts' x axis: a metadata field (e.g. metadata.mmlu); default parameters,
                  mmlu or scale when the models have it, else the models' order
`;

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { out: { type: 'string' }, csv: { type: 'string' }, x: { type: 'string' } }, usage, true);
  if (positionals.length !== 1) throw new InputError(`report: give exactly one folder (got ${positionals.length}); see utility-engine report --help`);
  const v = values as { out?: string; csv?: string; x?: string };
  const r = await writeReport(positionals[0], { out: v.out, csv: v.csv, x: v.x });
  process.stdout.write(`report: ${r.path} (${r.sections.length} sections, ${r.charts} charts${r.csvFiles.length ? `, ${r.csvFiles.length} CSV files` : ''})\n`);
}
