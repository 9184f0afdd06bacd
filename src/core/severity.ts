export const SEVERITIES = ['error', 'warning', 'note'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** Higher is more severe. */
export function severityRank(s: Severity): number {
  return s === 'error' ? 3 : s === 'warning' ? 2 : 1;
}

export function atLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

export function confidenceRank(c: Confidence): number {
  return c === 'high' ? 3 : c === 'medium' ? 2 : 1;
}

/** One step down, used when a rule is lowered in test code. */
export function lowerSeverity(s: Severity): Severity {
  return s === 'error' ? 'warning' : 'note';
}

/**
 * GitHub code scanning reads `security-severity` (0.0-10.0, CVSS-like bands) to rank alerts.
 * Our three levels map to the middle of the critical/high, medium and low bands.
 */
export function securitySeverityScore(s: Severity): string {
  return s === 'error' ? '8.0' : s === 'warning' ? '5.5' : '2.0';
}
