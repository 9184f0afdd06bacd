/** Levenshtein distance, for "did you mean" hints on mistyped names. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min(
        (row[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

/**
 * The candidate closest to `word`, when close enough to be a plausible typo (at most a third of the
 * word's length, and at least 3 edits allowed). `alias` may give shorter forms a candidate is also known by.
 */
export function closest(
  word: string,
  candidates: readonly string[],
  alias: (candidate: string) => readonly string[] = () => [],
): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = Math.min(editDistance(word, c), ...alias(c).map((a) => editDistance(word, a)));
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= Math.max(3, Math.floor(word.length / 3)) ? best : undefined;
}

/** ` (did you mean "x"?)` or ''. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const hint = closest(word, candidates);
  return hint === undefined ? '' : ` (did you mean "${hint}"?)`;
}
