import { execFileSync } from 'node:child_process';
import { mkdir, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import type { SkippedFile } from '../../src/core/result.js';
import { discoverFiles, type DiscoverOptions, type Discovery } from '../../src/files/discover.js';
import { tempDir, tempTree, writeTree } from './tmp.js';

const MB = 1024 * 1024;

function options(cwd: string, extra: Partial<DiscoverOptions> = {}): DiscoverOptions {
  return { cwd, maxFileSize: MB, respectGitignore: true, excludes: [], ...extra };
}

function paths(d: Discovery): string[] {
  return d.files.map((f) => f.path);
}

function skip(d: Discovery, path: string): SkippedFile | undefined {
  return d.skipped.find((s) => s.path === path);
}

function skippedAs(d: Discovery, reason: SkippedFile['reason']): string[] {
  return d.skipped.filter((s) => s.reason === reason).map((s) => s.path);
}

describe('discoverFiles: the basics', () => {
  it('finds Python files with their language and size, and lists every other file as skipped', async () => {
    const dir = await tempTree({
      'app.py': 'print(1)\n',
      'pkg/__init__.py': '',
      'pkg/stub.pyi': 'x: int\n',
      'README.md': '# hi\n',
      'web/main.js': 'alert(1)\n',
    });
    const d = await discoverFiles(['.'], options(dir));
    expect(d.root).toBe(dir);
    expect(d.files).toEqual([
      { absPath: join(dir, 'app.py'), path: 'app.py', language: 'python', size: 9 },
      {
        absPath: join(dir, 'pkg/__init__.py'),
        path: 'pkg/__init__.py',
        language: 'python',
        size: 0,
      },
      { absPath: join(dir, 'pkg/stub.pyi'), path: 'pkg/stub.pyi', language: 'python', size: 7 },
    ]);
    expect(d.skipped).toEqual([
      {
        path: 'README.md',
        reason: 'unsupported-language',
        detail: 'no supported language for .md files',
      },
      {
        path: 'web/main.js',
        reason: 'unsupported-language',
        detail: 'no supported language for .js files',
      },
    ]);
  });

  it('sorts files and skips by path, and gives the same answer every time', async () => {
    const dir = await tempTree({
      'b.py': '',
      'a-b/x.py': '',
      'a/z.py': '',
      'a/b/y.py': '',
      'A.py': '',
      'a.txt': '',
      'Z/readme': 'no shebang',
      'a/b.txt': '',
    });
    const first = await discoverFiles(['.'], options(dir));
    expect(paths(first)).toEqual(['A.py', 'a-b/x.py', 'a/b/y.py', 'a/z.py', 'b.py']);
    expect(first.skipped.map((s) => s.path)).toEqual(['Z/readme', 'a.txt', 'a/b.txt']);
    expect(await discoverFiles(['.'], options(dir))).toEqual(first);
  });

  it('recognises a script without an extension by its interpreter line', async () => {
    const dir = await tempTree({
      'bin/tool': '#!/usr/bin/env python3\nprint(1)\n',
      'bin/legacy': '#!/usr/bin/python2.7 -u\n',
      'bin/deploy': '#!/bin/bash\necho hi\n',
      'bin/notes': 'just text\n',
      'bin/run.sh': '#!/usr/bin/env python3\n',
    });
    const d = await discoverFiles(['.'], options(dir));
    expect(paths(d)).toEqual(['bin/legacy', 'bin/tool']);
    expect(d.files.map((f) => f.language)).toEqual(['python', 'python']);
    expect(skip(d, 'bin/deploy')).toEqual({
      path: 'bin/deploy',
      reason: 'unsupported-language',
      detail: 'no supported language for the interpreter line "#!/bin/bash"',
    });
    expect(skip(d, 'bin/notes')?.detail).toBe(
      'no file extension and no interpreter line of a supported language',
    );
    // A file with an extension is judged by it, whatever its first line says.
    expect(skip(d, 'bin/run.sh')?.reason).toBe('unsupported-language');
  });

  it('skips files over the size limit, giving the size and the limit', async () => {
    const dir = await tempTree({ 'big.py': 'x = 1\n'.repeat(1000), 'small.py': 'x = 1\n' });
    const d = await discoverFiles(['.'], options(dir, { maxFileSize: 4096 }));
    expect(paths(d)).toEqual(['small.py']);
    expect(d.skipped).toEqual([
      { path: 'big.py', reason: 'too-large', detail: '5.9 KiB exceeds the 4 KiB limit' },
    ]);
  });

  it('walks a 300-level deep tree without overflowing', async () => {
    const dir = await tempDir();
    const segments = Array.from({ length: 300 }, () => 'd');
    await mkdir(join(dir, ...segments), { recursive: true });
    await writeFile(join(dir, ...segments, 'deep.py'), 'x = 1\n');
    await writeFile(join(dir, ...segments, 'deep.log'), '');
    await writeFile(join(dir, ...segments.slice(0, 150), '.gitignore'), '*.log\n');
    const d = await discoverFiles(['.'], options(dir));
    expect(paths(d)).toEqual([`${segments.join('/')}/deep.py`]);
    expect(skip(d, `${segments.join('/')}/deep.log`)?.detail).toBe(
      `ignored by ${segments.slice(0, 150).join('/')}/.gitignore:1 (*.log)`,
    );
  });
});

describe('discoverFiles: targets and the scan root', () => {
  it('throws a UsageError for a target that does not exist', async () => {
    const dir = await tempTree({ 'app.py': '' });
    const run = discoverFiles(['app.py', 'nope/'], options(dir));
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow('path not found: nope/');
  });

  it('reports paths relative to the working directory when it holds every target', async () => {
    const dir = await tempTree({
      'src/app.py': '',
      'src/lib/util.py': '',
      'tests/test_app.py': '',
    });
    const d = await discoverFiles(['src/', 'tests/test_app.py'], options(dir));
    expect(d.root).toBe(dir);
    expect(paths(d)).toEqual(['src/app.py', 'src/lib/util.py', 'tests/test_app.py']);
  });

  it('uses the deepest common folder of the targets when the working directory does not hold them', async () => {
    const dir = await tempTree({ 'repo/src/app.py': '', 'repo/tests/t.py': '', 'elsewhere/x': '' });
    const cwd = join(dir, 'elsewhere');
    const d = await discoverFiles(['../repo/src', '../repo/tests/t.py'], options(cwd));
    expect(d.root).toBe(join(dir, 'repo'));
    expect(paths(d)).toEqual(['src/app.py', 'tests/t.py']);

    const single = await discoverFiles([join(dir, 'repo/src/app.py')], options(cwd));
    expect(single.root).toBe(join(dir, 'repo/src'));
    expect(paths(single)).toEqual(['app.py']);
  });

  it('uses the root it is given, and refuses one that does not hold the targets', async () => {
    const dir = await tempTree({ 'repo/src/app.py': '', 'other/x.py': '' });
    const d = await discoverFiles(['src'], options(join(dir, 'repo/src/..'), { root: dir }));
    expect(d.root).toBe(dir);
    expect(paths(d)).toEqual(['repo/src/app.py']);
    await expect(
      discoverFiles([join(dir, 'other')], options(dir, { root: 'repo' })),
    ).rejects.toThrow(/outside the scan root/);
    await expect(discoverFiles(['.'], options(dir, { root: 'missing' }))).rejects.toThrow(
      'path not found: missing',
    );
  });

  it('reviews a named file even when it is ignored, and names it once when targets overlap', async () => {
    const dir = await tempTree({
      '.gitignore': 'generated.py\nbuild/\n',
      'generated.py': '',
      'build/out.py': '',
      'app.py': '',
    });
    const d = await discoverFiles(['.', 'generated.py', 'build/out.py', 'app.py'], options(dir));
    expect(paths(d)).toEqual(['app.py', 'build/out.py', 'generated.py']);
    // build/ was pruned by the walk of '.', but its one file the user named is reviewed.
    expect(skip(d, 'build')?.reason).toBe('ignored');
    expect(skip(d, 'generated.py')).toBeUndefined();
  });

  it('walks a named folder even when it is ignored, applying only the ignore files inside it', async () => {
    const dir = await tempTree({
      '.gitignore': 'vendor/\n',
      'vendor/lib/a.py': '',
      'vendor/lib/.gitignore': 'b.py\n',
      'vendor/lib/b.py': '',
      'node_modules/pkg/c.py': '',
    });
    const d = await discoverFiles(['vendor/lib', 'node_modules/pkg'], options(dir));
    expect(paths(d)).toEqual(['node_modules/pkg/c.py', 'vendor/lib/a.py']);
    expect(skip(d, 'vendor/lib/b.py')?.detail).toBe('ignored by vendor/lib/.gitignore:1 (b.py)');
  });

  it('lists a named folder scanned twice only once', async () => {
    const dir = await tempTree({ 'src/app.py': '', 'src/x.txt': '' });
    const d = await discoverFiles(['src', '.', 'src/'], options(dir));
    expect(paths(d)).toEqual(['src/app.py']);
    expect(d.skipped.map((s) => s.path)).toEqual(['src/x.txt']);
  });
});

describe('discoverFiles: ignore files', () => {
  const tree = {
    '.gitignore': '# generated code\nsecret_*.py\nbuild/\n!build/keep.py\nvendor/\n',
    'secret_a.py': '',
    'app.py': '',
    'build/keep.py': '',
    'sub/.gitignore': '!secret_ok.py\nlocal.py\n/top.py\n!vendor/\n',
    'sub/secret_ok.py': '',
    'sub/secret_b.py': '',
    'sub/local.py': '',
    'sub/deeper/local.py': '',
    'sub/top.py': '',
    'sub/deeper/top.py': '',
    'sub/vendor/v.py': '',
    'other/local.py': '',
    'vendor/x.py': '',
  };

  it('honours nested .gitignore files: deeper files win, negation re-includes, scope is per folder', async () => {
    const dir = await tempTree(tree);
    const d = await discoverFiles(['.'], options(dir));
    expect(paths(d)).toEqual([
      'app.py',
      'other/local.py',
      'sub/deeper/top.py',
      'sub/secret_ok.py',
      'sub/vendor/v.py',
    ]);
    const ignored = d.skipped.filter((s) => s.reason === 'ignored');
    expect(ignored).toEqual([
      { path: 'build', reason: 'ignored', detail: 'folder ignored by .gitignore:3 (build/)' },
      { path: 'secret_a.py', reason: 'ignored', detail: 'ignored by .gitignore:2 (secret_*.py)' },
      {
        path: 'sub/deeper/local.py',
        reason: 'ignored',
        detail: 'ignored by sub/.gitignore:2 (local.py)',
      },
      { path: 'sub/local.py', reason: 'ignored', detail: 'ignored by sub/.gitignore:2 (local.py)' },
      {
        path: 'sub/secret_b.py',
        reason: 'ignored',
        detail: 'ignored by .gitignore:2 (secret_*.py)',
      },
      { path: 'sub/top.py', reason: 'ignored', detail: 'ignored by sub/.gitignore:3 (/top.py)' },
      { path: 'vendor', reason: 'ignored', detail: 'folder ignored by .gitignore:5 (vendor/)' },
    ]);
    // Nothing inside a pruned folder is listed: the folder stands for it.
    expect(d.skipped.some((s) => s.path.startsWith('build/'))).toBe(false);
  });

  it('ignores nothing from .gitignore when asked not to', async () => {
    const dir = await tempTree(tree);
    const d = await discoverFiles(['.'], options(dir, { respectGitignore: false }));
    expect(paths(d)).toHaveLength(12);
    expect(skippedAs(d, 'ignored')).toEqual([]);
  });

  it('honours .secreviewignore and exclude patterns, with or without .gitignore', async () => {
    const dir = await tempTree({
      '.secreviewignore': 'migrations/\n',
      'app/migrations/0001.py': '',
      'app/models.py': '',
      'app/models_pb2.py': '',
    });
    for (const respectGitignore of [true, false]) {
      const d = await discoverFiles(
        ['.'],
        options(dir, { respectGitignore, excludes: ['*_pb2.py'] }),
      );
      expect(paths(d)).toEqual(['app/models.py']);
      expect(skip(d, 'app/migrations')?.detail).toBe(
        'folder ignored by .secreviewignore:1 (migrations/)',
      );
      expect(skip(d, 'app/models_pb2.py')?.detail).toBe("ignored by exclude pattern '*_pb2.py'");
    }
  });

  it('honours .git/info/exclude of the root', async () => {
    const dir = await tempTree({
      '.git/info/exclude': 'scratch.py\n',
      'scratch.py': '',
      'a.py': '',
    });
    const d = await discoverFiles(['.'], options(dir));
    expect(paths(d)).toEqual(['a.py']);
    expect(skip(d, 'scratch.py')?.detail).toBe('ignored by .git/info/exclude:1 (scratch.py)');
  });

  it('takes folder names with glob characters in them literally', async () => {
    const dir = await tempTree({
      'a[1]/.gitignore': '*.gen.py\n',
      'a[1]/x.gen.py': '',
      'a[1]/y.py': '',
      'a1/x.gen.py': '',
    });
    const d = await discoverFiles(['.'], options(dir));
    expect(paths(d)).toEqual(['a1/x.gen.py', 'a[1]/y.py']);
  });
});

describe('discoverFiles: default excludes', () => {
  it('prunes dependency, cache and virtualenv folders, listing each once', async () => {
    const dir = await tempTree({
      'app.py': '',
      '.git/hooks/pre-commit.py': '',
      'node_modules/pkg/x.py': '',
      'pkg/__pycache__/m.cpython-312.py': '',
      '.tox/py312/lib.py': '',
      '.mypy_cache/x.py': '',
      'mylib.egg-info/x.py': '',
      '.venv/lib/site.py': '',
      'venv/lib/site.py': '',
      'env-3.12/pyvenv.cfg': 'home = /usr/bin\n',
      'env-3.12/lib/python3.12/site-packages/requests/api.py': '',
      'tools/site-packages/x.py': '',
      'pkg/mod.py': '',
    });
    const d = await discoverFiles(['.'], options(dir));
    expect(paths(d)).toEqual(['app.py', 'pkg/mod.py']);
    expect(d.skipped.filter((s) => s.reason === 'ignored')).toEqual([
      { path: '.git', reason: 'ignored', detail: 'default exclude (.git)' },
      { path: '.mypy_cache', reason: 'ignored', detail: 'default exclude (.mypy_cache)' },
      { path: '.tox', reason: 'ignored', detail: 'default exclude (.tox)' },
      { path: '.venv', reason: 'ignored', detail: 'default exclude (.venv)' },
      { path: 'env-3.12', reason: 'ignored', detail: 'default exclude (virtualenv)' },
      { path: 'mylib.egg-info', reason: 'ignored', detail: 'default exclude (*.egg-info)' },
      { path: 'node_modules', reason: 'ignored', detail: 'default exclude (node_modules)' },
      { path: 'pkg/__pycache__', reason: 'ignored', detail: 'default exclude (__pycache__)' },
      { path: 'tools/site-packages', reason: 'ignored', detail: 'default exclude (site-packages)' },
      { path: 'venv', reason: 'ignored', detail: 'default exclude (venv)' },
    ]);
    expect(d.skipped).toHaveLength(10);
  });

  it('walks a virtualenv the user names', async () => {
    const dir = await tempTree({ 'env/pyvenv.cfg': '', 'env/lib/a.py': '' });
    const d = await discoverFiles(['env'], options(dir));
    expect(paths(d)).toEqual(['env/lib/a.py']);
  });
});

describe('discoverFiles: links and special files', () => {
  it('follows a link to a file or folder inside the root, and skips one pointing outside', async () => {
    const outside = await tempTree({ 'evil.py': '', 'dir/x.py': '' });
    const dir = await tempTree({
      'src/app.py': '',
      'lib/util.py': '',
      'src/util_link.py': { link: '../lib/util.py' },
      'src/lib': { link: '../lib' },
      'src/evil.py': { link: join(outside, 'evil.py') },
      'src/evil_dir': { link: join(outside, 'dir') },
    });
    const d = await discoverFiles(['src'], options(dir));
    expect(paths(d)).toEqual(['src/app.py', 'src/lib/util.py', 'src/util_link.py']);
    expect(d.files.find((f) => f.path === 'src/lib/util.py')?.absPath).toBe(
      join(dir, 'src/lib/util.py'),
    );
    expect(d.skipped).toEqual([
      {
        path: 'src/evil.py',
        reason: 'symlink-outside-root',
        detail: `links to ${join(outside, 'evil.py')}, outside the scan root`,
      },
      {
        path: 'src/evil_dir',
        reason: 'symlink-outside-root',
        detail: `links to ${join(outside, 'dir')}, outside the scan root`,
      },
    ]);
  });

  it('reports a link back to an ancestor as a symlink loop, and stops', async () => {
    const dir = await tempTree({
      'pkg/mod.py': '',
      'pkg/sub/up': { link: '..' },
      'pkg/sub/root': { link: '../..' },
      self: { link: 'self' },
    });
    const d = await discoverFiles(['.'], options(dir));
    expect(paths(d)).toEqual(['pkg/mod.py']);
    expect(d.skipped).toEqual([
      {
        path: 'pkg/sub/root',
        reason: 'symlink-loop',
        detail: 'links to ../.., a folder already scanned as the scan root',
      },
      {
        path: 'pkg/sub/up',
        reason: 'symlink-loop',
        detail: "links to .., a folder already scanned as 'pkg'",
      },
      { path: 'self', reason: 'symlink-loop', detail: 'links to self, which leads back to itself' },
    ]);
  });

  it('reports a dangling link as unreadable', async () => {
    const dir = await tempTree({ 'gone.py': { link: 'missing.py' }, 'a.py': '' });
    const d = await discoverFiles(['.'], options(dir));
    expect(paths(d)).toEqual(['a.py']);
    expect(d.skipped).toEqual([
      { path: 'gone.py', reason: 'unreadable', detail: 'dangling symbolic link to missing.py' },
    ]);
    const named = await discoverFiles(['gone.py'], options(dir));
    expect(named.skipped).toEqual(d.skipped);
  });

  it('skips named pipes without opening them, whether met in a walk or named', async () => {
    const dir = await tempTree({ 'a.py': '' });
    execFileSync('mkfifo', [join(dir, 'pipe.py')]);
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const d = await discoverFiles(['.'], options(dir));
    expect(paths(d)).toEqual(['a.py']);
    expect(d.skipped).toEqual([
      { path: 'pipe', reason: 'not-a-regular-file', detail: 'named pipe (FIFO)' },
      { path: 'pipe.py', reason: 'not-a-regular-file', detail: 'named pipe (FIFO)' },
    ]);
    const named = await discoverFiles(['pipe.py'], options(dir));
    expect(named.skipped).toEqual([
      { path: 'pipe.py', reason: 'not-a-regular-file', detail: 'named pipe (FIFO)' },
    ]);
  });

  it('scans a linked folder once, under its real path when that is walked too', async () => {
    const dir = await tempTree({ 'real/a.py': '', alias: { link: 'real' } });
    const d = await discoverFiles(['.'], options(dir));
    expect(paths(d)).toEqual(['real/a.py']);
    expect(skip(d, 'alias')).toEqual({
      path: 'alias',
      reason: 'symlink-loop',
      detail: "links to real, a folder already scanned as 'real'",
    });
  });

  it('keeps paths relative to the root given as a path through a link', async () => {
    const dir = await tempTree({ 'real/src/a.py': '' });
    await writeTree(dir, { via: { link: 'real' } });
    const cwd = join(dir, 'via');
    const d = await discoverFiles(['src'], options(cwd));
    expect(d.root).toBe(cwd);
    expect(paths(d)).toEqual(['src/a.py']);
    expect(await realpath(d.files[0]?.absPath ?? '')).toBe(
      join(await realpath(dir), 'real/src/a.py'),
    );
  });
});
