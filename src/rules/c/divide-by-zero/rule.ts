import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext, type CFunction } from '../../../engine/rule-api.js';
import { stripCasts, unparenthesize } from '../../../languages/c/expr.js';
import { TEXT_TO_NUMBER } from '../../../languages/c/facts.js';
import { lineOf } from '../../../languages/c/leaks.js';
import { calleeName, flowOf, type Occurrence } from '../../../languages/c/lifetime.js';
import {
  allPlaced,
  isPlainLocal,
  mayWriteArgument,
  parameterSummary,
  parsedCleanly,
  replay,
  reportable,
  someUnconditional,
  operandOf,
  storedValue,
  valueFlow,
  type ValueSpec,
} from '../../../languages/c/value-flow.js';

/** Holds zero (assigned the constant 0). */
const ZERO = 1;
/** Holds a number parsed from input, not yet checked. */
const INPUT = 2;
/** Holds something else, or was checked to be non-zero. */
const SAFE = 4;
/** Zero or input before a loop or switch that may have changed it (not reasoned about). */
const SKIP = 8;

/** Functions turning text into a number: the text comes from outside the program. */
const PARSERS = new Set(TEXT_TO_NUMBER);

/** Functions storing input through a pointer argument (`fscanf(f, "%d", &n)`, `read(fd, &n, ...)`). */
const READERS = new Set([
  'scanf',
  'fscanf',
  'sscanf',
  'wscanf',
  'swscanf',
  'fread',
  'read',
  'recv',
]);

const ASSERTS = /^(assert|Q_ASSERT|g_assert|DCHECK|CHECK|ASSERT|ASSERT_TRUE|BUG_ON)$/;

/**
 * `d = 0`, `n = atoi(buf)`, `r = strtol(arg, NULL, 10)`, `&n`, `d == 0`, `!d`: text that may make a
 * divisor zero (a cheap test before the flow analysis).
 */
function sourceText(name: string): RegExp {
  return new RegExp(
    `\\b${name}\\s*=\\s*(?:\\([^()]*\\)\\s*)?(?:0+(?:\\.0*)?[fFlLuU]*\\s*[;,)]|(?:std::)?(?:${[...PARSERS].join('|')})\\s*\\()|&\\s*${name}\\b|\\b${name}\\s*==\\s*0\\b|\\b0\\s*==\\s*${name}\\b|!\\s*${name}\\b(?!\\s*=)`,
  );
}

/** A call of a number parser on something other than a literal. */
function parsesInput(ctx: CContext, value: SyntaxNode): boolean {
  const v = stripCasts(value);
  if (v.kind() !== 'call_expression' || !PARSERS.has(calleeName(v))) return false;
  const first = v.field('arguments')?.namedChildren()[0];
  return first !== undefined && !ctx.isLiteralString(first);
}

/** Zero as a constant: `0`, `0.0`, `0L`, a macro or expression worth 0. */
function isZero(ctx: CContext, value: SyntaxNode): boolean {
  const v = stripCasts(value);
  if (v.kind() === 'number_literal') return /^0*\.?0*(?:[eE][-+]?\d+)?[fFlLuU]*$/.test(v.text());
  return ctx.constantValue(v) === 0;
}

type Zeroness = 'zero' | 'nonzero';

/** A number, or undefined. */
function numberIn(ctx: CContext, n: SyntaxNode): number | undefined {
  const v = stripCasts(n);
  if (v.kind() === 'number_literal') {
    const x = Number(v.text().replace(/[fFlLuU]+$/, ''));
    return Number.isFinite(x) ? x : ctx.constantValue(v);
  }
  return ctx.constantValue(v);
}

const ABS = /^(abs|labs|llabs|fabs|fabsf|fabsl|qAbs|qFabs)$/;

/**
 * What a condition says about `name` being zero when it is true and when it is false: `d`, `!d`,
 * `d != 0`, `d > 0`, `d < 0`, `d >= 1`, `fabs(d) > 1e-9`, `d && ...`, `d == 0 || ...`.
 */
