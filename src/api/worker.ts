// A review worker: loads the rules once, then reviews the files the pool hands it in the order given.
// The pool keeps more than one file in flight per worker; each file's read starts when its request
// arrives, so the file system works while the previous file is being analysed.
import { parentPort, workerData } from 'node:worker_threads';
import type { TestCodeMode } from '../engine/analyze.js';
import type { ReadOutcome } from '../files/read.js';
import { ALL_RULES } from '../rules/index.js';
import { failed, readTask, reviewRead, type FileOutcome, type FileTask } from './review-file.js';
import { errorMessage } from '../core/errors.js';

export interface WorkerInit {
  ruleIds: string[];
  testMode: TestCodeMode;
  maxFileSize: number;
  /** Honour `secreview-ignore` comments (off for audits). */
  inlineSuppressions: boolean;
}

export interface WorkerRequest {
  id: number;
  task: FileTask;
}

const init = workerData as WorkerInit;
const wanted = new Set(init.ruleIds);
const rules = ALL_RULES.filter((r) => wanted.has(r.meta.id));
const suppressions = init.inlineSuppressions
  ? { knownRuleIds: new Set(ALL_RULES.map((r) => r.meta.id)) }
  : false;

const queue: { req: WorkerRequest; read: Promise<ReadOutcome> }[] = [];
let draining = false;

function review(task: FileTask, read: ReadOutcome): FileOutcome {
  try {
    return reviewRead(task, read, rules, init.testMode, suppressions);
  } catch (e) {
    return failed(task.path, `analysis failed: ${errorMessage(e)}`);
  }
}

async function drain(): Promise<void> {
  if (draining) return;
  draining = true;
  try {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      const outcome = review(item.req.task, await item.read);
      parentPort?.postMessage({ id: item.req.id, outcome });
    }
  } finally {
    draining = false;
  }
}

parentPort?.on('message', (req: WorkerRequest) => {
  queue.push({ req, read: readTask(req.task, init.maxFileSize) });
  // postMessage failing means the pool is gone; nothing left to report to.
  drain().catch(() => undefined);
});
