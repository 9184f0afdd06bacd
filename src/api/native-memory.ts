import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Parse trees live in native memory owned by @ast-grep/napi and are freed only when V8 collects the
 * JavaScript objects that point into them. V8 does not see that native memory, so on its own it collects
 * rarely and the process grows by hundreds of megabytes on a large tree. After every few megabytes of
 * source reviewed we ask for a collection explicitly; it costs a few milliseconds.
 */
const BYTES_BETWEEN_COLLECTIONS = 4 * 1024 * 1024;

let collect: (() => void) | null | undefined;
let pending = 0;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  } catch {
    collect = null;
  }
  return collect;
}

/** Records that `bytes` of source were parsed, collecting garbage when enough has accumulated. */
export function noteParsed(bytes: number): void {
  pending += bytes;
  if (pending < BYTES_BETWEEN_COLLECTIONS) return;
  pending = 0;
  collector()?.();
}
