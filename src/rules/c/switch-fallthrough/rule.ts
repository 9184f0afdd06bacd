import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext, type Detection } from '../../../engine/rule-api.js';
import { caseBodies, isNoReturnName, isReturnMacroName } from '../../../languages/c/flow.js';
// `/* NOTREACHED */` after a call says that the call does not return (lint's convention).
const FALLTHROUGH_COMMENT =
  /(?<![\w-])fall(?:s|ing)?[\s-]*(?:through|thru|into)|FALLTHRU|FALL_THROUGH|no\s+break|intentional|NOTREACHED/i;
// `[[fallthrough]]`, `Q_FALLTHROUGH()`, `FALLTHROUGH_INTENDED`, `ABSL_FALLTHROUGH_INTENDED`, `FALLTHRU`.
const FALLTHROUGH_MARK = /fall_?(?:through|thru)/i;

function meaningful(nodes: readonly SyntaxNode[]): SyntaxNode[] {
  return nodes.filter((c) => c.kind() !== 'comment');
}

/** Whether control cannot continue past a statement; undefined when it cannot be told (preprocessor). */
function terminates(stmt: SyntaxNode, noReturn: ReadonlySet<string>): boolean | undefined {
  const k = stmt.kind();
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
      // `debug_return;`: a macro that returns.
      if (e.kind() === 'identifier') return isReturnMacroName(e.text());
      if (e.kind() === 'call_expression') {
        const fn = e.field('function')?.text().replace(/\s+/g, '') ?? '';
        const last = /(\w+)$/.exec(fn)?.[1] ?? '';
        return (
          isNoReturnName(last) ||
          isReturnMacroName(last) ||
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
    case 'declaration':
      // `TODO break;`, `UPDATE(x) break;`, `STRANGE goto error;`: a statement macro without its `;`
      // makes the grammar read a declaration of the jump's keyword.
      return /^\w+(?:\s*\([^;]*\))?\s+(?:break|continue|goto\s+\w+)\s*;$/.test(
        stmt.text().replace(/\/\*[^]*?\*\//g, ' '),
      );
    case 'switch_statement': {
      // A nested switch with a default, no break of its own and a last case that ends: every case ends.
      const cases = caseBodies(stmt.field('body'));
      if (!cases.some((c) => c.node.field('value') === null)) return false;
      const breaks = stmt.field('body')?.findAll({ rule: { kind: 'break_statement' } }) ?? [];
      if (!breaks.every((b) => breaksInner(b, stmt))) return false;
      const lastStmt = meaningful(cases[cases.length - 1]?.body ?? []).pop();
      return lastStmt === undefined ? false : terminates(lastStmt, noReturn);
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
    case 'preproc_if':
    case 'preproc_ifdef': {
      // `#ifdef TRACE log(); #endif` with no `#else`: when its last statement runs on, both ways run on.
      if (stmt.field('alternative') !== null) return undefined;
      const head = [stmt.field('name')?.id(), stmt.field('condition')?.id()];
      const inner = meaningful(stmt.namedChildren().filter((c) => !head.includes(c.id()))).pop();
      return inner === undefined || terminates(inner, noReturn) !== false ? undefined : false;
    }
    default:
      if (k.startsWith('preproc_')) return undefined;
      return false;
  }
}

/** Whether a `break` belongs to a loop or switch nested inside `outer` rather than to `outer` itself. */
function breaksInner(b: SyntaxNode, outer: SyntaxNode): boolean {
  for (let p = b.parent(); p !== null && p.id() !== outer.id(); p = p.parent()) {
    if (/^(?:switch|for|while|do)_statement$|^for_range_loop$/.test(p.kind())) return true;
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
      const cases = caseBodies(body);
      for (let i = 0; i < cases.length - 1; i++) {
        const c = cases[i]?.node;
        const next = cases[i + 1];
        if (c === undefined || next === undefined) continue;
        const value = c.field('value');
        // With the statements after a preprocessor line that ends the grammar's case.
        const children = cases[i]?.body ?? [];
        const stmts = meaningful(children);
        if (stmts.length === 0) continue; // `case 1: case 2:` groups labels
        const comments = children.filter((n) => n.kind() === 'comment');
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
          data: { from: label(c), to: label(next.node) },
        };
        yield d;
      }
    }
  },
});
