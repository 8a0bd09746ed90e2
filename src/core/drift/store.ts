import { sha256Hex } from '../file-sha256';
import type { Registry } from '../registry';
import { hashFile } from './source';
import type { ColumnReport, DriftReport } from './types';

/** A dataset as the registry keeps it: identified by path and content hash. */
export interface DatasetInfo {
  path: string;
  sha256: string;
  bytes: number | null;
  rows: number | null;
  schema?: unknown;
}

export interface StoredDriftReport {
  id: number;
  at: string;
  referenceId: number | null;
  currentId: number | null;
  modelVersionId: number | null;
  report: DriftReport;
}

/**
 * The registry entry for one side of a report, hashing the file when the report was read without
 * hashing. `storedPath` is how the path is recorded (usually relative to the workspace).
 */
export async function datasetInfo(side: DriftReport['reference'], file: string, storedPath: string, columns: readonly ColumnReport[]): Promise<DatasetInfo> {
  return {
    path: storedPath,
    sha256: side.sha256 ?? (await hashFile(file)),
    bytes: side.bytes,
    rows: side.rows,
    schema: { columns: columns.map((c) => ({ name: c.name, type: c.type })) },
  };
}

/** Records both datasets and the report in one transaction; returns the report's id. */
export function saveDriftReport(reg: Registry, report: DriftReport, reference: DatasetInfo, current: DatasetInfo, modelVersionId: number | null = null): number {
  return reg.write(() => {
    const referenceId = reg.addDataset(reference);
    const currentId = reg.addDataset(current);
    const res = reg.statements
      .get('INSERT INTO drift_reports (reference_id, current_id, model_version_id, report_json, at) VALUES (?, ?, ?, ?, ?)')
      .run(referenceId, currentId, modelVersionId, reportJson(report), Date.now());
    return Number(res.lastInsertRowid);
  });
}

interface ReportRow { id: number; reference_id: number | null; current_id: number | null; model_version_id: number | null; report_json: string; at: number }

/** Stored reports, newest first. */
export function listDriftReports(reg: Registry, limit = 50): StoredDriftReport[] {
  const rows = reg.statements.get('SELECT id, reference_id, current_id, model_version_id, report_json, at FROM drift_reports ORDER BY at DESC, id DESC LIMIT ?').all(limit) as ReportRow[];
  return rows.map((r) => ({
    id: r.id, at: new Date(r.at).toISOString(), referenceId: r.reference_id, currentId: r.current_id, modelVersionId: r.model_version_id,
    report: JSON.parse(r.report_json) as DriftReport,
  }));
}

/** JSON has no NaN or Infinity; they are stored as strings, as the CLI prints them. */
function reportJson(report: DriftReport): string {
  return JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

/** The registered model version with exactly this content, to link a prediction-drift report to it. */
/** sha256 of the model a report ran its predictions through, which links the report to the model's registered version. */
export function modelFileSha(file: string): Promise<string> {
  return sha256Hex(file, 'cannot read model');
}

export function modelVersionIdBySha(reg: Registry, sha256: string): number | null {
  const row = reg.statements.get('SELECT id FROM model_versions WHERE sha256 = ? ORDER BY id DESC LIMIT 1').get(sha256) as { id: number } | undefined;
  return row?.id ?? null;
}
