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
 * Cost control, in order: (1) nothing is done unless the file's text holds a source token (a source
 * call or method name, a source value such as `optarg`, a function with parameter sources such as
 * `main`) as a whole word, and a sink can receive data (`hasLiveSink`); (2) only functions whose text
 * holds a source token, with parameter sources, or calling such a function are analysed on their own,
 * the others when called from one; (3) function bodies are lowered on first use.
 */
export const cTaintFindings: (ctx: CContext, spec: TaintSpec) => TaintFinding[] =
  perFileAndSpec(analyzeFile);

function analyzeFile(ctx: CContext, spec: TaintSpec): TaintFinding[] {
  const tokens = tokensOf(spec);
  const text = ctx.source;
  const { sources } = tokens;
  if (sources === undefined || !sources.test(text) || !hasLiveSink(ctx, tokens)) return [];
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
  return analyzeTaint(mod, compileSpec(spec), rootsOf(mod.functions, text, sources, spec));
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
  sources: RegExp,
  spec: TaintSpec,
): (fn: FunctionIR) => boolean {
  const paramFns = new Set(spec.sources.flatMap((s) => s.parameters?.functions ?? []));
  const texts = new Map<FunctionIR, string>();
  const roots = new Set<FunctionIR>();
  for (const fn of functions) {
    if (fn.name.startsWith('<')) continue; // lambdas: part of their function's text
    const { start, end } = fn.at.range();
    const text = source.slice(start.index, end.index);
    texts.set(fn, text);
    if (paramFns.has(fn.name) || sources.test(text)) roots.add(fn);
  }
  let fresh = [...roots];
  for (let round = 0; round < 6 && fresh.length > 0 && roots.size < texts.size; round++) {
    const called = wordsRegExp(new Set(fresh.map((f) => lastSegment(f.name))));
    fresh = [];
    if (called === undefined) break;
    for (const [fn, text] of texts) {
      if (roots.has(fn) || !called.test(text)) continue;
      roots.add(fn);
      fresh.push(fn);
    }
  }
  return (fn) => roots.has(fn);
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
    t = {
      sources: wordsRegExp(src),
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
