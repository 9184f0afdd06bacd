import type { SgNode } from '@ast-grep/napi';
import type { CallSite } from './calls.js';
import type { PythonContext } from './context.js';
import { constantAssignments, enclosingFunction, stringValue, unwrap } from './expr.js';

/**
 * Helpers shared by the transport-security and web-configuration rules: where a call's result is
 * stored, framework settings written in their usual forms, URLs and hosts.
 */

/** The HTTP verb methods of requests / httpx / aiohttp clients and sessions. */
export const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** True when the file imports one of these top-level packages (`requests`, `flask` ...). */
export function importsAny(ctx: PythonContext, ...tops: string[]): boolean {
  for (const m of ctx.imports.modules) {
    const top = m.split('.')[0] ?? m;
    if (tops.includes(top)) return true;
  }
  return false;
}

/** True when a dotted expression resolves to one of these fully qualified names. */
export function resolvesTo(
  ctx: PythonContext,
  node: SgNode | null | undefined,
  names: ReadonlySet<string>,
): boolean {
  if (node === null || node === undefined) return false;
  return ctx.resolve(unwrap(node)).some((n) => names.has(n));
}

/**
 * Where the value of an expression is stored: `x` in `x = call()`, `self.s` in `self.s = call()`,
 * `s` in `with call() as s`. Null when it is used in place (an argument, a chained call ...).
 */
export function bindingTarget(node: SgNode): SgNode | null {
  let cur = node;
  let parent = cur.parent();
  while (parent?.kind() === 'parenthesized_expression' || parent?.kind() === 'await') {
    cur = parent;
    parent = cur.parent();
  }
  if (parent === null) return null;
  if (parent.kind() === 'assignment' && parent.field('right')?.id() === cur.id()) {
    const left = parent.field('left');
    return left !== null && (left.kind() === 'identifier' || left.kind() === 'attribute')
      ? left
      : null;
  }
  if (parent.kind() === 'as_pattern') {
    const target = parent.children().find((c) => c.kind() === 'as_pattern_target');
    const inner = target?.namedChildren()[0];
    return inner !== undefined && (inner.kind() === 'identifier' || inner.kind() === 'attribute')
      ? inner
      : null;
  }
  return null;
}

/**
 * The names (as written, `s` or `self.session`) that hold the result of one of these calls anywhere in
 * the file. Matching by text across functions is a heuristic: it follows `self.session` from `__init__`
 * into other methods, at the price of confusing two unrelated locals of the same name.
 */
export function namesBoundTo(calls: readonly CallSite[]): Map<string, SgNode[]> {
  const out = new Map<string, SgNode[]>();
  for (const call of calls) {
    const target = bindingTarget(call.node);
    if (target === null) continue;
    const key = compact(target.text());
    const list = out.get(key);
    if (list === undefined) out.set(key, [call.node]);
    else list.push(call.node);
  }
  return out;
}

export function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** A string literal, or a name bound only to string literals that all have the same value. */
export function constantString(node: SgNode | null | undefined): string | undefined {
  if (node === null || node === undefined) return undefined;
  const direct = stringValue(node);
  if (direct !== undefined) return direct;
  const values = constantAssignments(node);
  if (values === undefined || values.length === 0) return undefined;
  const strings = values.map((v) => stringValue(v));
  const first = strings[0];
  return first !== undefined && strings.every((s) => s === first) ? first : undefined;
}

/** The `key: value` pairs of a dictionary literal whose keys are plain strings. */
export function stringKeyedPairs(
  node: SgNode | null | undefined,
): { key: string; value: SgNode; pair: SgNode }[] {
  if (node === null || node === undefined) return [];
  const n = unwrap(node);
  if (n.kind() !== 'dictionary') return [];
  const out: { key: string; value: SgNode; pair: SgNode }[] = [];
  for (const pair of n.namedChildren()) {
    if (pair.kind() !== 'pair') continue;
    const k = pair.field('key');
    const v = pair.field('value');
    const key = k === null ? undefined : stringValue(k);
    if (key !== undefined && v !== null) out.push({ key, value: v, pair });
  }
  return out;
}

/**
 * The dictionary literal an argument stands for: the literal itself, or a local name assigned exactly
 * once from a dictionary literal in the same function (`headers = {...}; get(url, headers=headers)`).
 */
