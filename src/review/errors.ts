import { UsageError } from '../core/errors.js';

/** A unified diff that cannot be read (malformed, truncated) or does not match the working tree. */
export class PatchError extends UsageError {}

/** git refused: not a repository, an unknown revision, git missing. */
export class GitError extends UsageError {}
