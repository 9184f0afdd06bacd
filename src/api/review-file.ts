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
import { readSource } from '../files/read.js';
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
  const read = await readSource(task.absPath, maxFileSize);
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
