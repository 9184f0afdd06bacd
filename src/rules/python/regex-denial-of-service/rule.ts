import type { SgNode } from '@ast-grep/napi';
import { definePythonRule } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { constantAssignments, unwrap } from '../../../languages/python/expr.js';
import { decodedString } from '../../../languages/python/injection-helpers.js';
import { findCatastrophicBacktracking, type PatternFlags } from './backtracking.js';

/** `re` functions and the position of their `flags` argument. */
const RE_FUNCTIONS: Readonly<Record<string, number>> = {
  compile: 1,
  match: 2,
  search: 2,
  fullmatch: 2,
  findall: 2,
  finditer: 2,
  split: 3,
  sub: 4,
  subn: 4,
};

/** The pattern text of a literal, or of a name bound to exactly one literal. */
function patternText(node: SgNode): string | undefined {
  const n = unwrap(node);
  const direct = decodedString(n);
  if (direct !== undefined) return direct;
  const values = constantAssignments(n);
  const only = values?.length === 1 ? values[0] : undefined;
  return only === undefined ? undefined : decodedString(only);
}

function flagsOf(node: SgNode | undefined): PatternFlags {
  const text = node?.text() ?? '';
  return {
    ignoreCase: /\b(I|IGNORECASE)\b/.test(text),
    dotAll: /\b(S|DOTALL)\b/.test(text),
    verbose: /\b(X|VERBOSE)\b/.test(text),
  };
}

export default definePythonRule({
  name: 'regex-denial-of-service',
  title: 'Regular expression with catastrophic backtracking (ReDoS)',
  description:
    'Finds constant regular expressions passed to the re module that contain a repeated group whose body can match the same text in several ways.',
  cwe: [1333],
  severity: 'warning',
  confidence: 'high',
  tags: ['redos', 'regex', 'denial-of-service'],
  messages: {
    default:
      '`{{callee}}` uses a pattern in which `{{fragment}}` can split the same input in exponentially many ways; a long non-matching input makes the match run for minutes.',
    polynomial:
      '`{{callee}}` uses a pattern in which `{{fragment}}` can split the same input in polynomially many ways; a long non-matching input makes the match very slow.',
  },
  help: {
    why: "Python's re engine backtracks: when a match fails it retries every other way the pattern could have matched. If a repeated group can match the same characters in several ways, as in `(a+)+`, `(\\w+\\s?)*` or `(a|a)*`, an input of a few dozen such characters followed by a character that makes the match fail takes exponential time, and one request can pin a CPU core indefinitely.",
    fix: 'Rewrite the pattern so each character can be matched in only one way: drop the inner quantifier (`(a+)+` -> `a+`), make iterations start or end with a character the inner part cannot match (`(\\w+\\s)*\\w+` instead of `(\\w+\\s?)*`), and make alternatives disjoint. On Python 3.11+ atomic groups `(?>...)` and possessive quantifiers `*+` stop backtracking. Also bound the input length before matching.',
  },
  inTests: 'skip',
  // Every report is a call resolved through the re module.
  requires: ['re'],
  *detect(ctx) {
    const names = Object.keys(RE_FUNCTIONS).map((f) => `re.${f}`);
    for (const call of ctx.calls(...names)) {
      const fn = call.callee.find((n) => n.startsWith('re.'))?.slice(3) ?? '';
      const pattern = arg(call, 0, 'pattern');
      if (pattern === undefined) continue;
      const text = patternText(pattern);
      if (text === undefined) continue;
      const flags = flagsOf(arg(call, RE_FUNCTIONS[fn] ?? 99, 'flags'));
      const hit = findCatastrophicBacktracking(text, { ...flags, fullMatch: fn === 'fullmatch' });
      if (hit === undefined) continue;
      yield {
        node: call.node,
        messageId: hit.growth === 'exponential' ? 'default' : 'polynomial',
        data: { callee: call.calleeText, fragment: hit.fragment.slice(0, 60) },
        ...(hit.growth === 'polynomial' ? { confidence: 'medium' as const } : {}),
      };
    }
  },
});
