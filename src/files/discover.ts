import {
  closeSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
  type Dirent,
  type Stats,
} from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { LanguageId } from '../core/language.js';
import type { SkippedFile, SkipReason } from '../core/result.js';
import { languageByPath, languageByShebang } from '../languages/index.js';
import { defaultExclude, VIRTUALENV_DETAIL, VIRTUALENV_MARKER } from './default-excludes.js';
import { IgnoreOrigins, IgnoreScope } from './ignore-rules.js';
import { errorCode, osErrorDetail } from './os-error.js';
import { isInside, selectRoot, type ResolvedTarget } from './scan-root.js';
import { describeTooLarge } from './size.js';

export interface DiscoverOptions {
  /** Where relative targets (and a relative root) are resolved. */
  cwd: string;
  /** Paths in the result are relative to this folder; see `discoverFiles` for the default. */
  root?: string;
  /** Files larger than this (bytes) are skipped as 'too-large'. */
  maxFileSize: number;
  /** Honour .gitignore files and .git/info/exclude. */
  respectGitignore: boolean;
  /** Extra gitignore-syntax patterns, relative to the scan root. */
  excludes: readonly string[];
}

export interface DiscoveredFile {
  absPath: string;
  /** Relative to the scan root, POSIX separators. */
  path: string;
  language: LanguageId;
  size: number;
}

export interface Discovery {
  /** The absolute scan root. */
  root: string;
  files: DiscoveredFile[];
  skipped: SkippedFile[];
}

/** The name of secreview's own ignore file, read from the scan root (gitignore syntax). */
export const IGNORE_FILE = '.secreviewignore';

/** Bytes read from a file without an extension to look for an interpreter line. */
const SHEBANG_BYTES = 256;

/**
 * Finds the files to review under `targets` (files or folders, relative to `opts.cwd`). Every file met is
 * either returned or listed as skipped with its reason; the only error thrown is UsageError for a target
 * that does not exist (or a root that cannot hold the targets).
 *
 * The scan root is `opts.root` if given; else `opts.cwd` when every target lies inside it; else the
 * deepest folder holding all targets. A file the user names is always considered, even if ignored.
 * A folder the user names is walked even if it is ignored; only the ignore files inside it apply then.
 */
export function discoverFiles(
  targets: readonly string[],
  opts: DiscoverOptions,
): Promise<Discovery> {
  // The walk uses synchronous calls, which are faster than promises for many small stats; errors still
  // arrive as a rejected promise.
  return new Promise((done) => {
    done(discover(targets, opts));
  });
}

function discover(targets: readonly string[], opts: DiscoverOptions): Discovery {
  const cwd = resolve(opts.cwd);
  const resolved = (targets.length > 0 ? targets : ['.']).map((t) => inspectTarget(t, cwd));
  const root = resolveRoot(resolved, cwd, opts.root);
  const walker = new Walker(root, opts);
  for (const t of resolved) walker.visitTarget(t);
  return walker.result();
}

interface InspectedTarget extends ResolvedTarget {
  /** lstat of the target itself; undefined when even that failed with `error`. */
  lstat: Stats | undefined;
  error: unknown;
}

function inspectTarget(given: string, cwd: string): InspectedTarget {
  const abs = resolve(cwd, given);
  let lstat: Stats;
  try {
    lstat = lstatSync(abs);
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`path not found: ${given}`);
    return { given, abs, isDirectory: false, lstat: undefined, error: e };
  }
  let isDirectory = lstat.isDirectory();
  if (lstat.isSymbolicLink()) {
    try {
      isDirectory = statSync(abs).isDirectory();
    } catch {
      // A dangling or looping link: reported when the target is visited.
    }
  }
  return { given, abs, isDirectory, lstat, error: undefined };
}

function resolveRoot(
  targets: readonly ResolvedTarget[],
  cwd: string,
  root: string | undefined,
): string {
  if (root === undefined) return selectRoot(targets, cwd, undefined);
  const abs = resolve(cwd, root);
  let stats: Stats;
  try {
    stats = statSync(abs);
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`path not found: ${root}`);
    throw new UsageError(`cannot use ${root} as the scan root: ${osErrorDetail(e)}`);
  }
  if (!stats.isDirectory()) throw new UsageError(`the scan root must be a folder: ${root}`);
  return selectRoot(targets, cwd, abs);
}

type EntryKind =
  | 'file'
  | 'directory'
  | 'symlink'
  | 'fifo'
  | 'socket'
  | 'block-device'
  | 'character-device'
  | 'unknown';

interface DirTask {
  abs: string;
  /** Relative to the scan root, POSIX; '' for the root itself. */
  rel: string;
  real: string;
  /** The ignore rules in force in the parent folder. */
  scope: IgnoreScope;
  /** Named by the user: never pruned as a virtualenv. */
  named: boolean;
  /** For a folder reached through a symbolic link: what the link says. */
  link?: string;
}

