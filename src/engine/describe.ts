import type { Located } from '../core/syntax.js';
import type { Finding, Location } from '../core/finding.js';
import { pillarName, type PillarId } from '../core/pillars.js';
import type { RuleDescriptor, RuleMeta } from '../core/rule-meta.js';
import { lowerSeverity } from '../core/severity.js';
import { cweName, primaryPillar } from '../cwe/catalog.js';
import type { Detection } from './rule-api.js';

/** The pillar of a rule, derived from its primary CWE through the research view; never written by hand. */
export function rulePillar(meta: RuleMeta): PillarId {
  const first = meta.cwe[0];
  const p = first === undefined ? undefined : primaryPillar(first);
  // The meta test guarantees every rule's CWE reaches a pillar; 710 is the honest fallback.
  return p ?? 710;
}

export function describeRule(meta: RuleMeta): RuleDescriptor {
  const pillar = rulePillar(meta);
  return {
    id: meta.id,
    language: meta.language,
    title: meta.title,
    description: meta.description,
    cwes: [...meta.cwe],
    cweNames: meta.cwe.map(cweName),
    pillar,
    pillarName: pillarName(pillar),
    severity: meta.severity,
    confidence: meta.confidence,
    status: meta.status,
    tags: [...meta.tags],
    help: { ...meta.help },
  };
}

export function renderMessage(
  template: string,
  data: Readonly<Record<string, string | number>> | undefined,
): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => {
    const v = data?.[key];
    return v === undefined ? whole : String(v);
  });
}

export function nodeLocation(path: string, node: Located, endNode?: Located): Location {
  const r = node.range();
  const end = (endNode ?? node).range().end;
  return {
    path,
    start: { line: r.start.line + 1, column: r.start.column + 1 },
    end: { line: end.line + 1, column: end.column + 1 },
  };
}

const MAX_SNIPPET_LINES = 5;

/** The source lines of a location, dedented, at most five lines. */
export function snippetOf(lines: readonly string[], loc: Location): string {
  const last = Math.min(loc.end.line, loc.start.line + MAX_SNIPPET_LINES - 1);
  const picked = lines.slice(loc.start.line - 1, last).map((l) => l.replace(/\s+$/, ''));
  const indents = picked.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return picked.map((l) => l.slice(cut)).join('\n');
}

/** Builds the Finding for one detection (fingerprints are added once all findings are known). */
export function describeDetection(
  meta: RuleMeta,
  detection: Detection,
  path: string,
  lines: readonly string[],
  testCode: boolean,
): Omit<Finding, 'fingerprint'> {
  const template =
    (detection.messageId !== undefined ? meta.messages[detection.messageId] : undefined) ??
    meta.messages.default;
  const location = nodeLocation(path, detection.node, detection.endNode);
  const pillar = rulePillar(meta);
  let severity = detection.severity ?? meta.severity;
  if (testCode && meta.inTests === 'lower') severity = lowerSeverity(severity);
  const primary = meta.cwe[0] ?? 710;
  const trace =
    detection.trace === undefined || detection.trace.length === 0
      ? undefined
      : detection.trace.map((s) => ({
          kind: s.kind,
          location: nodeLocation(path, s.node),
          message: s.message,
        }));
  return {
    ruleId: meta.id,
    origin: 'rule',
    title: meta.title,
    message: renderMessage(template, detection.data),
    cwe: primary,
    cweName: cweName(primary),
    cwes: [...meta.cwe],
    pillar,
    pillarName: pillarName(pillar),
    severity,
    confidence: detection.confidence ?? meta.confidence,
    location,
    snippet: snippetOf(lines, location),
    help: { ...meta.help },
    ...(trace !== undefined ? { trace } : {}),
    inTestCode: testCode,
  };
}
