import type { PythonContext } from '../../languages/python/context.js';
import { lowerPythonModule } from '../../languages/python/lower.js';
import { compileSpec, type CompiledSpec } from './compiled.js';
import { analyzeTaint } from './engine.js';
import type { FunctionIR, ModuleIR } from './ir.js';
import { perFileAndSpec } from './memo.js';
import type { TaintSpec } from './spec.js';
import type { TaintFinding } from './trace.js';

/**
 * The dataflow analysis of one Python file for one spec, computed on first use and shared by every
 * dataflow rule of the run (memoised on the file's context). The intermediate form is built only when
 * the file can hold both a source and a sink of the spec; rules' `requires` prefilters skip most files
 * before this is reached.
 */
const lowered = new WeakMap<PythonContext, ModuleIR>();
export const pythonTaintFindings: (ctx: PythonContext, spec: TaintSpec) => TaintFinding[] =
  perFileAndSpec(analyzeFile);

function analyzeFile(ctx: PythonContext, spec: TaintSpec): TaintFinding[] {
  const compiled = compileSpec(spec);
  let found: TaintFinding[] = [];
  const tokens = sourceTokens(ctx, compiled);
  if (tokens.length > 0 && hasSinkCandidate(ctx, compiled)) {
    let mod = lowered.get(ctx);
    if (mod === undefined) {
      mod = lowerPythonModule(ctx.root, ctx.imports);
      lowered.set(ctx, mod);
    }
    const text = new Map<FunctionIR, string>();
    found = analyzeTaint(mod, compiled, (fn) => {
      let t = text.get(fn);
      if (t === undefined) {
        t = fn.at.text();
        text.set(fn, t);
      }
      const body = t;
      return tokens.some((tok) => body.includes(tok));
    });
  }
  return found;
}

/**
 * False when no source of the spec can occur in the file: no call of a source, no import through which
 * a source value is reached, no framework handler. Cheap: the call index and import table are shared.
 */
function sourceTokens(ctx: PythonContext, spec: CompiledSpec): string[] {
  const { source } = ctx;
  const tokens = new Set<string>();
  for (const s of spec.spec.sources) {
    if (s.calls !== undefined && s.calls.length > 0) {
      for (const c of ctx.calls(...s.calls)) tokens.add(lastSegment(c.calleeText));
    }
    if (s.methods !== undefined && s.methods.length > 0) {
      const re = s.receiver === undefined ? undefined : new RegExp(s.receiver, 'i');
      for (const c of ctx.methodCalls(...s.methods)) {
        if (re === undefined || (c.receiver !== null && re.test(c.receiver.text())))
          tokens.add(c.method);
      }
    }
    for (const v of s.values ?? []) {
      const token = valueToken(ctx, v);
      if (token !== undefined) tokens.add(token);
    }
    const sa = s.selfAttributes;
    if (sa?.bases.some((b) => source.includes(lastSegment(b))) === true) {
      for (const a of sa.attributes) tokens.add(a);
    }
  }
  for (const h of spec.handlers) {
    if (!imports(ctx, h.imports)) continue;
    for (const p of h.firstParam ?? []) {
      // A function whose first parameter (after `self`) has that name.
      const def = new RegExp(`def\\s+\\w+\\s*\\(\\s*(?:self\\s*,\\s*)?${p}\\b`);
      if (source.includes(p) && def.test(source)) tokens.add(p);
    }
    // Decorated handlers are roots by themselves; the token only keeps the file in.
    if (h.decorators?.some((d) => source.includes(`.${d}(`)) === true) tokens.add('@');
  }
  return [...tokens];
}

/**
 * The text a function must contain to read `value` (`flask.request.args`) through this file's imports:
 * the value's last name (`args`), or undefined when no import reaches the value.
 */
function valueToken(ctx: PythonContext, value: string): string | undefined {
  const last = lastSegment(value);
  for (const [local, qn] of ctx.imports.bindings) {
    if (qn === value) return local;
    if (value.startsWith(`${qn}.`)) {
      const rest = value.slice(qn.length + 1).split('.');
      if (rest.every((seg) => ctx.source.includes(seg))) return last;
    }
  }
  for (const m of ctx.imports.starModules) if (value.startsWith(`${m}.`)) return last;
  return undefined;
}

function lastSegment(name: string): string {
  const i = name.lastIndexOf('.');
  return i === -1 ? name : name.slice(i + 1);
}

/** A call, store or handler return that some sink of the spec may match exists in the file. */
function hasSinkCandidate(ctx: PythonContext, spec: CompiledSpec): boolean {
  for (const s of spec.spec.sinks) {
    const frameworks = s.handlerReturn ?? [];
    if (spec.handlers.some((h) => frameworks.includes(h.framework) && imports(ctx, h.imports))) {
      return true;
    }
    if (s.calls !== undefined && s.calls.length > 0 && ctx.calls(...s.calls).length > 0)
      return true;
    if (
      s.methods !== undefined &&
      s.methods.length > 0 &&
      ctx.methodCalls(...s.methods).length > 0
    ) {
      return true;
    }
    for (const a of s.stores ?? []) if (ctx.source.includes(`${a}[`)) return true;
    for (const q of s.storesInto ?? []) if (ctx.source.includes(lastSegment(q))) return true;
  }
  return false;
}

/** The file imports one of these top-level modules (or needs none). */
function imports(ctx: PythonContext, modules: readonly string[]): boolean {
  if (modules.length === 0) return true;
  for (const x of ctx.imports.modules) {
    if (modules.some((m) => x === m || x.startsWith(`${m}.`))) return true;
  }
  return false;
}
