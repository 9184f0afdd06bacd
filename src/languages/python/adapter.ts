import { parse, type SgNode } from '@ast-grep/napi';
import type { FileFacts } from '../file-facts.js';
import { ensureGrammars } from '../grammar.js';
import { sgSyntaxNode } from '../sg.js';
import { mayHaveMissingTokens } from './recovery.js';
import type { LanguageAdapter } from '../adapter.js';
import { createPythonContext, type PythonContext } from './context.js';
import { isPythonTestPath, recogniseFrameworks } from './facts.js';
import { collectImports } from './imports.js';

export const pythonAdapter: LanguageAdapter<PythonContext> = {
  id: 'python',
  displayName: 'Python',
  grammar: 'python',
  extensions: ['py', 'pyw', 'pyi'],
  shebang: /^#!.*\bpython[\d.]*\b/,
  lineComment: '#',
  isTestPath: isPythonTestPath,
  mayHaveMissingTokens,
  load(source, path) {
    ensureGrammars();
    const root = parse('python', source).root();
    return { root: sgSyntaxNode(root), ...preparePython(root, source, path) };
  },
};

/** Builds a Python rule context from an ast-grep tree. */
export function preparePython(
  root: SgNode,
  source: string,
  path: string,
): { ctx: PythonContext; facts: FileFacts } {
  const imports = collectImports(root);
  const facts = {
    path,
    language: 'python' as const,
    testCode: isPythonTestPath(path),
    frameworks: recogniseFrameworks(imports),
  };
  return { ctx: createPythonContext(root, source, facts, imports), facts };
}
