import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext } from '../../../engine/rule-api.js';
import { FREE_FUNCTIONS } from '../../../languages/c/dangling.js';
import { compact, stripCasts } from '../../../languages/c/expr.js';
import { HEAP_ALLOCATORS } from '../../../languages/c/leaks.js';
import { calleeName } from '../../../languages/c/lifetime.js';

type Kind = 'malloc' | 'new' | 'new[]';

const MALLOC_FAMILY = new Set(HEAP_ALLOCATORS);

const RELEASE_FOR: Readonly<Record<Kind, string>> = {
  malloc: 'free()',
  new: 'delete',
  'new[]': 'delete[]',
};

/** How an expression obtained its memory, when visible. */
function allocationKind(expr: SyntaxNode): Kind | undefined {
  let e = stripCasts(expr);
  if (e.kind() === 'argument_list' || e.kind() === 'initializer_list') {
    const inner = e.namedChildren().filter((c) => c.kind() !== 'comment');
    if (inner.length !== 1 || inner[0] === undefined) return undefined;
    e = stripCasts(inner[0]);
  }
  if (e.kind() === 'new_expression') {
    // `new T[n]`, `new char *[n]`: the array part is a new_declarator, possibly under a pointer.
    const d = e.field('declarator');
    const isArray =
      d !== null &&
      (d.kind() === 'new_declarator' || d.find({ rule: { kind: 'new_declarator' } }) !== null);
    return isArray ? 'new[]' : 'new';
  }
  if (e.kind() === 'call_expression' && MALLOC_FAMILY.has(calleeName(e))) return 'malloc';
  return undefined;
}

/** The name a release applies to: `p`, or the member `m_buf` for `this->m_buf`. */
function releasedName(arg: SyntaxNode): { name: string; member: boolean } | undefined {
  const e = stripCasts(arg);
  if (e.kind() === 'identifier') return { name: e.text(), member: false };
  if (e.kind() === 'field_expression' && e.field('argument')?.kind() === 'this') {
    const f = e.field('field')?.text();
    return f === undefined ? undefined : { name: f, member: true };
  }
  return undefined;
}

/** Every value stored into `name` (a local, or a member anywhere in the file), with its allocation kind. */
function storedKinds(
  ctx: CContext,
  name: string,
  at: SyntaxNode,
  member: boolean,
): (Kind | undefined)[] {
  const kinds: (Kind | undefined)[] = [];
  const decl = member ? undefined : ctx.declarationOf(name, at);
  const local = decl !== undefined && ctx.enclosingFunction(at)?.locals().includes(decl) === true;
  if (decl?.isParameter === true) return [undefined];
  if (decl !== undefined && decl.value !== null) kinds.push(allocationKind(decl.value));
  const scope = local ? ctx.enclosingFunction(at)?.node : undefined;
  const inScope = (n: SyntaxNode): boolean => {
    if (scope === undefined) return true;
    const r = n.range().start.index;
    const s = scope.range();
    return r >= s.start.index && r <= s.end.index;
  };
  for (const a of ctx.nodes('assignment_expression')) {
    const left = a.field('left');
    const right = a.field('right');
    if (left === null || right === null || !inScope(a)) continue;
    const l = compact(left.text());
    if (l === name || (!local && (l === `this->${name}` || l === `(*this).${name}`)))
      kinds.push(allocationKind(right));
  }
  if (!local) {
    for (const f of ctx.nodes('field_initializer')) {
      if (f.namedChildren()[0]?.text() !== name) continue;
      const args = f.namedChildren()[1];
      kinds.push(args === undefined ? undefined : allocationKind(args));
    }
  }
  return kinds;
}

export default defineCRule({
  name: 'mismatched-deallocation',
  title: 'Mismatched memory management: new/delete[], malloc/delete, new/free',
  description:
    'Finds memory released with a routine that does not match how it was allocated: new[] with delete, new with delete[] or free, malloc with delete, and unique_ptr<T> owning new T[].',
  cwe: [762],
  severity: 'error',
  confidence: 'high',
  tags: ['memory'],
  messages: {
    default:
      '`{{variable}}` holds memory from `{{allocated}}` but is released with `{{released}}`; it must be released with `{{expected}}`.',
    uniquePtr:
      '`std::unique_ptr<{{type}}>` releases with `delete`, but owns memory from `new[]`; use `std::unique_ptr<{{type}}[]>` or `std::vector`.',
  },
  help: {
    why: 'Each allocator keeps its own bookkeeping: `delete` on memory from `new[]` runs one destructor and hands the allocator a pointer it did not return, `free` on memory from `new` skips the destructor, and `delete` on memory from malloc calls into the wrong heap. The result is undefined behaviour: heap corruption that attackers can exploit, or leaks of everything the skipped destructors own.',
    fix: 'Release with the routine matching the allocation: `free` for malloc/calloc/realloc/strdup, `delete` for `new`, `delete[]` for `new[]`. Better, let an owner do it: `std::vector`, `std::string`, `std::unique_ptr<T[]>`.',
  },
  requires: ['delete', 'free'],
  *detect(ctx) {
    const sites: { node: SyntaxNode; kind: Kind; arg: SyntaxNode | undefined; released: string }[] = ctx
      .calls(...FREE_FUNCTIONS)
      .map((c) => ({
        node: c.node,
        kind: 'malloc' as const,
        arg: c.args[0],
        released: `${c.name}()`,
      }));
    if (ctx.isCpp) {
      for (const d of ctx.nodes('delete_expression')) {
        const isArray = d.children().some((c) => c.text() === '[');
        sites.push({
          node: d,
          kind: isArray ? 'new[]' : 'new',
          arg: d.namedChildren().find((c) => c.kind() !== 'comment'),
          released: isArray ? 'delete[]' : 'delete',
        });
      }
    }
    for (const site of sites) {
      if (site.arg === undefined) continue;
      const direct = allocationKind(site.arg);
      const target = releasedName(site.arg);
      let kinds: (Kind | undefined)[];
      if (direct !== undefined) kinds = [direct];
      else if (target === undefined) continue;
      else kinds = storedKinds(ctx, target.name, site.node, target.member);
      if (kinds.length === 0 || kinds.some((k) => k === undefined)) continue;
      const first = kinds[0];
      if (first === undefined || first === site.kind || kinds.some((k) => k !== first)) continue;
      yield {
        node: site.node,
        data: {
          variable: target?.name ?? compact(site.arg.text()).slice(0, 40),
          allocated: first === 'malloc' ? 'malloc' : first,
          released: site.released,
          expected: RELEASE_FOR[first],
        },
      };
    }
    if (!ctx.isCpp) return;
    for (const d of ctx.nodes('declaration')) {
      const type = d.field('type')?.text() ?? '';
      const m = /\bunique_ptr\s*<\s*([^[\]<>]+?)\s*>$/.exec(type);
      if (m === null) continue;
      for (const init of d.fieldChildren('declarator')) {
        const value = init.kind() === 'init_declarator' ? init.field('value') : null;
        if (value !== null && allocationKind(value) === 'new[]') {
          yield { node: d, messageId: 'uniquePtr', data: { type: m[1] ?? type } };
        }
      }
    }
  },
});
