// `--report` on run, sweep and experiment: write the folder's HTML report when the command ends
// and say where it is. One option spec and one usage line, shared by the three commands.

import { writeReport } from './write-report.js';

/** parseArgs spec of --report. */
export const REPORT_OPTION = { report: { type: 'boolean' } } as const;

/** Its line in each command's usage. */
export const REPORT_USAGE = '  --report                  also write OUT/report.html (`utility-engine report OUT`) and print its path';

/** Writes DIR/report.html and returns the line to print. */
export async function reportLine(dir: string): Promise<string> {
  const r = await writeReport(dir);
  return `report: ${r.path} (${r.sections.length} sections, ${r.charts} charts)`;
}
