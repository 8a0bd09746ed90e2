import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import { el, vscodeApi } from '../shared/vscode-api';
import type { CheckResult, EvidenceItem, LevelResult, Scorecard } from '../../src/core/maturity/types';
import type { AssessmentPoint } from '../../src/protocol';
import type { FromWebview, ToWebview } from './contract';
import { scopeChoices, scopeOf, type Scope } from './scope';
import styles from './scorecard.css';

const vscode = vscodeApi<FromWebview>();
const root = document.getElementById('app')!;
const style = document.createElement('style');
style.nonce = root.dataset.nonce ?? '';
style.textContent = uplotCss + '\n' + styles;
document.head.append(style);

const STATUS_MARK: Record<CheckResult['status'], string> = { pass: '✓', partial: '◐', fail: '✗', unknown: '?' };
let trend: uPlot | undefined;
/** The project picked in a workspace of several (null: the workspace), kept across re-assessments. */
let picked: string | null = null;

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const msg = e.data;
  if (msg.type === 'running') {
    if (!root.querySelector('.ladder')) root.replaceChildren(el('h1', {}, 'MLOps maturity'), el('p', { class: 'running' }, el('vscode-progress-ring'), ' Assessing the workspace…'));
  } else if (msg.type === 'error') {
    root.replaceChildren(el('h1', {}, 'MLOps maturity'), el('p', { class: 'error' }, msg.message), button('Try again', () => vscode.postMessage({ type: 'refresh' })));
  } else {
    render(msg.card, msg.history);
  }
});
vscode.postMessage({ type: 'ready' });

function button(label: string, onClick: () => void, secondary = false): HTMLElement {
  const b = el('vscode-button', secondary ? { secondary: '' } : {}, label);
  b.addEventListener('click', onClick);
  return b;
}

function render(card: Scorecard, history: AssessmentPoint[]): void {
  trend?.destroy();
  trend = undefined;
  const scope = scopeOf(card, picked);
  const current = scope.levels.find((l) => l.level === scope.level);
  const next = scope.levels.find((l) => l.level === scope.level + 1);
  // Sections that stay the workspace's while a project is shown say so.
  const whole = scope.root === null ? '' : ' (whole workspace)';
  root.replaceChildren(
    el('header', {},
      el('h1', {}, 'MLOps maturity'),
      el('vscode-badge', {}, `Level ${scope.level}`),
      el('span', { class: 'spacer' }),
      button('Export Markdown', () => vscode.postMessage({ type: 'exportMarkdown' }), true),
      button('Refresh', () => vscode.postMessage({ type: 'refresh' }), true)),
    ...(card.projectScores ? [projectPicker(card, scope, () => render(card, history))] : []),
    el('p', { class: 'summary' }, `${scope.root ? `${scope.root}: ` : ''}Level ${scope.level} · ${current?.name ?? ''}${next ? ` — ${Math.round(scope.progressToNext)}% of the way to level ${next.level} (${next.name})` : ' — the top of the ladder'}`),
    progressBar(scope.progressToNext),
    ladder(scope),
    ...(next ? [blockers(next)] : []),
    ...(scope.shared.length ? [el('div', { class: 'shared' }, el('p', { class: 'meta' }, 'Counted from outside the project\'s folder:'), evidenceList(scope.shared))] : []),
    section('Roadmap', roadmap(scope)),
    section(`Anti-patterns${whole}`, antiPatterns(card)),
    section('Checks', el('div', {}, ...scope.levels.map(levelChecks))),
    section(`Google ML Test Score${whole}`, mlTestScore(card)),
    section(`Trend${whole}`, trendChart(history)),
    el('p', { class: 'meta' }, `Assessed ${card.at.replace('T', ' ').slice(0, 19)}${card.commit ? ` at ${card.commit.slice(0, 12)}` : ''} · ${card.filesScanned} files · projects: ${card.projects.join(', ') || '.'}${card.unreadable.length ? ` · ${card.unreadable.length} unreadable file(s)` : ''}`),
  );
}

/** Workspace or one project: each project is scored on its own files and the CI that names its folder (docs/maturity.md). */
function projectPicker(card: Scorecard, scope: Scope, onPick: () => void): HTMLElement {
  const group = el('vscode-radio-group', {}, ...scopeChoices(card).map((c) =>
    el('vscode-radio', { name: 'scope', value: c.value, ...(c.value === (scope.root ?? '') ? { checked: '' } : {}) }, c.label)));
  group.addEventListener('change', (e) => {
    picked = (e.target as HTMLInputElement).value || null;
    onPick();
  });
  return el('div', { class: 'scope' }, group);
}

function section(title: string, body: HTMLElement): HTMLElement {
  return el('section', {}, el('h2', {}, title), body);
}

function progressBar(percent: number): HTMLElement {
  const fill = el('div', { class: 'fill' });
  fill.style.width = `${Math.max(0, Math.min(100, percent))}%`;
  return el('div', { class: 'progress', role: 'progressbar', 'aria-valuenow': String(Math.round(percent)), 'aria-valuemin': '0', 'aria-valuemax': '100' }, fill);
}

function ladder(scope: Scope): HTMLElement {
  return el('ol', { class: 'ladder' }, ...[...scope.levels].reverse().map((l) => {
    const bar = el('div', { class: 'fill' });
    bar.style.width = `${Math.round(l.score * 100)}%`;
    return el('li', { class: `rung ${l.reached ? 'reached' : ''} ${l.level === scope.level ? 'current' : ''}` },
      el('span', { class: 'n' }, String(l.level)),
      el('span', { class: 'name' }, l.name),
      el('div', { class: 'bar' }, bar),
      el('span', { class: 'pct' }, `${Math.round(l.score * 100)}%`));
  }));
}

