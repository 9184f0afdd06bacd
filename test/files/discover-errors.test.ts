import { describe, expect, it, vi } from 'vitest';
import { discoverFiles } from '../../src/files/discover.js';
import { tempTree } from './tmp.js';

// Tests run as root, where chmod 000 denies nothing: permission errors are injected instead.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  // Folders whose path holds 'locked' cannot be listed; files whose path holds 'sealed' cannot be read.
  const denied = (path: unknown, syscall: string): void => {
    if (String(path).includes(syscall === 'scandir' ? 'locked' : 'sealed')) {
      throw Object.assign(new Error(`EACCES: permission denied, ${syscall} '${String(path)}'`), {
        code: 'EACCES',
        syscall,
        path: String(path),
      });
    }
  };
  return {
    ...fs,
    readdirSync: ((path: string, opts: never) => {
      denied(path, 'scandir');
      return fs.readdirSync(path, opts);
    }) as typeof fs.readdirSync,
    readFileSync: ((path: string, opts: never) => {
      denied(path, 'open');
      return fs.readFileSync(path, opts);
    }) as typeof fs.readFileSync,
    openSync: ((path: string, flags: never) => {
      denied(path, 'open');
      return fs.openSync(path, flags);
    }) as typeof fs.openSync,
  };
});

describe('discoverFiles: read errors', () => {
  it('lists an unreadable folder and goes on with the walk', async () => {
    const dir = await tempTree({ 'a.py': '', 'locked/b.py': '', 'z/c.py': '' });
    const d = await discoverFiles(['.'], {
      cwd: dir,
      maxFileSize: 1024,
      respectGitignore: true,
      excludes: [],
    });
    expect(d.files.map((f) => f.path)).toEqual(['a.py', 'z/c.py']);
    expect(d.skipped).toEqual([
      {
        path: 'locked',
        reason: 'unreadable',
        detail: 'folder could not be read: permission denied (EACCES)',
      },
    ]);
  });

  it('lists an unreadable ignore file, whose rules are then not applied, and an unreadable script', async () => {
    const dir = await tempTree({
      'pkg/sealed/.gitignore': '*.py\n',
      'pkg/sealed/x.py': '',
      'bin/sealed-tool': '#!/usr/bin/env python3\n',
    });
    const d = await discoverFiles(['pkg', 'bin'], {
      cwd: dir,
      maxFileSize: 1024,
      respectGitignore: true,
      excludes: [],
    });
    expect(d.files.map((f) => f.path)).toEqual(['pkg/sealed/x.py']);
    expect(d.skipped).toEqual([
      { path: 'bin/sealed-tool', reason: 'unreadable', detail: 'permission denied (EACCES)' },
      {
        path: 'pkg/sealed/.gitignore',
        reason: 'unreadable',
        detail:
          'ignore file could not be read, its rules were not applied: permission denied (EACCES)',
      },
    ]);
  });
});
