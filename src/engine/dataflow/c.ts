import type { SyntaxNode } from '../../core/syntax.js';
import type { CContext } from '../../languages/c/context.js';
import { classSpans, lowerCModule, memberDeclarations } from '../../languages/c/lower.js';
import { compileSpec } from './compiled.js';
import { analyzeTaint } from './engine.js';
import type { FunctionIR } from './ir.js';
import { perFileAndSpec } from './memo.js';
import type { TaintSpec } from './spec.js';
import type { TaintFinding } from './trace.js';

/**
 * The dataflow analysis of one C or C++ file for one spec, computed on first use and shared by every C
 * taint rule of the run (memoised on the file's context).
 *
 * Parameters of the functions nothing in the file refers to are sources for the sink kinds of the
 * spec's `uncalledParameters` entries (`uncalledFunctions`, passed to the engine as `isEntry`).
 *
 * Cost control, in order: (1) nothing is done unless the file's text holds a source token (a source
 * call or method name, a source value such as `optarg`, a function with parameter sources such as
 * `main`) as a whole word, or the spec has `uncalledParameters` sources, and a sink can receive data
 * (`hasLiveSink`); (2) only functions whose text holds a source token, with parameter sources, or
 * calling such a function are analysed on their own, and uncalled functions naming a sink of those
 * kinds or calling a function that does; the others when called from one; (3) function bodies are
 * lowered on first use.
 */
export const cTaintFindings: (ctx: CContext, spec: TaintSpec) => TaintFinding[] =
  perFileAndSpec(analyzeFile);

function analyzeFile(ctx: CContext, spec: TaintSpec): TaintFinding[] {
  const tokens = tokensOf(spec);
  const text = ctx.source;
  const { sources } = tokens;
  const withSource = sources?.test(text) === true;
  // Parameters of uncalled functions are sources too (`uncalledParameters`): no source token needed.
  if ((!withSource && tokens.entrySinks === undefined) || !hasLiveSink(ctx, tokens)) return [];
  const { namespaces, names } = usingDirectives(text);
  let members: ReturnType<typeof memberDeclarations> | undefined;
  let unions: Set<string> | undefined;
  const memberInfo = (): ReturnType<typeof memberDeclarations> =>
    (members ??= memberDeclarations(ctx.nodes('field_declaration')));
  const functions = ctx.functions().map((f) => ({ node: f.node, name: f.name }));
  const mod = lowerCModule(ctx.root, functions, {
    macros: ctx.macros,
    source: text,
    unionTypes: () => (unions ??= unionTypes(text)),
    usingNamespaces: namespaces,
    usingNames: names,
    memberType: (name) => memberInfo().types.get(name),
    memberNames: () => memberInfo().names,
    // Methods defined inside a class body: only C++ has them.
    classSpans: () =>
      ctx.isCpp && /\b(?:class|struct)\b/.test(text)
        ? classSpans([...ctx.nodes('class_specifier'), ...ctx.nodes('struct_specifier')])
        : [],
  });
  const entries = tokens.entrySinks === undefined ? new Set<number>() : uncalledFunctions(ctx);
  const isEntry = (fn: FunctionIR): boolean =>
    !fn.name.startsWith('<') && entries.has(fn.at.range().start.index);
  const entry = tokens.entrySinks === undefined ? undefined : { isEntry, sinks: tokens.entrySinks };
  const roots = rootsOf(mod.functions, text, withSource ? sources : undefined, spec, entry);
  if (!withSource && !mod.functions.some(roots)) return [];
  return analyzeTaint(mod, compileSpec(spec), roots, isEntry);
}

/**
 * Start offsets of the function definitions nothing in the file refers to: no call, no function
 * pointer, no `connect(..., &C::slot)`, no macro naming them, outside their own body (recursion is
 * not a caller); prototypes and other definitions of the name do not count. Their parameters come from
 * code out of sight (`uncalledParameters`). Left out: constructors, destructors and operators (reached
 * through types and expressions, not names), and `static` free functions outside headers, which
 * nothing can call at all (dead code, or called through a name built by the preprocessor).
 */
