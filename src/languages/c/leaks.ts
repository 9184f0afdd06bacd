import type { SyntaxNode } from '../../core/syntax.js';
import type { CContext } from './context.js';
import type { CFunction } from './decls.js';
import { cppCastOf, stripCasts } from './expr.js';
import type { FlowNode } from './flow.js';
import { exitStates } from './flow.js';
import { flowOf, followOwnership, OWN, type Occurrence, type OwnershipSpec } from './lifetime.js';

/** A resource acquired into a local variable: `char *p = malloc(n)`, `fd = open(...)`, `p = new T`. */
export interface Acquisition {
  /** The call or `new` expression. */
  readonly node: SyntaxNode;
  /** The acquiring function (`malloc`, `fopen`, `new`). */
  readonly how: string;
  readonly variable: string;
  readonly fn: CFunction;
}

/**
 * The variable an expression's value is stored into, looking through casts and parentheses:
 * `T *p = (T *)malloc(n)` and `p = malloc(n)` give `p`; `s->p = malloc(n)` gives nothing.
 */
export function storedInto(expr: SyntaxNode): SyntaxNode | undefined {
  let child = expr;
  let parent = expr.parent();
  while (parent !== null) {
    const k = parent.kind();
    if (k === 'argument_list' && cppCastOf(parent) !== undefined)
      parent = cppCastOf(parent) ?? parent;
    else if (k !== 'cast_expression' && k !== 'parenthesized_expression') break;
    child = parent;
    parent = parent.parent();
  }
  if (parent === null) return undefined;
  if (parent.kind() === 'init_declarator' && parent.field('value')?.id() === child.id()) {
    let d = parent.field('declarator');
    while (d !== null && d.kind() !== 'identifier')
      d = d.field('declarator') ?? d.namedChildren()[0] ?? null;
    return d ?? undefined;
  }
  if (parent.kind() === 'assignment_expression' && parent.field('right')?.id() === child.id()) {
    const left = parent.field('left');
    return left !== null && stripCasts(left).kind() === 'identifier' ? stripCasts(left) : undefined;
  }
  return undefined;
}

/**
 * Whether the variable's assignment is itself stored elsewhere: `s->buf = p = malloc(n)`,
 * `o = list = strdup(s)`. The other holder may be the one released or handed over.
 */
function storedTwice(expr: SyntaxNode): boolean {
  let n: SyntaxNode | null = expr.parent();
  let assignment: SyntaxNode | undefined;
  for (let guard = 0; n !== null && guard < 20; guard++, n = n.parent()) {
    const k = n.kind();
    if (k === 'cast_expression' || k === 'parenthesized_expression') continue;
    if (assignment === undefined && k === 'assignment_expression') {
      assignment = n;
      continue;
    }
    if (assignment === undefined) return false;
    return k === 'assignment_expression' || k === 'init_declarator';
  }
  return false;
}

/**
 * Acquisitions by these functions (and `new` expressions when `withNew`) stored into a non-static local
 * variable of the function holding them.
 */
