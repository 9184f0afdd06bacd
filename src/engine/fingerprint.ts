import { createHash } from 'node:crypto';
import type { Finding } from '../core/finding.js';

/**
 * Fingerprints survive code moving up or down a file: they hash the rule id, the path and the
 * whitespace-normalised snippet, plus the occurrence index among identical (rule, path, snippet) triples.
 * `findings` must already be sorted by location.
 */
export function addFingerprints(findings: readonly Omit<Finding, 'fingerprint'>[]): Finding[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const normalised = f.snippet.replace(/\s+/g, ' ').trim();
    const key = `${f.ruleId}\u0000${f.location.path}\u0000${normalised}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const fingerprint = createHash('sha256')
      .update(`${key}\u0000${String(occurrence)}`)
      .digest('hex')
      .slice(0, 32);
    return { ...f, fingerprint };
  });
}
