import { Worker } from 'node:worker_threads';
import type { FileOutcome, FileTask } from './review-file.js';
import { failed } from './review-file.js';
import type { WorkerInit, WorkerRequest } from './worker.js';

export interface PoolOptions {
  jobs: number;
  init: WorkerInit;
  /** A file taking longer than this is abandoned (its worker is replaced) and reported. */
  fileTimeoutMs: number;
  onOutcome: (index: number, outcome: FileOutcome) => void;
}

/** The compiled worker next to this module; absent when running from TypeScript sources (tests). */
export function workerUrl(): URL | undefined {
  if (!import.meta.url.endsWith('.js')) return undefined;
  return new URL('./worker.js', import.meta.url);
}

/**
 * Reviews files on worker threads. A worker that crashes or hangs on a file costs that file (reported as
 * analysis-failed), never the run: the worker is replaced and the queue goes on.
 */
export function runPool(tasks: readonly FileTask[], url: URL, opts: PoolOptions): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    let done = 0;
    const total = tasks.length;
    if (total === 0) {
      resolve();
      return;
    }

    const start = (): void => {
      const worker = new Worker(url, { workerData: opts.init });
      let current: { index: number; timer: NodeJS.Timeout } | undefined;

      const finish = (index: number, outcome: FileOutcome): void => {
        opts.onOutcome(index, outcome);
        done++;
        if (done === total) resolve();
      };

      const feed = (): void => {
        if (next >= total) {
          current = undefined;
          void worker.terminate();
          return;
        }
        const index = next++;
        const task = tasks[index];
        if (task === undefined) return;
        const timer = setTimeout(() => {
          current = undefined;
          finish(
            index,
            failed(task.path, `analysis timed out after ${String(opts.fileTimeoutMs / 1000)} s`),
          );
          worker.removeAllListeners();
          void worker.terminate();
          if (next < total) start();
        }, opts.fileTimeoutMs);
        current = { index, timer };
        const req: WorkerRequest = { id: index, task };
        worker.postMessage(req);
      };

      worker.on('message', (msg: { id: number; outcome: FileOutcome }) => {
        if (current?.index !== msg.id) return;
        clearTimeout(current.timer);
        current = undefined;
        finish(msg.id, msg.outcome);
        feed();
      });
      const crashed = (why: string): void => {
        worker.removeAllListeners();
        if (current !== undefined) {
          clearTimeout(current.timer);
          const { index } = current;
          current = undefined;
          const path = tasks[index]?.path ?? '?';
          finish(
            index,
            failed(path, `the review worker stopped while reviewing this file: ${why}`),
          );
        }
        if (next < total) start();
      };
      worker.on('error', (e) => {
        crashed(e.message);
      });
      worker.on('exit', (code) => {
        if (current !== undefined) crashed(`exit code ${String(code)}`);
      });
      feed();
    };

    const n = Math.max(1, Math.min(opts.jobs, total));
    for (let i = 0; i < n; i++) start();
  });
}
