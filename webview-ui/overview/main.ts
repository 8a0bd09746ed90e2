import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import { el, vscodeApi } from '../shared/vscode-api';
import type { FromWebview, ToWebview } from './contract';
import styles from './overview.css';

const vscode = vscodeApi<FromWebview>();
const root = document.getElementById('app')!;
const style = document.createElement('style');
style.nonce = root.dataset.nonce ?? '';
style.textContent = styles;
document.head.append(style);

window.addEventListener('message', (e: MessageEvent<ToWebview>) => render(e.data));
vscode.postMessage({ type: 'ready' });

function render(msg: ToWebview): void {
  root.replaceChildren();
  if (msg.type === 'error') {
    root.append(el('h1', {}, 'MLOps Lens'), el('p', { class: 'error' }, msg.message));
    return;
  }
  const { status, experiments, runs } = msg;
  const refresh = el('vscode-button', { secondary: '' }, 'Refresh');
  refresh.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  root.append(el('header', {}, el('h1', {}, 'MLOps Lens'), el('vscode-badge', {}, status.version), refresh));

  const state = status.state === 'ready' ? 'Backend ready' : status.state === 'error' ? 'Registry unavailable' : 'No workspace folder';
  root.append(el('section', { class: 'status' },
    el('h2', {}, state),
    el('p', {}, `Registry: ${status.registry ?? 'none'}`),
    ...(status.error ? [el('p', { class: 'error' }, status.error)] : []),
    ...(status.trusted ? [] : [el('p', { class: 'warn' }, 'Restricted mode: this workspace is not trusted, so MLOps Lens only reads.')]),
  ));
  if (status.counts) {
    const c = status.counts;
    root.append(el('section', { class: 'counts' },
      ...([['Experiments', c.experiments], ['Runs', c.runs], ['Metric points', c.metrics], ['Models', c.models]] as const)
        .map(([label, n]) => el('div', { class: 'count' }, el('span', { class: 'n' }, n.toLocaleString('en-US')), el('span', { class: 'label' }, label)))));
  }
  if (experiments.length === 0) {
    const ingest = el('vscode-button', {}, 'Import Runs from Logger Files');
    ingest.addEventListener('click', () => vscode.postMessage({ type: 'command', command: 'mlopsLens.ingest' }));
    root.append(el('section', {}, el('h2', {}, 'No runs yet'), el('p', {}, 'MLOps Lens imports what your loggers already write.'), ingest));
    return;
  }
  root.append(el('h2', {}, 'Latest runs'), runTable(runs));
}

function runTable(runs: Extract<ToWebview, { type: 'overview' }>['runs']): HTMLElement {
  const header = el('vscode-table-header', { slot: 'header' }, ...['Run', 'Experiment', 'Status', 'Started', 'Metrics'].map((h) => el('vscode-table-header-cell', {}, h)));
  const body = el('vscode-table-body', { slot: 'body' }, ...runs.map((r) => el('vscode-table-row', {},
    el('vscode-table-cell', {}, r.name ?? r.id.slice(0, 8)),
    el('vscode-table-cell', {}, r.experiment),
    el('vscode-table-cell', {}, r.status),
    el('vscode-table-cell', {}, r.startedAt?.replace('T', ' ').slice(0, 16) ?? ''),
    el('vscode-table-cell', {}, Object.entries(r.metrics).slice(0, 3).map(([k, m]) => `${k}=${Number.isFinite(m.last) ? +m.last.toPrecision(4) : String(m.last)}`).join(', ')),
  )));
  return el('vscode-table', { zebra: '', 'bordered-columns': '', 'resizable': '' }, header, body);
}
