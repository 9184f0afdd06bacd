/**
 * The delimiter that fences untrusted data (code, commit message, candidates) in a prompt. It is derived
 * from the content (so the same input gives the same prompt, which is a cache key) and checked not to
 * occur in any of the fenced texts: code cannot close the fence early, because the code would have to
 * contain a hash of itself. If a derived tag does occur (or was planted), the next one is derived from it.
 */
import { createHash } from 'node:crypto';

const TAG_LENGTH = 16;

function hashHex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A tag such as "SR-3f9a0c1d2b4e5f60" that occurs in none of `texts` (case-insensitively). */
export function deriveBoundary(texts: readonly string[]): string {
  const lowered = texts.map((t) => t.toLowerCase());
  let seed = hashHex(texts.join('\u0000'));
  for (;;) {
    const tag = `SR-${seed.slice(0, TAG_LENGTH)}`;
    const needle = tag.toLowerCase();
    if (!lowered.some((t) => t.includes(needle))) return tag;
    seed = hashHex(seed);
  }
}

export function openFence(kind: string, boundary: string): string {
  return `<<<${kind} ${boundary}>>>`;
}

export function closeFence(kind: string, boundary: string): string {
  return `<<<END ${kind} ${boundary}>>>`;
}
