import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBench, formatInfo } from '../core/inference/format';
import * as P from '../protocol';
import type { Backend } from './backend';
import type { ResultDocuments } from './text-documents';
import type { ModelsNode } from './views/models';
import { DriftPanel } from './webviews/drift';

const DATA_FILTERS = { 'Datasets': ['csv', 'tsv', 'parquet', 'jsonl', 'ndjson'] };

/** Inspect, run and benchmark ONNX models; check drift between two datasets. */
export function analysisCommands(context: vscode.ExtensionContext, backend: Backend, docs: ResultDocuments): Record<string, (...args: never[]) => unknown> {
  const modelFile = async (target?: vscode.Uri | ModelsNode): Promise<string | undefined> => {
    if (target instanceof vscode.Uri) return target.fsPath;
    if (target?.kind === 'version') return (await backend.requestWith(P.modelLineage, { name: target.model, version: target.version.version })).path ?? undefined;
    const picked = await vscode.window.showOpenDialog({ filters: { 'ONNX models': ['onnx'] }, openLabel: 'Select model' });
    return picked?.[0]?.fsPath;
  };
  return {
    'mlopsLens.inspectModel': async (target?: vscode.Uri | ModelsNode) => {
      const file = await modelFile(target);
      if (!file) return;
      const info = await backend.requestWith(P.inspectModel, { path: file });
      await docs.show(`${path.basename(file)}.txt`, formatInfo(info));
      return info;
    },
    'mlopsLens.inferModel': async (target?: vscode.Uri | ModelsNode) => {
      const file = await modelFile(target);
      if (!file) return;
      const input = await vscode.window.showOpenDialog({ filters: { 'Inputs': ['json', 'csv', 'tsv', 'parquet'] }, openLabel: 'Run on this file', title: `Input for ${path.basename(file)}` });
      if (!input?.[0]) return;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Running ${path.basename(file)}…` },
        () => backend.requestWith(P.inferFile, { model: file, input: input[0]!.fsPath }));
      await docs.show(`${path.basename(file)}-outputs.json`, JSON.stringify(result, null, 2), 'json');
      return result;
    },
    'mlopsLens.benchModel': async (target?: vscode.Uri | ModelsNode) => {
      const file = await modelFile(target);
      if (!file) return;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Benchmarking ${path.basename(file)}…`, cancellable: true },
        (_p, token) => backend.requestWith(P.benchModel, { path: file }, token));
      await docs.show(`${path.basename(file)}-bench.txt`, formatBench(result));
      return result;
    },
    'mlopsLens.checkDrift': async (target?: vscode.Uri | ModelsNode, selected?: vscode.Uri[]) => {
      let reference: string | undefined;
      let current: string | undefined;
      let model: string | undefined;
      const files = (selected ?? []).map((u) => u.fsPath).filter((f) => /\.(csv|tsv|parquet|jsonl|ndjson)$/i.test(f));
      if (files.length === 2) [reference, current] = files;
      else if (target instanceof vscode.Uri && /\.onnx$/i.test(target.fsPath)) model = target.fsPath;
      else if (target instanceof vscode.Uri) current = target.fsPath;
      else if (target?.kind === 'version') model = await modelFile(target);
      reference ??= (await vscode.window.showOpenDialog({ filters: DATA_FILTERS, openLabel: 'Reference', title: 'Reference dataset (what the model was trained on)' }))?.[0]?.fsPath;
      if (!reference) return;
      current ??= (await vscode.window.showOpenDialog({ filters: DATA_FILTERS, openLabel: 'Current', title: 'Current dataset (what the model sees now)' }))?.[0]?.fsPath;
      if (!current) return;
      if (model === undefined && target === undefined) {
        const pick = await vscode.window.showQuickPick(['Data drift only', 'Also prediction drift through an ONNX model…'], { title: 'Check drift' });
        if (!pick) return;
        if (pick !== 'Data drift only') model = (await vscode.window.showOpenDialog({ filters: { 'ONNX models': ['onnx'] }, openLabel: 'Model' }))?.[0]?.fsPath;
      }
      return DriftPanel.show(context, backend, { reference, current, model });
    },
  };
}
