import ignore from 'ignore';
import { baselineSuppressor } from '../baseline/baseline.js';
import type { ChangeContext, ChangedFile } from '../core/change.js';
import { UsageError } from '../core/errors.js';
import type { ScanResult } from '../core/result.js';
import { defaultExclude } from '../files/default-excludes.js';
import { IGNORE_FILE } from '../files/discover.js';
import { describeFileDiff, SUBMODULE_MODE, SYMLINK_MODE } from '../review/changed-files.js';
import { parseUnifiedDiff, type FileDiff } from '../review/diff.js';
import { GitError } from '../review/errors.js';
import {
  commitMessage,
  diffText,
  listBlobs,
  mergeBase,
  openRepository,
  readBlobs,
  resolveCommit,
  type Git,
} from '../review/git.js';
import { suppressAcrossRenames } from '../review/renames.js';
import { scopeToChange, touchedLines } from '../review/scope.js';
import {
  checkPatchMatchesTree,
  insideRoot,
  readOptional,
  temporaryTree,
  writeTree,
} from '../review/worktree.js';
import { rebasePaths } from '../config/policy.js';
import { changeLabel } from '../reporters/change.js';
import { scan, type ScanOptions } from './scan.js';

/** What to review: a git range, the staged changes, or a unified diff. Exactly one. */
export type ChangeSource =
  | { kind: 'range'; base: string; head?: string }
  | { kind: 'staged' }
  | { kind: 'patch'; name: string; text: string };

export interface ReviewOptions extends Omit<ScanOptions, 'targets' | 'root'> {
  change: ChangeSource;
  /** Findings within this many lines of a changed line count as in the change (default 0). */
  contextLines?: number;
  /** A pull-request description (--message-file); replaces the commit message. */
  description?: string;
}

interface Obtained {
  source: ChangeContext['source'];
  diffs: FileDiff[];
  /** Repository root, or the folder paths in a patch are relative to. */
  root: string;
  git: Git | undefined;
  /** Where the new-side content comes from. */
  content: { kind: 'tree' } | { kind: 'commit'; sha: string } | { kind: 'index' };
  meta: Pick<ChangeContext, 'base' | 'head' | 'mergeBase' | 'headCommit' | 'patch'>;
  description: string;
  descriptionSource: ChangeContext['descriptionSource'];
}

async function tryRepository(cwd: string): Promise<Git | undefined> {
  try {
    return await openRepository(cwd);
  } catch (e) {
    if (e instanceof GitError) return undefined;
    throw e;
  }
}

async function obtainChange(
  src: ChangeSource,
  given: string | undefined,
  cwd: string,
): Promise<Obtained> {
  if (src.kind === 'patch') {
    const diffs = parseUnifiedDiff(src.text);
    const git = await tryRepository(cwd);
    const root = git?.root ?? cwd;
    await checkPatchMatchesTree(root, diffs);
    return {
      source: 'patch',
      diffs,
      root,
      git,
      content: { kind: 'tree' },
      meta: { patch: src.name },
      description: given ?? '',
      descriptionSource: given !== undefined ? 'message-file' : 'none',
    };
  }
  const git = await openRepository(cwd);
  if (src.kind === 'staged') {
    const diffs = parseUnifiedDiff(await diffText(git, 'staged'));
    return {
      source: 'git-staged',
      diffs,
      root: git.root,
      git,
      content: { kind: 'index' },
      meta: {},
      description: given ?? '',
      descriptionSource: given !== undefined ? 'message-file' : 'none',
    };
  }
  const headRev = src.head ?? 'HEAD';
  const baseSha = await resolveCommit(git, src.base);
  const headSha = await resolveCommit(git, headRev);
  const mb = await mergeBase(git, baseSha, headSha, [src.base, headRev]);
  const diffs = parseUnifiedDiff(await diffText(git, { base: mb, head: headSha }));
  const description = given ?? (await commitMessage(git, headSha));
  return {
    source: 'git-range',
    diffs,
    root: git.root,
    git,
    content: { kind: 'commit', sha: headSha },
    meta: { base: src.base, head: headRev, mergeBase: mb, headCommit: headSha },
    description,
    descriptionSource:
      given !== undefined ? 'message-file' : description === '' ? 'none' : 'commit',
  };
}

/** Files the user asked to leave out (--exclude, .secreviewignore, default excludes): listed, not analysed. */
async function excludedBy(
  excludes: readonly string[],
  root: string,
): Promise<(path: string) => string | undefined> {
  const patterns = ignore().add([...excludes]);
  const ignoreFile = ignore().add((await readOptional(root, IGNORE_FILE)) ?? '');
  return (path) => {
    const dirs = path.split('/').slice(0, -1);
    for (const d of dirs) {
      const why = defaultExclude(d);
      if (why !== undefined) return why;
    }
    if (patterns.ignores(path)) return 'left out by --exclude';
    if (ignoreFile.ignores(path)) return `left out by ${IGNORE_FILE}`;
    return undefined;
  };
}

