import * as fs from 'node:fs';
import { describeError } from '../core/errors';
import { Registry, defaultRegistryPath } from '../core/registry';
import type { BackendState } from '../protocol';

/**
 * Owns the backend's registry connection. A registry that cannot be opened leaves the backend running in
 * state 'error' with the reason, so the editor can show it instead of losing the whole backend.
 */
export class RegistryHost {
  private registry: Registry | undefined;
  private failure: string | null = null;

  constructor(readonly file: string | null, private readonly trusted: boolean) {}

  static forWorkspace(root: string | null, override: string | undefined, trusted: boolean): RegistryHost {
    const file = override ? override : root ? defaultRegistryPath(root) : null;
    return new RegistryHost(file, trusted);
  }

  open(): void {
    this.close();
    this.failure = null;
    if (!this.file) return;
    // In an untrusted workspace nothing is created or migrated: an existing registry is read as it is.
    if (!this.trusted && !fs.existsSync(this.file)) return;
    try {
      this.registry = Registry.open(this.file, { readonly: !this.trusted });
    } catch (err) {
      this.failure = describeError(err);
    }
  }

  get state(): BackendState {
    if (!this.file) return 'no-workspace';
    return this.failure ? 'error' : 'ready';
  }

  get error(): string | null {
    return this.failure;
  }

  /** The open registry, or undefined when there is none (no workspace, untrusted and absent, or failed). */
  get current(): Registry | undefined {
    return this.registry;
  }

  close(): void {
    this.registry?.close();
    this.registry = undefined;
  }
}
