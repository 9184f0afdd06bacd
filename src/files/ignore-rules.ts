import ignore from 'ignore';
import type { Ignore } from 'ignore';

interface PatternParams {
  pattern: string;
  mark: string;
}

interface RuleOrigin {
  /** The ignore file, relative to the scan root, or undefined for a pattern given as an option. */
  file: string | undefined;
  line: number;
  pattern: string;
}

/**
 * Where each ignore rule came from, so that a skipped path can name the file and line that ignored it.
 * Shared by all scopes of one discovery.
 */
export class IgnoreOrigins {
  private readonly origins: RuleOrigin[] = [];

  constructor(readonly ignoreCase: boolean) {}

  /**
   * The rules of one ignore file (gitignore syntax) found in directory `base` (relative to the scan
   * root, '' for the root), rewritten to apply to paths relative to the scan root.
   */
  parse(content: string, file: string | undefined, base: string): PatternParams[] {
    const out: PatternParams[] = [];
    const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
    lines.forEach((line, i) => {
      const pattern = rebasePattern(line, base);
      if (pattern === undefined) return;
      out.push({ pattern, mark: String(this.origins.length) });
      this.origins.push({ file, line: i + 1, pattern: line.trim() });
    });
    return out;
  }

  describe(mark: string | undefined): string {
    const origin = mark === undefined ? undefined : this.origins[Number(mark)];
    if (origin === undefined) return 'an ignore rule';
    if (origin.file === undefined) return `exclude pattern '${origin.pattern}'`;
    return `${origin.file}:${origin.line} (${origin.pattern})`;
  }
}

/**
 * The ignore rules in force in one directory. Git reads the ignore files of every directory from the
 * root down, the deeper ones taking precedence; rewriting each file's patterns to root-relative ones and
 * adding them in that order to a single matcher gives the same answers (the last matching rule wins, and
 * nothing under an ignored directory can be re-included), so a scope is one `ignore` instance.
 */
export class IgnoreScope {
  private matcher: Ignore | undefined;

  private constructor(
    private readonly origins: IgnoreOrigins,
    /** Lowest precedence: .git/info/exclude. */
    private readonly head: readonly PatternParams[],
    /** The .gitignore files from the root down to this directory. */
    private readonly chain: readonly PatternParams[],
    /** Highest precedence: .secreviewignore and the exclude patterns given as options. */
    private readonly tail: readonly PatternParams[],
  ) {}

  static create(
    origins: IgnoreOrigins,
    head: readonly PatternParams[],
    tail: readonly PatternParams[],
  ): IgnoreScope {
    return new IgnoreScope(origins, head, [], tail);
  }

  /** The scope of a subdirectory with an ignore file of its own. */
  extend(rules: readonly PatternParams[]): IgnoreScope {
    if (rules.length === 0) return this;
    return new IgnoreScope(this.origins, this.head, [...this.chain, ...rules], this.tail);
  }

  /** A scope without any rule from outside: for a directory the user named although it is ignored. */
  detach(): IgnoreScope {
    return new IgnoreScope(this.origins, [], [], []);
  }

  /** Why `rel` (relative to the scan root, POSIX) is ignored, or undefined when it is not. */
  test(rel: string, isDirectory: boolean): string | undefined {
    const m = this.compile();
    if (m === undefined || rel === '') return undefined;
    const r = m.test(isDirectory ? `${rel}/` : rel);
    if (!r.ignored) return undefined;
    return this.origins.describe(r.rule?.mark);
  }

  private compile(): Ignore | undefined {
    if (this.matcher !== undefined) return this.matcher;
    if (this.head.length + this.chain.length + this.tail.length === 0) return undefined;
    this.matcher = ignore({ ignorecase: this.origins.ignoreCase })
      .add(this.head)
      .add(this.chain)
      .add(this.tail);
    return this.matcher;
  }
}

/**
 * Rewrites one line of an ignore file in directory `base` into a pattern relative to the scan root:
 * `*.pyc` in `src/` becomes `src/**\/*.pyc` (a pattern without an inner slash matches at any depth),
 * `/build` or `gen/out` become `src/build` and `src/gen/out` (anchored). Blank lines and comments give
 * undefined.
 */
export function rebasePattern(line: string, base: string): string | undefined {
  if (line.trim() === '' || line.startsWith('#')) return undefined;
  if (base === '') return line;
  let body = line;
  let negative = false;
  if (body.startsWith('!')) {
    negative = true;
    body = body.slice(1);
  }
  // Git drops trailing spaces unless escaped; they must go before looking for a trailing slash.
  while (body.endsWith(' ') && !body.endsWith('\\ ')) body = body.slice(0, -1);
  if (body === '' || body === '/') return undefined;
  const slash = body.indexOf('/');
  const anchored = slash !== -1 && slash < body.length - 1;
  const prefix = escapeGlob(base);
  const rebased = anchored
    ? `${prefix}/${body.startsWith('/') ? body.slice(1) : body}`
    : `${prefix}/**/${body}`;
  return negative ? `!${rebased}` : rebased;
}

/** Makes a directory path literal inside a gitignore pattern. */
function escapeGlob(path: string): string {
  const escaped = path.replace(/[\\*?[\]]/g, '\\$&');
  return /^[!#]/.test(escaped) ? `\\${escaped}` : escaped;
}
