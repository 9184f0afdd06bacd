import type { LanguageId } from '../core/language.js';

/** What the engine knows about a file before rules run; reported per file with --per-file. */
export interface FileFacts {
  /** Relative to the scan root, POSIX separators. */
  readonly path: string;
  readonly language: LanguageId;
  /** Test code: tests/ folders, test_*.py, *_test.py, conftest.py ... */
  readonly testCode: boolean;
  /** Frameworks and notable libraries recognised from the imports (flask, django, unittest ...). */
  readonly frameworks: readonly string[];
}
