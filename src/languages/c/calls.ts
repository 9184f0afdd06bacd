import type { SyntaxNode } from '../../core/syntax.js';

/**
 * A C or C++ call with its callee split into a name and how it is reached; arguments are split only when a
 * rule asks (every property read of the tree is a native call).
 */
export interface CCallSite {
  /** The `call_expression`. */
  readonly node: SyntaxNode;
  /** The callee as written: `strcpy`, `std::free`, `proc->start`, `QProcess::execute`. */
  readonly calleeText: string;
  /** The last name of the callee, template arguments removed: `strcpy`, `start`, `execute`, `make_unique`. */
  readonly name: string;
  /**
   * The scope before the last `::`, template arguments removed: `QProcess` for `QProcess::execute`, `std`
   * for `std::free`, `''` for `::free`; null when the callee has no `::`.
   */
  readonly qualifier: string | null;
  /** The object of a member call `obj.f()` / `obj->f()`; null otherwise. */
  readonly receiver: SyntaxNode | null;
  /** `obj->f()` rather than `obj.f()`. */
  readonly arrow: boolean;
  /**
   * A plain function call: `f()`, `::f()` or `std::f()`. Member calls (`obj.f()`, `obj->f()`) and calls
   * through another scope (`QProcess::execute()`) are not plain; those are found by `methodCalls`.
   */
  readonly plain: boolean;
  /** Arguments in order, comments left out. */
  readonly args: readonly SyntaxNode[];
  /** Position among the file's calls in source order. */
  readonly order: number;
}

/** Removes template argument lists (`make_unique<char[]>` -> `make_unique`), nested ones included. */
export function stripTemplateArgs(text: string): string {
  let out = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '<') depth++;
    else if (ch === '>' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

const PLAIN_SCOPES = new Set(['', 'std']);

class LazyCCallSite implements CCallSite {
  private split: SyntaxNode[] | undefined;

  constructor(
    readonly node: SyntaxNode,
    readonly calleeText: string,
    readonly name: string,
    readonly qualifier: string | null,
    readonly receiver: SyntaxNode | null,
    readonly arrow: boolean,
    readonly order: number,
  ) {}

  get plain(): boolean {
    return this.receiver === null && (this.qualifier === null || PLAIN_SCOPES.has(this.qualifier));
  }

  get args(): readonly SyntaxNode[] {
    this.split ??= (this.node.field('arguments')?.namedChildren() ?? []).filter(
      (c) => c.kind() !== 'comment',
    );
    return this.split;
  }
}

/** Splits a call expression's callee; works for C and C++ trees. */
export function toCCallSite(node: SyntaxNode, order = 0): CCallSite {
  const fn = node.field('function');
  const calleeText = fn?.text() ?? '';
  if (fn !== null && fn.kind() === 'field_expression') {
    const receiver = fn.field('argument');
    const field = stripTemplateArgs(fn.field('field')?.text() ?? '').trim();
    const arrow = fn.children().some((c) => c.text() === '->');
    const last = /([~\w]+)\s*$/.exec(field)?.[1] ?? field;
    return new LazyCCallSite(node, calleeText, last, null, receiver, arrow, order);
  }
  const compact = stripTemplateArgs(calleeText).replace(/\s+/g, '');
  const m = /^((?:[\w~]*::)*)([~\w]+)$/.exec(compact);
  if (m === null) return new LazyCCallSite(node, calleeText, '', null, null, false, order);
  const scope = m[1] ?? '';
  const qualifier = scope === '' ? null : scope.slice(0, -2).replace(/^::/, '');
  return new LazyCCallSite(node, calleeText, m[2] ?? '', qualifier, null, false, order);
}

/** Every call of a file, indexed once by plain function name and by member name. */
export class CCallIndex {
  private readonly byName = new Map<string, CCallSite[]>();
  private readonly byMethod = new Map<string, CCallSite[]>();
  readonly all: readonly CCallSite[];

  constructor(callNodes: readonly SyntaxNode[]) {
    const all: CCallSite[] = [];
    for (const node of callNodes) {
      const site = toCCallSite(node, all.length);
      all.push(site);
      if (site.name === '') continue;
      push(site.plain ? this.byName : this.byMethod, site.name, site);
    }
    this.all = all;
  }

  /** Plain calls of these functions: `strcpy(...)`, `::strcpy(...)`, `std::strcpy(...)`. */
  named(names: readonly string[]): CCallSite[] {
    return collect(this.byName, names);
  }

  /** Member calls of these names: `obj.f()`, `obj->f()`, `Class::f()` (any object, any class). */
  method(names: readonly string[]): CCallSite[] {
    return collect(this.byMethod, names);
  }
}

function collect(map: Map<string, CCallSite[]>, names: readonly string[]): CCallSite[] {
  if (names.length === 1) return map.get(names[0] ?? '') ?? [];
  const seen = new Set<CCallSite>();
  for (const n of names) for (const c of map.get(n) ?? []) seen.add(c);
  return [...seen].sort((a, b) => a.order - b.order);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
