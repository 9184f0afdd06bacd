import type { ChangedFile } from '../core/change.js';
import type { Finding, Suppression } from '../core/finding.js';
import { addFingerprints } from '../engine/fingerprint.js';

/**
 * Baseline matching across a rename. Fingerprints include the path, so a finding accepted in `old.py` no
 * longer matches once the file is renamed to `new.py`. For each renamed file, the findings are
 * fingerprinted once more under the old path (same order, same occurrence counting) and looked up with
 * `suppress`; a match marks the finding suppressed. The finding keeps its new-path fingerprint, so a
 * baseline recreated after the rename records the new path. Copies are not matched: a copy of accepted
 * code is new code.
 */
export function suppressAcrossRenames(
  findings: readonly Finding[],
  files: readonly ChangedFile[],
  suppress: (f: Finding) => Suppression | undefined,
): Finding[] {
  const oldPathOf = new Map(
    files
      .filter((f) => f.status === 'renamed' && f.oldPath !== undefined)
      .map((f) => [f.path, f.oldPath ?? f.path]),
  );
  if (oldPathOf.size === 0) return [...findings];
  const out = [...findings];
  for (const [path, oldPath] of oldPathOf) {
    const indexes = out.flatMap((f, i) => (f.location.path === path ? [i] : []));
    const underOldPath = addFingerprints(
      indexes.flatMap((i) => {
        const f = out[i];
        return f === undefined ? [] : [{ ...f, location: { ...f.location, path: oldPath } }];
      }),
    );
    indexes.forEach((i, k) => {
      const f = out[i];
      const moved = underOldPath[k];
      if (f === undefined || moved === undefined || f.suppression !== undefined) return;
      const s = suppress(moved);
      if (s !== undefined) out[i] = { ...f, suppression: s };
    });
  }
  return out;
}
