/**
 * Every custom request and notification between the extension (client) and the backend (server), typed once
 * and imported by both sides (rust-analyzer's lsp_ext.ts habit). No method-name strings anywhere else.
 */
// vscode-jsonrpc's message types are the ones the protocol library re-exports: importing them from there keeps
// the protocol library out of the extension's activation path.
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { RegistryCounts, RunDetail, RunFilter, RunRecord } from './core/registry/types';
import type { DriftReport } from './core/drift/types';
import type { Scorecard } from './core/maturity/types';
import type { BenchResult, InferResult, ModelInfo } from './core/inference/types';
import type { GateResult, ModelListEntry, PromoteResult, PromotionRecord, RegisterResult, VersionLineage } from './core/models';
import backendNodeFlags from './backend-node-flags.json';

/**
 * The V8 flags the extension starts the backend with (also read by `npm run bench`, which times the core as the
 * backend runs it): a 32 MB young generation. Listing and importing runs make many short-lived objects; with
 * V8's default, a listing of 10,000 runs went through scavenges that promoted them and then paid for
 * old-generation collections, about 1.5 times as long.
 */
export const BACKEND_NODE_FLAGS: readonly string[] = backendNodeFlags;

/** What the extension passes to the backend at start-up. */
export interface InitializationOptions {
  /** Absolute registry file; defaults to `<first workspace folder>/.mlops/registry.db`. */
  registryPath?: string;
  /** Workspace Trust: when false the backend runs in limited mode (reads only; no capture, no inference). */
  trusted: boolean;
}

export type BackendState = 'ready' | 'error' | 'no-workspace';

export interface StatusResult {
  version: string;
  state: BackendState;
  /** The registry file in use (or that failed to open). */
  registry: string | null;
  schemaVersion: number | null;
  counts: RegistryCounts | null;
  /** Why the registry is unavailable, as a user-facing sentence (`state === 'error'`). */
  error: string | null;
  trusted: boolean;
  pid: number;
  workspaceRoot: string | null;
}
export const status = new RequestType0<StatusResult, void>('mlopsLens/status');

export interface ExperimentSummary {
  name: string;
  runs: number;
}
export const listExperiments = new RequestType0<ExperimentSummary[], void>('mlopsLens/listExperiments');

export const listRuns = new RequestType<RunFilter, RunRecord[], void>('mlopsLens/listRuns');
export const getRun = new RequestType<{ id: string }, RunDetail, void>('mlopsLens/getRun');

export type ModelSummary = ModelListEntry;
export const listModels = new RequestType0<ModelSummary[], void>('mlopsLens/listModels');

export const modelLineage = new RequestType<{ name: string; version: number }, VersionLineage, void>('mlopsLens/modelLineage');
export const registerModel = new RequestType<{ file: string; name: string; run?: string }, RegisterResult, void>('mlopsLens/registerModel');

/** Gates evaluated for a promotion the user has not confirmed yet; `planId` commits exactly this plan. */
export interface PromotionPlanSummary {
  planId: string;
  name: string;
  version: number;
  target: string;
  /** The version holding the target now (null: free). */
  holder: number | null;
  gates: GateResult[];
  passed: boolean;
}
export const planPromotion = new RequestType<{ name: string; version: number; to: string }, PromotionPlanSummary, void>('mlopsLens/planPromotion');
export const commitPromotion = new RequestType<{ planId: string; force: boolean }, PromoteResult, void>('mlopsLens/commitPromotion');
export const rollbackAlias = new RequestType<{ name: string; alias: string }, PromotionRecord, void>('mlopsLens/rollbackAlias');

/** Metric curves of one run: parallel arrays, one entry per logged point, ordered by step. */
export interface MetricSeries {
  steps: number[];
  /** Milliseconds since the epoch, or null where the logger kept no time. */
  times: (number | null)[];
  /** NaN and ±Infinity travel as null (JSON has neither); charts leave a gap there. */
  values: (number | null)[];
}
export interface CompareResult {
  runs: RunDetail[];
  /** runId → metric key → series. */
  series: Record<string, Record<string, MetricSeries>>;
}
export const compareRuns = new RequestType<{ ids: string[] }, CompareResult, void>('mlopsLens/compareRuns');