function blockers(next: LevelResult): HTMLElement {
  const checks = next.checks.filter((c) => next.blocking.includes(c.id));
  return el('p', { class: 'blockers' }, `Blocking level ${next.level}: `, ...checks.flatMap((c, i) => [i ? ', ' : '', el('a', { href: `#${c.id}` }, c.title)]));
}

function roadmap(scope: Scope): HTMLElement {
  if (!scope.roadmap.length) return el('p', {}, 'Nothing left to do on the ladder.');
  return el('ol', { class: 'roadmap' }, ...scope.roadmap.map((s) => el('li', {},
    el('strong', {}, `Level ${s.level}: ${s.title}`), el('span', { class: 'timeline' }, ` (${s.timeline})`), el('div', {}, s.fix),
    ...(s.command ? [button(`Run: ${s.command}`, () => vscode.postMessage({ type: 'runCommand', command: s.command! }), true)] : []))));
}

function antiPatterns(card: Scorecard): HTMLElement {
  return el('table', { class: 'anti' }, el('tbody', {}, ...card.antiPatterns.map((a) => {
    const count = el('a', { href: '#', title: `Show ${a.rules.join(', ')} in the Problems panel` }, String(a.findings));
    count.addEventListener('click', (e) => {
      e.preventDefault();
      vscode.postMessage({ type: 'showProblems', codes: a.rules });
    });
    return el('tr', { class: a.findings ? 'found' : '' }, el('td', {}, a.name), el('td', {}, count), el('td', { class: 'codes' }, a.rules.join(' ')));
  })));
}

function levelChecks(l: LevelResult): HTMLElement {
  const details = el('details', l.reached ? {} : { open: '' }, el('summary', {}, `Level ${l.level} · ${l.name} — ${Math.round(l.score * 100)}%${l.reached ? ' (reached)' : ''}`));
  for (const c of l.checks) details.append(check(c));
  return details;
}

function evidenceList(items: EvidenceItem[]): HTMLElement {
  return el('ul', { class: 'evidence' }, ...items.map((e) => {
    if (!e.file) return el('li', {}, e.detail);
    const link = el('a', { href: '#' }, `${e.file}${e.line ? `:${e.line}` : ''}`);
    link.addEventListener('click', (ev) => {
      ev.preventDefault();
      vscode.postMessage({ type: 'openEvidence', file: e.file!, line: e.line });
    });
    return el('li', {}, link, ` ${e.detail}`);
  }));
}

function check(c: CheckResult): HTMLElement {
  const evidence = evidenceList(c.evidence);
  const actions: HTMLElement[] = [];
  if (c.status !== 'pass' && c.scaffold) actions.push(button(c.scaffold.title, () => vscode.postMessage({ type: 'scaffold', checkId: c.id })));
  if (c.status !== 'pass' && c.command) actions.push(button(`Run: ${c.command}`, () => vscode.postMessage({ type: 'runCommand', command: c.command! }), true));
  return el('div', { class: `check ${c.status}`, id: c.id },
    el('div', { class: 'title' }, el('span', { class: 'mark' }, STATUS_MARK[c.status]), ` ${c.title}`, el('span', { class: 'id' }, ` ${c.id} · ${c.status}`)),
    ...(c.why ? [el('div', { class: 'why' }, c.why)] : []),
    evidence,
    ...(c.status !== 'pass' ? [el('div', { class: 'fix' }, `Fix: ${c.fix}`)] : []),
    ...(actions.length ? [el('div', { class: 'actions' }, ...actions)] : []));
}

function mlTestScore(card: Scorecard): HTMLElement {
  const t = card.mlTestScore;
  const manual = t.tests.filter((x) => x.source === 'confirm manually').length;
  return el('div', {},
    el('p', {}, `Score ${t.score} (the lowest of the four sections) · data ${t.sections.data} · model ${t.sections.model} · infrastructure ${t.sections.infrastructure} · monitoring ${t.sections.monitoring}`),
    el('p', { class: 'meta' }, `${manual} of ${t.tests.length} tests need a manual confirmation in ${t.confirmations ?? '.mlops/assessment.toml'}.`));
}

function trendChart(history: AssessmentPoint[]): HTMLElement {
  const box = el('div', { class: 'trend' });
  if (history.length < 2) {
    box.append(el('p', { class: 'meta' }, 'The trend appears after a second assessment (each is stored with its commit).'));
    return box;
  }
  requestAnimationFrame(() => {
    const xs = history.map((h) => Date.parse(h.at) / 1000);
    // Level plus the fraction of the way to the next: 2.64 is level 2, 64% towards 3.
    const ys = history.map((h) => h.level + Math.min(99, h.progressToNext) / 100);
    const fg = getComputedStyle(document.body).getPropertyValue('--vscode-foreground') || '#ccc';
    trend = new uPlot({
      width: Math.max(320, Math.min(720, root.clientWidth - 16)), height: 180,
      scales: { y: { range: [1, 5.99] } },
      axes: [{ stroke: fg }, { stroke: fg, values: (_u, ticks) => ticks.map((t) => `L${Math.floor(t)}`) }],
      series: [{}, { label: 'level', stroke: '#3794ff', width: 2 }],
    }, [xs, ys], box);
  });
  return box;
}
