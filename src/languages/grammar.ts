import { registerDynamicLanguage } from '@ast-grep/napi';
import c from '@ast-grep/lang-c';
import cpp from '@ast-grep/lang-cpp';
import python from '@ast-grep/lang-python';

let registered = false;

/** Registers the tree-sitter grammars with ast-grep once per thread (each worker registers its own). */
export function ensureGrammars(): void {
  if (registered) return;
  registerDynamicLanguage({ python, c, cpp });
  registered = true;
}
