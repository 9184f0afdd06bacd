import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext, type Detection } from '../../../engine/rule-api.js';

/** Calls that do not return. */
const NO_RETURN =
  /^(?:(?:std::)?(?:exit|_Exit|_exit|abort|quick_exit|terminate)|longjmp|siglongjmp|panic|err|errx|verr|verrx|qFatal|Q_UNREACHABLE|__builtin_unreachable|__builtin_trap|g_assert_not_reached|g_error|ExitProcess|pthread_exit|unreachable|BUG|fatal|die)$/;
const FALLTHROUGH_COMMENT =
  /(?<![\w-])fall(?:s|ing)?[\s-]*(?:through|thru)|FALLTHRU|FALL_THROUGH|no\s+break|intentional/i;
const FALLTHROUGH_MARK =
  /\bfallthrough\b|\bFALLTHROUGH\b|\bQ_FALLTHROUGH\b|\bFALL_THROUGH\b|\bFALLTHRU\b|\bG_GNUC_FALLTHROUGH\b|BOOST_FALLTHROUGH/i;

function meaningful(nodes: readonly SyntaxNode[]): SyntaxNode[] {
  return nodes.filter((c) => c.kind() !== 'comment');
}

/** Whether control cannot continue past a statement; undefined when it cannot be told (preprocessor). */
function terminates(stmt: SyntaxNode, noReturn: ReadonlySet<string>): boolean | undefined {
  const k = String(stmt.kind());
  switch (k) {
    case 'break_statement':
    case 'return_statement':
    case 'continue_statement':
    case 'goto_statement':
    case 'co_return_statement':
    case 'throw_statement':
      return true;
    case 'expression_statement': {
      const e = stmt.namedChildren()[0];
      if (e === undefined) return false;
      if (e.kind() === 'throw_expression') return true;
      if (e.kind() === 'call_expression') {
        const fn = e.field('function')?.text().replace(/\s+/g, '') ?? '';
        return (
          NO_RETURN.test(fn) ||
          noReturn.has(fn) ||
          (/^assert$/.test(fn) &&
            /^\(\s*(?:0|false)\s*\)$/.test(e.field('arguments')?.text() ?? ''))
        );
      }
      return false;
    }
    case 'compound_statement': {
      const last = meaningful(stmt.namedChildren()).pop();
      return last === undefined ? false : terminates(last, noReturn);
    }
    case 'if_statement': {
      const then = stmt.field('consequence');
      const alt = stmt.field('alternative');
      if (then === null || alt === null) return false;
      const altStmt = alt.kind() === 'else_clause' ? meaningful(alt.namedChildren())[0] : alt;
      const a = terminates(then, noReturn);
      const b = altStmt === undefined ? false : terminates(altStmt, noReturn);
      return a === undefined || b === undefined ? undefined : a && b;
    }
    case 'labeled_statement': {
      const inner = meaningful(stmt.namedChildren()).pop();
      return inner === undefined ? false : terminates(inner, noReturn);
    }
    case 'for_statement':
    case 'while_statement': {
      // for (;;) / while (1) without a break of their own never fall out.
      const cond = stmt.field('condition');
      const infinite = cond === null || /^\(?\s*(?:1|true)\s*\)?$/.test(cond.text());
      if (!infinite) return false;
      const body = stmt.field('body');
      const breaks = body?.findAll({ rule: { kind: 'break_statement' } }) ?? [];
      return breaks.every((b) => breaksInner(b, stmt));
    }
    default:
      if (k.startsWith('preproc_')) return undefined;
      return false;
  }
}

/** Whether a `break` belongs to a loop or switch nested inside `outer` rather than to `outer` itself. */
function breaksInner(b: SyntaxNode, outer: SyntaxNode): boolean {
  for (let p = b.parent(); p !== null && p.id() !== outer.id(); p = p.parent()) {
    if (/^(?:switch|for|while|do)_statement$|^for_range_loop$/.test(String(p.kind()))) return true;
  }
  return false;
}

/**
 * Functions of this file that never return: declared `noreturn` (`_Noreturn`, `[[noreturn]]`,
 * `__attribute__((noreturn))`, a `NORETURN` macro), or whose top-level statements reach a call that does
 * not return before any `return` (`int bail(const char *why) { fprintf(...); exit(1); return 0; }`).
 */
