import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { review } from '../../src/api/review.js';
import { NO_DEFECTS_VERDICT, type ScanResult } from '../../src/core/result.js';
import { scanResultSchema } from '../../src/core/result-schema.js';
import { GitError, PatchError } from '../../src/review/errors.js';
import { tempTree } from '../files/tmp.js';
import { PY, testRepo, type TestRepo } from './git-repo.js';

function found(r: ScanResult): string[] {
  return r.findings.map((f) => `${f.location.path}:${String(f.location.start.line)}:${f.ruleId}`);
}

function fileStatus(r: ScanResult): Record<string, string> {
  return Object.fromEntries(
    (r.change?.files ?? []).map((f) => [f.path, `${f.status}/${f.review}`]),
  );
}

/** main: app.py with a weak hash; feature: adds a shell call below it. */
async function featureRepo(): Promise<TestRepo> {
  const repo = await testRepo();
  repo.write({ 'app.py': PY.header + PY.weakHash('digest') });
  repo.commit('init');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.write({ 'app.py': PY.header + PY.weakHash('digest') + PY.shell('run') });
  repo.commit('Add a run helper\n\nRuns commands for the admin page.');
  return repo;
}

describe('review --base', () => {
  it('reports findings on added lines only and says how many were left out', async () => {
    const repo = await featureRepo();
    // main moves on after the branch point: its new code is not part of the change.
    repo.git('checkout', '-q', 'main');
    repo.write({ 'other.py': PY.header + PY.shell('elsewhere') });
    repo.commit('unrelated work on main');
    repo.git('checkout', '-q', 'feature');

    const r = await review({ cwd: repo.dir, jobs: 1, change: { kind: 'range', base: 'main' } });
    expect(found(r)).toEqual(['app.py:8:python/command-injection']);
    expect(r.summary.total).toBe(1);
    expect(r.change?.findingsOutsideChange).toBe(1);
    expect(r.change?.description).toBe('Add a run helper\n\nRuns commands for the admin page.');
    expect(r.change?.descriptionSource).toBe('commit');
    expect(r.change?.totals).toEqual({
      files: 1,
      reviewedFiles: 1,
      addedLines: 3,
      deletedLines: 0,
      reviewedLines: 3,
    });
    expect(r.change?.mergeBase).toBe(repo.git('merge-base', 'main', 'feature').trim());
    expect(r.files.scanned.map((f) => [f.path, f.findings])).toEqual([['app.py', 1]]);
    expect(r.pillars.find((p) => p.id === 707)?.findings).toBe(1);
    expect(r.pillars.find((p) => p.id === 693)?.findings).toBe(0);
    expect(r.target).toBe('main...HEAD');
    expect(() => scanResultSchema.parse(r)).not.toThrow();
  });

  it('keeps fingerprints equal to those of a full scan of the same file', async () => {
    const repo = await featureRepo();
    const { scan } = await import('../../src/api/scan.js');
    const full = await scan({ cwd: repo.dir, targets: ['app.py'], jobs: 1 });
    const r = await review({ cwd: repo.dir, jobs: 1, change: { kind: 'range', base: 'main' } });
    const shell = full.findings.find((f) => f.ruleId === 'python/command-injection');
    expect(r.findings[0]?.fingerprint).toBe(shell?.fingerprint);
  });

  it('widens the change with --context', async () => {
    const repo = await testRepo();
    repo.write({ 'a.py': PY.header + PY.weakHash('h') + PY.safe('s') });
    repo.commit('init');
    repo.write({ 'a.py': PY.header + PY.weakHash('h') + PY.safe('s2') });
    repo.commit('rename s');
    // The changed line is 7 (def s2); the md5 call is on line 5.
    const none = await review({
      cwd: repo.dir,
      jobs: 1,
      change: { kind: 'range', base: 'HEAD~1' },
    });
    expect(none.findings).toEqual([]);
    expect(none.verdict).toBe(NO_DEFECTS_VERDICT);
    expect(none.change?.findingsOutsideChange).toBe(1);
    const wide = await review({
      cwd: repo.dir,
      jobs: 1,
      contextLines: 2,
      change: { kind: 'range', base: 'HEAD~1' },
    });
    expect(found(wide)).toEqual(['a.py:5:python/weak-hash']);
    expect(wide.change?.contextLines).toBe(2);
  });

  it('reviews --head as committed, not the working tree, and lists every kind of change', async () => {
    const repo = await testRepo();
    repo.write({
      'keep.py': PY.header + PY.safe('k'),
      'moved.py': PY.header + PY.weakHash('m'),
      'edited_move.py': PY.header + PY.safe('e') + PY.safe('f') + PY.safe('g'),
      'gone.py': 'first = 1\nsecond = 2\nthird = 3\n',
      'script.sh': 'echo hi\n',
      'image.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0]),
    });
    const base = repo.commit('init');
    repo.remove('moved.py', 'edited_move.py');
    repo.write({
      'pkg/moved.py': PY.header + PY.weakHash('m'),
      'pkg/edited.py':
        PY.header + PY.safe('e') + PY.safe('f') + PY.safe('g') + PY.shell('new_shell'),
      'image.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 9, 9, 9, 0, 0]),
      'README.md': '# readme\n',
      'dir with space/café.py': PY.header + PY.shell('uni'),
    });
    repo.remove('gone.py');
    repo.chmod('script.sh', 0o755);
    const head = repo.commit('many changes');
    // The working tree then differs from the commit under review.
    repo.git('checkout', '-q', base);
    repo.write({ 'keep.py': PY.header + PY.shell('dirty') });

    const r = await review({
      cwd: repo.dir,
      jobs: 1,
      change: { kind: 'range', base, head },
    });
    expect(fileStatus(r)).toEqual({
      'README.md': 'added/unsupported-language',
      'dir with space/café.py': 'added/reviewed',
      'gone.py': 'deleted/deleted',
      'image.png': 'modified/binary',
      'pkg/edited.py': 'renamed/reviewed',
      'pkg/moved.py': 'renamed/renamed-only',
      'script.sh': 'modified/mode-only',
    });
    expect(found(r)).toEqual([
      'dir with space/café.py:5:python/command-injection',
      'pkg/edited.py:14:python/command-injection',
    ]);
    const edited = r.change?.files.find((f) => f.path === 'pkg/edited.py');
    expect(edited?.oldPath).toBe('edited_move.py');
    expect(edited?.similarity).toBeGreaterThan(50);
    expect(r.change?.headCommit).toBe(head);
    expect(r.change?.description).toBe('many changes');
  });

  it('reviews an empty change as clean', async () => {
    const repo = await testRepo();
    repo.write({ 'a.py': PY.header + PY.shell('x') });
    repo.commit('init');
    repo.commit('empty');
    const r = await review({ cwd: repo.dir, jobs: 1, change: { kind: 'range', base: 'HEAD~1' } });
    expect(r.verdict).toBe(NO_DEFECTS_VERDICT);
    expect(r.change?.files).toEqual([]);
    expect(r.files.scanned).toEqual([]);
  });

  it('honours --exclude and .secreviewignore for changed files', async () => {
    const repo = await testRepo();
    repo.write({ '.secreviewignore': 'vendor/\n' });
    repo.commit('init');
    repo.write({
      'vendor/lib.py': PY.header + PY.shell('v'),
      'gen/x.py': PY.header + PY.shell('g'),
    });
    repo.commit('add');
    const r = await review({
      cwd: repo.dir,
      jobs: 1,
      excludes: ['gen/'],
      change: { kind: 'range', base: 'HEAD~1' },
    });
    expect(fileStatus(r)).toEqual({
      'gen/x.py': 'added/skipped',
      'vendor/lib.py': 'added/skipped',
    });
    expect(r.findings).toEqual([]);
  });

  it('refuses an unknown revision and a folder outside any repository', async () => {
    const repo = await featureRepo();
    await expect(
      review({ cwd: repo.dir, change: { kind: 'range', base: 'no-such-branch' } }),
    ).rejects.toThrow(/unknown revision "no-such-branch"/);
    await expect(
      review({ cwd: repo.dir, change: { kind: 'range', base: '--output=/tmp/x' } }),
    ).rejects.toThrow(GitError);
    const plain = await tempTree({ 'a.py': 'x = 1\n' });
    await expect(review({ cwd: plain, change: { kind: 'staged' } })).rejects.toThrow(
      /not a git repository/,
    );
  });
});

