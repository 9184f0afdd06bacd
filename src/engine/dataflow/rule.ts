import { definePythonRule, type Detection, type Rule, type RuleSpec } from '../rule-api.js';
import type { PythonContext } from '../../languages/python/context.js';
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
 * Message placeholders: `source` (the source label), `sink` (the sink label), `callee` (the sink call
 * as written, or the stored-to target), `kind` (the sink kind), `sourceLine` (1-based line of the
 * source). The analysis of a file is computed once and shared by every dataflow rule using the same
 * spec object. `requires` defaults to the names every sink of the selected kinds must contain.
 */
export interface TaintRuleSpec extends Omit<RuleSpec<PythonContext>, 'detect' | 'requires'> {
  spec: TaintSpec;
  sinkKinds: readonly SinkKind[];
  /** Overrides the prefilter derived from the sinks of `sinkKinds`. */
  requires?: readonly string[];
}

const taintRules = new WeakSet<object>();

/** True for a rule declared with `defineTaintRule` (the benchmark measures their share of the time). */
export function isTaintRule(rule: object): boolean {
  return taintRules.has(rule);
}

export function defineTaintRule(rule: TaintRuleSpec): Rule<PythonContext> {
  const { spec, sinkKinds, requires, ...rest } = rule;
  const kinds = new Set<string>(sinkKinds);
  // Findings from data the user running the program controls (SourceSpec.local) are reported as notes
  // with low confidence (added by the spec author): they matter only for programs run by others.
  const local = new Set(spec.sources.filter((s) => s.local === true).map((s) => s.label));
  const defined = definePythonRule({
    ...rest,
    requires: requires ?? sinkRequires(spec, kinds),
    detect: (ctx) =>
      pythonTaintFindings(ctx, spec)
        .filter((f) => kinds.has(f.kind))
        .map((f) => {
          const d = toDetection(f);
          return local.has(f.sourceLabel)
            ? { ...d, severity: 'note' as const, confidence: 'low' as const }
            : d;
        }),
  });
  taintRules.add(defined);
  return defined;
}

/** Text every file with a sink of these kinds contains: a module name, a builtin, a method name. */
export function sinkRequires(spec: TaintSpec, kinds: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const s of spec.sinks) {
    if (!kinds.has(s.kind)) continue;
    if (s.handlerReturn !== undefined && s.handlerReturn.length > 0) return [];
    for (const c of s.calls ?? []) out.add(c.split('.')[0] ?? c);
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
