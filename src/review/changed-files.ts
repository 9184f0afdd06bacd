import type { ChangedFile, ChangeReview, LineRange } from '../core/change.js';
import type { FileDiff } from './diff.js';

export const SYMLINK_MODE = '120000';
export const SUBMODULE_MODE = '160000';

/** Consecutive line numbers (sorted, unique) as inclusive ranges. */
export function toRanges(lines: readonly number[]): LineRange[] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const ranges: LineRange[] = [];
  for (const n of sorted) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && n === last.end + 1) last.end = n;
    else ranges.push({ start: n, end: n });
  }
  return ranges;
}

/**
 * What a file diff changed on the new side: added lines, the points where lines were only deleted, and
 * the extent of each hunk. `review` is a first guess from the diff alone; the review refines it after
 * analysis (unsupported language, skipped).
 */
export function describeFileDiff(d: FileDiff): ChangedFile {
  const added: number[] = [];
  const deletionPoints: number[] = [];
  const hunks: LineRange[] = [];
  let addedCount = 0;
  let deletedCount = 0;
  for (const h of d.hunks) {
    if (h.newLines > 0) hunks.push({ start: h.newStart, end: h.newStart + h.newLines - 1 });
    // The next new-side line number at each position, to place deletions.
    let nextNew = h.newLines === 0 ? h.newStart + 1 : h.newStart;
    let i = 0;
    while (i < h.lines.length) {
      const line = h.lines[i];
      if (line === undefined) break;
      if (line.kind === 'context') {
        nextNew = (line.newLine ?? nextNew) + 1;
        i++;
        continue;
      }
      // A block of changed lines: deletions and additions until the next context line.
      let blockAdds = 0;
      let blockDeletes = 0;
      while (i < h.lines.length && h.lines[i]?.kind !== 'context') {
        const l = h.lines[i];
        if (l?.kind === 'added') {
          blockAdds++;
          added.push(l.newLine ?? nextNew);
          nextNew = (l.newLine ?? nextNew) + 1;
        } else {
          blockDeletes++;
        }
        i++;
      }
      addedCount += blockAdds;
      deletedCount += blockDeletes;
      if (blockAdds === 0 && blockDeletes > 0) {
        // Only deletions: the lines on either side of the gap were touched.
        if (nextNew - 1 >= 1) deletionPoints.push(nextNew - 1);
        deletionPoints.push(nextNew);
      }
    }
  }
  const path = d.newPath ?? d.oldPath ?? '';
  const modeChanged = d.oldMode !== undefined && d.newMode !== undefined && d.oldMode !== d.newMode;
  let review: ChangeReview = 'reviewed';
  let note: string | undefined;
  if (d.status === 'deleted') {
    review = 'deleted';
    note = 'deleted: nothing left to review';
  } else if (d.newMode === SUBMODULE_MODE || d.newMode === SYMLINK_MODE) {
    review = 'skipped';
    note = d.newMode === SUBMODULE_MODE ? 'submodule' : 'symbolic link';
  } else if (d.binary) {
    review = 'binary';
    note = 'binary change: not reviewed';
  } else if (d.hunks.length === 0) {
    if (d.status === 'renamed' || d.status === 'copied') {
      review = 'renamed-only';
      note = `${d.status} from ${d.oldPath ?? '?'} without content changes`;
    } else if (modeChanged) {
      review = 'mode-only';
      note = `file mode changed from ${d.oldMode ?? '?'} to ${d.newMode ?? '?'}; content unchanged`;
    } else {
      review = 'skipped';
      note = 'no content to review (empty file)';
    }
  }
  return {
    path,
    ...(d.oldPath !== undefined && d.oldPath !== path ? { oldPath: d.oldPath } : {}),
    status: d.status,
    ...(d.similarity !== undefined ? { similarity: d.similarity } : {}),
    binary: d.binary,
    ...(d.oldMode !== undefined ? { oldMode: d.oldMode } : {}),
    ...(d.newMode !== undefined ? { newMode: d.newMode } : {}),
    changedLines: toRanges(added),
    deletionPoints: [...new Set(deletionPoints)].sort((a, b) => a - b),
    hunks,
    added: addedCount,
    deleted: deletedCount,
    review,
    ...(note !== undefined ? { note } : {}),
  };
}