export function acquisitions(
  ctx: CContext,
  functions: readonly string[],
  withNew = false,
): Acquisition[] {
  const out: Acquisition[] = [];
  const sites: { node: SyntaxNode; how: string }[] = ctx
    .calls(...functions)
    .map((c) => ({ node: c.node, how: c.name }));
  if (withNew && ctx.isCpp) {
    for (const n of ctx.nodes('new_expression')) {
      // `new QLabel(parent)`: a constructor argument may name an owner (Qt parents delete their
      // children), so objects constructed from variables are not followed; literals, braces and
      // arrays are.
      const args = n.field('arguments');
      const mayNameOwner =
        args?.kind() === 'argument_list' &&
        args.namedChildren().some((c) => !/literal|comment/.test(c.kind()));
      if (!mayNameOwner) sites.push({ node: n, how: 'new' });
    }
  }
  for (const site of sites) {
    const target = storedInto(site.node);
    if (target === undefined || storedTwice(site.node)) continue;
    const fn = ctx.enclosingFunction(site.node);
    if (fn === undefined) continue;
    const decl = ctx.declarationOf(target.text(), site.node);
    if (decl === undefined || decl.isParameter || decl.isStatic || !fn.locals().includes(decl))
      continue;
    // `extern char **environ;` declared in the function names a global.
    if (/^\s*extern\b/.test(decl.node.text())) continue;
    // Qt ownership handed over through the object itself: `w->setParent(this)`, `w->deleteLater()`,
    // `w->setAttribute(Qt::WA_DeleteOnClose)`, or a signal connection (`connect(..., w, ...)`) through
    // which the object is closed and deleted later.
    const name = target.text();
    if (
      site.how === 'new' &&
      new RegExp(
        `\\b${name}\\s*->\\s*(?:setParent|deleteLater)\\b|\\b${name}\\s*->\\s*setAttribute\\s*\\(\\s*Qt::WA_DeleteOnClose|\\bconnect\\s*\\([^;]*\\b${name}\\b`,
      ).test(fn.body?.text() ?? '')
    )
      continue;
    out.push({ node: site.node, how: site.how, variable: name, fn });
  }
  return out;
}

export interface Leak {
  acquisition: Acquisition;
  /** The return statement that leaves with the resource still held, or null when the path falls off the end. */
  exit: SyntaxNode | null;
  /** Some other path releases or hands over the resource: the leak is on an early or error path. */
  releasedElsewhere: boolean;
}

/**
 * Paths on which an acquired resource is still held, not released and not handed over, when the function
 * returns. Paths that end the program (exit, abort) are not leaks. `main` is left out: the system
 * reclaims everything when it returns.
 */
export function findLeaks(acqs: readonly Acquisition[], spec: OwnershipSpec): Leak[] {
  const out: Leak[] = [];
  for (const acq of acqs) {
    if (acq.fn.name === 'main' || acq.fn.name === 'wmain') continue;
    const flow = flowOf(acq.fn);
    const start: FlowNode | undefined = flow?.graph.nodeOf(acq.node);
    if (flow === null || start === undefined) continue;
    const res = followOwnership(flow, acq.variable, start, acq.node, spec);
    const exits = exitStates(res.graph, res.after, res.refine);
    const releasedElsewhere = exits.some((e) => (e.state & (OWN.RELEASED | OWN.ESCAPED)) !== 0);
    const stores = storesAfter(res.occurrences, acq.node.range().end.index);
    for (const e of exits) {
      if ((e.state & (OWN.UNCHECKED | OWN.VALID)) === 0) continue;
      const exit = e.fallsOffEnd ? null : e.node.ast;
      // Stored into a list or another owner on some path before this exit but not on this one:
      // `if (head == NULL) head = curr; if (prev) prev->next = curr;` — the branches are correlated in
      // ways a path-insensitive analysis cannot see, so the path that seems to keep it is not reported.
      const at = exit === null ? Infinity : exit.range().start.index;
      if (stores.some((pos) => pos < at)) continue;
      out.push({ acquisition: acq, exit, releasedElsewhere });
    }
  }
  return out;
}

/** Source positions where the resource is stored into another variable, field or element after `from`. */
function storesAfter(
  occurrences: ReadonlyMap<number, readonly Occurrence[]>,
  from: number,
): number[] {
  const out: number[] = [];
  for (const list of occurrences.values()) {
    for (const occ of list) {
      const pos = occ.node.range().start.index;
      if (occ.role === 'alias' && pos > from) out.push(pos);
    }
  }
  return out;
}

/** Functions returning heap memory, NULL on failure. */
export const HEAP_ALLOCATORS: readonly string[] = [
  'malloc',
  'calloc',
  'realloc',
  'reallocarray',
  'aligned_alloc',
  'strdup',
  'strndup',
];

