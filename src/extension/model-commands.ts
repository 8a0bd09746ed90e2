import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GateResult } from '../core/models';
import * as P from '../protocol';
import type { Backend } from './backend';
import type { ExperimentsNode } from './views/experiments';
import type { ModelsNode } from './views/models';
import { ComparePanel } from './webviews/compare';

const MODEL_FILTERS = { 'Model files': ['onnx', 'safetensors', 'pt', 'pth', 'ckpt', 'pkl', 'joblib', 'h5', 'keras'] };
const TARGETS = ['Staging', 'Production', 'Archived', 'champion', 'challenger'];

/** The Models view's actions: register, promote through the gates, roll back, lineage, compare. */
export function modelCommands(context: vscode.ExtensionContext, backend: Backend): Record<string, (...args: never[]) => unknown> {
  return {
    'mlopsLens.registerModel': async (target?: vscode.Uri | ExperimentsNode) => {
      let file: string | undefined;
      let run: string | undefined;
      if (target instanceof vscode.Uri) file = target.fsPath;
      else if (target?.kind === 'leaf' && target.artifact) ({ file, run } = { file: target.artifact.path, run: target.artifact.runId });
      if (!file) {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: MODEL_FILTERS, openLabel: 'Register' });
        file = picked?.[0]?.fsPath;
      }
      if (!file) return;
      const suggested = path.basename(file).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'model';
      const name = await vscode.window.showInputBox({
        title: `Register ${path.basename(file)}`, prompt: 'Model name (a new version is added when the name exists)', value: suggested,
        validateInput: (v) => (/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(v) && !v.includes('..') ? undefined : 'Letters, digits, ".", "_" and "-"; no path separators'),
      });
      if (!name) return;
      const r = await backend.requestWith(P.registerModel, { file, name, run });
      void vscode.window.showInformationMessage(r.created ? `MLOps Lens: registered ${r.name} v${r.version} (sha256 ${r.sha256.slice(0, 12)}).` : `MLOps Lens: this content is already ${r.name} v${r.version}.`);
      return r;
    },
    'mlopsLens.promoteVersion': async (node?: ModelsNode, to?: string) => {
      if (node?.kind !== 'version') return;
      const target = to ?? (await pickTarget());
      if (!target) return;
      const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Evaluating the gates for ${node.model} v${node.version.version} → ${target}…` },
        () => backend.requestWith(P.planPromotion, { name: node.model, version: node.version.version, to: target }));
      const detail = gatesText(plan.gates) + (plan.holder !== null ? `\n\n${plan.target} is now held by v${plan.holder}.` : '');
      const title = `Promote ${plan.name} v${plan.version} to ${plan.target}?`;
      const choice = plan.passed
        ? await vscode.window.showInformationMessage(title, { modal: true, detail }, 'Promote')
        : await vscode.window.showWarningMessage(`${title} Gates failed.`, { modal: true, detail }, 'Promote Anyway (recorded as forced)');
      if (!choice) return;
      const r = await backend.requestWith(P.commitPromotion, { planId: plan.planId, force: !plan.passed });
      if (r.promoted) void vscode.window.showInformationMessage(`MLOps Lens: ${plan.name} v${plan.version} is now ${plan.target}${r.record?.forced ? ' (forced)' : ''}.`);
      return r;
    },
    'mlopsLens.rollbackAlias': async (node?: ModelsNode) => {
      if (node?.kind !== 'version' && node?.kind !== 'model') return;
      const name = node.kind === 'model' ? node.model.name : node.model;
      const aliases = node.kind === 'version' ? node.version.aliases : [...new Set(node.model.versions.flatMap((v) => v.aliases))];
      const alias = aliases.length === 1 ? aliases[0] : await vscode.window.showQuickPick(aliases, { title: `Roll back which alias of ${name}?` });
      if (!alias) return;
      const ok = await vscode.window.showWarningMessage(`Roll ${name}@${alias} back to its previous holder?`, { modal: true }, 'Roll Back');
      if (!ok) return;
      const r = await backend.requestWith(P.rollbackAlias, { name, alias });
      void vscode.window.showInformationMessage(`MLOps Lens: ${name}@${alias} is back on v${r.version}.`);
      return r;
    },
    'mlopsLens.openLineageRun': async (node?: ModelsNode) => {
      if (node?.kind !== 'version') return;
      if (!node.version.run) return vscode.window.showInformationMessage(`MLOps Lens: no run is known to have produced ${node.model} v${node.version.version}.`);
      return vscode.commands.executeCommand('mlopsLens.showRun', node.version.run);
    },
    'mlopsLens.revealModelFile': async (node?: ModelsNode) => {
      if (node?.kind !== 'version') return;
      const l = await backend.requestWith(P.modelLineage, { name: node.model, version: node.version.version });
      if (l.path) return vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(l.path));
    },
    'mlopsLens.compareVersions': async (clicked?: ModelsNode, selected?: ModelsNode[]) => {
      const versions = [...new Set([...(selected ?? []), ...(clicked ? [clicked] : [])])].flatMap((n) => (n.kind === 'version' ? [n] : []));
      const runs = [...new Set(versions.flatMap((v) => (v.version.run ? [v.version.run] : [])))];
      if (runs.length < 2) return vscode.window.showInformationMessage('MLOps Lens: select two versions whose producing runs are known to compare them.');
      return ComparePanel.show(context, backend, runs);
    },
  };
}

async function pickTarget(): Promise<string | undefined> {
  const other = 'Other alias…';
  const pick = await vscode.window.showQuickPick([...TARGETS, other], { title: 'Promote to which stage or alias?' });
  if (pick !== other) return pick;
  return vscode.window.showInputBox({ prompt: 'Alias name', validateInput: (v) => (/^[A-Za-z][A-Za-z0-9_-]*$/.test(v) ? undefined : 'Letters, digits, "_" and "-"') });
}

function gatesText(gates: GateResult[]): string {
  if (gates.length === 0) return 'No gates are configured for this target ([tool.mlops-lens.gates]).';
  return gates.map((g) => `${g.passed ? '✓' : '✗'} ${g.name}: ${g.reason}`).join('\n');
}
