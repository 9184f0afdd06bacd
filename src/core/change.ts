/**
 * The change under review (review mode): which files changed, how, and which lines on the new side were
 * added or modified. Carried in ScanResult.change so that every reporter can scope comments to the diff
 * and say what was reviewed, without reading the diff again.
 */

/** An inclusive range of 1-based line numbers on the new side of the change. */
export interface LineRange {
  start: number;
  end: number;
}

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied';

/** How a changed file was handled by the review. */
export type ChangeReview =
  | 'reviewed'
  | 'deleted'
  | 'binary'
  | 'mode-only'
  | 'renamed-only'
  | 'unsupported-language'
  | 'skipped';

export const CHANGE_REVIEWS = [
  'reviewed',
  'deleted',
  'binary',
  'mode-only',
  'renamed-only',
  'unsupported-language',
  'skipped',
] as const satisfies readonly ChangeReview[];

export interface ChangedFile {
  /** The path on the new side (for a deletion: the deleted path), relative to the repository root. */
  path: string;
  /** The path on the old side, for renames and copies. */
  oldPath?: string;
  status: ChangeStatus;
  /** Similarity index (0-100) of a rename or copy, as git reports it. */
  similarity?: number;
  binary: boolean;
  /** File modes when they changed (e.g. 100644 -> 100755). */
  oldMode?: string;
  newMode?: string;
  /** Lines added or modified on the new side. */
  changedLines: LineRange[];
  /**
   * New-side lines next to which lines were deleted without replacement: a removed check changes the
   * meaning of the code around it, so findings there are in the change too.
   */
  deletionPoints: number[];
  /** The new-side extent of every hunk (context lines included): where review comments may go. */
  hunks: LineRange[];
  added: number;
  deleted: number;
  review: ChangeReview;
  /** Why a file was not reviewed, in words. */
  note?: string;
}

export interface ChangeContext {
  /** How the change was obtained. */
  source: 'git-range' | 'git-staged' | 'patch';
  /** The revisions as given and as resolved (full object names). */
  base?: string;
  head?: string;
  mergeBase?: string;
  headCommit?: string;
  /** The patch file, or "-" for standard input. */
  patch?: string;
  /** The commit message of the head (or the pull-request description given with --message-file). */
  description: string;
  descriptionSource: 'commit' | 'message-file' | 'none';
  /** Findings within this many lines of a changed line are in the change (--context). */
  contextLines: number;
  files: ChangedFile[];
  totals: {
    files: number;
    /** Files whose content was analysed. */
    reviewedFiles: number;
    addedLines: number;
    deletedLines: number;
    /** Added or modified lines in the reviewed files. */
    reviewedLines: number;
  };
  /** Findings in the changed files that lie outside the change: left out, not counted. */
  findingsOutsideChange: number;
}

/** True when `line` lies in one of `ranges` widened by `context` lines on both sides. */
export function lineInRanges(line: number, ranges: readonly LineRange[], context = 0): boolean {
  return ranges.some((r) => line >= r.start - context && line <= r.end + context);
}

/** True when the inclusive span [start, end] overlaps one of `ranges` widened by `context`. */
export function spanInRanges(
  start: number,
  end: number,
  ranges: readonly LineRange[],
  context = 0,
): boolean {
  return ranges.some((r) => start <= r.end + context && end >= r.start - context);
}