function zeroTest(
  ctx: CContext,
  cond: SyntaxNode,
  name: string,
  depth = 0,
): { whenTrue?: Zeroness; whenFalse?: Zeroness } {
  if (depth > 20) return {};
  const c = unparenthesize(cond);
  const k = c.kind();
  if (k === 'condition_clause') {
    const v = c.field('value');
    return v === null ? {} : zeroTest(ctx, v, name, depth + 1);
  }
  if (k === 'identifier')
    return c.text() === name ? { whenTrue: 'nonzero', whenFalse: 'zero' } : {};
  if (k === 'unary_expression' && c.field('operator')?.text() === '!') {
    const a = c.field('argument');
    if (a === null) return {};
    const t = zeroTest(ctx, a, name, depth + 1);
    const out: { whenTrue?: Zeroness; whenFalse?: Zeroness } = {};
    if (t.whenFalse !== undefined) out.whenTrue = t.whenFalse;
    if (t.whenTrue !== undefined) out.whenFalse = t.whenTrue;
    return out;
  }
  if (k === 'call_expression' && /^(likely|unlikely|__builtin_expect)$/.test(calleeName(c))) {
    const first = c.field('arguments')?.namedChildren()[0];
    return first === undefined ? {} : zeroTest(ctx, first, name, depth + 1);
  }
  if (k !== 'binary_expression') return {};
  const op = c.field('operator')?.text() ?? '';
  const left = c.field('left');
  const right = c.field('right');
  if (left === null || right === null) return {};
  if (op === '&&' || op === '||') {
    // `a && b` true: both hold; `a || b` false: neither holds.
    const key = op === '&&' ? 'whenTrue' : 'whenFalse';
    const v =
      zeroTest(ctx, left, name, depth + 1)[key] ?? zeroTest(ctx, right, name, depth + 1)[key];
    return v === undefined ? {} : { [key]: v };
  }
  // The subject: the name itself, or its absolute value.
  const subject = (n: SyntaxNode): 'plain' | 'abs' | undefined => {
    const x = stripCasts(n);
    if (x.kind() === 'identifier') return x.text() === name ? 'plain' : undefined;
    if (x.kind() === 'assignment_expression') {
      const l = x.field('left');
      return l?.kind() === 'identifier' && l.text() === name ? 'plain' : undefined;
    }
    if (x.kind() === 'call_expression' && ABS.test(calleeName(x))) {
      const a = x.field('arguments')?.namedChildren()[0];
      return a !== undefined &&
        stripCasts(a).kind() === 'identifier' &&
        stripCasts(a).text() === name
        ? 'abs'
        : undefined;
    }
    return undefined;
  };
  let form = subject(left);
  let other = right;
  let rel = op;
  if (form === undefined) {
    form = subject(right);
    other = left;
    rel = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' }[op] ?? op;
  }
  if (form === undefined) return {};
  // `fabs(d) > EPSILON`: a named threshold of an absolute value is taken as non-negative.
  const bound =
    numberIn(ctx, other) ??
    (form === 'abs' && stripCasts(other).kind() === 'identifier' ? 0 : undefined);
  if (bound === undefined) return {};
  const nonzeroIf = (holds: boolean): Zeroness | undefined => (holds ? 'nonzero' : undefined);
  const out: { whenTrue?: Zeroness; whenFalse?: Zeroness } = {};
  const set = (t: Zeroness | undefined, f: Zeroness | undefined): typeof out => {
    if (t !== undefined) out.whenTrue = t;
    if (f !== undefined) out.whenFalse = f;
    return out;
  };
  switch (rel) {
    case '==':
      return bound === 0 ? set('zero', 'nonzero') : set('nonzero', undefined);
    case '!=':
      return bound === 0 ? set('nonzero', 'zero') : set(undefined, 'nonzero');
    case '>':
      return set(nonzeroIf(bound >= 0), nonzeroIf(form === 'plain' && bound < 0));
    case '>=':
      return set(nonzeroIf(bound > 0), nonzeroIf(form === 'plain' && bound <= 0));
    case '<':
      return set(nonzeroIf(form === 'plain' && bound <= 0), nonzeroIf(bound > 0));
    case '<=':
      return set(nonzeroIf(form === 'plain' && bound < 0), nonzeroIf(bound >= 0));
    default:
      return {};
  }
}

/** The division or modulo an occurrence is the divisor of, if any. */
function divisionBy(occ: Occurrence): SyntaxNode | undefined {
  const { child, parent } = operandOf(occ.node);
  if (parent === null) return undefined;
  const op = parent.field('operator')?.text();
  if (parent.field('right')?.id() !== child.id()) return undefined;
  if (parent.kind() === 'binary_expression' && (op === '/' || op === '%')) return parent;
  if (parent.kind() === 'assignment_expression' && (op === '/=' || op === '%=')) return parent;
  return undefined;
}

