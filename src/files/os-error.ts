import { errorMessage } from '../core/errors.js';

/** The error code of a failed file system call (`ENOENT`, `EACCES`), if it has one. */
export function errorCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string')
    return e.code;
  return undefined;
}

/**
 * The OS message of a failed file system call without the absolute path Node appends to it, so that
 * reports only carry paths relative to the scan root: `permission denied (EACCES)`.
 */
export function osErrorDetail(e: unknown): string {
  const message = errorMessage(e);
  const code = errorCode(e);
  if (code === undefined) return message;
  // Node's shape: "EACCES: permission denied, open '/abs/path'".
  const m = /^[A-Z0-9_]+: (.*?)(?:, \w+(?: '.*')?)?$/s.exec(message);
  const description = m?.[1] ?? message;
  return `${description} (${code})`;
}