export function dictionaryOf(node: SgNode | null | undefined): SgNode | undefined {
  if (node === null || node === undefined) return undefined;
  const n = unwrap(node);
  if (n.kind() === 'dictionary') return n;
  if (n.kind() !== 'identifier') return undefined;
  const scope = enclosingFunction(n) ?? n.getRoot().root();
  const re = `^${n.text()}$`;
  const assigned = scope.findAll({
    rule: { kind: 'assignment', has: { field: 'left', kind: 'identifier', regex: re } },
  });
  if (assigned.length !== 1) return undefined;
  const right = assigned[0]?.field('right');
  return right !== null && right !== undefined && unwrap(right).kind() === 'dictionary'
    ? unwrap(right)
    : undefined;
}

/** How a framework setting was written. */
export type SettingForm = 'module' | 'class' | 'config-item' | 'config-call';

export interface SettingWrite {
  /** The setting's name: `DEBUG`, `SESSION_COOKIE_SECURE`. */
  name: string;
  value: SgNode;
  /** What to report: the assignment, the keyword argument or the dictionary pair. */
  node: SgNode;
  form: SettingForm;
  /** For class-level settings, the class (`class ProductionConfig:`). */
  owner?: SgNode;
}

const CONFIG_CALLS = new Set(['update', 'from_mapping', 'setdefault', 'configure']);

/**
 * Framework settings set to a value, in the forms configuration code uses:
 * - `NAME = value` as a top-level statement of a module (Django settings) or a class body (Flask config
 *   classes); assignments inside `if`/`try` blocks or functions are conditional and left out;
 * - `app.config["NAME"] = value` (any receiver whose last segment is `config`);
 * - `app.config.update(NAME=value)`, `.update({"NAME": value})`, `.from_mapping(...)`,
 *   `settings.configure(NAME=value)`.
 */
export function settingWrites(ctx: PythonContext, names: readonly string[]): SettingWrite[] {
  // Every form names the setting literally; a file that never mentions it has none (cheap text check
  // before a native walk of every assignment).
  if (!names.some((n) => ctx.source.includes(n))) return [];
  const wanted = new Set(names);
  const alternation = names.map((n) => n.replace(/[^\w]/g, '')).join('|');
  const out: SettingWrite[] = [];
  for (const asg of ctx.root.findAll({
    rule: { kind: 'assignment', has: { field: 'left', regex: `(${alternation})` } },
  })) {
    const left = asg.field('left');
    const value = asg.field('right');
    if (left === null || value === null) continue;
    if (left.kind() === 'identifier' && wanted.has(left.text())) {
      const stmt = asg.parent();
      const holder = stmt?.kind() === 'expression_statement' ? stmt.parent() : null;
      if (holder?.kind() === 'module') {
        out.push({ name: left.text(), value, node: asg, form: 'module' });
      } else if (holder?.kind() === 'block' && holder.parent()?.kind() === 'class_definition') {
        const owner = holder.parent();
        if (owner !== null) out.push({ name: left.text(), value, node: asg, form: 'class', owner });
      }
    } else if (left.kind() === 'subscript') {
      const obj = left.field('value');
      const key = left.field('subscript');
      const name = key === null ? undefined : stringValue(key);
      if (name !== undefined && wanted.has(name) && obj !== null && isConfigObject(obj)) {
        out.push({ name, value, node: asg, form: 'config-item' });
      }
    }
  }
  for (const call of ctx.methodCalls(...CONFIG_CALLS)) {
    if (call.receiver === null) continue;
    const isConfig =
      isConfigObject(call.receiver) ||
      (call.method === 'configure' && call.callee.includes('django.conf.settings.configure'));
    if (!isConfig) continue;
    for (const kw of keywordArguments(call.node)) {
      const name = kw.field('name')?.text();
      const value = kw.field('value');
      if (name !== undefined && value !== null && wanted.has(name)) {
        out.push({ name, value, node: kw, form: 'config-call' });
      }
    }
    for (const a of call.args) {
      for (const { key, value, pair } of stringKeyedPairs(a)) {
        if (wanted.has(key)) out.push({ name: key, value, node: pair, form: 'config-call' });
      }
    }
  }
  return out.sort((a, b) => a.node.range().start.index - b.node.range().start.index);
}