/** Whether a division is protected earlier in its own expression: `d != 0 ? n / d : 0`, `d && n % d`. */
function guardedInExpression(ctx: CContext, use: SyntaxNode, name: string): boolean {
  let child = use;
  for (let p = use.parent(), guard = 0; p !== null && guard < 40; p = p.parent(), guard++) {
    const k = p.kind();
    if (k.endsWith('_statement') || k === 'declaration') return false;
    if (k === 'binary_expression' && p.field('right')?.id() === child.id()) {
      const op = p.field('operator')?.text();
      const left = p.field('left');
      if (left !== null && (op === '&&' || op === '||')) {
        const t = zeroTest(ctx, left, name);
        if (op === '&&' && t.whenTrue === 'nonzero') return true;
        if (op === '||' && t.whenFalse === 'nonzero') return true;
      }
    } else if (k === 'conditional_expression') {
      const cond = p.field('condition');
      if (cond !== null && cond.id() !== child.id()) {
        const t = zeroTest(ctx, cond, name);
        const inTrue = p.field('consequence')?.id() === child.id();
        if ((inTrue ? t.whenTrue : t.whenFalse) === 'nonzero') return true;
      }
    }
    child = p;
  }
  return false;
}

/** The reading call a `&d` is passed to, if any. */
function readInto(occ: Occurrence): boolean {
  const amp = occ.node.parent();
  const args = amp?.parent();
  const call = args?.parent();
  return (
    amp?.kind() === 'pointer_expression' &&
    args?.kind() === 'argument_list' &&
    call?.kind() === 'call_expression' &&
    READERS.has(calleeName(call))
  );
}

/**
 * A zero stored into the variable: an integer zero, and for a floating-point variable nothing (`double
 * zero = 0.0; nan = 0.0 / zero;` is how C computes NaN and infinity on purpose).
 */
function storesZero(ctx: CContext, value: SyntaxNode, floating: boolean): boolean {
  if (floating || !isZero(ctx, value)) return false;
  return !/[.eEfF]/.test(
    stripCasts(value)
      .text()
      .replace(/^0[xX]/, ''),
  );
}

function spec(ctx: CContext, name: string, floating: boolean, initial: number): ValueSpec {
  const rewrites = (occ: Occurrence): boolean => {
    const p = occ.node.parent();
    return (
      p?.kind() === 'update_expression' ||
      (p?.kind() === 'assignment_expression' &&
        p.field('left')?.id() === occ.node.id() &&
        occ.role === 'other')
    );
  };
  const nonzero = (s: number): number => (s & ~ZERO ? SAFE : 0);
  return {
    initial,
    bad: ZERO | INPUT,
    skip: SKIP,
    writes: (occ) =>
      occ.role === 'assign' ||
      occ.role === 'declare' ||
      occ.role === 'address' ||
      rewrites(occ) ||
      (occ.role === 'call-arg' && occ.call !== undefined && mayWriteArgument(ctx, occ.call.name)),
    step(occ, s) {
      if (occ.role === 'assign' || occ.role === 'declare') {
        const v = storedValue(occ);
        if (v === null || v === undefined) return SAFE;
        return storesZero(ctx, v, floating) ? ZERO : parsesInput(ctx, v) ? INPUT : SAFE;
      }
      if (occ.role === 'address') return readInto(occ) ? INPUT : SAFE;
      if (rewrites(occ)) return SAFE;
      if (occ.role === 'call-arg' && occ.call !== undefined && mayWriteArgument(ctx, occ.call.name))
        return SAFE;
      // Past a division the zero path has stopped: later divisions are not new defects.
      if (s & (ZERO | INPUT) && divisionAt(ctx, occ) !== undefined) return SAFE;
      return s;
    },
    refine(cond, label, s) {
      const t = zeroTest(ctx, cond, name);
      const z = label === 'true' ? t.whenTrue : t.whenFalse;
      if (z === 'nonzero') return nonzero(s);
      if (z === 'zero') return ZERO;
      return s;
    },
    statement(stmt, s) {
      if (stmt.kind() !== 'expression_statement') return s;
      const call = stmt.namedChildren()[0];
      if (call?.kind() !== 'call_expression' || !ASSERTS.test(calleeName(call))) return s;
      const first = call.field('arguments')?.namedChildren()[0];
      if (first === undefined) return s;
      const t = zeroTest(ctx, first, name);
      const z = calleeName(call) === 'BUG_ON' ? t.whenFalse : t.whenTrue;
      return z === 'nonzero' ? nonzero(s) : s;
    },
  };
}