class Walker {
  private readonly files = new Map<string, DiscoveredFile>();
  private readonly skipped = new Map<string, SkippedFile>();
  /** Real path of every folder walked -> its path in the results. */
  private readonly visited = new Map<string, string>();
  /** Folders a link may point into: the real scan root, and named targets that live elsewhere. */
  private readonly allowedRoots: string[];
  private readonly namedFolders = new Set<string>();
  private readonly stack: DirTask[] = [];
  /** Linked folders wait until the real tree is walked, so files are found under their real paths. */
  private readonly linked: DirTask[] = [];
  private linkedNext = 0;
  private readonly scopes = new Map<string, IgnoreScope>();
  private readonly baseScope: IgnoreScope;
  private readonly origins: IgnoreOrigins;

  constructor(
    private readonly root: string,
    private readonly opts: DiscoverOptions,
  ) {
    this.allowedRoots = [realOr(root)];
    // Git matches case-insensitively where the file system usually is (core.ignorecase).
    const origins = new IgnoreOrigins(
      process.platform === 'darwin' || process.platform === 'win32',
    );
    this.origins = origins;
    const head = opts.respectGitignore
      ? origins.parse(
          this.readRootFile(join('.git', 'info', 'exclude')) ?? '',
          '.git/info/exclude',
          '',
        )
      : [];
    const tail = [
      ...origins.parse(this.readRootFile(IGNORE_FILE) ?? '', IGNORE_FILE, ''),
      ...opts.excludes.flatMap((p) => origins.parse(p, undefined, '')),
    ];
    this.baseScope = IgnoreScope.create(origins, head, tail);
  }

  visitTarget(t: InspectedTarget): void {
    const rel = toPosix(relative(this.root, t.abs));
    if (t.lstat === undefined) {
      const symlinkLoop = errorCode(t.error) === 'ELOOP';
      this.skip(rel, symlinkLoop ? 'symlink-loop' : 'unreadable', osErrorDetail(t.error), true);
      return;
    }
    let stats = t.lstat;
    if (stats.isSymbolicLink()) {
      try {
        stats = statSync(t.abs);
      } catch (e) {
        this.skip(rel, ...brokenLink(e, linkText(t.abs)), true);
        return;
      }
    }
    if (stats.isDirectory()) {
      this.visitNamedFolder(t.abs, rel);
    } else if (stats.isFile()) {
      this.considerFile(t.abs, rel, stats, true);
    } else {
      this.skip(rel, 'not-a-regular-file', describeKind(statsKind(stats)), true);
    }
  }

  result(): Discovery {
    const files = [...this.files.values()].sort(byPath);
    // A path both pruned by one target and reviewed through another was reviewed.
    const skipped = [...this.skipped.values()]
      .filter((s) => !this.files.has(s.path) && !this.namedFolders.has(s.path))
      .sort(byPath);
    return { root: this.root, files, skipped };
  }

  private visitNamedFolder(abs: string, rel: string): void {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch (e) {
      this.skip(rel, 'unreadable', osErrorDetail(e), true);
      return;
    }
    this.namedFolders.add(display(rel));
    if (!this.allowedRoots.some((r) => isInside(real, r))) this.allowedRoots.push(real);
    if (this.visited.has(real)) return; // Already walked as part of another target.
    let scope = this.scopeAbove(rel);
    // The user named an ignored folder: walk it, with only the ignore files inside it.
    if (scope.test(rel, true) !== undefined) scope = scope.detach();
    this.stack.push({ abs, rel, real, scope, named: true });
    this.run();
  }

  /** The ignore rules in force in the parent of `rel`, reading the ignore files from the root down. */
  private scopeAbove(rel: string): IgnoreScope {
    if (rel === '') return this.baseScope;
    const parts = rel.split('/');
    let scope = this.baseScope;
    let dirRel = '';
    for (const part of parts) {
      const cached = this.scopes.get(dirRel);
      if (cached !== undefined) {
        scope = cached;
      } else {
        scope = this.enter(scope, join(this.root, dirRel), dirRel, true);
        this.scopes.set(dirRel, scope);
      }
      dirRel = dirRel === '' ? part : `${dirRel}/${part}`;
    }
    return scope;
  }

  private run(): void {
    for (;;) {
      let task = this.stack.pop();
      if (task === undefined) {
        task = this.linked[this.linkedNext++];
        if (task === undefined) break;
        const seenAs = this.visited.get(task.real);
        if (seenAs !== undefined) {
          const where = seenAs === '' ? 'the scan root' : `'${seenAs}'`;
          const detail = `links to ${task.link ?? '?'}, a folder already scanned as ${where}`;
          this.skip(task.rel, 'symlink-loop', detail);
          continue;
        }
      }
      this.walkFolder(task);
    }
  }

