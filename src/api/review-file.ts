import { errorMessage } from '../core/errors.js';
import type { LanguageId } from '../core/language.js';
import type { ScanError, SkippedFile } from '../core/result.js';
import {
  analyzeSource,
  type AnalyzeOptions,
  type FileAnalysis,
  type TestCodeMode,
} from '../engine/analyze.js';
import type { AnyRule } from '../engine/rule-api.js';
import { readSource, type ReadOutcome } from '../files/read.js';
import { noteParsed } from './native-memory.js';

export interface FileTask {
  absPath: string;
  path: string;
  language: LanguageId;
  /** Test code by configuration (test-file patterns), whatever the path says. */
  testCode?: boolean;
}

export type FileOutcome =
  | { kind: 'analysed'; analysis: FileAnalysis }
  | { kind: 'skipped'; skipped: SkippedFile; error?: ScanError };

/** Reads and reviews one file; never throws: every failure becomes a skip with its reason. */
export async function reviewFile(
  task: FileTask,
  rules: readonly AnyRule[],
  testMode: TestCodeMode,
  maxFileSize: number,
  suppressions: AnalyzeOptions['suppressions'] = false,
): Promise<FileOutcome> {
  return reviewRead(task, await readTask(task, maxFileSize), rules, testMode, suppressions);
}

/**
 * The reading half of a review. Callers start it for the next file before analysing the current one, so
 * the file system works while the thread parses: reading is a handful of thread-pool round trips per
 * file, which otherwise leave the review thread idle.
 */
export function readTask(task: FileTask, maxFileSize: number): Promise<ReadOutcome> {
  return readSource(task.absPath, maxFileSize);
}

/** The analysing half of a review: a file already read becomes its findings, or a skip with its reason. */
export function reviewRead(
  task: FileTask,
  read: ReadOutcome,
  rules: readonly AnyRule[],
  testMode: TestCodeMode,
  suppressions: AnalyzeOptions['suppressions'] = false,
): FileOutcome {
  if (!read.ok) {
    return {
      kind: 'skipped',
      skipped: { path: task.path, reason: read.reason, detail: read.detail },
    };
  }
  try {
    const analysis = analyzeSource(
      task.path,
      read.source,
      task.language,
      rules,
      testMode,
      read.notes,
      { suppressions, ...(task.testCode === true ? { testCode: true } : {}) },
    );
    noteParsed(read.source.length);
    return { kind: 'analysed', analysis };
  } catch (e) {
    const message = `analysis failed: ${errorMessage(e)}`;
    return failed(task.path, message);
  }
}

export function failed(path: string, message: string): FileOutcome {
  return {
    kind: 'skipped',
    skipped: { path, reason: 'analysis-failed', detail: message },
    error: { kind: 'file', path, message },
  };
}
