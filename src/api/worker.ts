// A review worker: loads the rules once, then reviews the files the pool hands it, one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import type { TestCodeMode } from '../engine/analyze.js';
import { ALL_RULES } from '../rules/index.js';
import { failed, reviewFile, type FileTask } from './review-file.js';
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

parentPort?.on('message', (msg: WorkerRequest) => {
  reviewFile(msg.task, rules, init.testMode, init.maxFileSize, suppressions)
    .catch((e: unknown) => failed(msg.task.path, `analysis failed: ${errorMessage(e)}`))
    .then((outcome) => {
      parentPort?.postMessage({ id: msg.id, outcome });
    })
    .catch(() => {
      // postMessage failing means the pool is gone; nothing left to report to.
    });
});
