import { dirname, isAbsolute, relative, sep } from 'node:path';
import { UsageError } from '../core/errors.js';

export interface ResolvedTarget {
  /** As the user wrote it, for messages. */
  given: string;
  abs: string;
  isDirectory: boolean;
}

/** True when `abs` is `dir` or lies below it (both absolute and normalised). */
export function isInside(abs: string, dir: string): boolean {
  const rel = relative(dir, abs);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The folder results are relative to: the one asked for; else the working directory when every target
 * lies inside it (so `scan src/` from a repository root reports `src/app.py`); else the deepest folder
 * holding all targets.
 */
export function selectRoot(
  targets: readonly ResolvedTarget[],
  cwd: string,
  root: string | undefined,
): string {
  if (root !== undefined) {
    for (const t of targets) {
      if (!isInside(t.abs, root)) {
        throw new UsageError(
          `${t.given} is outside the scan root ${root}; choose a root that holds it`,
        );
      }
    }
    return root;
  }
  if (targets.every((t) => isInside(t.abs, cwd))) return cwd;
  const dirs = targets.map((t) => (t.isDirectory ? t.abs : dirname(t.abs)));
  return dirs.reduce(commonAncestor);
}

function commonAncestor(a: string, b: string): string {
  let dir = a;
  while (!isInside(b, dir)) {
    const up = dirname(dir);
    if (up === dir) return dir;
    dir = up;
  }
  return dir;
}