function uncalledFunctions(ctx: CContext): Set<number> {
  const refs = new Map<string, number[]>();
  for (const kind of ['identifier', 'field_identifier']) {
    for (const n of ctx.nodes(kind)) {
      if (isDeclaredName(n)) continue;
      const at = n.range().start.index;
      const list = refs.get(n.text());
      if (list === undefined) refs.set(n.text(), [at]);
      else list.push(at);
    }
  }
  // Names in macros of the file, and Qt's `SLOT(name(T*, U))` (whose argument does not parse as a call).
  const macroWords = new Set<string>();
  for (const [, value] of ctx.macros) for (const w of value.match(/\w+/g) ?? []) macroWords.add(w);
  for (const m of ctx.source.matchAll(/\b(?:SLOT|SIGNAL)\s*\(\s*(\w+)/g))
    macroWords.add(m[1] ?? '');
  const header = /\.(?:h|hh|hpp|hxx|h\+\+|inl)$/i.test(ctx.path);
  const out = new Set<number>();
  for (const f of ctx.functions()) {
    const name = lastSegment(f.name);
    const node = f.node;
    if (node.field('type') === null || /^(?:~|operator\b)/.test(name)) continue;
    if (!header && isStaticFreeFunction(node)) continue;
    if (macroWords.has(name)) continue;
    const { start, end } = node.range();
    const uses = refs.get(name) ?? [];
    if (uses.some((i) => i < start.index || i >= end.index)) continue;
    out.add(start.index);
  }
  return out;
}

/** The name in a function's declarator (`int f(void);`, `void C::m() {}`): a declaration, not a use. */
function isDeclaredName(n: SyntaxNode): boolean {
  let cur = n;
  let parent = cur.parent();
  while (parent?.kind() === 'qualified_identifier') {
    cur = parent;
    parent = cur.parent();
  }
  return parent?.kind() === 'function_declarator' && parent.field('declarator')?.id() === cur.id();
}

/** `static void f(...) {...}` at file or namespace scope (not a static member function). */
function isStaticFreeFunction(node: SyntaxNode): boolean {
  if (node.parent()?.kind() === 'field_declaration_list') return false;
  return node
    .children()
    .some((c) => c.kind() === 'storage_class_specifier' && c.text() === 'static');
}

/**
 * Functions analysed on their own: those whose text holds a source token or that have parameter
 * sources, and, transitively, those calling one of them by name (a helper filling an out-parameter or
 * returning input taints its callers, which hold no source token themselves). Texts are sliced from
 * the file by range (one read of the tree per function).
 */
function rootsOf(
  functions: readonly FunctionIR[],
  source: string,
  sources: RegExp | undefined,
  spec: TaintSpec,
  entry: { isEntry: (fn: FunctionIR) => boolean; sinks: RegExp } | undefined,
): (fn: FunctionIR) => boolean {
  const paramFns = new Set(spec.sources.flatMap((s) => s.parameters?.functions ?? []));
  const texts = new Map<FunctionIR, string>();
  const roots = new Set<FunctionIR>();
  for (const fn of functions) {
    if (fn.name.startsWith('<')) continue; // lambdas: part of their function's text
    const { start, end } = fn.at.range();
    const text = source.slice(start.index, end.index);
    texts.set(fn, text);
    if (paramFns.has(fn.name) || sources?.test(text) === true) roots.add(fn);
  }
  closeOverCallers(roots, texts);
  // Uncalled functions whose parameters are sources: those that may reach one of the sinks of those
  // sources, in their own text or through functions of the file they call.
  if (entry !== undefined) {
    const { isEntry, sinks } = entry;
    const reach = new Set([...texts].filter(([, text]) => sinks.test(text)).map(([fn]) => fn));
    closeOverCallers(reach, texts);
    for (const fn of reach) if (isEntry(fn)) roots.add(fn);
  }
  return (fn) => roots.has(fn);
}

/** Adds to `set`, transitively (bounded), the functions whose text calls one of its functions by name. */
function closeOverCallers(set: Set<FunctionIR>, texts: ReadonlyMap<FunctionIR, string>): void {
  let fresh = [...set];
  for (let round = 0; round < 6 && fresh.length > 0 && set.size < texts.size; round++) {
    const called = wordsRegExp(new Set(fresh.map((f) => lastSegment(f.name))));
    fresh = [];
    if (called === undefined) break;
    for (const [fn, text] of texts) {
      if (set.has(fn) || !called.test(text)) continue;
      set.add(fn);
      fresh.push(fn);
    }
  }
}

/** Argument kinds that are fixed in the program: a sink given only these cannot receive input. */
const LITERAL_KINDS = new Set<unknown>([
  'string_literal',
  'concatenated_string',
  'raw_string_literal',
  'char_literal',
  'number_literal',
  'null',
  'nullptr',
  'true',
  'false',
  'sizeof_expression',
]);

/**
 * Whether some sink of the spec can receive data: a call of a sink name with a non-literal argument in
 * a dangerous position, or a type-like sink name (a constructor such as `QSqlQuery`, which may be a
 * declaration rather than a call) in the text. `printf("%d\n", n)` is not one: most files of a program
 * call sinks only with constant formats and commands.
 */
function hasLiveSink(ctx: CContext, tokens: Tokens): boolean {
  const { plans, typeLike } = tokens;
  if (typeLike?.test(ctx.source) === true) return true;
  if (tokens.sinks?.test(ctx.source) !== true) return false;
  // `#define RUN system`: calls of RUN are calls of system.
  const aliases = new Map<string, string>();
  for (const [name, value] of ctx.macros) {
    const target = lastSegment(value.trim());
    if (plans.has(target)) aliases.set(name, target);
  }
  const names = [...plans.keys(), ...aliases.keys()];
  for (const call of [...ctx.calls(...names), ...ctx.methodCalls(...names)]) {
    const args = call.args;
    for (const plan of plans.get(aliases.get(call.name) ?? call.name) ?? []) {
      if (plan === 'all') {
        if (args.some((a) => !LITERAL_KINDS.has(a.kind()))) return true;
        continue;
      }
      const dangerous = [
        ...plan.args.map((i) => args[i]),
        ...(plan.from === undefined ? [] : args.slice(plan.from)),
      ];
      if (dangerous.some((a) => a !== undefined && !LITERAL_KINDS.has(a.kind()))) return true;
    }
  }
  return false;
}

/** Dangerous argument positions of a sink name: listed, plus every one from `from`; or all. */
type SinkPlan = 'all' | { args: readonly number[]; from?: number };

interface Tokens {
  /** Whole-word names of the spec's sources; undefined when it has none. */
  sources: RegExp | undefined;
  sinks: RegExp | undefined;
  /** Sink call names (last `::` segment) -> their dangerous positions. */
  plans: ReadonlyMap<string, readonly SinkPlan[]>;
  /** Sink names that are types (constructors), or stores: present in the text means live. */
  typeLike: RegExp | undefined;
  /**
   * Sink names (last `::` segments, method names) of the kinds `uncalledParameters` sources apply to;
   * undefined when the spec has no such source.
   */
  entrySinks: RegExp | undefined;
}

const tokenCache = new WeakMap<TaintSpec, Tokens>();

function tokensOf(spec: TaintSpec): Tokens {
  let t = tokenCache.get(spec);
  if (t === undefined) {
    const src = new Set<string>();
    for (const s of spec.sources) {
      for (const c of s.calls ?? []) src.add(lastSegment(c));
      for (const m of s.methods ?? []) src.add(m);
      for (const v of s.values ?? []) src.add(lastSegment(v));
      for (const f of s.parameters?.functions ?? []) src.add(f);
    }
    const snk = new Set<string>();
    const typeLike = new Set<string>();
    const plans = new Map<string, SinkPlan[]>();
    for (const s of spec.sinks) {
      const plan: SinkPlan =
        s.receiverIsSink === true || (s.args === undefined && s.argsFrom === undefined)
          ? 'all'
          : { args: s.args ?? [], ...(s.argsFrom !== undefined ? { from: s.argsFrom } : {}) };
      const names = [...(s.calls ?? []).map(lastSegment), ...(s.methods ?? [])];
      for (const n of names) {
        snk.add(n);
        const list = plans.get(n);
        if (list === undefined) plans.set(n, [plan]);
        else list.push(plan);
      }
      // `QSqlQuery q(sql);` is a declaration, not a call: its presence is enough.
      for (const c of s.calls ?? []) {
        const last = lastSegment(c);
        if (/^[A-Z]/.test(last) && (c === last || c.endsWith(`::${last}::${last}`))) {
          typeLike.add(last);
        }
      }
    }
    const entryKinds = new Set(spec.sources.flatMap((s) => s.uncalledParameters?.kinds ?? []));
    const entrySinks = spec.sinks
      .filter((s) => entryKinds.has(s.kind))
      .flatMap((s) => [...(s.calls ?? []).map(lastSegment), ...(s.methods ?? [])]);
    t = {
      sources: wordsRegExp(src),
      entrySinks: wordsRegExp(new Set(entrySinks)),
      sinks: wordsRegExp(snk),
      plans,
      typeLike: constructions(typeLike),
    };
    tokenCache.set(spec, t);
  }
  return t;
}

/** `T name(...)`, `T name{...}` and `new T` for these type names: constructions that are not calls. */
function constructions(types: ReadonlySet<string>): RegExp | undefined {
  if (types.size === 0) return undefined;
  const alts = [...types].sort().join('|');
  return new RegExp(`\\b(?:${alts})\\s+[A-Za-z_]\\w*\\s*[({]|\\bnew\\s+(?:${alts})\\b`);
}

function wordsRegExp(words: ReadonlySet<string>): RegExp | undefined {
  if (words.size === 0) return undefined;
  const alts = [...words].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort();
  return new RegExp(`\\b(?:${alts.join('|')})\\b`);
}

function lastSegment(name: string): string {
  const i = name.lastIndexOf('::');
  return i === -1 ? name : name.slice(i + 2);
}

/** Names of the file's union types: `union tag {`, `typedef union [tag] { ... } name;`. */
function unionTypes(text: string): Set<string> {
  const out = new Set<string>();
  if (!text.includes('union')) return out;
  for (const m of text.matchAll(/\bunion\s+(\w+)\s*\{/g)) out.add(m[1] ?? '');
  for (const m of text.matchAll(/\btypedef\s+union\b(?:\s+\w+)?\s*\{[^}]*\}\s*(\w+)\s*;/g))
    out.add(m[1] ?? '');
  return out;
}

/** `using namespace X;` and `using X::f;` directives of the file (read from its text). */
function usingDirectives(text: string): {
  namespaces: string[];
  names: Map<string, string>;
} {
  const namespaces: string[] = [];
  const names = new Map<string, string>();
  if (!text.includes('using')) return { namespaces, names };
  for (const m of text.matchAll(/\busing\s+namespace\s+((?:::)?\w+(?:\s*::\s*\w+)*)\s*;/g)) {
    const ns = (m[1] ?? '').replace(/\s+/g, '').replace(/^::/, '');
    if (ns !== '' && !namespaces.includes(ns)) namespaces.push(ns);
  }
  for (const m of text.matchAll(/\busing\s+((?:::)?\w+(?:\s*::\s*\w+)+)\s*;/g)) {
    const q = (m[1] ?? '').replace(/\s+/g, '').replace(/^::/, '');
    names.set(lastSegment(q), q);
  }
  return { namespaces, names };
}
