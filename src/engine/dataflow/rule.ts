import {
  defineCRule,
  definePythonRule,
  type Detection,
  type Rule,
  type RuleSpec,
} from '../rule-api.js';
import type { CContext } from '../../languages/c/context.js';
import type { PythonContext } from '../../languages/python/context.js';
import { cTaintFindings } from './c.js';
import { pythonTaintFindings } from './python.js';
import type { SinkKind, TaintSpec } from './spec.js';
import type { TaintFinding } from './trace.js';

/**
 * A dataflow rule declared as data: which sink kinds of a language's taint specification it reports.
 *
 * ```ts
 * export default defineTaintRule({
 *   name: 'command-injection', title: ..., cwe: [78], severity: 'critical', confidence: 'high',
 *   messages: { default: 'Untrusted {{source}} reaches {{sink}} `{{callee}}` (line {{sourceLine}}).' },
 *   help: { why, fix },
 *   spec: PYTHON_TAINT_SPEC,
 *   sinkKinds: ['command'],
 * });
 * ```
 *
 * `defineCTaintRule` declares a C/C++ rule the same way (`spec: C_TAINT_SPEC`, id `c/<name>`).
 *
 * Message placeholders: `source` (the source label), `sink` (the sink label), `callee` (the sink call
 * as written, or the stored-to target), `kind` (the sink kind), `sourceLine` (1-based line of the
 * source). The analysis of a file is computed once and shared by every dataflow rule using the same
 * spec object. `requires` defaults to the names every sink of the selected kinds must contain.
 */
export interface TaintRuleSpec<Ctx = PythonContext> extends Omit<
  RuleSpec<Ctx>,
  'detect' | 'requires'
> {
  spec: TaintSpec;
  sinkKinds: readonly SinkKind[];
  /** Overrides the prefilter derived from the sinks of `sinkKinds`. */
  requires?: readonly string[];
  /**
   * Findings from sources marked `local` (command line, environment, standard input) are notes with low
   * confidence (default true): they matter only for programs run by others. False reports them with the
   * rule's own severity and confidence.
   */
  localAsNote?: boolean;
}

const taintRules = new WeakSet<object>();

/** True for a rule declared with `defineTaintRule` (the benchmark measures their share of the time). */
export function isTaintRule(rule: object): boolean {
  return taintRules.has(rule);
}

export function defineTaintRule(rule: TaintRuleSpec): Rule<PythonContext> {
  return defineTaint(rule, definePythonRule, pythonTaintFindings);
}

/** A C/C++ dataflow rule (`src/rules/c/<name>`): the same declaration, run by `./c.ts`. */
export function defineCTaintRule(rule: TaintRuleSpec<CContext>): Rule<CContext> {
  return defineTaint(rule, defineCRule, cTaintFindings);
}

function defineTaint<Ctx>(
  rule: TaintRuleSpec<Ctx>,
  define: (spec: RuleSpec<Ctx>) => Rule<Ctx>,
  findings: (ctx: Ctx, spec: TaintSpec) => readonly TaintFinding[],
): Rule<Ctx> {
  const { spec, sinkKinds, requires, localAsNote, ...rest } = rule;
  const kinds = new Set<string>(sinkKinds);
  // Findings from data the user running the program controls (SourceSpec.local) are reported as notes
  // with low confidence (added by the spec author): they matter only for programs run by others.
  const local = new Set(
    localAsNote === false ? [] : spec.sources.filter((s) => s.local === true).map((s) => s.label),
  );
  const defined = define({
    ...rest,
    requires: requires ?? sinkRequires(spec, kinds),
    detect: (ctx) =>
      findings(ctx, spec)
        .filter((f) => kinds.has(f.kind))
        .map((f) => {
          const d = toDetection(f);
          if (local.has(f.sourceLabel)) {
            return { ...d, severity: 'note' as const, confidence: 'low' as const };
          }
          // A source asking for its own severity and confidence (a parameter of an uncalled function).
          const own = f.sourceSpec?.report;
          return own === undefined ? d : { ...d, ...own };
        }),
  });
  taintRules.add(defined);
  return defined;
}

/**
 * Text every file with a sink of these kinds contains: a module name, a builtin, a method name (for a
 * C++ qualified name, its last part: `QProcess::execute` -> `execute`).
 */
export function sinkRequires(spec: TaintSpec, kinds: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const s of spec.sinks) {
    if (!kinds.has(s.kind)) continue;
    if (s.handlerReturn !== undefined && s.handlerReturn.length > 0) return [];
    for (const c of s.calls ?? []) {
      out.add(c.includes('::') ? (c.split('::').at(-1) ?? c) : (c.split('.')[0] ?? c));
    }
    for (const m of s.methods ?? []) out.add(m);
    for (const a of s.stores ?? []) out.add(a);
  }
  return [...out].sort();
}

export function toDetection(f: TaintFinding): Detection {
  return {
    node: f.sinkNode,
    data: {
      source: f.sourceLabel,
      sink: f.sinkLabel,
      callee: f.callee,
      kind: f.kind,
      sourceLine: f.sourceNode.range().start.line + 1,
    },
    trace: f.trace,
  };
}
