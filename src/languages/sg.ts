import type { SgNode } from '@ast-grep/napi';
import type { SyntaxNode } from '../core/syntax.js';

/**
 * An ast-grep node seen as the project's `SyntaxNode`. It is one at run time (the interface is the subset
 * of SgNode the project uses, with ast-grep's semantics); only the typings differ, because ast-grep types
 * `kind()` as a union that also allows the numeric kind ids of statically typed grammars, while
 * dynamically registered grammars, which are all this project uses, always return the kind's name.
 */
export function sgSyntaxNode(node: SgNode): SyntaxNode {
  return node as unknown as SyntaxNode;
}