describe('review --staged', () => {
  it('reviews the index content, not unstaged edits', async () => {
    const repo = await testRepo();
    repo.write({ 'a.py': PY.header + PY.safe('s') });
    repo.commit('init');
    repo.write({ 'a.py': PY.header + PY.safe('s') + PY.shell('staged_shell') });
    repo.git('add', 'a.py');
    // An unstaged edit adds another defect that is not about to be committed.
    repo.write({
      'a.py': PY.header + PY.safe('s') + PY.shell('staged_shell') + PY.weakHash('later'),
    });
    const r = await review({ cwd: repo.dir, jobs: 1, change: { kind: 'staged' } });
    expect(found(r)).toEqual(['a.py:8:python/command-injection']);
    expect(r.change?.source).toBe('git-staged');
  });

  it('works in a repository without commits', async () => {
    const repo = await testRepo();
    repo.write({ 'first.py': PY.header + PY.shell('x') });
    repo.git('add', '.');
    const r = await review({ cwd: repo.dir, jobs: 1, change: { kind: 'staged' } });
    expect(found(r)).toEqual(['first.py:5:python/command-injection']);
  });
});

describe('review --patch', () => {
  it('reviews a unified diff against the working tree', async () => {
    const repo = await featureRepo();
    const patch = repo.git('diff', 'main', 'feature');
    const r = await review({
      cwd: repo.dir,
      jobs: 1,
      description: 'PR: add run helper',
      change: { kind: 'patch', name: '-', text: patch },
    });
    expect(found(r)).toEqual(['app.py:8:python/command-injection']);
    expect(r.change?.description).toBe('PR: add run helper');
    expect(r.change?.descriptionSource).toBe('message-file');
    expect(r.target).toBe('the patch from standard input');
  });

  const ADDED_SHELL =
    '+def x(cmd):\n+    return subprocess.call(flask.request.args["cmd"], shell=True)\n';
  it.each([
    {
      what: 'outside a git repository, paths relative to the current folder, no prefixes',
      content: PY.header + PY.shell('x'),
      patch: `--- m.py.orig\n+++ m.py\n@@ -3,0 +4,3 @@\n${ADDED_SHELL}+\n`,
    },
    {
      what: 'with LF line ends against a file with CRLF line ends',
      content: (PY.header + PY.shell('x')).replace(/\n/g, '\r\n'),
      patch: `--- a/m.py\n+++ b/m.py\n@@ -3,0 +4,2 @@\n${ADDED_SHELL}`,
    },
  ])('matches a patch $what', async ({ content, patch }) => {
    const dir = await tempTree({ 'm.py': content });
    const r = await review({
      cwd: dir,
      jobs: 1,
      change: { kind: 'patch', name: 'p.diff', text: patch },
    });
    expect(found(r)).toEqual(['m.py:5:python/command-injection']);
  });

  it('lists symbolic links as skipped instead of comparing their target', async () => {
    const repo = await testRepo();
    repo.write({ 'target.py': PY.header + PY.safe('t') });
    repo.commit('init');
    symlinkSync('target.py', join(repo.dir, 'link.py'));
    repo.write({ 'b.py': PY.header + PY.shell('b') });
    repo.commit('add a link');
    const patch = repo.git('diff', 'HEAD~1', 'HEAD');
    expect(patch).toContain('new file mode 120000');
    for (const change of [
      { kind: 'patch', name: '-', text: patch } as const,
      { kind: 'range', base: 'HEAD~1' } as const,
    ]) {
      const r = await review({ cwd: repo.dir, jobs: 1, change });
      expect(fileStatus(r)).toEqual({ 'b.py': 'added/reviewed', 'link.py': 'added/skipped' });
      expect(r.change?.files.find((f) => f.path === 'link.py')?.note).toBe('symbolic link');
      expect(found(r)).toEqual(['b.py:5:python/command-injection']);
    }
  });

  it('refuses a patch that does not match the working tree, naming the file', async () => {
    const repo = await featureRepo();
    const patch = repo.git('diff', 'main', 'feature');
    repo.git('checkout', '-q', 'main');
    await expect(
      review({ cwd: repo.dir, change: { kind: 'patch', name: 'x.diff', text: patch } }),
    ).rejects.toThrow(/does not match the working tree: app\.py line 7 is missing/);
  });

  it('refuses a malformed or truncated patch', async () => {
    const repo = await featureRepo();
    const patch = repo.git('diff', 'main', 'feature');
    const cut = patch.split('\n').slice(0, -3).join('\n');
    await expect(
      review({ cwd: repo.dir, change: { kind: 'patch', name: 'x.diff', text: cut } }),
    ).rejects.toThrow(PatchError);
    await expect(
      review({ cwd: repo.dir, change: { kind: 'patch', name: 'x.diff', text: 'not a diff\n' } }),
    ).rejects.toThrow(/not a unified diff/);
  });

  it('refuses paths that leave the folder', async () => {
    const repo = await featureRepo();
    const patch = `--- a/../evil.py\n+++ b/../evil.py\n@@ -0,0 +1 @@\n+x = 1\n`;
    await expect(
      review({ cwd: repo.dir, change: { kind: 'patch', name: 'x.diff', text: patch } }),
    ).rejects.toThrow(/outside/);
  });
});

