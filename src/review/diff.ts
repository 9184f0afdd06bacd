import { PatchError } from './errors.js';

/**
 * A parser for unified diffs as git writes them (`git diff`, `git format-patch`) and as `diff -u` writes
 * them: renames and copies with similarity, new and deleted files, binary changes, mode-only changes,
 * "\ No newline at end of file", C-quoted paths (spaces, non-ASCII bytes as octal escapes), CRLF patches,
 * several hunks per file. Paths lose their prefix (`a/`, `b/`) as with `git apply -p1`; paths without
 * one (`git diff --no-prefix`) are kept.
 * Anything that cannot be read is a PatchError naming the line; a patch cut short mid-hunk is an error,
 * never a silently shorter change.
 */

export type HunkLineKind = 'context' | 'added' | 'deleted';

export interface HunkLine {
  kind: HunkLineKind;
  /** The line's text without the leading marker and without the line ending. */
  text: string;
  /** New-side line number (context and added lines). */
  newLine?: number;
  /** Old-side line number (context and deleted lines). */
  oldLine?: number;
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: HunkLine[];
}

export interface FileDiff {
  /** Undefined for an added file (/dev/null). */
  oldPath: string | undefined;
  /** Undefined for a deleted file (/dev/null). */
  newPath: string | undefined;
  status: 'added' | 'modified' | 'deleted' | 'renamed' | 'copied';
  similarity?: number;
  binary: boolean;
  oldMode?: string;
  newMode?: string;
  hunks: Hunk[];
}

const C_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  '"': 34,
  '\\': 92,
};

/**
 * Reads a C-quoted string (git's core.quotePath style) starting at `s[start] === '"'`. Octal escapes are
 * bytes of UTF-8. Returns the decoded text and the index after the closing quote.
 */
export function readQuoted(s: string, start: number): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < s.length) {
    const c = s[i] ?? '';
    if (c === '"') {
      return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    }
    if (c === '\\') {
      const next = s[i + 1] ?? '';
      const octal = /^[0-7]{3}/.exec(s.slice(i + 1, i + 4));
      if (octal !== null) {
        bytes.push(parseInt(octal[0], 8));
        i += 4;
        continue;
      }
      const code = C_ESCAPES[next];
      if (code === undefined) return undefined;
      bytes.push(code);
      i += 2;
      continue;
    }
    bytes.push(...Buffer.from(c, 'utf8'));
    i++;
  }
  return undefined;
}

/** A path as written after `---`/`+++`, `rename from` and the like: quoted or plain. */
function unquote(raw: string, lineNo: number): string {
  if (!raw.startsWith('"')) return raw;
  const q = readQuoted(raw, 0);
  if (q === undefined) throw new PatchError(`line ${String(lineNo)}: badly quoted path ${raw}`);
  return q.value;
}

