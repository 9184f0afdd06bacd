import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];

afterAll(async () => {
  await Promise.all(created.map((d) => rm(d, { recursive: true, force: true })));
});

/** A fresh temporary folder, removed after the test file has run. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'secreview-files-'));
  created.push(dir);
  return dir;
}

export type TreeEntry = string | Uint8Array | { link: string };

/** Writes files (creating folders) and symbolic links under `root`; keys are POSIX paths. */
export async function writeTree(root: string, tree: Record<string, TreeEntry>): Promise<void> {
  for (const [path, entry] of Object.entries(tree)) {
    const abs = join(root, ...path.split('/'));
    await mkdir(dirname(abs), { recursive: true });
    if (typeof entry === 'object' && 'link' in entry) await symlink(entry.link, abs);
    else await writeFile(abs, entry);
  }
}

/** A temporary folder holding `tree`. */
export async function tempTree(tree: Record<string, TreeEntry>): Promise<string> {
  const dir = await tempDir();
  await writeTree(dir, tree);
  return dir;
}
