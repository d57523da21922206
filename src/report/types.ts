// The report's model: sections made of charts (vega-lite specs kept as data) and tables. The
// portable part builds this from parsed result files; the Node side renders the specs to SVG.

/** A vega-lite specification: plain JSON, compiled and rendered on the Node side. */
export type ChartSpec = Record<string, unknown>;

/** One chart: a spec plus the words a reader needs to read it. */
export interface Chart {
  /** Title shown above the chart (also set inside the spec). */
  title: string;
  /** What the chart shows and how to read it. */
  caption: string;
  spec: ChartSpec;
}

/** One table; `name` is its CSV file name without extension (unique in a report). */
export interface Table {
  name: string;
  title: string;
  columns: string[];
  rows: Array<Array<string | number | null>>;
  /** When set, the page shows only this many rows; the CSV holds all of them. */
  shownRows?: number;
}

/** Headline figure shown as a card: a label, the value, and an optional interval or note. */
export interface Metric {
  label: string;
  value: string;
  note?: string;
}

/** One section of the page (run, sweep, an experiment, ...). */
export interface Section {
  id: string;
  title: string;
  /** Where the data came from (file names inside the report folder). */
  source: string;
  intro?: string;
  metrics: Metric[];
  charts: Chart[];
  tables: Table[];
}

/** One parsed JSON file of the report folder, by its path relative to the folder. */
export interface InputFile {
  path: string;
  data: unknown;
}
