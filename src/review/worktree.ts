import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { SUBMODULE_MODE, SYMLINK_MODE } from './changed-files.js';
import type { FileDiff } from './diff.js';
import { PatchError } from './errors.js';

/**
 * File-system side of review mode: checking that a patch matches the working tree, and writing the
 * new-side content of a git change into a private temporary folder so that it is analysed exactly as it
 * is in the commit (or the index), whatever the working tree holds.
 */

/** `rel` resolved under `root`; a path that escapes it (`../`, absolute) is refused. */
export function insideRoot(root: string, rel: string): string {
  const abs = resolve(root, rel);
  const base = resolve(root);
  if (abs !== base && abs.startsWith(base.endsWith(sep) ? base : base + sep)) return abs;
  throw new PatchError(`the path "${rel}" in the change lies outside ${base}; refusing to read it`);
}

function clip(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

/**
 * Checks that every post-image line of the patch is in the working-tree file at the line the patch says
 * (line endings aside). A patch made against another revision would put comments on the wrong lines, so
 * any mismatch is a PatchError naming the file and the line.
 */
export async function checkPatchMatchesTree(
  root: string,
  diffs: readonly FileDiff[],
): Promise<void> {
  for (const d of diffs) {
    if (
      d.status === 'deleted' ||
      d.binary ||
      d.hunks.length === 0 ||
      d.newPath === undefined ||
      d.newMode === SUBMODULE_MODE ||
      d.newMode === SYMLINK_MODE
    ) {
      continue;
    }
    const abs = insideRoot(root, d.newPath);
    let text: string;
    try {
      text = await readFile(abs, 'utf8');
    } catch (e) {
      throw new PatchError(
        `the patch does not match the working tree: ${d.newPath} cannot be read (${errorMessage(e)})`,
      );
    }
    const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    for (const h of d.hunks) {
      for (const l of h.lines) {
        if (l.newLine === undefined) continue;
        const actual = lines[l.newLine - 1];
        const expected = l.text.replace(/\r$/, '');
        if (actual !== expected) {
          throw new PatchError(
            `the patch does not match the working tree: ${d.newPath} line ${String(l.newLine)} is ` +
              `${actual === undefined ? 'missing (the file is shorter)' : clip(actual)} but the patch has ${clip(expected)}; ` +
              'was it made against another revision, or not applied yet?',
          );
        }
      }
    }
  }
}

/** A private temporary folder; `dispose` removes it and everything in it. */
export async function temporaryTree(): Promise<{ dir: string; dispose: () => Promise<void> }> {
  // The real path: where the temporary folder sits behind a symbolic link (macOS /var), paths found
  // under it must still lie inside it.
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'secreview-review-')));
  return {
    dir,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Writes each file (repository-relative path) under `root`. */
export async function writeTree(
  root: string,
  files: readonly { path: string; content: Uint8Array }[],
): Promise<void> {
  for (const f of files) {
    const abs = insideRoot(root, f.path);
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, f.content);
  }
}

/** The text of a file under `root`, or undefined when it does not exist or cannot be read. */
export async function readOptional(root: string, rel: string): Promise<string | undefined> {
  try {
    return await readFile(join(root, rel), 'utf8');
  } catch {
    return undefined;
  }
}
