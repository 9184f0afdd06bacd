import { registerDynamicLanguage } from '@ast-grep/napi';
import python from '@ast-grep/lang-python';

let registered = false;

/**
 * Registers the grammars ast-grep parses with, once per thread (each worker registers its own): Python.
 * C and C++ are parsed with tree-sitter directly (`./c/tree.ts`).
 */
export function ensureGrammars(): void {
  if (registered) return;
  registerDynamicLanguage({ python });
  registered = true;
}