function isConfigObject(node: SgNode): boolean {
  const text = compact(unwrap(node).text());
  return /(^|\.)config$/i.test(text);
}

/** The keyword_argument nodes of a call. */
export function keywordArguments(call: SgNode): SgNode[] {
  const list = call.field('arguments');
  if (list === null) return [];
  return list.namedChildren().filter((c) => c.kind() === 'keyword_argument');
}

/** Module-level names the file assigns at top level (`ALLOWED_HOSTS`, `INSTALLED_APPS` ...). */
export function moduleLevelNames(ctx: PythonContext): Set<string> {
  const out = new Set<string>();
  for (const stmt of ctx.root.namedChildren()) {
    if (stmt.kind() !== 'expression_statement') continue;
    const asg = stmt.namedChildren()[0];
    if (asg?.kind() !== 'assignment') continue;
    const left = asg.field('left');
    if (left?.kind() === 'identifier') out.add(left.text());
  }
  return out;
}

const DJANGO_MARKERS = [
  'INSTALLED_APPS',
  'ALLOWED_HOSTS',
  'ROOT_URLCONF',
  'MIDDLEWARE',
  'SECRET_KEY',
];

/**
 * A Django-style settings module: a file named `settings*.py` or inside a `settings/` folder, or one
 * that sets at least one of the settings every Django project has (INSTALLED_APPS, ALLOWED_HOSTS ...).
 */
export function isSettingsModule(ctx: PythonContext): boolean {
  const parts = ctx.file.path.split('/');
  const base = parts[parts.length - 1] ?? '';
  if (/^settings.*\.py$/i.test(base) || /_settings\.py$/i.test(base)) return true;
  if (parts.slice(0, -1).includes('settings')) return true;
  const names = moduleLevelNames(ctx);
  return DJANGO_MARKERS.some((m) => names.has(m));
}

/**
 * A settings file meant for a developer machine or CI: `settings/dev.py`, `local_settings.py`,
 * `settings_test.py`. Development defaults there (DEBUG on, insecure cookies) are deliberate.
 */
export function isDevelopmentSettingsPath(path: string): boolean {
  const parts = path.split('/');
  const base = (parts[parts.length - 1] ?? '').replace(/\.py$/i, '').toLowerCase();
  return /(^|[_.-])(dev|devel|develop|development|local|test|tests|testing|ci|debug)($|[_.-])/.test(
    base,
  );
}

/** Hosts that never leave the machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(h) ||
    h === '::1' ||
    h === '0:0:0:0:0:0:0:1'
  );
}

/** Addresses that mean "every interface" when a server binds them. */
export function isAllInterfacesAddress(value: string): boolean {
  const v = value.trim();
  return v === '0.0.0.0' || v === '' || v === '::' || v === '0:0:0:0:0:0:0:0';
}

/**
 * The literal beginning of a string expression: the whole value of a literal, the text before the first
 * interpolation of an f-string, the left operand of `+`, the template of `%` or `.format()`, or the value
 * of a name bound to one string literal. `complete` says whether the whole string is known.
 */
export function literalPrefix(
  node: SgNode | null | undefined,
): { text: string; complete: boolean } | undefined {
  if (node === null || node === undefined) return undefined;
  const n = unwrap(node);
  const whole = constantString(n);
  if (whole !== undefined) return { text: whole, complete: true };
  const k = n.kind();
  if (k === 'string') {
    let text = '';
    for (const c of n.children()) {
      if (c.kind() === 'interpolation') return { text, complete: false };
      if (c.kind() === 'string_content') text += c.text();
    }
    return { text, complete: true };
  }
  if (k === 'concatenated_string') {
    const first = n.namedChildren().find((c) => c.kind() === 'string');
    const p = literalPrefix(first);
    return p === undefined ? undefined : { text: p.text, complete: false };
  }
  if (k === 'binary_operator') {
    const op = n.field('operator')?.text();
    const left = n.field('left');
    if (op !== '+' && op !== '%') return undefined;
    const p = literalPrefix(left);
    return p === undefined ? undefined : { text: p.text, complete: false };
  }
  if (k === 'call') {
    const fn = n.field('function');
    if (fn?.kind() === 'attribute' && fn.field('attribute')?.text() === 'format') {
      const p = literalPrefix(fn.field('object'));
      return p === undefined ? undefined : { text: p.text, complete: false };
    }
  }
  return undefined;
}

