import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type PythonContext } from '../../../engine/rule-api.js';
import { unwrap } from '../../../languages/python/expr.js';
import { statementsOf } from '../../../languages/python/flow-helpers.js';

/** Exception classes that catch (nearly) everything. */
const BROAD = new Set([
  'Exception',
  'BaseException',
  'builtins.Exception',
  'builtins.BaseException',
]);

/** `except:`, `except ():`, with any spacing, line continuation or comment in between. */
const BARE_EXCEPT = /except(?:\s|\\|#[^\r\n]*(?=[\r\n]|$)|\()*[:)]/;

/**
 * Every except clause of the file, in source order, as a search of the whole tree would return them.
 * A clause's text starts with `except`, so where the word is rare (at most once per 8 KB, as in most
 * application code) only the parts of the tree that contain it are searched: the search descends
 * through classes and searches only the top-level statements and class members that mention it.
 * Elsewhere one search of the whole tree is cheaper.
 */
function exceptClauses(ctx: PythonContext): readonly SgNode[] {
  const { source } = ctx;
  let count = 0;
  for (let i = source.indexOf('except'); i !== -1; i = source.indexOf('except', i + 6)) {
    if (++count * 8192 > source.length) return ctx.nodes('except_clause');
  }
  const out: SgNode[] = [];
  const visit = (container: SgNode, inClass: boolean): void => {
    for (const child of container.children()) {
      if (!child.text().includes('except')) continue;
      const k = child.kind();
      if (k === 'class_definition' || k === 'decorated_definition')
        visit(child, k === 'class_definition');
      else if (k === 'block' && inClass) visit(child, false);
      else out.push(...child.findAll({ rule: { kind: 'except_clause' } }));
    }
  };
  if (count > 0) visit(ctx.root, false);
  return out;
}

/** The exception types an except clause names (the elements of a tuple), or [] for a bare `except:`. */
function caughtTypes(clause: SgNode): SgNode[] | undefined {
  const named = clause
    .namedChildren()
    .filter((c) => c.kind() !== 'comment' && c.kind() !== 'block');
  const first = named[0];
  if (first === undefined) return [];
  // `except E as e:` wraps the type in an as_pattern; Python 2 wrote `except E, e:`.
  const typeExpr = first.kind() === 'as_pattern' ? first.namedChildren()[0] : first;
  if (typeExpr === undefined) return undefined;
  const t = unwrap(typeExpr);
  return t.kind() === 'tuple' ? t.namedChildren().filter((c) => c.kind() !== 'comment') : [t];
}

/** What a handler body does when it does nothing: 'pass', 'continue' or '...'; undefined otherwise. */
function emptyAction(block: SgNode | null): string | undefined {
  const stmts = statementsOf(block);
  if (stmts.length === 0) return undefined;
  let action: string | undefined;
  for (const s of stmts) {
    const k = s.kind();
    if (k === 'pass_statement') action ??= 'pass';
    else if (k === 'continue_statement') action = 'continue';
    else if (k === 'expression_statement') {
      const e = s.namedChildren()[0];
      const ek = e === undefined ? '' : unwrap(e).kind();
      // `...` and a bare string (a comment written as a string) do nothing either.
      if (ek === 'ellipsis') action ??= '...';
      else if (ek !== 'string' || s.namedChildren().length !== 1) return undefined;
    } else return undefined;
  }
  return action ?? 'pass';
}

export default definePythonRule({
  name: 'swallowed-exception',
  title: 'Broad exception handler silently discards the error',
  description:
    'Finds bare `except:` and `except Exception:`/`except BaseException:` handlers whose body only passes, continues or is `...`.',
  cwe: [390, 396],
  severity: 'warning',
  confidence: 'high',
  tags: ['error-handling', 'reliability'],
  messages: {
    default: '`{{clause}}` catches every exception and discards it with `{{action}}`.',
    bare: 'Bare `except:` catches every exception, including KeyboardInterrupt and SystemExit, and discards it with `{{action}}`.',
  },
  help: {
    why: 'An error that is caught and dropped leaves the program running in a state nobody checked: a failed permission change, a half-written file or a rejected authentication is treated as success, and the cause never reaches a log where anyone could notice an attack or a fault.',
    fix: 'Catch only the exceptions you expect (`except FileNotFoundError:`), and for anything broader log it (`logger.exception(...)`), re-raise it, or return an explicit failure value. Use `contextlib.suppress(SpecificError)` when ignoring one specific error is intended.',
  },
  inTests: 'lower',
  // The `except` keyword (`xcept` starts with a rarer letter: found faster).
  requires: ['xcept'],
  *detect(ctx) {
    // A broad type resolves to a name spelled with `Exception`; a bare clause (or an empty tuple of
    // types) has `except` followed by `:` or `)`.
    if (!ctx.source.includes('Exception') && !BARE_EXCEPT.test(ctx.source)) return;
    for (const clause of exceptClauses(ctx)) {
      const types = caughtTypes(clause);
      if (types === undefined) continue;
      const bare = types.length === 0;
      const broad = types.find((t) => ctx.resolve(t).some((n) => BROAD.has(n)));
      if (!bare && broad === undefined) continue;
      const block = clause.namedChildren().find((c) => c.kind() === 'block') ?? null;
      const action = emptyAction(block);
      if (action === undefined) continue;
      yield {
        node: clause,
        messageId: bare ? 'bare' : 'default',
        data: { clause: `except ${broad?.text() ?? ''}:`, action },
        // Skipping an item in a loop is sometimes a deliberate policy; dropping it outright rarely is.
        confidence: action === 'continue' ? 'medium' : 'high',
      };
    }
  },
});
