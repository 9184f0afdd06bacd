import type { LanguageId } from '../core/language.js';
import type { SyntaxNode } from '../core/syntax.js';
import type { FileFacts } from './file-facts.js';

/** Everything language-specific the pipeline needs: a language is this adapter plus a rule pack. */
export interface LanguageAdapter<Ctx = unknown> {
  readonly id: LanguageId;
  readonly displayName: string;
  /**
   * The grammar's name: ast-grep's for Python (also used to cut files into pieces for the model), the
   * tree-sitter grammar's for C and C++ (parsed by their adapter, `./c/tree.ts`).
   */
  readonly grammar: string;
  /** File name endings, without the dot. */
  readonly extensions: readonly string[];
  /** Matches an interpreter line (`#!/usr/bin/env python3`) for files without a known ending. */
  readonly shebang: RegExp;
  /** Line comment marker, for suppressions and annotated fixtures. */
  readonly lineComment: string;
  isTestPath(path: string): boolean;
  /**
   * False when the text rules out tokens invented by the parser's error recovery (zero-width nodes), so
   * the engine can skip looking for them; absent means they are always looked for.
   */
  mayHaveMissingTokens?(source: string): boolean;
  /**
   * Content-based refinement of a language chosen by file name: a `.h` file is C by its name but parsed as
   * C++ when its text uses C++ constructs. Returns the language to review the file as.
   */
  refine?(path: string, source: string): LanguageId;
  /**
   * Parses a file and builds the context rules of this language receive, and the facts reported for the
   * file. `root` is the tree's root, which the engine searches for syntax errors and suppression comments.
   */
  load(source: string, path: string): { root: SyntaxNode; ctx: Ctx; facts: FileFacts };
}
