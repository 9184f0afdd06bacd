import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { errorMessage } from '../core/errors.js';
import { GitError } from './errors.js';

/**
 * The git I/O adapter: runs git with execFile (no shell, arguments passed as they are), with settings that
 * make its output predictable whatever the user's configuration (no colour, no external diff drivers or
 * text conversion, a/ and b/ prefixes, C-quoted paths), and turns git's refusals into GitError.
 */

/** Settings given on every command line; they override the user's and the repository's configuration. */
const CONFIG = [
  '-c',
  'core.quotePath=true',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'diff.noprefix=false',
  '-c',
  'diff.mnemonicPrefix=false',
  '-c',
  'color.ui=false',
];

export interface Git {
  /** The repository's top-level folder (absolute). */
  readonly root: string;
  run(args: readonly string[], input?: string): Promise<Buffer>;
}

function exec(cwd: string, args: readonly string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...CONFIG, ...args],
      {
        cwd,
        encoding: 'buffer',
        // Huge diffs are reviewed in full: no output limit.
        maxBuffer: Infinity,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' },
        windowsHide: true,
      },
      (err, stdout, stderr) => {
        if (err !== null) {
          const text = stderr.toString('utf8').trim();
          const code = (err as NodeJS.ErrnoException).code;
          reject(
            new GitError(
              code === 'ENOENT'
                ? 'git is not installed or not on PATH; review mode needs git (or use --patch outside a repository)'
                : text !== ''
                  ? text
                  : errorMessage(err),
            ),
          );
          return;
        }
        resolve(stdout);
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Opens the repository holding `cwd`; a folder outside any repository is a GitError. */
export async function openRepository(cwd: string): Promise<Git> {
  if (!statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) {
    throw new GitError(`no such folder: ${cwd}`);
  }
  let top: string;
  try {
    top = (await exec(cwd, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
  } catch (e) {
    const msg = errorMessage(e);
    if (/not a git repository/i.test(msg)) {
      throw new GitError(`not a git repository: ${cwd} (review mode needs a git checkout)`);
    }
    throw e;
  }
  if (top === '') {
    throw new GitError(`not inside a git work tree: ${cwd} (a bare repository cannot be reviewed)`);
  }
  return { root: top, run: (args, input) => exec(top, args, input) };
}

/** The full object name of a commit; an unknown revision is a GitError naming it. */
export async function resolveCommit(git: Git, rev: string): Promise<string> {
  try {
    const out = await git.run([
      'rev-parse',
      '--verify',
      '--quiet',
      '--end-of-options',
      `${rev}^{commit}`,
    ]);
    return out.toString('utf8').trim();
  } catch {
    throw new GitError(`unknown revision "${rev}": git cannot find such a commit in ${git.root}`);
  }
}

/** The merge base of two commits (full object names); `names` are the revisions as the user gave them. */
export async function mergeBase(
  git: Git,
  a: string,
  b: string,
  names: readonly [string, string] = [a, b],
): Promise<string> {
  try {
    return (await git.run(['merge-base', a, b])).toString('utf8').trim();
  } catch {
    throw new GitError(
      `the revisions ${names[0]} and ${names[1]} have no common ancestor (no merge base); in a shallow clone, ` +
        'fetch the history of both (e.g. actions/checkout with fetch-depth: 0, or GIT_DEPTH: 0 on GitLab)',
    );
  }
}

const DIFF_ARGS = [
  'diff',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-relative',
  '--find-renames',
  '--find-copies',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  '--unified=3',
];

/** The unified diff between two commits, or (head undefined) between HEAD and the index. */
export async function diffText(
  git: Git,
  range: { base: string; head: string } | 'staged',
): Promise<string> {
  const args =
    range === 'staged' ? [...DIFF_ARGS, '--cached'] : [...DIFF_ARGS, range.base, range.head, '--'];
  return (await git.run(args)).toString('utf8');
}

export async function commitMessage(git: Git, commit: string): Promise<string> {
  return (await git.run(['log', '-1', '--format=%B', commit, '--'])).toString('utf8').trim();
}

export interface Blob {
  mode: string;
  sha: string;
}

/** Splits NUL-terminated records. */
function records(out: Buffer): string[] {
  return out
    .toString('utf8')
    .split('\0')
    .filter((r) => r !== '');
}

/** Path -> blob of every file in a commit (`ls-tree`) or in the index (`ls-files --stage`). */
/** `source` is a commit's full object name, or 'index'. */
export async function listBlobs(git: Git, source: string): Promise<Map<string, Blob>> {
  const map = new Map<string, Blob>();
  if (source === 'index') {
    for (const r of records(await git.run(['ls-files', '--stage', '-z']))) {
      // "<mode> <sha> <stage>\t<path>"; during a merge conflict stage 0 is missing: take stage 2 (ours).
      const m = /^(\d+) ([0-9a-f]+) (\d)\t(.*)$/s.exec(r);
      if (m === null) continue;
      const [, mode = '', sha = '', stage = '0', path = ''] = m;
      if (stage === '0' || (stage === '2' && !map.has(path))) map.set(path, { mode, sha });
    }
    return map;
  }
  for (const r of records(await git.run(['ls-tree', '-r', '-z', '--full-tree', source]))) {
    // "<mode> <type> <sha>\t<path>"
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(r);
    if (m === null) continue;
    const [, mode = '', , sha = '', path = ''] = m;
    map.set(path, { mode, sha });
  }
  return map;
}

/** Reads many blobs with one `git cat-file --batch`. */
export async function readBlobs(git: Git, shas: readonly string[]): Promise<Map<string, Buffer>> {
  const unique = [...new Set(shas)];
  const blobs = new Map<string, Buffer>();
  if (unique.length === 0) return blobs;
  const out = await git.run(['cat-file', '--batch'], `${unique.join('\n')}\n`);
  let pos = 0;
  while (pos < out.length) {
    const nl = out.indexOf(0x0a, pos);
    if (nl < 0) break;
    const header = out.subarray(pos, nl).toString('utf8');
    const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (m === null) {
      // "<sha> missing": skip the header line.
      pos = nl + 1;
      continue;
    }
    const size = Number(m[3]);
    blobs.set(m[1] ?? '', out.subarray(nl + 1, nl + 1 + size));
    pos = nl + 1 + size + 1;
  }
  return blobs;
}