/**
 * The scheme and host of a URL's literal prefix (`http://api.example.com/...`). `host` is undefined
 * when the host is not fully literal (`f"http://{host}/"`).
 */
export function urlParts(
  node: SgNode | null | undefined,
): { scheme: string; host: string | undefined } | undefined {
  const p = literalPrefix(node);
  if (p === undefined) return undefined;
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(p.text);
  if (m === null) return undefined;
  const scheme = (m[1] ?? '').toLowerCase();
  const rest = m[2] ?? '';
  const authority = /^([^/?#]*)([/?#]|$)/.exec(rest);
  const hostEnded = authority !== null && (authority[2] !== '' || p.complete);
  if (authority === null || !hostEnded) return { scheme, host: undefined };
  const hostPort = (authority[1] ?? '').replace(/^.*@/, '');
  const host = hostPort.startsWith('[')
    ? hostPort.slice(0, hostPort.indexOf(']') + 1)
    : hostPort.replace(/:\d*$/, '');
  return { scheme, host };
}

/** The nearest enclosing function, or the module, as the scope a local check is made in. */
export function functionOrModule(node: SgNode): SgNode {
  return enclosingFunction(node) ?? node.getRoot().root();
}

/** True when both nodes are in the same function (or both at module level). */
export function sameFunction(a: SgNode, b: SgNode): boolean {
  return functionOrModule(a).id() === functionOrModule(b).id();
}

const CERT_NONE = new Set(['ssl.CERT_NONE']);

/** `ssl.CERT_NONE`, or the strings urllib3 accepts for it (`"CERT_NONE"`, `"NONE"`). */
export function isCertNone(ctx: PythonContext, node: SgNode | undefined | null): boolean {
  if (node === undefined || node === null) return false;
  const s = stringValue(node);
  if (s !== undefined) return s === 'CERT_NONE' || s === 'NONE';
  return resolvesTo(ctx, node, CERT_NONE);
}

/**
 * True inside the body of an `if`/`elif` whose condition matches, or inside a function or class whose
 * name matches (`if app.testing:`, `def create_test_app():`, `class DevelopmentConfig:`). The `else`
 * of such a branch does not count.
 */
export function insideBranchOrDefinition(node: SgNode, pattern: RegExp): boolean {
  let prev = node;
  for (const a of node.ancestors()) {
    const k = a.kind();
    if (k === 'if_statement' || k === 'elif_clause') {
      const inBody = a.field('consequence')?.id() === prev.id();
      if (inBody && pattern.test(a.field('condition')?.text() ?? '')) return true;
    } else if (k === 'function_definition' || k === 'class_definition') {
      if (pattern.test(a.field('name')?.text() ?? '')) return true;
    }
    prev = a;
  }
  return false;
}

/**
 * Method calls made on the object one of these calls created: `s = requests.Session(); s.get(...)`,
 * `with smtplib.SMTP(host) as s: s.login(...)`, `requests.Session().get(...)`. A plain name must be used
 * in the function that bound it; an attribute (`self.session`) may be used anywhere in the file.
 */
export function methodCallsOnResultOf(
  ctx: PythonContext,
  factories: readonly CallSite[],
  methods: readonly string[],
): CallSite[] {
  if (factories.length === 0) return [];
  const direct = new Set(factories.map((f) => f.node.id()));
  const bound: { key: string; target: SgNode; factory: SgNode }[] = [];
  for (const f of factories) {
    const target = bindingTarget(f.node);
    if (target !== null) bound.push({ key: compact(target.text()), target, factory: f.node });
  }
  return ctx.methodCalls(...methods).filter((m) => {
    if (m.receiver === null) return false;
    const receiver = unwrap(m.receiver);
    if (direct.has(receiver.id())) return true;
    const key = compact(receiver.text());
    return bound.some(
      (b) => b.key === key && (b.target.kind() === 'attribute' || sameFunction(m.node, b.factory)),
    );
  });
}

/** The name of a function or class definition. */
export function nameOf(def: SgNode | null | undefined): string | undefined {
  // The grammar types declare `name` required, but error recovery can leave it out.
  const name = def?.field('name') as SgNode | null | undefined;
  return name?.text();
}
