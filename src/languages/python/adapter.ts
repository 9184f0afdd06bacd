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
  prepare(root, source, path) {
    const imports = collectImports(root);
    const facts = {
      path,
      language: 'python' as const,
      testCode: isPythonTestPath(path),
      frameworks: recogniseFrameworks(imports),
    };
    return { ctx: createPythonContext(root, source, facts, imports), facts };
  },
};