interface Hit {
  node: SyntaxNode;
  messageId?: string;
  data: Record<string, string | number>;
  must: boolean;
}

function* zeroDivisions(ctx: CContext, fn: CFunction, divisors: Set<string>): Generator<Hit> {
  const text = fn.body?.text() ?? '';
  for (const name of divisors) {
    if (sourceText(name).test(text)) yield* divisionsBy(ctx, fn, name, SAFE);
  }
}

/** Divisions by `name` in `fn` while it may be zero or unchecked input (`initial`: at the entry). */
function* divisionsBy(ctx: CContext, fn: CFunction, name: string, initial: number): Generator<Hit> {
  const body = fn.body;
  const flow = body !== null && parsedCleanly(fn) ? flowOf(fn) : null;
  if (flow === null || body === null) return;
  const last = flow.named(name).at(-1);
  const decl = last === undefined ? undefined : isPlainLocal(ctx, name, last);
  if (decl === undefined || !allPlaced(flow, name)) return;
  const floating =
    decl.pointerDepth === 0 && /\b(float|double|qreal|gdouble|gfloat)\b/.test(decl.typeText);
  const s = spec(ctx, name, floating, initial);
  const solved = valueFlow(ctx, flow, name, s);
  const sources: SyntaxNode[] = [];
  const others: SyntaxNode[] = [];
  const zeroSources = new Set<SyntaxNode>();
  for (const list of solved.occurrences.values()) {
    for (const o of list) {
      if (!s.writes(o)) continue;
      if (o.role === 'address' && readInto(o)) {
        sources.push(o.node);
        continue;
      }
      const v = o.role === 'assign' || o.role === 'declare' ? storedValue(o) : undefined;
      const zero = v !== null && v !== undefined && storesZero(ctx, v, floating);
      if (zero) zeroSources.add(o.node);
      if (zero || (v !== null && v !== undefined && parsesInput(ctx, v))) sources.push(o.node);
      else others.push(o.node);
    }
  }
  const hits: Hit[] = [];
  replay(solved, s, (occ, state) => {
    const division = state & (ZERO | INPUT) ? divisionAt(ctx, occ) : undefined;
    if (division === undefined || guardedInExpression(ctx, occ.node, name)) return;
    const must = (state & (SAFE | SKIP)) === 0;
    if (!reportable(ctx, body, occ.node, name, sources, others, must)) return;
    const at = occ.node.range().start.index;
    const from = sources.filter((n) => n.range().start.index < at).at(-1);
    const data = {
      variable: name,
      line: from === undefined ? 0 : lineOf(from),
      call: occ.call?.name ?? '',
    };
    const messageId =
      division.kind() === 'call_expression'
        ? 'passed'
        : from === undefined
          ? 'tested'
          : zeroSources.has(from)
            ? 'default'
            : 'input';
    hits.push({ node: division, messageId, data, must });
  });
  yield* hits;
}

/**
 * Whether a function of this file divides by its numeric parameter `index` on every path, outside
 * any condition and before anything checks it (`void sink(int d) { printf("%d", 100 / d); }`).
 */
const dividesByParameter = parameterSummary(
  (ctx, fn, param) =>
    !param.reference &&
    param.pointerDepth === 0 &&
    // Cheap test first: the parameter written after `/` or `%`.
    new RegExp(`[/%]=?\\s*(?:\\([^()]*\\)\\s*)?\\(?\\s*${param.name}\\b`).test(
      fn.body?.text() ?? '',
    ) &&
    someUnconditional(ctx, divisionsBy(ctx, fn, param.name, INPUT), param.name),
);

/** The division an occurrence is the divisor of, or the call of a function of this file dividing by it. */
function divisionAt(ctx: CContext, occ: Occurrence): SyntaxNode | undefined {
  const division = divisionBy(occ);
  if (division !== undefined || occ.role !== 'call-arg' || occ.call === undefined) return division;
  const { node, name, index } = occ.call;
  return node.field('function')?.kind() === 'identifier' && dividesByParameter(ctx, name, index)
    ? node
    : undefined;
}

