import type { CheckResult, EvidenceItem, ProjectScore, Scorecard, Status } from './types';

const MARK: Record<Status, string> = { pass: '✓', partial: '◐', fail: '✗', unknown: '?' };

function where(e: EvidenceItem): string {
  return e.file === null ? '' : e.line === null ? e.file : `${e.file}:${e.line}`;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export function headline(card: Scorecard): string {
  const name = card.levels.find((l) => l.level === card.level)?.name ?? 'below level 1';
  return card.level >= 5 ? `Level 5 · ${name}` : `Level ${card.level} · ${name} · ${card.progressToNext}% of the way to level ${card.level + 1}`;
}

function progress(p: ProjectScore): string {
  return p.level >= 5 ? 'top level' : `${p.progressToNext}% to level ${p.level + 1}`;
}

function nextStep(p: ProjectScore): string {
  const s = p.roadmap[0];
  return s ? `Level ${s.level}: ${s.title}` : '—';
}

const POOLED = 'Each project is scored on its own files and the CI that names its folder; the workspace level above pools them all.';

/** The per-project table of a workspace with several projects, as aligned text rows. */
function projectRows(scores: ProjectScore[]): string[] {
  const rows = [['Project', 'Level', 'Progress', 'Next step'], ...scores.map((p) => [p.root, String(p.level), progress(p), nextStep(p)])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ')}`);
}

/** The scorecard for a terminal. */
export function formatText(card: Scorecard): string {
  const out = [`MLOps maturity: ${headline(card)}`];
  if (card.projects.length) out.push(`Projects: ${card.projects.join(', ')}`);
  if (card.projectScores) out.push('', 'By project', ...projectRows(card.projectScores), `  ${POOLED}`);
  for (const l of card.levels) {
    out.push('', `Level ${l.level} ${l.name}: ${pct(l.score)}${l.reached ? ' (reached)' : ''}`);
    for (const c of l.checks) {
      out.push(`  ${MARK[c.status]} ${c.id}  ${c.title}${c.status === 'pass' ? '' : ` [${c.status}]`}`);
      for (const e of c.evidence) out.push(`      ${[where(e), e.detail].filter((s) => s).join('  ')}`);
      if (c.why && c.status !== 'pass') out.push(`      why: ${c.why}`);
      if (c.status !== 'pass') out.push(`      fix: ${c.fix}${c.command ? ` (\`${c.command}\`)` : ''}`);
    }
  }
  out.push('', 'Anti-patterns');
  for (const a of card.antiPatterns) out.push(`  ${String(a.findings).padStart(4)}  ${a.name} (${a.rules.join(', ')})`);
  const m = card.mlTestScore;
  const manual = m.tests.filter((t) => t.source === 'confirm manually').length;
  out.push('', `ML Test Score: ${m.score} (data ${m.sections.data}, model ${m.sections.model}, infrastructure ${m.sections.infrastructure}, monitoring ${m.sections.monitoring})`);
  if (manual) out.push(`  ${manual} tests to confirm manually in .mlops/assessment.toml`);
  if (card.roadmap.length) {
    out.push('', 'Roadmap');
    let level = 0;
    for (const s of card.roadmap) {
      if (s.level !== level) out.push(`  Level ${(level = s.level)}${s.timeline ? ` (${s.timeline})` : ''}`);
      out.push(`    - ${s.title}: ${s.fix}`);
    }
  }
  if (card.unreadable.length) {
    out.push('', 'Could not read');
    for (const u of card.unreadable) out.push(`  ${u.file}: ${u.why}`);
  }
  return out.join('\n') + '\n';
}

function md(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function evidenceMd(c: CheckResult): string {
  const items = c.evidence.map((e) => `${where(e) ? `\`${where(e)}\` ` : ''}${e.detail}`);
  if (c.why && c.status !== 'pass') items.push(`*${c.why}*`);
  return md(items.join('<br>'));
}

/** The scorecard as a Markdown report (export, PR comments). */
export function formatMarkdown(card: Scorecard): string {
  const out = [`# MLOps maturity: ${headline(card)}`, ''];
  out.push(`Assessed ${card.at}${card.commit ? ` at commit \`${card.commit.slice(0, 12)}\`` : ''}. A level is reached when it and every level below it have at least 75% of their check weight passing (partial counts half).`, '');
  out.push('| Level | Name | Score | Reached |', '| --- | --- | --- | --- |');
  for (const l of card.levels) out.push(`| ${l.level} | ${l.name} | ${pct(l.score)} | ${l.reached ? 'yes' : 'no'} |`);
  if (card.projectScores) {
    out.push('', '## Projects', '', POOLED, '', '| Project | Level | Progress | Next step |', '| --- | --- | --- | --- |');
    for (const p of card.projectScores) out.push(`| \`${md(p.root)}\` | ${p.level} | ${progress(p)} | ${md(nextStep(p))} |`);
  }
  for (const l of card.levels) {
    out.push('', `## Level ${l.level}: ${l.name} (${pct(l.score)})`, '', '| | Check | Weight | Evidence | Fix |', '| --- | --- | --- | --- | --- |');
    for (const c of l.checks) out.push(`| ${MARK[c.status]} | ${md(c.title)} (\`${c.id}\`) | ${c.weight} | ${evidenceMd(c)} | ${c.status === 'pass' ? '' : md(c.fix)} |`);
  }
  out.push('', '## Anti-patterns', '', '| Anti-pattern | Rules | Findings |', '| --- | --- | --- |');
  for (const a of card.antiPatterns) out.push(`| ${a.name} | ${a.rules.join(', ')} | ${a.findings} |`);
  const m = card.mlTestScore;
  out.push('', `## ML Test Score: ${m.score}`, '', `Data ${m.sections.data} · Model ${m.sections.model} · Infrastructure ${m.sections.infrastructure} · Monitoring ${m.sections.monitoring} (the score is the lowest section).`, '', '| Test | Points | Source |', '| --- | --- | --- |');
  for (const t of m.tests) out.push(`| ${t.id} ${md(t.title)} | ${t.points} | ${t.source} |`);
  if (card.roadmap.length) {
    out.push('', '## Roadmap', '', '| Level | Step | Fix | Timeline |', '| --- | --- | --- | --- |');
    for (const s of card.roadmap) out.push(`| ${s.level} | ${md(s.title)} | ${md(s.fix)}${s.command ? ` \`${s.command}\`` : ''} | ${s.timeline} |`);
  }
  if (card.unreadable.length) {
    out.push('', '## Could not read', '');
    for (const u of card.unreadable) out.push(`- \`${u.file}\`: ${md(u.why)}`);
  }
  return out.join('\n') + '\n';
}