/**
 * What the leak rules report for each leak: the leaking return, or the acquisition when the path falls
 * off the end (messages `default` and `atEnd` with `variable`, `how`, `line`); high confidence when
 * another path releases the resource.
 */
export function leakReports(leaks: readonly Leak[]): {
  node: SyntaxNode;
  messageId?: string;
  data: Record<string, string | number>;
  confidence: 'high' | 'medium';
}[] {
  return leaks.map((leak) => {
    const a = leak.acquisition;
    const data = { variable: a.variable, how: a.how, line: lineOf(a.node) };
    const confidence = leak.releasedElsewhere ? 'high' : 'medium';
    return leak.exit === null
      ? { node: a.node, messageId: 'atEnd', data, confidence }
      : { node: leak.exit, data, confidence };
  });
}

/** A line number (1-based) for messages. */
export function lineOf(node: SyntaxNode): number {
  return node.range().start.line + 1;
}

export type { Occurrence };

/** Library functions that read or write through a pointer or descriptor without keeping it. */
export const BORROWING_CALLS: ReadonlySet<string> = new Set([
  // memory and strings
  'memcpy',
  'memmove',
  'memset',
  'memcmp',
  'memchr',
  'bzero',
  'explicit_bzero',
  'strcpy',
  'strncpy',
  'strlcpy',
  'strcat',
  'strncat',
  'strlcat',
  'strlen',
  'strnlen',
  'strcmp',
  'strncmp',
  'strcasecmp',
  'strncasecmp',
  'strchr',
  'strrchr',
  'strstr',
  'strspn',
  'strcspn',
  'strtok',
  'strtok_r',
  'strtol',
  'strtoul',
  'strtoll',
  'strtoull',
  'strtod',
  'atoi',
  'atol',
  'atof',
  'wcslen',
  'wcscpy',
  'toupper',
  'tolower',
  // formatted I/O
  'printf',
  'fprintf',
  'sprintf',
  'snprintf',
  'vsnprintf',
  'vsprintf',
  'vfprintf',
  'dprintf',
  'puts',
  'fputs',
  'fgets',
  'fputc',
  'putc',
  'fgetc',
  'getc',
  'ungetc',
  'scanf',
  'sscanf',
  'fscanf',
  'perror',
  'syslog',
  // stdio streams
  'fread',
  'fwrite',
  'fseek',
  'fseeko',
  'ftell',
  'ftello',
  'rewind',
  'fflush',
  'feof',
  'ferror',
  'clearerr',
  'fileno',
  'setvbuf',
  'setbuf',
  'getline',
  'getdelim',
  'fgetpos',
  'fsetpos',
  'flockfile',
  'funlockfile',
  'readdir',
  'readdir_r',
  'rewinddir',
  'dirfd',
  'telldir',
  'seekdir',
  // descriptors
  'read',
  'write',
  'pread',
  'pwrite',
  'readv',
  'writev',
  'fstat',
  'fstatat',
  'fsync',
  'fdatasync',
  'lseek',
  'ioctl',
  'fcntl',
  'flock',
  'ftruncate',
  'fchmod',
  'fchown',
  'send',
  'recv',
  'sendto',
  'recvfrom',
  'sendmsg',
  'recvmsg',
  'connect',
  'bind',
  'listen',
  'accept',
  'accept4',
  'shutdown',
  'setsockopt',
  'getsockopt',
  'getsockname',
  'getpeername',
  'mmap',
  'sendfile',
  'posix_fadvise',
  'fallocate',
  'posix_fallocate',
  'isatty',
  'ttyname',
  'tcgetattr',
  'tcsetattr',
  'dup',
  'openat',
  'fdatasync',
  'FD_SET',
  'FD_ISSET',
  'FD_CLR',
  // sorting, hashing and other pure uses
  'qsort',
  'bsearch',
  'sizeof',
  'assert',
  'MD5_Update',
  'SHA1_Update',
  'SHA256_Update',
  'EVP_DigestUpdate',
]);