  private walkFolder(task: DirTask): void {
    let entries: Dirent[];
    try {
      entries = readdirSync(task.abs, { withFileTypes: true });
    } catch (e) {
      this.skip(task.rel, 'unreadable', `folder could not be read: ${osErrorDetail(e)}`);
      return;
    }
    if (!task.named && entries.some((e) => e.name === VIRTUALENV_MARKER)) {
      this.skip(task.rel, 'ignored', VIRTUALENV_DETAIL);
      return;
    }
    this.visited.set(task.real, task.rel);
    entries.sort((a, b) => compare(a.name, b.name));
    const hasIgnoreFile = entries.some((e) => e.name === '.gitignore');
    const scope = this.enter(task.scope, task.abs, task.rel, hasIgnoreFile);
    const subfolders: DirTask[] = [];
    for (const entry of entries) {
      const abs = join(task.abs, entry.name);
      const rel = task.rel === '' ? entry.name : `${task.rel}/${entry.name}`;
      const sub = this.visitEntry(entry, abs, rel, scope);
      if (sub !== undefined) subfolders.push({ ...sub, real: join(task.real, entry.name) });
    }
    for (let i = subfolders.length - 1; i >= 0; i--) {
      const sub = subfolders[i];
      if (sub !== undefined) this.stack.push(sub);
    }
  }

  /** Handles one folder entry; returns the subfolder to walk, if it is one. */
  private visitEntry(
    entry: Dirent,
    abs: string,
    rel: string,
    scope: IgnoreScope,
  ): Omit<DirTask, 'real'> | undefined {
    let kind = direntKind(entry);
    if (kind === 'unknown') {
      try {
        kind = statsKind(lstatSync(abs));
      } catch (e) {
        this.skip(rel, 'unreadable', osErrorDetail(e));
        return undefined;
      }
    }
    if (kind === 'symlink') {
      this.visitLink(entry.name, abs, rel, scope);
      return undefined;
    }
    if (kind === 'directory') {
      return this.admitFolder(entry.name, rel, scope)
        ? { abs, rel, scope, named: false }
        : undefined;
    }
    const ignoredBy = scope.test(rel, false);
    if (ignoredBy !== undefined) {
      this.skip(rel, 'ignored', `ignored by ${ignoredBy}`);
    } else if (kind === 'file') {
      this.considerFile(abs, rel, undefined, false);
    } else {
      this.skip(rel, 'not-a-regular-file', describeKind(kind));
    }
    return undefined;
  }

  /** False (and the folder listed as skipped) when a folder met in the walk is pruned. */
  private admitFolder(name: string, rel: string, scope: IgnoreScope): boolean {
    const byDefault = defaultExclude(name);
    if (byDefault !== undefined) {
      this.skip(rel, 'ignored', byDefault);
      return false;
    }
    const ignoredBy = scope.test(rel, true);
    if (ignoredBy !== undefined) {
      this.skip(rel, 'ignored', `folder ignored by ${ignoredBy}`);
      return false;
    }
    return true;
  }

  private visitLink(name: string, abs: string, rel: string, scope: IgnoreScope): void {
    const target = linkText(abs);
    let real: string;
    let stats: Stats;
    try {
      real = realpathSync(abs);
      stats = statSync(abs);
    } catch (e) {
      const ignoredBy = scope.test(rel, false);
      if (ignoredBy !== undefined) this.skip(rel, 'ignored', `ignored by ${ignoredBy}`);
      else this.skip(rel, ...brokenLink(e, target));
      return;
    }
    if (stats.isDirectory()) {
      if (!this.admitFolder(name, rel, scope)) return;
    } else {
      const ignoredBy = scope.test(rel, false);
      if (ignoredBy !== undefined) {
        this.skip(rel, 'ignored', `ignored by ${ignoredBy}`);
        return;
      }
    }
    if (!this.allowedRoots.some((r) => isInside(real, r))) {
      this.skip(rel, 'symlink-outside-root', `links to ${target}, outside the scan root`);
    } else if (stats.isDirectory()) {
      this.linked.push({ abs, rel, real, scope, named: false, link: target });
    } else if (stats.isFile()) {
      this.considerFile(abs, rel, stats, false);
    } else {
      this.skip(rel, 'not-a-regular-file', `links to a ${describeKind(statsKind(stats))}`);
    }
  }

