/** A problem with what the user asked for (bad path, bad flag, bad config): exit code 2, one clear line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Something inside secreview failed in a way that makes the whole run meaningless. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
