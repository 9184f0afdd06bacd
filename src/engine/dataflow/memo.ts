import type { TaintSpec } from './spec.js';
import type { TaintFinding } from './trace.js';

/**
 * Memoises a file's dataflow analysis per spec on the file's rule context: every dataflow rule of the
 * run that uses the same spec object shares one analysis, dropped with the context.
 */
export function perFileAndSpec<Ctx extends object>(
  analyze: (ctx: Ctx, spec: TaintSpec) => TaintFinding[],
): (ctx: Ctx, spec: TaintSpec) => TaintFinding[] {
  const results = new WeakMap<Ctx, Map<TaintSpec, TaintFinding[]>>();
  return (ctx, spec) => {
    let bySpec = results.get(ctx);
    if (bySpec === undefined) {
      bySpec = new Map();
      results.set(ctx, bySpec);
    }
    let found = bySpec.get(spec);
    if (found === undefined) {
      found = analyze(ctx, spec);
      bySpec.set(spec, found);
    }
    return found;
  };
}
