import type { SgNode } from '@ast-grep/napi';
import { resolveDotted, type ImportTable } from './imports.js';

/** A call expression with its callee resolved through the file's imports and its arguments split. */
export interface CallSite {
  node: SgNode;
  /** The callee as written: `sp.Popen`, `self.db.execute`, `get_conn().cursor().execute`. */
  calleeText: string;
  /** Resolved dotted names (first is the most likely); empty when the callee is not a dotted name. */
  callee: readonly string[];
  /** The last name segment: `execute` for `cur.execute(...)`. */
  method: string;
  /** `self.db` for `self.db.execute(...)`; null for a plain function call. */
  receiver: SgNode | null;
  /** Positional arguments in order (a `*args` splat appears as a `list_splat` node). */
  args: SgNode[];
  /** Keyword argument values by name. */
  keywords: ReadonlyMap<string, SgNode>;
  hasStarArgs: boolean;
  hasKwargsSplat: boolean;
  /** Position among the file's calls in source order (cheap to sort by, unlike native ranges). */
  order: number;
}

const DOTTED = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/;

/** The argument at a position, or the keyword of that name: `arg(call, 0, 'args')`. */
export function arg(call: CallSite, index: number, keyword?: string): SgNode | undefined {
  if (keyword !== undefined) {
    const kw = call.keywords.get(keyword);
    if (kw !== undefined) return kw;
  }
  const a = call.args[index];
  if (a === undefined || a.kind() === 'list_splat') return undefined;
  return a;
}

function splitArguments(argList: SgNode | null): {
  args: SgNode[];
  keywords: Map<string, SgNode>;
  hasStarArgs: boolean;
  hasKwargsSplat: boolean;
} {
  const args: SgNode[] = [];
  const keywords = new Map<string, SgNode>();
  let hasStarArgs = false;
  let hasKwargsSplat = false;
  if (argList === null) return { args, keywords, hasStarArgs, hasKwargsSplat };
  if (argList.kind() === 'generator_expression') {
    args.push(argList);
    return { args, keywords, hasStarArgs, hasKwargsSplat };
  }
  for (const child of argList.namedChildren()) {
    const k = child.kind();
    if (k === 'keyword_argument') {
      const name = child.field('name')?.text();
      const value = child.field('value');
      if (name !== undefined && value !== null) keywords.set(name, value);
    } else if (k === 'dictionary_splat') {
      hasKwargsSplat = true;
    } else if (k === 'comment') {
      continue;
    } else {
      if (k === 'list_splat') hasStarArgs = true;
      args.push(child);
    }
  }
  return { args, keywords, hasStarArgs, hasKwargsSplat };
}

const LAST_NAME = /(?:^|\.)\s*([\p{L}_][\p{L}\p{N}_]*)\s*$/u;

/**
 * A call site whose arguments are split only when a rule asks: most calls in a file are never looked at
 * beyond their name, and every property read of the tree is a native call.
 */
class LazyCallSite implements CallSite {
  private split: ReturnType<typeof splitArguments> | undefined;
  private recv: SgNode | null | undefined;

  constructor(
    readonly node: SgNode,
    readonly calleeText: string,
    readonly callee: readonly string[],
    readonly method: string,
    readonly order: number,
  ) {}

  private parts(): ReturnType<typeof splitArguments> {
    this.split ??= splitArguments(this.node.field('arguments'));
    return this.split;
  }

  get receiver(): SgNode | null {
    if (this.recv === undefined) {
      const fn = this.node.field('function');
      this.recv = fn?.kind() === 'attribute' ? fn.field('object') : null;
    }
    return this.recv;
  }

  get args(): SgNode[] {
    return this.parts().args;
  }

  get keywords(): ReadonlyMap<string, SgNode> {
    return this.parts().keywords;
  }

  get hasStarArgs(): boolean {
    return this.parts().hasStarArgs;
  }

  get hasKwargsSplat(): boolean {
    return this.parts().hasKwargsSplat;
  }
}

export function toCallSite(node: SgNode, imports: ImportTable, order = 0): CallSite {
  const calleeText = node.field('function')?.text() ?? '';
  const method = LAST_NAME.exec(calleeText)?.[1] ?? calleeText;
  const compact = calleeText.replace(/\s+/g, '');
  const callee = DOTTED.test(compact) ? resolveDotted(compact, imports) : [];
  return new LazyCallSite(node, calleeText, callee, method, order);
}

/**
 * Indexes every call in a file once, by resolved name and by method name, so that many rules can ask
 * for the calls they care about without walking the tree again.
 */
export class CallIndex {
  private readonly byName = new Map<string, CallSite[]>();
  private readonly byMethod = new Map<string, CallSite[]>();
  readonly all: readonly CallSite[];

  constructor(root: SgNode, imports: ImportTable) {
    const all: CallSite[] = [];
    for (const node of root.findAll({ rule: { kind: 'call' } })) {
      const site = toCallSite(node, imports, all.length);
      all.push(site);
      for (const name of site.callee) push(this.byName, name, site);
      push(this.byMethod, site.method, site);
    }
    this.all = all;
  }

  /** Calls whose callee resolves to one of the fully qualified names (`subprocess.run`, `eval`). */
  named(...names: string[]): CallSite[] {
    if (names.length === 1) return this.byName.get(names[0] ?? '') ?? [];
    const seen = new Set<CallSite>();
    for (const n of names) for (const c of this.byName.get(n) ?? []) seen.add(c);
    return [...seen].sort((a, b) => a.order - b.order);
  }

  /** Calls of a method of that name on any receiver (`.execute(...)`), or of a bare function so named. */
  method(...methods: string[]): CallSite[] {
    const seen = new Set<CallSite>();
    if (methods.length === 1) return this.byMethod.get(methods[0] ?? '') ?? [];
    for (const m of methods) for (const c of this.byMethod.get(m) ?? []) seen.add(c);
    return [...seen].sort((a, b) => a.order - b.order);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