function localNoReturn(ctx: CContext): Set<string> {
  const out = new Set<string>();
  for (const fn of ctx.functions()) {
    if (fn.body === null || fn.name === '') continue;
    // The parts before the body, read one by one: the text of the whole function would be copied.
    let header = '';
    for (const c of fn.node.children()) {
      const k = c.kind();
      if (k === 'compound_statement' || k === 'try_statement') break;
      header += `${c.text()} `;
    }
    if (/noreturn|NORETURN|NO_RETURN/i.test(header)) {
      out.add(fn.name);
      continue;
    }
    // The first top-level statement that cannot complete decides, unless a `return` comes before it.
    for (const stmt of meaningful(fn.body.namedChildren())) {
      if (stmt.kind() === 'expression_statement' && terminates(stmt, out) === true) {
        out.add(fn.name);
        break;
      }
      if (
        stmt.kind() === 'return_statement' ||
        stmt.find({ rule: { kind: 'return_statement' } }) !== null
      ) {
        break;
      }
    }
  }
  return out;
}

function label(c: SyntaxNode): string {
  const v = c.field('value');
  return v === null ? 'default' : `case ${v.text()}`;
}

export default defineCRule({
  name: 'switch-fallthrough',
  title: 'Switch case falls through to the next case without a marker',
  description:
    'Finds switch cases with statements that neither end in break, return, continue, goto, throw or a call that does not return, nor carry a fallthrough comment or [[fallthrough]] marker.',
  cwe: [484],
  severity: 'warning',
  confidence: 'medium',
  tags: ['control-flow'],
  messages: {
    default:
      "`{{from}}` runs on into `{{to}}`: it has no break and no fallthrough marker, so the next case's statements also run.",
  },
  help: {
    why: 'A missing break makes one case also execute the next one: a permission level handled as a higher one, a command that also runs the following command, a buffer freed by two cases. Intended fall-through cannot be told from the forgotten break unless it is marked.',
    fix: 'End the case with `break;` (or return). If falling through is intended, say so: `[[fallthrough]];` (C++17, C23), `__attribute__((fallthrough));`, `Q_FALLTHROUGH();`, or a `/* fall through */` comment; then enable `-Wimplicit-fallthrough`.',
  },
  requires: ['case'],
  *detect(ctx) {
    const switches = ctx.nodes('switch_statement');
    if (switches.length === 0) return;
    const noReturn = localNoReturn(ctx);
    for (const sw of switches) {
      const body = sw.field('body');
      if (body === null) continue;
      const cases = body.namedChildren();
      for (let i = 0; i < cases.length - 1; i++) {
        const c = cases[i];
        const next = cases.slice(i + 1).find((n) => n.kind() === 'case_statement');
        if (c === undefined || next === undefined || c.kind() !== 'case_statement') continue;
        const value = c.field('value');
        const children = c.namedChildren().filter((n) => n.id() !== value?.id());
        const stmts = meaningful(children);
        if (stmts.length === 0) continue; // `case 1: case 2:` groups labels
        const comments = [...children, ...cases.slice(i + 1, cases.indexOf(next))].filter(
          (n) => n.kind() === 'comment',
        );
        if (comments.some((n) => FALLTHROUGH_COMMENT.test(n.text()))) continue;
        const last = stmts[stmts.length - 1];
        if (last === undefined) continue;
        // `[[fallthrough]];`, `Q_FALLTHROUGH();`, or `__attribute__((fallthrough));` (which the C grammar
        // parses as an error followed by an empty statement).
        if (
          stmts
            .slice(-2)
            .some(
              (s) =>
                s.kind() === 'ERROR' || (FALLTHROUGH_MARK.test(s.text()) && s.text().length < 80),
            )
        ) {
          continue;
        }
        const ends = terminates(last, noReturn);
        if (ends !== false) continue;
        const d: Detection = {
          node: c.child(0) ?? c,
          endNode: value ?? c.child(0) ?? c,
          data: { from: label(c), to: label(next) },
        };
        yield d;
      }
    }
  },
});
