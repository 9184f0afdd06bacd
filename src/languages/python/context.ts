import type { SgNode } from '@ast-grep/napi';
import type { FileFacts } from '../file-facts.js';
import { CallIndex, type CallSite } from './calls.js';
import { collectImports, resolveDotted, type ImportTable } from './imports.js';

/** What a Python rule sees: the parse tree plus facts that many rules need, computed once per file. */
export interface PythonContext {
  readonly language: 'python';
  readonly root: SgNode;
  readonly source: string;
  readonly file: FileFacts;
  readonly imports: ImportTable;
  /** Calls whose callee resolves to one of these fully qualified names (`subprocess.run`, `eval`). */
  calls: (...qualifiedNames: string[]) => CallSite[];
  /** Calls of a method (or bare function) of one of these names, whatever the receiver. */
  methodCalls: (...methods: string[]) => CallSite[];
  /** Every call in the file, in source order. */
  allCalls: () => readonly CallSite[];
  /** The fully qualified names a dotted expression may denote (`sp.PIPE` -> `subprocess.PIPE`). */
  resolve: (node: SgNode) => readonly string[];
  /**
   * Every node of a kind in the file, in source order, found once per file and shared by all rules
   * (a native walk of the whole tree per rule and kind is the main cost of a review).
   */
  nodes: (kind: string) => readonly SgNode[];
}

export function createPythonContext(
  root: SgNode,
  source: string,
  file: FileFacts,
  imports: ImportTable = collectImports(root),
): PythonContext {
  let index: CallIndex | undefined;
  const calls = (): CallIndex => (index ??= new CallIndex(root, imports));
  const byKind = new Map<string, readonly SgNode[]>();
  return {
    language: 'python',
    root,
    source,
    file,
    imports,
    calls: (...names) => calls().named(...names),
    methodCalls: (...methods) => calls().method(...methods),
    allCalls: () => calls().all,
    nodes: (kind) => {
      let found = byKind.get(kind);
      if (found === undefined) {
        found = root.findAll({ rule: { kind } });
        byKind.set(kind, found);
      }
      return found;
    },
    resolve: (node) => {
      const text = node.text().replace(/\s+/g, '');
      return /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(text) ? resolveDotted(text, imports) : [];
    },
  };
}
