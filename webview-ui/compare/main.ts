import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import { el, vscodeApi } from '../shared/vscode-api';
import type { CompareResult } from '../../src/protocol';
import { alignSeries, paramsCsv, type Axis } from './align';
import type { FromWebview, ToWebview } from './contract';
import styles from './compare.css';

const vscode = vscodeApi<FromWebview>();
const root = document.getElementById('app')!;
const style = document.createElement('style');
style.nonce = root.dataset.nonce ?? '';
style.textContent = uplotCss + '\n' + styles;
document.head.append(style);

const PALETTE = ['#3794ff', '#f14c4c', '#89d185', '#cca700', '#b180d7', '#4ec9b0', '#ce9178', '#d16d9e', '#9cdcfe', '#c586c0'];
const STEP_INCREMENTS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 1e7, 1e8];
let state: { data: CompareResult; onlyDiff: boolean; axis: Axis } | undefined;
let plots: uPlot[] = [];

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const msg = e.data;
  if (msg.type === 'error') {
    root.replaceChildren(el('h1', {}, 'Run compare'), el('p', { class: 'error' }, msg.message));
    return;
  }
  state = { data: msg.data, onlyDiff: true, axis: 'step' };
  render();
});
vscode.postMessage({ type: 'ready' });

const runLabel = (r: CompareResult['runs'][number]) => r.name ?? r.id.slice(0, 8);

function render(): void {
  if (!state) return;
  for (const p of plots) p.destroy();
  plots = [];
  const { data } = state;
  root.replaceChildren(
    el('h1', {}, `Run compare · ${data.runs.length} runs`),
    legend(data),
    paramsSection(data),
    metricsSection(data),
  );
}

function legend(data: CompareResult): HTMLElement {
  return el('div', { class: 'legend' }, ...data.runs.map((r, i) => {
    const swatch = el('span', { class: 'swatch' });
    // CSSOM, not a style attribute: the CSP allows no inline style attributes.
    swatch.style.background = PALETTE[i % PALETTE.length]!;
    const item = el('a', { class: 'run', href: '#', title: r.id }, swatch, runLabel(r));
    item.addEventListener('click', (e) => {
      e.preventDefault();
      vscode.postMessage({ type: 'openRun', id: r.id });
    });
    return item;
  }));
}

function paramsSection(data: CompareResult): HTMLElement {
  const keys = [...new Set(data.runs.flatMap((r) => Object.keys(r.params)))].sort();
  const differs = (k: string) => new Set(data.runs.map((r) => r.params[k] ?? '\u0000missing')).size > 1;
  const shown = state!.onlyDiff ? keys.filter(differs) : keys;
  const toggle = el('vscode-checkbox', state!.onlyDiff ? { checked: '' } : {}, 'Only params that differ');
  toggle.addEventListener('change', () => {
    state!.onlyDiff = !state!.onlyDiff;
    render();
  });
  const exportBtn = el('vscode-button', { secondary: '' }, 'Export CSV');
  exportBtn.addEventListener('click', () => vscode.postMessage({
    type: 'exportCsv', csv: paramsCsv(data.runs.map(runLabel), shown, (k, i) => data.runs[i]!.params[k]),
  }));
  const head = el('tr', {}, el('th', {}, 'param'), ...data.runs.map((r) => el('th', {}, runLabel(r))));
  const body = shown.map((k) => el('tr', differs(k) ? { class: 'differs' } : {}, el('td', {}, k), ...data.runs.map((r) => el('td', {}, r.params[k] ?? '—'))));
  return el('section', {},
    el('div', { class: 'bar' }, el('h2', {}, `Parameters (${shown.length} of ${keys.length})`), toggle, exportBtn),
    shown.length ? el('table', { class: 'params' }, el('thead', {}, head), el('tbody', {}, ...body)) : el('p', {}, 'No parameters differ.'),
  );
}

function metricsSection(data: CompareResult): HTMLElement {
  const keys = [...new Set(data.runs.flatMap((r) => Object.keys(data.series[r.id] ?? {})))].sort();
  const axisGroup = el('vscode-radio-group', {},
    el('vscode-radio', { name: 'axis', value: 'step', ...(state!.axis === 'step' ? { checked: '' } : {}) }, 'Step'),
    el('vscode-radio', { name: 'axis', value: 'time', ...(state!.axis === 'time' ? { checked: '' } : {}) }, 'Time'));
  axisGroup.addEventListener('change', (e) => {
    const v = (e.target as HTMLInputElement).value;
    if (v === 'step' || v === 'time') {
      state!.axis = v;
      render();
    }
  });
  const charts = el('div', { class: 'charts' });
  const section = el('section', {}, el('div', { class: 'bar' }, el('h2', {}, `Metrics (${keys.length})`), axisGroup), charts);
  // uPlot measures its container: draw after the section is in the document.
  requestAnimationFrame(() => {
    for (const key of keys) charts.append(chart(data, key));
  });
  return section;
}

function chart(data: CompareResult, key: string): HTMLElement {
  const box = el('div', { class: 'chart' }, el('h3', {}, key));
  const aligned = alignSeries(data.runs.map((r) => data.series[r.id]?.[key]), state!.axis);
  const fg = getComputedStyle(document.body).getPropertyValue('--vscode-foreground') || '#ccc';
  const grid = getComputedStyle(document.body).getPropertyValue('--vscode-editorWidget-border') || '#444';
  const opts: uPlot.Options = {
    width: Math.max(320, Math.min(720, root.clientWidth - 16)),
    height: 220,
    scales: { x: { time: state!.axis === 'time' } },
    // Steps are whole numbers: no ticks at 0.5 between them.
    axes: [{ stroke: fg, grid: { stroke: grid, width: 1 }, ...(state!.axis === 'step' ? { incrs: STEP_INCREMENTS } : {}) }, { stroke: fg, grid: { stroke: grid, width: 1 } }],
    // Points as uPlot decides (shown when sparse): a metric logged once per run, such as a final accuracy, is
    // a single point that a line alone would not draw at all.
    series: [{ label: state!.axis }, ...data.runs.map((r, i) => ({ label: runLabel(r), stroke: PALETTE[i % PALETTE.length], fill: undefined, width: 1.5, spanGaps: true, points: { fill: PALETTE[i % PALETTE.length] } }))],
    legend: { show: true },
  };
  // x values are milliseconds for time; uPlot's time scale expects seconds.
  const xs = state!.axis === 'time' ? aligned[0].map((x) => x / 1000) : aligned[0];
  plots.push(new uPlot(opts, [xs, ...aligned.slice(1)] as uPlot.AlignedData, box));
  return box;
}