describe('review with a baseline', () => {
  it('keeps a baseline match when the file is renamed and the accepted line is touched', async () => {
    const { scan } = await import('../../src/api/scan.js');
    const { createBaseline } = await import('../../src/baseline/baseline.js');
    const repo = await testRepo();
    const body = PY.safe('a') + PY.safe('b') + PY.safe('c');
    repo.write({ 'old_name.py': PY.header + PY.weakHash('legacy') + body });
    repo.commit('init');
    const before = await scan({ cwd: repo.dir, targets: ['.'], jobs: 1 });
    const baseline = createBaseline(before.findings, {
      toolVersion: 'test',
      today: '2026-01-01',
      justification: 'legacy checksum, tracked in SEC-1',
    });
    // Rename, touch the accepted line (a comment does not change its fingerprint), add a new defect.
    repo.remove('old_name.py');
    const touched = PY.weakHash('legacy').replace('hexdigest()', 'hexdigest()  # checksum');
    repo.write({ 'new_name.py': PY.header + touched + body + PY.shell('fresh') });
    repo.commit('rename and extend');

    const r = await review({
      cwd: repo.dir,
      jobs: 1,
      baseline,
      change: { kind: 'range', base: 'HEAD~1' },
    });
    expect(r.change?.files.map((f) => `${f.path}<-${f.oldPath ?? ''}:${f.status}`)).toEqual([
      'new_name.py<-old_name.py:renamed',
    ]);
    expect(found(r)).toEqual([
      'new_name.py:5:python/weak-hash',
      'new_name.py:17:python/command-injection',
    ]);
    expect(r.findings[0]?.suppression?.kind).toBe('baseline');
    expect(r.findings[0]?.suppression?.justification).toContain('SEC-1');
    expect(r.findings[1]?.suppression).toBeUndefined();
    expect(r.summary.total).toBe(1);
    expect(r.summary.suppressed).toBe(1);

    // The new-path fingerprint alone does not match: without the rename-aware match the accepted
    // finding would come back as new.
    const { baselineSuppressor } = await import('../../src/baseline/baseline.js');
    const accepted = r.findings[0];
    expect(accepted && baselineSuppressor(baseline)(accepted)).toBeUndefined();
  });
});