/**
 * Review mode, the library entry point: obtains the change, analyses every changed file in full (dataflow
 * needs the whole file) and keeps only the findings on added or modified lines. Throws UsageError (GitError,
 * PatchError) for a request that cannot be served: not a repository, an unknown revision, a malformed
 * patch, a patch that does not match the working tree.
 */
export async function review(options: ReviewOptions): Promise<ScanResult> {
  const { change: source, contextLines = 0, description, ...scanOptions } = options;
  const cwd = options.cwd ?? process.cwd();
  if (!Number.isInteger(contextLines) || contextLines < 0) {
    throw new UsageError(
      `--context takes a whole number of lines, 0 or more (got ${String(contextLines)})`,
    );
  }
  const got = await obtainChange(source, description, cwd);
  const files: ChangedFile[] = got.diffs.map(describeFileDiff);
  const excluded = await excludedBy(scanOptions.excludes ?? [], got.root);
  for (const f of files) {
    if (f.review !== 'reviewed') continue;
    const why = excluded(f.path);
    if (why !== undefined) {
      f.review = 'skipped';
      f.note = why;
    }
  }

  const tree = await temporaryTree();
  try {
    let contentRoot = got.root;
    const toAnalyse = files.filter((f) => f.review === 'reviewed');
    if (got.content.kind !== 'tree' && got.git !== undefined) {
      // Analyse the commit's (or the index's) content, not whatever the working tree holds.
      contentRoot = tree.dir;
      const blobs = await listBlobs(
        got.git,
        got.content.kind === 'index' ? 'index' : got.content.sha,
      );
      const wanted: { path: string; sha: string }[] = [];
      for (const f of toAnalyse) {
        const blob = blobs.get(f.path);
        if (blob === undefined) {
          f.review = 'skipped';
          f.note = 'not found in the revision under review';
        } else if (blob.mode === SYMLINK_MODE || blob.mode === SUBMODULE_MODE) {
          f.review = 'skipped';
          f.note = blob.mode === SYMLINK_MODE ? 'symbolic link' : 'submodule';
        } else {
          wanted.push({ path: f.path, sha: blob.sha });
        }
      }
      const contents = await readBlobs(
        got.git,
        wanted.map((w) => w.sha),
      );
      await writeTree(
        tree.dir,
        wanted.map((w) => ({ path: w.path, content: contents.get(w.sha) ?? new Uint8Array() })),
      );
    }
    const targets = files
      .filter((f) => f.review === 'reviewed')
      .map((f) => insideRoot(contentRoot, f.path));

    // The model sees the changed lines marked and the commit message (or PR description) as context.
    const llm =
      scanOptions.llm === undefined
        ? undefined
        : {
            ...scanOptions.llm,
            changedLines: Object.fromEntries(files.map((f) => [f.path, touchedLines(f)])),
            ...(got.description !== '' ? { commitMessage: got.description } : {}),
          };
    const result = await scan({
      ...scanOptions,
      ...(llm !== undefined ? { llm } : {}),
      // Configuration patterns are relative to the repository; the content may be a copy of it.
      ...(scanOptions.paths !== undefined
        ? { paths: rebasePaths(scanOptions.paths, got.root, contentRoot) }
        : {}),
      cwd: got.root,
      root: targets.length > 0 ? contentRoot : tree.dir,
      // An empty change still produces a whole (empty) result: scan the empty temporary folder.
      targets: targets.length > 0 ? targets : [tree.dir],
    });

    // Files the analysis skipped (unsupported language, too large, ...) are listed with that reason.
    const skipped = new Map(result.files.skipped.map((s) => [s.path, s]));
    for (const f of files) {
      const s = skipped.get(f.path);
      if (f.review !== 'reviewed' || s === undefined) continue;
      f.review = s.reason === 'unsupported-language' ? 'unsupported-language' : 'skipped';
      f.note = s.detail;
    }
    const reviewed = files.filter((f) => f.review === 'reviewed');
    const change: Omit<ChangeContext, 'findingsOutsideChange'> = {
      source: got.source,
      ...got.meta,
      description: got.description,
      descriptionSource: got.descriptionSource,
      contextLines,
      files,
      totals: {
        files: files.length,
        reviewedFiles: reviewed.length,
        addedLines: files.reduce((n, f) => n + f.added, 0),
        deletedLines: files.reduce((n, f) => n + f.deleted, 0),
        reviewedLines: reviewed.reduce((n, f) => n + f.added, 0),
      },
    };
    // A baseline made before a rename still matches the renamed file's findings.
    const findings =
      scanOptions.baseline === undefined
        ? result.findings
        : suppressAcrossRenames(result.findings, files, baselineSuppressor(scanOptions.baseline));
    const scoped = scopeToChange({ ...result, findings }, change);
    return {
      ...scoped,
      target: changeLabel(change),
      errors: scoped.errors.map((e) => ({
        ...e,
        message: e.message.split(tree.dir).join('<revision>'),
      })),
    };
  } finally {
    await tree.dispose();
  }
}
