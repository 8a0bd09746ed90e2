import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { el, vscodeApi } from '../shared/vscode-api';
import type { ColumnReport } from '../../src/core/drift/types';
import type { FromWebview, ToWebview } from './contract';
import { drawHistogram } from './histogram';
import styles from './drift.css';

const vscode = vscodeApi<FromWebview>();
const root = document.getElementById('app')!;
const style = document.createElement('style');
style.nonce = root.dataset.nonce ?? '';
style.textContent = styles;
document.head.append(style);

type SortKey = 'name' | 'type' | 'test' | 'statistic' | 'pValue' | 'threshold' | 'drifted';
let report: Extract<ToWebview, { type: 'report' }>['report'] | undefined;
let sort: { key: SortKey; asc: boolean } = { key: 'drifted', asc: false };
let selected: string | undefined;

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const msg = e.data;
  if (msg.type === 'running') {
    const cancel = el('vscode-button', { secondary: '' }, 'Cancel');
    cancel.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
    root.replaceChildren(el('h1', {}, 'Drift report'), el('p', { class: 'running' }, el('vscode-progress-ring'), ` Checking ${msg.current} against ${msg.reference}${msg.model ? ` and the predictions of ${msg.model}` : ''}…`), cancel);
  } else if (msg.type === 'error') {
    const again = el('vscode-button', {}, 'Run again');
    again.addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));
    root.replaceChildren(el('h1', {}, 'Drift report'), el('p', { class: 'error' }, msg.message), again);
  } else {
    report = msg.report;
    selected = report.columns.find((c) => c.drifted)?.name ?? report.columns[0]?.name;
    render();
  }
});
vscode.postMessage({ type: 'ready' });

function render(): void {
  if (!report) return;
  const r = report;
  const verdict = r.datasetDrift ? 'Dataset drift detected' : 'No dataset drift';
  const rerun = el('vscode-button', { secondary: '' }, 'Run again');
  rerun.addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));
  root.replaceChildren(
    el('header', {}, el('h1', {}, 'Drift report'), rerun),
    el('p', { class: r.datasetDrift ? 'verdict drift' : 'verdict ok' }, verdict),
    el('p', {}, `${r.driftedColumns} of ${r.columns.filter((c) => c.drifted !== null).length} tested columns drifted (share ${fmt(r.driftShare)}, threshold ${fmt(r.driftShareThreshold)}).`),
    el('p', { class: 'files' }, `reference ${r.reference.path} · ${r.reference.rows.toLocaleString('en-US')} rows — current ${r.current.path} · ${r.current.rows.toLocaleString('en-US')} rows${r.reportId !== null ? ` — saved as report #${r.reportId}` : ''}`),
    el('h2', {}, 'Columns'),
    columnTable(r.columns, 'data'),
    ...(r.predictions.length ? [el('h2', {}, 'Predictions'), columnTable(r.predictions, 'pred')] : []),
    detail(),
  );
}

function columnTable(columns: ColumnReport[], group: string): HTMLElement {
  const heads: [SortKey, string][] = [['name', 'Column'], ['type', 'Type'], ['test', 'Test'], ['statistic', 'Statistic'], ['pValue', 'p-value'], ['threshold', 'Threshold'], ['drifted', 'Drift']];
  const headRow = el('tr', {}, ...heads.map(([key, label]) => {
    const th = el('th', { class: 'sortable', title: 'Sort' }, label + (sort.key === key ? (sort.asc ? ' ▲' : ' ▼') : ''));
    th.addEventListener('click', () => {
      sort = { key, asc: sort.key === key ? !sort.asc : key === 'name' };
      render();
    });
    return th;
  }), el('th', {}, 'Missing ref/cur'), el('th', {}, 'Note'));
  const rows = [...columns].sort(compare).map((c) => {
    const tr = el('tr', { class: [c.drifted ? 'drifted' : '', selected === `${group}:${c.name}` || (group === 'data' && selected === c.name) ? 'selected' : ''].join(' ').trim() },
      el('td', {}, c.name), el('td', {}, c.type), el('td', {}, c.test ?? '—'), el('td', { class: 'num' }, fmt(c.statistic)), el('td', { class: 'num' }, fmt(c.pValue)), el('td', { class: 'num' }, fmt(c.threshold)),
      el('td', {}, c.drifted === null ? '—' : c.drifted ? 'yes' : 'no'), el('td', {}, `${c.missing.reference}/${c.missing.current}`), el('td', {}, c.note ?? ''));
    tr.addEventListener('click', () => {
      selected = group === 'data' ? c.name : `${group}:${c.name}`;
      render();
    });
    return tr;
  });
  return el('table', { class: 'columns' }, el('thead', {}, headRow), el('tbody', {}, ...rows));
}

function compare(a: ColumnReport, b: ColumnReport): number {
  const va = a[sort.key];
  const vb = b[sort.key];
  const order = va === vb ? 0 : va === null ? 1 : vb === null ? -1 : va < vb ? -1 : 1;
  return sort.asc ? order : -order;
}

function detail(): HTMLElement {
  const all = [...report!.columns.map((c) => [c.name, c] as const), ...report!.predictions.map((c) => [`pred:${c.name}`, c] as const)];
  const column = all.find(([key]) => key === selected)?.[1];
  if (!column) return el('section');
  const section = el('section', { class: 'detail' }, el('h2', {}, `${column.name}: reference vs current`));
  if (!column.histogram) {
    section.append(el('p', {}, column.note ?? 'No distribution to show.'));
    return section;
  }
  const legend = el('p', { class: 'legend' }, el('span', { class: 'swatch ref' }), ' reference  ', el('span', { class: 'swatch cur' }), ' current');
  const canvas = el('canvas', { class: 'histogram', 'aria-label': `Histogram of ${column.name}` });
  const s = column.stats;
  const stats = el('p', { class: 'stats' }, [
    s.ks ? `KS ${fmt(s.ks.statistic)} (p ${fmt(s.ks.pValue)})` : '', s.wasserstein !== null ? `Wasserstein ${fmt(s.wasserstein)}` : '',
    s.wassersteinNormed !== null ? `normed ${fmt(s.wassersteinNormed)}` : '', s.psi !== null ? `PSI ${fmt(s.psi)}` : '',
    s.jensenShannon !== null ? `JS ${fmt(s.jensenShannon)}` : '', s.chi2 ? `χ² ${fmt(s.chi2.statistic)} (p ${fmt(s.chi2.pValue)})` : '',
  ].filter(Boolean).join(' · '));
  section.append(legend, canvas, stats);
  requestAnimationFrame(() => {
    const css = getComputedStyle(document.body);
    drawHistogram(canvas, column.histogram!, {
      reference: 'rgba(55, 148, 255, 0.55)', current: 'rgba(241, 76, 76, 0.55)',
      axis: css.getPropertyValue('--vscode-descriptionForeground') || '#888',
    });
  });
  return section;
}

function fmt(v: number | null): string {
  if (v === null) return '—';
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(3);
  return String(+v.toPrecision(4));
}