/** Drops the first path component (a/x.py -> x.py). */
function stripPrefix(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

function firstComponent(path: string): string | undefined {
  const slash = path.indexOf('/');
  return slash < 0 ? undefined : path.slice(0, slash);
}

/**
 * Removes the prefixes of a pair of header paths, as `git apply -p1` would, but only when they are
 * prefixes: the two first components differ (a/ and b/, orig/ and new/, git's i/ and w/), or a lone path
 * (the other side is /dev/null) starts with a git prefix letter. `git diff --no-prefix` output
 * (src/x.py on both sides) keeps its paths.
 */
function stripPair(
  a: string | undefined,
  b: string | undefined,
): { a: string | undefined; b: string | undefined } {
  if (a !== undefined && b !== undefined) {
    const fa = firstComponent(a);
    const fb = firstComponent(b);
    return fa !== undefined && fb !== undefined && fa !== fb
      ? { a: stripPrefix(a), b: stripPrefix(b) }
      : { a, b };
  }
  const lone = a ?? b;
  if (lone === undefined || !/^[abciwo]\//.test(lone)) return { a, b };
  return {
    a: a === undefined ? undefined : stripPrefix(a),
    b: b === undefined ? undefined : stripPrefix(b),
  };
}

/** The path of a `---`/`+++` line: unquoted, trailing timestamp (after a tab) dropped, /dev/null -> undefined. */
function headerPath(rest: string, lineNo: number): string | undefined {
  let raw = rest;
  if (!raw.startsWith('"')) {
    const tab = raw.indexOf('\t');
    if (tab >= 0) raw = raw.slice(0, tab);
  } else {
    const q = readQuoted(raw, 0);
    if (q === undefined) throw new PatchError(`line ${String(lineNo)}: badly quoted path ${raw}`);
    raw = `"${raw.slice(1, q.end - 1)}"`;
  }
  const path = unquote(raw, lineNo);
  return path === '/dev/null' ? undefined : path;
}

function definedPair(p: {
  a: string | undefined;
  b: string | undefined;
}): { a: string; b: string } | undefined {
  return p.a === undefined || p.b === undefined ? undefined : { a: p.a, b: p.b };
}

/** The two paths of a `diff --git a/x b/y` line; undefined when they cannot be told apart. */
function gitHeaderPaths(rest: string): { a: string; b: string } | undefined {
  if (rest.startsWith('"')) {
    const first = readQuoted(rest, 0);
    if (first === undefined) return undefined;
    const tail = rest.slice(first.end).trimStart();
    const second = tail.startsWith('"') ? readQuoted(tail, 0)?.value : tail;
    if (second === undefined) return undefined;
    return definedPair(stripPair(first.value, second));
  }
  const quotedB = rest.indexOf(' "');
  if (quotedB >= 0) {
    const second = readQuoted(rest, quotedB + 1);
    if (second?.end === rest.length) {
      return definedPair(stripPair(rest.slice(0, quotedB), second.value));
    }
  }
  // Unquoted: "a/P b/P" where both sides are the same path (the only case git leaves ambiguous is a
  // rename, and renames carry "rename from/to" lines).
  if ((rest.length - 1) % 2 === 0) {
    const half = (rest.length - 1) / 2;
    const a = rest.slice(0, half);
    const b = rest.slice(half + 1);
    const pair = stripPair(a, b);
    if (rest[half] === ' ' && pair.a === pair.b) return definedPair(pair);
  }
  return undefined;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

interface Builder {
  diff: FileDiff;
  /** Paths from the `diff --git` line, used when no ---/+++ or rename lines name them. */
  gitPaths?: { a: string; b: string };
  sawMinus: boolean;
  added: boolean;
  deleted: boolean;
}

function finish(b: Builder, lineNo: number): FileDiff {
  const d = b.diff;
  if (b.gitPaths !== undefined) {
    if (d.oldPath === undefined && !b.added) d.oldPath = b.gitPaths.a;
    if (d.newPath === undefined && !b.deleted) d.newPath = b.gitPaths.b;
  }
  if (d.oldPath === undefined && d.newPath === undefined) {
    throw new PatchError(
      `line ${String(lineNo)}: a file header names no path (neither side can be read)`,
    );
  }
  if (b.added || (d.oldPath === undefined && d.status === 'modified')) d.status = 'added';
  if (b.deleted || (d.newPath === undefined && d.status === 'modified')) d.status = 'deleted';
  return d;
}

/** Parses a unified diff into per-file changes; an empty input is an empty change. */
export function parseUnifiedDiff(text: string): FileDiff[] {
  const lines = text.split('\n');
  // A trailing newline leaves one empty string at the end; it is not a line of the patch.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const files: FileDiff[] = [];
  let current: Builder | undefined;
  let sawDiffText = false;
  let i = 0;

  const startFile = (): Builder => {
    if (current !== undefined) files.push(finish(current, i + 1));
    current = {
      diff: {
        oldPath: undefined,
        newPath: undefined,
        status: 'modified',
        binary: false,
        hunks: [],
      },
      sawMinus: false,
      added: false,
      deleted: false,
    };
    return current;
  };

  while (i < lines.length) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    const lineNo = i + 1;

    if (line.startsWith('diff --git ')) {
      sawDiffText = true;
      const b = startFile();
      const paths = gitHeaderPaths(line.slice('diff --git '.length));
      if (paths !== undefined) b.gitPaths = paths;
      i++;
      continue;
    }

    if (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ')) {
      sawDiffText = true;
      // A ---/+++ pair opens a new file unless it belongs to the `diff --git` block just started.
      let b: Builder;
      if (current !== undefined && !current.sawMinus && current.diff.hunks.length === 0) {
        b = current;
      } else {
        b = startFile();
      }
      b.sawMinus = true;
      const { a: oldPath, b: newPath } = stripPair(
        headerPath(line.slice(4), lineNo),
        headerPath((lines[i + 1] ?? '').replace(/\r$/, '').slice(4), lineNo + 1),
      );
      if (b.diff.status !== 'renamed' && b.diff.status !== 'copied') {
        b.diff.oldPath = oldPath;
        b.diff.newPath = newPath;
      }
      if (oldPath === undefined) b.added = true;
      if (newPath === undefined) b.deleted = true;
      i += 2;
      continue;
    }

    if (line.startsWith('@@')) {
      const b = current;
      const m = HUNK_HEADER.exec(line);
      if (b === undefined || m === null) {
        throw new PatchError(
          b === undefined
            ? `line ${String(lineNo)}: a hunk header comes before any file header`
            : `line ${String(lineNo)}: malformed hunk header "${line.slice(0, 80)}"`,
        );
      }
      const hunk: Hunk = {
        oldStart: Number(m[1]),
        oldLines: m[2] === undefined ? 1 : Number(m[2]),
        newStart: Number(m[3]),
        newLines: m[4] === undefined ? 1 : Number(m[4]),
        lines: [],
      };
      let oldLeft = hunk.oldLines;
      let newLeft = hunk.newLines;
      let oldNo = hunk.oldStart;
      let newNo = hunk.newStart;
      i++;
      while (oldLeft > 0 || newLeft > 0) {
        if (i >= lines.length) {
          throw new PatchError(
            `the patch ends in the middle of a hunk of ${b.diff.newPath ?? b.diff.oldPath ?? '?'} ` +
              `(${String(oldLeft)} old and ${String(newLeft)} new lines missing); it is truncated`,
          );
        }
        const raw = lines[i] ?? '';
        const body = raw.replace(/\r$/, '');
        const marker = body === '' ? ' ' : body[0];
        const content = body.slice(1);
        if (marker === ' ' && oldLeft > 0 && newLeft > 0) {
          hunk.lines.push({ kind: 'context', text: content, oldLine: oldNo++, newLine: newNo++ });
          oldLeft--;
          newLeft--;
        } else if (marker === '-' && oldLeft > 0) {
          hunk.lines.push({ kind: 'deleted', text: content, oldLine: oldNo++ });
          oldLeft--;
        } else if (marker === '+' && newLeft > 0) {
          hunk.lines.push({ kind: 'added', text: content, newLine: newNo++ });
          newLeft--;
        } else if (marker === '\\') {
          // "\ No newline at end of file": about the line before; nothing to count.
        } else {
          throw new PatchError(
            `line ${String(i + 1)}: unexpected "${body.slice(0, 40)}" inside a hunk of ` +
              `${b.diff.newPath ?? b.diff.oldPath ?? '?'} (${String(oldLeft)} old and ${String(newLeft)} new lines expected); ` +
              'the patch is malformed or truncated',
          );
        }
        i++;
      }
      // A "\ No newline at end of file" marker may follow the last line of a hunk.
      while (i < lines.length && (lines[i] ?? '').startsWith('\\')) i++;
      b.diff.hunks.push(hunk);
      continue;
    }

    const b = current;
    if (b?.diff.hunks.length === 0 && !b.sawMinus) {
      // Extended header lines of a git diff.
      const m = /^(old mode|new mode|deleted file mode|new file mode) (\d+)$/.exec(line);
      if (m !== null) {
        const mode = m[2] ?? '';
        if (m[1] === 'old mode') b.diff.oldMode = mode;
        else if (m[1] === 'new mode') b.diff.newMode = mode;
        else if (m[1] === 'deleted file mode') {
          b.deleted = true;
          b.diff.oldMode = mode;
        } else {
          b.added = true;
          b.diff.newMode = mode;
        }
      } else if (/^(rename|copy) from /.exec(line) !== null) {
        b.diff.status = line.startsWith('rename') ? 'renamed' : 'copied';
        b.diff.oldPath = unquote(line.replace(/^(rename|copy) from /, ''), lineNo);
      } else if (/^(rename|copy) to /.exec(line) !== null) {
        b.diff.status = line.startsWith('rename') ? 'renamed' : 'copied';
        b.diff.newPath = unquote(line.replace(/^(rename|copy) to /, ''), lineNo);
      } else if (/^index [0-9a-f]+\.\.[0-9a-f]+ \d+$/.test(line)) {
        // "index <old>..<new> <mode>": the mode did not change (symbolic link, submodule, file).
        const mode = line.slice(line.lastIndexOf(' ') + 1);
        b.diff.oldMode ??= mode;
        b.diff.newMode ??= mode;
      } else if (line.startsWith('similarity index ')) {
        b.diff.similarity = Number(/(\d+)%/.exec(line)?.[1] ?? '0');
      } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
        b.diff.binary = true;
        if (line.startsWith('Binary files ')) {
          if (line.startsWith('Binary files /dev/null ')) b.added = true;
          if (line.endsWith(' and /dev/null differ')) b.deleted = true;
        }
        // A binary patch body (literal/delta blocks) runs to the next file header.
        if (line === 'GIT binary patch') {
          i++;
          while (i < lines.length && !(lines[i] ?? '').startsWith('diff --git ')) i++;
          continue;
        }
      }
      // index lines, dissimilarity and anything else git may add are not needed.
    } else if (
      b !== undefined &&
      (line.startsWith('Binary files ') || line === 'GIT binary patch')
    ) {
      b.diff.binary = true;
    }
    // Lines outside any file diff (commit headers, mail headers, "Only in" lines) are not part of it.
    i++;
  }
  if (current !== undefined) files.push(finish(current, lines.length));
  if (!sawDiffText && lines.some((l) => l.trim() !== '')) {
    throw new PatchError(
      'the input is not a unified diff: no "diff --git" or "---"/"+++" file header found',
    );
  }
  return files;
}