export default defineCRule({
  name: 'divide-by-zero',
  title: 'Division by a value that can be zero',
  description:
    'Finds integer or floating-point division and modulo (`/`, `%`, `/=`, `%=`) by the constant 0, by a local variable that is zero on some path, or by a number parsed from input (atoi, strtol, scanf) that was not checked to be non-zero.',
  cwe: [369],
  severity: 'warning',
  confidence: 'high',
  tags: ['arithmetic'],
  messages: {
    default:
      'The divisor `{{variable}}` is zero on some path reaching this division (set to 0 on line {{line}} and not changed or checked since).',
    input:
      'The divisor `{{variable}}` is parsed from input on line {{line}} and reaches this division without a check that it is non-zero.',
    tested:
      'The divisor `{{variable}}` was just found to be zero by a condition on this path, and is divided by here.',
    passed:
      'The divisor `{{variable}}` (zero, or unchecked input, from line {{line}}) is passed to `{{call}}()`, which divides by it without a check.',
    literal: 'Division by the constant zero.',
    call: 'The divisor is parsed from input by `{{call}}` and can be zero.',
  },
  help: {
    why: 'Integer division or modulo by zero is undefined behaviour and raises SIGFPE on most platforms, killing the process: a denial of service when the divisor comes from a request, a file or the command line. (INT_MIN / -1 traps the same way.) Floating-point division by zero yields infinity or NaN, which then flows silently into sizes, indexes and decisions.',
    fix: 'Check the divisor before dividing and handle the zero case: `if (count == 0) return -EINVAL;`, or `avg = count ? total / count : 0;`. For numbers parsed from input, validate the range right after parsing (strtol with an end pointer and errno). For floating point, compare against a tolerance: `if (fabs(d) > 1e-12)`.',
  },
  requires: ['/', '%'],
  *detect(ctx) {
    const byFunction = new Map<CFunction, Set<string>>();
    const consider = (division: SyntaxNode, divisor: SyntaxNode | null): Hit | undefined => {
      if (divisor === null) return undefined;
      const d = stripCasts(divisor);
      const k = d.kind();
      // Only integer zero: `0.0 / 0.0` is how C spells NaN on purpose.
      if (k === 'number_literal' && /^0+[uUlL]*$/.test(d.text()))
        return { node: division, messageId: 'literal', data: {}, must: true };
      if (k === 'call_expression' && parsesInput(ctx, d))
        return { node: division, messageId: 'call', data: { call: calleeName(d) }, must: true };
      if (k !== 'identifier') return undefined;
      const fn = ctx.enclosingFunction(division);
      if (fn === undefined) return undefined;
      let set = byFunction.get(fn);
      if (set === undefined) {
        set = new Set();
        byFunction.set(fn, set);
      }
      set.add(d.text());
      return undefined;
    };
    const direct: Hit[] = [];
    for (const b of ctx.nodes('binary_expression')) {
      const op = b.field('operator')?.text();
      if (op !== '/' && op !== '%') continue;
      const hit = consider(b, b.field('right'));
      if (hit !== undefined) direct.push(hit);
    }
    for (const a of ctx.nodes('assignment_expression')) {
      const op = a.field('operator')?.text();
      if (op !== '/=' && op !== '%=') continue;
      const hit = consider(a, a.field('right'));
      if (hit !== undefined) direct.push(hit);
    }
    // Arguments of calls to functions of this file that divide by that parameter.
    const defined = new Set(ctx.functions().map((f) => f.name));
    for (const call of ctx.allCalls()) {
      if (!defined.has(call.name) || call.node.field('function')?.kind() !== 'identifier') continue;
      call.args.forEach((arg, i) => {
        if (stripCasts(arg).kind() === 'identifier' && dividesByParameter(ctx, call.name, i))
          consider(call.node, arg);
      });
    }
    const seen = new Set<number>();
    const hits = [...direct];
    for (const [fn, names] of byFunction) hits.push(...zeroDivisions(ctx, fn, names));
    for (const hit of hits) {
      if (seen.has(hit.node.id())) continue;
      seen.add(hit.node.id());
      yield {
        node: hit.node,
        ...(hit.messageId === undefined ? {} : { messageId: hit.messageId }),
        data: hit.data,
        confidence: hit.must ? 'high' : 'medium',
      };
    }
  },
});