describe('a huge change', () => {
  it('is reviewed in full, and the result says how much was reviewed', async () => {
    const repo = await testRepo();
    repo.write({ 'README.md': 'start\n' });
    repo.commit('init');
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i++) {
      files[`pkg${String(i % 7)}/mod_${String(i)}.py`] =
        PY.header + Array.from({ length: 10 }, (_, k) => PY.shell(`run${String(k)}`)).join('');
    }
    repo.write(files);
    repo.commit('vendor a lot of code');
    const r = await review({ cwd: repo.dir, change: { kind: 'range', base: 'HEAD~1' } });
    // 3 header lines + 10 functions of 3 lines per file.
    expect(r.change?.totals).toEqual({
      files: 150,
      reviewedFiles: 150,
      addedLines: 150 * 33,
      deletedLines: 0,
      reviewedLines: 150 * 33,
    });
    expect(r.findings).toHaveLength(1500);
    expect(r.summary.total).toBe(1500);
    expect(r.change?.findingsOutsideChange).toBe(0);
  });
});

describe('review of unrelated histories', () => {
  it('explains a missing merge base, naming the revisions as given', async () => {
    const repo = await testRepo();
    repo.write({ 'a.py': 'x = 1\n' });
    repo.commit('one');
    repo.git('checkout', '-q', '--orphan', 'other');
    repo.write({ 'b.py': 'y = 2\n' });
    repo.commit('two');
    await expect(
      review({ cwd: repo.dir, change: { kind: 'range', base: 'main', head: 'other' } }),
    ).rejects.toThrow(/main and other have no common ancestor.*fetch-depth: 0/);
  });
});
