// The self-contained HTML page: inline styles, inline SVG charts (rendered by the caller), tables
// with CSV downloads as data URLs, and a few lines of inline script to sort tables. Nothing on the
// page refers to a URL outside it.

import { csvDataUrl } from './csv.js';
import type { Chart, Section, Table } from './types.js';

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#243b53;color:#fff;padding:16px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.85}
nav{padding:8px 28px;background:#e9eef3;font-size:13px}nav a{margin-right:14px;color:#243b53}
main{padding:8px 28px 40px;max-width:1100px}
section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:14px 20px;margin:18px 0}
h2{margin:4px 0 2px;font-size:19px}.source{color:#666;font-size:12px;margin:0 0 10px}
.metrics{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 14px}
.metric{border:1px solid #dde3ea;border-radius:5px;padding:6px 12px;min-width:140px;background:#f6f9fc}
.metric b{display:block;font-size:20px}.metric span{font-size:12px;color:#555}
figure{margin:14px 0 20px}figure svg{max-width:100%;height:auto}figcaption{font-size:13px;color:#444;max-width:820px}
figcaption strong{color:#1d1d1f}
table{border-collapse:collapse;font-size:12.5px;margin:6px 0}th,td{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f0f3f6;cursor:pointer;user-select:none}td.n{text-align:right;font-variant-numeric:tabular-nums}
.table-head{display:flex;gap:14px;align-items:baseline;margin-top:12px}.table-head h3{font-size:14px;margin:0}
.table-head a{font-size:12px}.more{font-size:12px;color:#666}.scroll{overflow-x:auto}
`;

// Click a header to sort by that column (numbers numerically); click again to reverse.
const SORT_SCRIPT = `
document.querySelectorAll('table.sortable th').forEach(function(th,i){th.addEventListener('click',function(){
var tb=th.closest('table').tBodies[0],rows=Array.prototype.slice.call(tb.rows),dir=th.dataset.dir==='asc'?-1:1;th.dataset.dir=dir>0?'asc':'desc';
rows.sort(function(a,b){var x=a.cells[i].dataset.v||a.cells[i].textContent,y=b.cells[i].dataset.v||b.cells[i].textContent,nx=parseFloat(x),ny=parseFloat(y);
return dir*(isNaN(nx)||isNaN(ny)?x.localeCompare(y):nx-ny)});rows.forEach(function(r){tb.appendChild(r)})})});
`;

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function shown(v: string | number | null): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  return v;
}

function tableHtml(t: Table): string {
  const limit = t.shownRows ?? t.rows.length;
  const body = t.rows.slice(0, limit).map((r) => '<tr>' + r.map((v) => typeof v === 'number'
    ? `<td class="n" data-v="${v}">${escapeHtml(shown(v))}</td>` : `<td>${escapeHtml(shown(v))}</td>`).join('') + '</tr>').join('\n');
  const more = t.rows.length > limit ? `<p class="more">${limit} of ${t.rows.length} rows shown; the CSV holds all of them.</p>` : '';
  return `<div class="table-head"><h3>${escapeHtml(t.title)}</h3><a download="${escapeHtml(t.name)}.csv" href="${csvDataUrl(t)}">download CSV (${t.rows.length} rows)</a></div>
<div class="scroll"><table class="sortable" data-name="${escapeHtml(t.name)}"><thead><tr>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>${body}</tbody></table></div>${more}`;
}

function chartHtml(c: Chart, svg: string): string {
  return `<figure class="chart">${svg}<figcaption><strong>${escapeHtml(c.title)}.</strong> ${escapeHtml(c.caption)}</figcaption></figure>`;
}

/** The whole page; `svgOf` gives each chart's rendered SVG markup. */
export function renderPage(title: string, subtitle: string, sections: Section[], svgOf: (c: Chart) => string): string {
  const nav = sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join('');
  const body = sections.map((s) => `<section id="${escapeHtml(s.id)}">
<h2>${escapeHtml(s.title)}</h2><p class="source">from ${escapeHtml(s.source)}</p>${s.intro ? `<p>${escapeHtml(s.intro)}</p>` : ''}
<div class="metrics">${s.metrics.map((m) => `<div class="metric"><span>${escapeHtml(m.label)}</span><b>${escapeHtml(m.value)}</b>${m.note ? `<span>${escapeHtml(m.note)}</span>` : ''}</div>`).join('')}</div>
${s.charts.map((c) => chartHtml(c, svgOf(c))).join('\n')}
${s.tables.map(tableHtml).join('\n')}
</section>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p></header>
<nav>${nav}</nav><main>
${body}
</main><script>${SORT_SCRIPT}</script></body></html>
`;
}