  private considerFile(abs: string, rel: string, stats: Stats | undefined, named: boolean): void {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    let language = languageByPath(name);
    if (language === undefined) {
      const dot = name.lastIndexOf('.');
      if (dot > 0) {
        const detail = `no supported language for .${name.slice(dot + 1)} files`;
        this.skip(rel, 'unsupported-language', detail, named);
        return;
      }
      let firstLine: string;
      try {
        firstLine = readFirstLine(abs);
      } catch (e) {
        this.skip(rel, 'unreadable', osErrorDetail(e), named);
        return;
      }
      language = languageByShebang(firstLine);
      if (language === undefined) {
        const detail = firstLine.startsWith('#!')
          ? `no supported language for the interpreter line ${JSON.stringify(firstLine.slice(0, 80))}`
          : 'no file extension and no interpreter line of a supported language';
        this.skip(rel, 'unsupported-language', detail, named);
        return;
      }
    }
    let size: number;
    try {
      size = (stats ?? statSync(abs)).size;
    } catch (e) {
      this.skip(rel, 'unreadable', osErrorDetail(e), named);
      return;
    }
    if (size > this.opts.maxFileSize) {
      this.skip(rel, 'too-large', describeTooLarge(size, this.opts.maxFileSize), named);
      return;
    }
    this.files.set(rel, { absPath: abs, path: rel, language: language.id, size });
  }

  /** The scope inside a folder: the parent's, plus the folder's own .gitignore. */
  private enter(
    parent: IgnoreScope,
    abs: string,
    rel: string,
    hasIgnoreFile: boolean,
  ): IgnoreScope {
    if (!this.opts.respectGitignore || !hasIgnoreFile) return parent;
    const fileRel = rel === '' ? '.gitignore' : `${rel}/.gitignore`;
    let content: string;
    try {
      content = readFileSync(join(abs, '.gitignore'), 'utf8');
    } catch (e) {
      const code = errorCode(e);
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') {
        const detail = `ignore file could not be read, its rules were not applied: ${osErrorDetail(e)}`;
        this.skip(fileRel, 'unreadable', detail);
      }
      return parent;
    }
    return parent.extend(this.origins.parse(content, fileRel, rel));
  }

  /** Reads an ignore file of the scan root; undefined when there is none. */
  private readRootFile(relPath: string): string | undefined {
    try {
      return readFileSync(join(this.root, relPath), 'utf8');
    } catch (e) {
      const code = errorCode(e);
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') {
        const detail = `ignore file could not be read, its rules were not applied: ${osErrorDetail(e)}`;
        this.skip(toPosix(relPath), 'unreadable', detail);
      }
      return undefined;
    }
  }

  /** Records a skip; what a named target says about itself wins over what a walk said. */
  private skip(rel: string, reason: SkipReason, detail: string, named = false): void {
    const path = display(rel);
    if (!named && this.skipped.has(path)) return;
    this.skipped.set(path, { path, reason, detail });
  }
}

function brokenLink(e: unknown, target: string): [SkipReason, string] {
  const code = errorCode(e);
  if (code === 'ELOOP') return ['symlink-loop', `links to ${target}, which leads back to itself`];
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return ['unreadable', `dangling symbolic link to ${target}`];
  }
  return ['unreadable', `symbolic link to ${target} could not be followed: ${osErrorDetail(e)}`];
}

function linkText(abs: string): string {
  try {
    return readlinkSync(abs);
  } catch {
    return '?';
  }
}

function readFirstLine(abs: string): string {
  const fd = openSync(abs, 'r');
  try {
    const buf = Buffer.alloc(SHEBANG_BYTES);
    const n = readSync(fd, buf, 0, SHEBANG_BYTES, 0);
    const text = buf
      .subarray(0, n)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    return text.split(/\r?\n/, 1)[0] ?? '';
  } finally {
    closeSync(fd);
  }
}

function direntKind(d: Dirent): EntryKind {
  if (d.isFile()) return 'file';
  if (d.isDirectory()) return 'directory';
  if (d.isSymbolicLink()) return 'symlink';
  if (d.isFIFO()) return 'fifo';
  if (d.isSocket()) return 'socket';
  if (d.isBlockDevice()) return 'block-device';
  if (d.isCharacterDevice()) return 'character-device';
  return 'unknown';
}

function statsKind(s: Stats): EntryKind {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'directory';
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isFIFO()) return 'fifo';
  if (s.isSocket()) return 'socket';
  if (s.isBlockDevice()) return 'block-device';
  if (s.isCharacterDevice()) return 'character-device';
  return 'unknown';
}

function describeKind(kind: EntryKind): string {
  switch (kind) {
    case 'fifo':
      return 'named pipe (FIFO)';
    case 'socket':
      return 'socket';
    case 'block-device':
      return 'block device';
    case 'character-device':
      return 'character device';
    case 'directory':
      return 'folder';
    default:
      return 'not a regular file';
  }
}

function realOr(abs: string): string {
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function display(rel: string): string {
  return rel === '' ? '.' : rel;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byPath(a: { path: string }, b: { path: string }): number {
  return compare(a.path, b.path);
}
