import { createHash } from 'node:crypto';
import type { Finding } from '../core/finding.js';
import { languageByPath } from '../languages/index.js';

/**
 * Removes what does not change what code does from a snippet, so that a fingerprint survives reindenting,
 * rewrapping and commenting: comments in the language's line-comment syntax (outside string literals) and
 * all whitespace runs, collapsed to one space.
 */
export function normaliseSnippet(snippet: string, lineComment: string | undefined): string {
  const lines = snippet
    .split('\n')
    .map((l) => (lineComment === undefined ? l : stripComment(l, lineComment)));
  const code = lines.join(' ').replace(/\s+/g, ' ').trim();
  // A snippet that is all comment (a finding about a comment) keeps its text.
  return code === '' ? snippet.replace(/\s+/g, ' ').trim() : code;
}

/** The line without its trailing comment; quotes are tracked so that `"#"` in a string stays. */
function stripComment(line: string, marker: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if (line.startsWith(marker, i)) {
      return line.slice(0, i);
    }
  }
  return line;
}

/**
 * Fingerprints survive code moving up or down a file and being reindented: they hash the rule id, the path
 * and the normalised snippet (no line numbers), plus the occurrence index among identical (rule, path,
 * snippet) triples, so a second identical occurrence gets a fingerprint of its own.
 * `findings` must already be sorted by location.
 */
export function addFingerprints(findings: readonly Omit<Finding, 'fingerprint'>[]): Finding[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const normalised = normaliseSnippet(f.snippet, languageByPath(f.location.path)?.lineComment);
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
