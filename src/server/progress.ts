import type { CancellationToken, Connection } from 'vscode-languageserver/node';

/**
 * Runs a long job with server-side progress (`$/progress`) and one AbortSignal fed by both the request's
 * cancellation and the progress UI's cancel button.
 */
export async function withProgress<T>(connection: Connection, title: string, token: CancellationToken | undefined,
  job: (signal: AbortSignal, report: (done: number, total: number, message?: string) => void) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  token?.onCancellationRequested(() => controller.abort());
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin(title, 0, undefined, true);
  progress.token.onCancellationRequested(() => controller.abort());
  try {
    return await job(controller.signal, (done, total, message) => progress.report(total > 0 ? Math.round((done / total) * 100) : 0, message ?? `${done}/${total}`));
  } finally {
    progress.done();
  }
}
