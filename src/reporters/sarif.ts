import type { Finding, Location, TraceStep } from '../core/finding.js';
import type { RuleDescriptor } from '../core/rule-meta.js';
import type { ScanError, ScanResult, SkippedFile } from '../core/result.js';
import { securitySeverityScore, type Confidence } from '../core/severity.js';
import { cweLabel, cweUrl, SKIP_REASON_TEXT, type Reporter } from './common.js';
import { escapeInline } from './markdown.js';

/*
 * SARIF 2.1.0 as GitHub code scanning reads it:
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 * Rules carry `security` and `external/cwe/cwe-N` tags, `security-severity` and `precision`; results carry
 * relative URIs under %SRCROOT%, full regions and a partial fingerprint. Only plain JSON is built here.
 */

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const SRCROOT = '%SRCROOT%';
const CWE_TAXONOMY = 'CWE';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = Record<string, Json>;

/** `python/command-injection` -> `PythonCommandInjection`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** A relative POSIX path as a relative URI reference: each segment percent-encoded, never a leading '/'. */
export function artifactUri(path: string): string {
  return path
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** What a SARIF rule needs: a RuleDescriptor, or the same built from an LLM finding. */
type RuleInfo = Pick<
  RuleDescriptor,
  | 'id'
  | 'title'
  | 'description'
  | 'cwes'
  | 'cweNames'
  | 'pillar'
  | 'pillarName'
  | 'severity'
  | 'confidence'
  | 'tags'
  | 'help'
>;

/** GitHub's `precision` takes very-high, high, medium or low: our confidence levels map one to one. */
function precision(c: Confidence): string {
  return c;
}

function text(t: string): JsonObject {
  return { text: t };
}

function artifactLocation(path: string): JsonObject {
  return { uri: artifactUri(path), uriBaseId: SRCROOT };
}

function physicalLocation(loc: Location, snippet?: string): JsonObject {
  const region: JsonObject = {
    startLine: loc.start.line,
    startColumn: loc.start.column,
    endLine: loc.end.line,
    endColumn: loc.end.column,
  };
  if (snippet !== undefined && snippet !== '') region.snippet = text(snippet);
  return { artifactLocation: artifactLocation(loc.path), region };
}

/** Every rule a result may refer to: the rules that ran, then any rule known only from its findings (LLM). */
function collectRules(result: ScanResult): RuleInfo[] {
  const rules: RuleInfo[] = [...result.rules];
  const known = new Set(rules.map((r) => r.id));
  for (const f of result.findings) {
    if (known.has(f.ruleId)) continue;
    known.add(f.ruleId);
    rules.push({
      id: f.ruleId,
      title: f.title,
      description: f.title,
      cwes: [...f.cwes],
      cweNames: f.cwes.map((c) => (c === f.cwe ? f.cweName : cweLabel(c))),
      pillar: f.pillar,
      pillarName: f.pillarName,
      severity: f.severity,
      confidence: f.confidence,
      tags: f.origin === 'llm' ? ['llm'] : [],
      help: { ...f.help },
    });
  }
  return rules;
}

/** CWE ids and names mentioned anywhere in the result, ascending. */
function collectCwes(result: ScanResult, rules: readonly RuleInfo[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const r of rules) {
    r.cwes.forEach((id, i) => {
      const name = r.cweNames[i];
      if (name !== undefined && !names.has(id)) names.set(id, name);
    });
  }
  for (const f of result.findings) if (!names.has(f.cwe)) names.set(f.cwe, f.cweName);
  return new Map([...names].sort((a, b) => a[0] - b[0]));
}

/** Escaped like the Markdown report: an LLM-made rule's help may quote hostile code. */
function ruleHelpMarkdown(r: RuleInfo): string {
  const cwes = r.cwes
    .map((id, i) =>
      `[${cweLabel(id)}](${cweUrl(id)}) ${escapeInline(r.cweNames[i] ?? '')}`.trimEnd(),
    )
    .join(', ');
  return [
    escapeInline(r.description),
    '',
    `**Why it matters:** ${escapeInline(r.help.why)}`,
    '',
    `**How to fix:** ${escapeInline(r.help.fix)}`,
    '',
    `Weakness: ${cwes}; pillar ${cweLabel(r.pillar)} ${escapeInline(r.pillarName)}.`,
  ].join('\n');
}

function ruleHelpText(r: RuleInfo): string {
  return `${r.description}\n\nWhy it matters: ${r.help.why}\n\nHow to fix: ${r.help.fix}`;
}

function reportingDescriptor(r: RuleInfo, taxonIndex: ReadonlyMap<number, number>): JsonObject {
  const tags = [
    'security',
    ...r.cwes.map((id) => `external/cwe/cwe-${String(id)}`),
    `secreview/pillar/cwe-${String(r.pillar)}`,
    ...r.tags,
  ];
  const primary = r.cwes[0];
  const descriptor: JsonObject = {
    id: r.id,
    name: pascalCase(r.id),
    shortDescription: text(r.title),
    fullDescription: text(r.description),
    help: { text: ruleHelpText(r), markdown: ruleHelpMarkdown(r) },
    defaultConfiguration: { level: r.severity },
    properties: {
      tags: [...new Set(tags)],
      'security-severity': securitySeverityScore(r.severity),
      precision: precision(r.confidence),
      pillar: r.pillar,
    },
  };
  if (primary !== undefined) descriptor.helpUri = cweUrl(primary);
  const relationships = r.cwes.flatMap((id): Json[] => {
    const index = taxonIndex.get(id);
    return index === undefined
      ? []
      : [{ target: { id: String(id), index, toolComponent: { name: CWE_TAXONOMY, index: 0 } } }];
  });
  if (relationships.length > 0) descriptor.relationships = relationships;
  return descriptor;
}

function threadFlowLocation(step: TraceStep): JsonObject {
  return {
    location: { physicalLocation: physicalLocation(step.location), message: text(step.message) },
    kinds: step.kind === 'step' ? ['taint'] : ['taint', step.kind],
    importance: 'essential',
  };
}

function sarifResult(f: Finding, ruleIndex: number): JsonObject {
  const out: JsonObject = {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.severity,
    message: text(f.message),
    locations: [{ physicalLocation: physicalLocation(f.location, f.snippet) }],
    partialFingerprints: { 'secreview/v1': f.fingerprint },
    properties: {
      confidence: f.confidence,
      cwe: f.cwe,
      cwes: [...f.cwes],
      pillar: f.pillar,
      origin: f.origin,
      inTestCode: f.inTestCode,
      ...(f.llm !== undefined ? { llm: { ...f.llm } } : {}),
      ...(f.confirmedBy !== undefined ? { confirmedBy: [...f.confirmedBy] } : {}),
    },
  };
  if (f.trace !== undefined && f.trace.length > 0) {
    out.codeFlows = [{ threadFlows: [{ locations: f.trace.map(threadFlowLocation) }] }];
  }
  if (f.suppression !== undefined) {
    out.suppressions = [
      {
        kind: f.suppression.kind === 'inline' ? 'inSource' : 'external',
        status: 'accepted',
        justification: f.suppression.justification,
      },
    ];
  }
  return out;
}

function errorNotification(e: ScanError, ruleIndex: ReadonlyMap<string, number>): JsonObject {
  const out: JsonObject = {
    level: e.kind === 'file' ? 'warning' : 'error',
    message: text(e.message),
    descriptor: { id: `secreview/error/${e.kind}` },
  };
  if (e.path !== undefined)
    out.locations = [{ physicalLocation: { artifactLocation: artifactLocation(e.path) } }];
  if (e.ruleId !== undefined) {
    const index = ruleIndex.get(e.ruleId);
    out.associatedRule = index === undefined ? { id: e.ruleId } : { id: e.ruleId, index };
  }
  return out;
}

function skipNotification(s: SkippedFile): JsonObject {
  const detail = s.detail.trim() === '' ? '' : `: ${s.detail}`;
  return {
    level: 'note',
    message: text(`Skipped (${SKIP_REASON_TEXT[s.reason]})${detail}`),
    descriptor: { id: `secreview/skipped/${s.reason}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(s.path) } }],
  };
}

/** SARIF 2.1.0, one run, as GitHub code scanning accepts it. */
export const renderSarif: Reporter = (result: ScanResult): string => {
  const rules = collectRules(result);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const cwes = collectCwes(result, rules);
  const taxonIndex = new Map([...cwes.keys()].map((id, i) => [id, i]));

  const run: JsonObject = {
    tool: {
      driver: {
        name: result.tool.name,
        version: result.tool.version,
        semanticVersion: result.tool.version,
        informationUri: result.tool.informationUri,
        rules: rules.map((r) => reportingDescriptor(r, taxonIndex)),
        supportedTaxonomies: [{ name: CWE_TAXONOMY, index: 0 }],
      },
    },
    taxonomies: [
      {
        name: CWE_TAXONOMY,
        organization: 'MITRE',
        informationUri: 'https://cwe.mitre.org/',
        shortDescription: text('The MITRE Common Weakness Enumeration'),
        isComprehensive: false,
        taxa: [...cwes].map(([id, name]) => ({
          id: String(id),
          name,
          shortDescription: text(name),
          helpUri: cweUrl(id),
        })),
      },
    ],
    // A scan that produced a result ran to completion; per-file and per-rule failures are notifications.
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          ...result.errors.map((e) => errorNotification(e, ruleIndex)),
          ...result.files.skipped.map(skipNotification),
        ],
      },
    ],
    originalUriBaseIds: {
      [SRCROOT]: {
        description: text('The root of the scanned tree; result URIs are relative to it.'),
      },
    },
    columnKind: 'utf16CodeUnits',
    results: result.findings.map((f) => sarifResult(f, ruleIndex.get(f.ruleId) ?? 0)),
    properties: {
      schemaVersion: result.schemaVersion,
      target: result.target,
      threshold: result.threshold,
      verdict: result.verdict,
      ...(result.llm !== undefined
        ? { llm: JSON.parse(JSON.stringify(result.llm)) as JsonObject }
        : {}),
    },
  };
  const log: JsonObject = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
};
