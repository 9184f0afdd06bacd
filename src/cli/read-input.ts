import { readFile } from 'node:fs/promises';
import { errorMessage, UsageError } from '../core/errors.js';

/** Reads a whole input file as UTF-8, or standard input for "-"; a missing file is a UsageError. */
export async function readInput(path: string, what: string): Promise<string> {
  if (path === '-') {
    if (process.stdin.isTTY) {
      throw new UsageError(`the ${what} is to be read from standard input, but it is a terminal`);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    }
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the ${what} ${path}: ${errorMessage(e)}`);
  }
}
