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

/**
 * Files handed to one worker at a time: the one being analysed and the next, whose read then overlaps
 * the analysis. More buys nothing and would leave more files to hand out again when a worker dies.
 */
const IN_FLIGHT = 2;

/** The compiled worker next to this module; absent when running from TypeScript sources (tests). */
export function workerUrl(): URL | undefined {
  if (!import.meta.url.endsWith('.js')) return undefined;
  return new URL('./worker.js', import.meta.url);
}

/**
 * Reviews files on worker threads. A worker that crashes or hangs on a file costs that file (reported as
 * analysis-failed), never the run: the worker is replaced, the files it had been handed but not started
 * go back to the queue, and the queue goes on. A worker answers in the order it was handed files, so the
 * file being analysed is always the oldest one in flight; only that one runs against the timeout.
 */
export function runPool(tasks: readonly FileTask[], url: URL, opts: PoolOptions): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    /** Handed to a worker that died before starting them; handed out again first. */
    const returned: number[] = [];
    let done = 0;
    const total = tasks.length;
    if (total === 0) {
      resolve();
      return;
    }
    const take = (): number | undefined => returned.shift() ?? (next < total ? next++ : undefined);
    const remaining = (): boolean => returned.length > 0 || next < total;

    const finish = (index: number, outcome: FileOutcome): void => {
      opts.onOutcome(index, outcome);
      done++;
      if (done === total) resolve();
    };

    const start = (): void => {
      const worker = new Worker(url, { workerData: opts.init });
      const inFlight: number[] = [];
      let timer: NodeJS.Timeout | undefined;

      /** Arms the timeout for the oldest file in flight: the one the worker is on. */
      const arm = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        const head = inFlight[0];
        if (head === undefined) return;
        timer = setTimeout(() => {
          lost(`analysis timed out after ${String(opts.fileTimeoutMs / 1000)} s`);
        }, opts.fileTimeoutMs);
      };

      const feed = (): void => {
        while (inFlight.length < IN_FLIGHT) {
          const index = take();
          if (index === undefined) break;
          const task = tasks[index];
          if (task === undefined) continue;
          inFlight.push(index);
          const req: WorkerRequest = { id: index, task };
          worker.postMessage(req);
        }
        if (inFlight.length === 0) {
          void worker.terminate();
          return;
        }
        if (timer === undefined) arm();
      };

      /** The worker is gone or hung: its current file fails, the others go back to the queue. */
      const lost = (why: string): void => {
        worker.removeAllListeners();
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        void worker.terminate();
        const [head, ...rest] = inFlight;
        inFlight.length = 0;
        returned.unshift(...rest);
        if (head !== undefined) finish(head, failed(tasks[head]?.path ?? '?', why));
        if (remaining()) start();
      };

      worker.on('message', (msg: { id: number; outcome: FileOutcome }) => {
        if (inFlight[0] !== msg.id) return;
        inFlight.shift();
        arm();
        finish(msg.id, msg.outcome);
        feed();
      });
      worker.on('error', (e) => {
        lost(`the review worker stopped while reviewing this file: ${e.message}`);
      });
      worker.on('exit', (code) => {
        if (inFlight.length > 0) {
          lost(`the review worker stopped while reviewing this file: exit code ${String(code)}`);
        }
      });
      feed();
    };

    const n = Math.max(1, Math.min(opts.jobs, total));
    for (let i = 0; i < n; i++) start();
  });
}
