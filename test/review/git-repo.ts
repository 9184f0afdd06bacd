import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../files/tmp.js';

/** A throwaway git repository for review-mode tests: files are written, then committed with git. */
export interface TestRepo {
  dir: string;
  git: (...args: string[]) => string;
  write: (files: Record<string, string | Uint8Array>) => void;
  remove: (...paths: string[]) => void;
  chmod: (path: string, mode: number) => void;
  commit: (message: string) => string;
}

export async function testRepo(): Promise<TestRepo> {
  const dir = await tempDir();
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
      },
    });
  git('init', '-q', '-b', 'main');
  git('config', 'core.autocrlf', 'false');
  return {
    dir,
    git,
    write: (files) => {
      for (const [path, content] of Object.entries(files)) {
        const abs = join(dir, ...path.split('/'));
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, content);
      }
    },
    remove: (...paths) => {
      for (const p of paths) rmSync(join(dir, p));
    },
    chmod: (path, mode) => {
      chmodSync(join(dir, path), mode);
    },
    commit: (message) => {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
  };
}

/** Python lines that secreview's rules report, and one they do not. */
export const PY = {
  header: 'import hashlib\nimport subprocess, flask\n\n',
  weakHash: (name: string) => `def ${name}(data):\n    return hashlib.md5(data).hexdigest()\n\n`,
  shell: (name: string) =>
    `def ${name}(cmd):\n    return subprocess.call(flask.request.args["cmd"], shell=True)\n\n`,
  safe: (name: string) => `def ${name}(a, b):\n    return a + b\n\n`,
};
