import { defineCRule, type CCallSite } from '../../../engine/rule-api.js';
import { compact, stripCasts } from '../../../languages/c/expr.js';
import { lineOf } from '../../../languages/c/leaks.js';
import { flowOf, roleOf } from '../../../languages/c/lifetime.js';

/** Calls that check a file by name, with the position of the path argument. */
const CHECKS: Readonly<Record<string, number>> = {
  access: 0,
  eaccess: 0,
  euidaccess: 0,
  faccessat: 1,
  stat: 0,
  stat64: 0,
  lstat: 0,
  lstat64: 0,
  fstatat: 1,
};

/** Calls that then act on a file by name, with the position of the path argument. */
const USES: Readonly<Record<string, number>> = {
  open: 0,
  open64: 0,
  openat: 1,
  creat: 0,
  fopen: 0,
  fopen64: 0,
  freopen: 0,
  opendir: 0,
  chmod: 0,
  chown: 0,
  lchown: 0,
  unlink: 0,
  remove: 0,
  rename: 0,
  truncate: 0,
  link: 0,
  symlink: 1,
  execv: 0,
  execve: 0,
};

/** How a use opens the file, from its flags or mode argument: race-safe, read-only, or otherwise. */
function openMode(use: CCallSite, pathIndex: number): 'safe' | 'read' | undefined {
  const mode = use.args[pathIndex + 1];
  if (mode === undefined) return use.name === 'opendir' ? 'read' : undefined;
  const text = compact(mode.text());
  if (/^(?:open|open64|openat)$/.test(use.name)) {
    // O_EXCL creates atomically and O_NOFOLLOW refuses a planted symlink: the fixes the help names.
    if (/\bO_(?:EXCL|NOFOLLOW)\b/.test(text)) return 'safe';
    return /\bO_RDONLY\b/.test(text) && !/\bO_(?:WRONLY|RDWR|CREAT|TRUNC|APPEND)\b/.test(text)
      ? 'read'
      : undefined;
  }
  // A mode literal, or a mode macro named for reading (`FOPEN_READTEXT`).
  if (/^fopen(?:64)?$/.test(use.name))
    return /^"r[bt]?"$|^[A-Z_]*READ[A-Z_]*$/.test(text) && !/WRITE|APPEND/.test(text)
      ? 'read'
      : undefined;
  return undefined;
}

/** Whether the code between a stat() and a use decides on the file's type, owner or permissions. */
function decidesOnFile(between: string): boolean {
  return /\b(?:S_IS\w+|st_mode|st_uid|st_gid|st_ino|st_dev|st_nlink)\b/.test(between);
}

export default defineCRule({
  name: 'toctou-file-check',
  title: 'Race between checking a file by name and opening it (TOCTOU)',
  description:
    'Finds access(), stat() or lstat() on a path followed, in the same function, by open(), fopen(), chmod(), unlink() or a similar call on the same path.',
  cwe: [367],
  severity: 'warning',
  confidence: 'high',
  tags: ['filesystem', 'race-condition'],
  messages: {
    default:
      '`{{use}}` acts on `{{path}}`, which `{{check}}` examined on line {{line}}; the file can be replaced (e.g. by a symlink) between the check and this call.',
  },
  help: {
    why: 'A name is looked up again by every call. Between the check (access/stat) and the use (open/chmod/unlink), another process can replace the file, typically with a symlink to a file the program should not touch. In a setuid or root program `access()` followed by `open()` is the classic way to make it open /etc/shadow for the attacker.',
    fix: 'Do not check by name and then use by name. Open the file first and check the open descriptor (`fstat(fd, ...)`), use `O_NOFOLLOW`/`O_EXCL` and the `*at()` functions on a directory descriptor, or drop privileges (`seteuid`) so that `open()` itself enforces the permission you wanted to check.',
  },
  requires: ['access', 'stat'],
  *detect(ctx) {
    const checks = ctx.calls(...Object.keys(CHECKS));
    if (checks.length === 0) return;
    const uses = ctx.calls(...Object.keys(USES));
    const pathOf = (
      call: CCallSite,
      table: Readonly<Record<string, number>>,
    ): string | undefined => {
      const a = call.args[table[call.name] ?? 0];
      return a === undefined ? undefined : compact(stripCasts(a).text());
    };
    const reported = new Set<number>();
    for (const check of checks) {
      const path = pathOf(check, CHECKS);
      const fn = ctx.enclosingFunction(check.node);
      if (path === undefined || fn === undefined || path.startsWith('"')) continue;
      const checkAt = check.node.range().end.index;
      const fnRange = fn.node.range();
      for (const use of uses) {
        const at = use.node.range().start.index;
        if (at <= checkAt || at > fnRange.end.index || reported.has(use.node.id())) continue;
        if (pathOf(use, USES) !== path) continue;
        // A path variable reassigned between the two names another file.
        const ids = flowOf(fn)?.named(path) ?? [];
        const reassigned = ids.some((id) => {
          const p = id.range().start.index;
          const r = roleOf(id, new Set()).role;
          return p > checkAt && p < at && (r === 'assign' || r === 'address');
        });
        if (reassigned) continue;
        const mode = openMode(use, USES[use.name] ?? 0);
        if (mode === 'safe') continue;
        // stat() for the size or the existence, then reading the file: no decision the swap subverts.
        if (
          mode === 'read' &&
          !check.name.includes('access') &&
          !decidesOnFile(ctx.source.slice(checkAt, at))
        )
          continue;
        reported.add(use.node.id());
        yield {
          node: use.node,
          data: {
            use: `${use.name}()`,
            check: `${check.name}()`,
            path: path.slice(0, 60),
            line: lineOf(check.node),
          },
          confidence: check.name.includes('access') ? 'high' : 'medium',
        };
      }
    }
  },
});