/** `mlops-lens ingest --json`'s shape: runs created/updated from logger files under the workspace. */
export interface IngestResult {
  runsCreated: number;
  runsUpdated: number;
  metricsAdded: number;
  errors: { path: string; line: number | null; message: string }[];
}
/** Imports logger output under a folder (default: the workspace); cancellable. */
export const ingest = new RequestType<{ dir?: string }, IngestResult, void>('mlopsLens/ingest');

export const inspectModel = new RequestType<{ path: string }, ModelInfo, void>('mlopsLens/inspectModel');
export const inferFile = new RequestType<{ model: string; input: string; columns?: string[] }, InferResult, void>('mlopsLens/inferFile');
export const benchModel = new RequestType<{ path: string; iterations?: number }, BenchResult, void>('mlopsLens/benchModel');

/** Data drift between two datasets (and prediction drift with a model); the report is stored in the registry. */
export interface DriftParams {
  reference: string;
  current: string;
  model?: string;
}
export const checkDrift = new RequestType<DriftParams, DriftReport & { reportId: number | null }, void>('mlopsLens/checkDrift');

/** The maturity assessment of the workspace (cached in the backend; re-run when files change). */
export const assess = new RequestType<{ refresh?: boolean }, Scorecard, void>('mlopsLens/assess');
export interface AssessmentPoint {
  at: string;
  commit: string | null;
  level: number;
  progressToNext: number;
}
export const assessmentHistory = new RequestType0<AssessmentPoint[], void>('mlopsLens/assessmentHistory');
export const scorecardMarkdown = new RequestType0<string, void>('mlopsLens/scorecardMarkdown');
/** Writes the scaffold that starts a check's fix (a CI workflow, a drift step); never overwrites a file. */
export const scaffoldFix = new RequestType<{ checkId: string }, { file: string }, void>('mlopsLens/scaffoldFix');
/** A new assessment is ready (files changed): the Maturity view, status bar and scorecard update. */
export const maturityChanged = new NotificationType<Scorecard>('mlopsLens/maturityChanged');

/** A command line the user ran in a terminal (shell integration); the backend decides whether it trains. */
export interface TerminalExecutionStart {
  commandLine: string;
  cwd: string | null;
  /** Milliseconds since the epoch. */
  startedAt: number;
}
/** Answers the run created for the execution, or null when it does not look like training. */
export const terminalExecutionStarted = new RequestType<TerminalExecutionStart, { runId: string | null }, void>('mlopsLens/terminalExecutionStarted');

export interface TerminalExecutionEnd {
  runId: string;
  /** Undefined exit codes (the terminal closed, the shell could not tell) end the run as killed. */
  exitCode: number | null;
  endedAt: number;
}
export const terminalExecutionEnded = new RequestType<TerminalExecutionEnd, void, void>('mlopsLens/terminalExecutionEnded');

/**
 * The runs of the executions the editor still sees running, sent to a backend that restarted: it tracks them
 * again (their files are claimed, and a run closed as orphaned is running again). Answers the runs it took over.
 */
export const terminalExecutionsResumed = new RequestType<{ runIds: string[] }, { resumed: string[] }, void>('mlopsLens/terminalExecutionsResumed');

/** Deletes a run with its params, metrics, tags, artifacts records and inputs (files on disk stay). */
export const deleteRun = new RequestType<{ id: string }, void, void>('mlopsLens/deleteRun');

/** Re-opens the registry (after the user fixed or moved a damaged file). */
export const reopenRegistry = new RequestType0<StatusResult, void>('mlopsLens/reopenRegistry');

/** The registry changed (runs, models, ...): the client refreshes its views. */
export const registryChanged = new NotificationType<{ what: ('runs' | 'models' | 'status')[] }>('mlopsLens/registryChanged');
