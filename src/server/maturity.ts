import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { MlopsError, describeError } from '../core/errors';
import { Assessor, assessmentHistory, formatMarkdown, saveAssessment, scaffoldFix, type Scorecard } from '../core/maturity';
import * as P from '../protocol';
import type { Diagnostics } from './diagnostics';
import { withProgress } from './progress';
import type { RegistryHost } from './registry-host';
import { userErrors } from './user-errors';

/** Files changing this close together make one re-assessment. */
const DEBOUNCE_MS = 1500;

/**
 * The maturity assessment in the backend: one cached Assessor (per-file facts survive between runs, so a
 * re-score after an edit reads only what changed), fed the lint findings the workspace scan already has.
 * Each new result is stored with its commit for the trend and pushed to the editor.
 */
export class MaturityService {
  private readonly assessor: Assessor | undefined;
  private card: Scorecard | undefined;
  private running: Promise<Scorecard> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly connection: Connection, private readonly host: RegistryHost, private readonly root: string | null,
    private readonly trusted: boolean, private readonly diagnostics: Diagnostics) {
    this.assessor = root ? new Assessor(root) : undefined;
    connection.onRequest(P.assess, ({ refresh }, token) => userErrors(async () => {
      if (this.card && !refresh) return this.card;
      return withProgress(connection, 'MLOps Lens: assessing maturity', token, (signal) => this.run(signal));
    }));
    connection.onRequest(P.assessmentHistory, () => {
      const reg = this.host.current;
      if (!reg) return [];
      return assessmentHistory(reg).map((a) => ({ at: a.at, commit: a.commit, level: a.level, progressToNext: a.progress }));
    });
    connection.onRequest(P.scorecardMarkdown, () => userErrors(async () => formatMarkdown(this.card ?? (await this.run()))));
    connection.onRequest(P.scaffoldFix, ({ checkId }) => userErrors(async () => {
      if (!this.trusted) throw new MlopsError('writing files needs a trusted workspace', checkId);
      if (!this.root) throw new MlopsError('no workspace folder', checkId);
      const written = scaffoldFix(this.root, checkId);
      this.schedule();
      return { file: path.resolve(this.root, written.path) };
    }));
  }

  /** Assesses once at start-up when the workspace holds a project, so an empty folder keeps its welcome view. */
  async start(): Promise<void> {
    if (!this.assessor) return;
    try {
      const card = await this.run();
      if (card.projects.length > 0) void this.connection.sendNotification(P.maturityChanged, card);
    } catch (err) {
      this.connection.console.warn(`MLOps Lens: maturity assessment failed: ${describeError(err)}`);
    }
  }

  /** Files changed: re-assess after a quiet moment (the registry's own files do not count). */
  filesChanged(uris: string[]): void {
    const relevant = uris.some((u) => {
      const p = u.startsWith('file:') ? fileURLToPath(u) : u;
      return !/[\\/](\.mlops|\.git|node_modules)[\\/]/.test(p);
    });
    if (relevant) this.schedule();
  }

  private schedule(): void {
    if (!this.assessor) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.run().then(
        (card) => this.connection.sendNotification(P.maturityChanged, card),
        (err: unknown) => this.connection.console.warn(`MLOps Lens: maturity assessment failed: ${describeError(err)}`),
      );
    }, DEBOUNCE_MS);
  }

  private run(signal?: AbortSignal): Promise<Scorecard> {
    if (!this.assessor) return Promise.reject(new MlopsError('no workspace folder', 'maturity'));
    // One assessment at a time: a request during a run waits for that run.
    this.running ??= (async () => {
      try {
        const reg = this.host.current;
        const card = await this.assessor!.assess({
          registry: reg, findings: this.diagnostics.workspaceFindings(), signal,
          registryProblem: reg ? undefined : this.host.error ? { file: this.host.file ?? '.mlops/registry.db', why: this.host.error } : undefined,
        });
        if (reg && this.trusted) saveAssessment(reg, card);
        this.card = card;
        return card;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
