import type { Finding } from '../core/finding.js';
import type { ScanResult } from '../core/result.js';
import type { Severity } from '../core/severity.js';
import { cweLabel, cweUrl, type ReporterOptions } from './common.js';

/*
 * A GitLab SAST report (`artifacts:reports:sast`), security report schema 15.x
 * (gitlab.com/gitlab-org/security-products/security-report-schemas, dist/sast-report-format.json;
 * docs.gitlab.com/ee/development/integrations/secure.html). Top level: `version`, `scan` (analyzer,
 * scanner, type "sast", start_time/end_time as yyyy-mm-ddThh:mm:ss, status) and `vulnerabilities`
 * (id, name, description, severity, solution, identifiers, location with file/start_line/end_line).
 * Schema 15 removed the per-vulnerability `category`, `message`, `confidence`, `cve` and `scanner`
 * fields of earlier versions; the category is the report type (`scan.type: "sast"`), and the message
 * opens the description. Suppressed findings are left out (GitLab would list them as open); findings
 * below the threshold are included with their lower severity. No diff constraint applies: the report is
 * the same in scan and review mode (in review mode it holds only the findings in the change).
 */

export const GITLAB_SCHEMA_VERSION = '15.0.7';

const SEVERITY: Record<Severity, 'High' | 'Medium' | 'Low'> = {
  error: 'High',
  warning: 'Medium',
  note: 'Low',
};

export interface GitLabIdentifier {
  type: string;
  name: string;
  value: string;
  url?: string;
}

export interface GitLabVulnerability {
  id: string;
  name: string;
  description: string;
  severity: 'High' | 'Medium' | 'Low';
  solution: string;
  identifiers: GitLabIdentifier[];
  location: { file: string; start_line: number; end_line: number };
}

export interface GitLabSastReport {
  version: string;
  scan: {
    analyzer: GitLabTool;
    scanner: GitLabTool;
    type: 'sast';
    start_time: string;
    end_time: string;
    status: 'success' | 'failure';
    messages?: { level: 'info' | 'warn' | 'fatal'; value: string }[];
  };
  vulnerabilities: GitLabVulnerability[];
}

interface GitLabTool {
  id: string;
  name: string;
  version: string;
  url: string;
  vendor: { name: string };
}

/** GitLab's time format: seconds precision, no zone (UTC is meant). */
function gitlabTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** A stable UUID-shaped id from the finding's fingerprint (GitLab recommends UUIDs). */
function uuidOf(fingerprint: string): string {
  const hex = fingerprint
    .replace(/[^0-9a-f]/gi, '')
    .padEnd(32, '0')
    .slice(0, 32)
    .toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function vulnerability(f: Finding): GitLabVulnerability {
  return {
    id: uuidOf(f.fingerprint),
    // The schema's length limits.
    name: f.title.slice(0, 255),
    description: `${f.message}\n\n${f.help.why}`,
    severity: SEVERITY[f.severity],
    solution: f.help.fix.slice(0, 7000),
    identifiers: [
      // The first identifier is the primary one: the rule.
      { type: 'secreview_rule_id', name: `secreview ${f.ruleId}`, value: f.ruleId },
      ...f.cwes.map((id) => ({
        type: 'cwe',
        name: cweLabel(id),
        value: String(id),
        url: cweUrl(id),
      })),
    ],
    location: {
      file: f.location.path,
      start_line: f.location.start.line,
      end_line: f.location.end.line,
    },
  };
}

export function gitlabReport(result: ScanResult, options: ReporterOptions): GitLabSastReport {
  // Without a clock (a re-rendered result) the times count from the epoch; the duration stays true.
  const parsed = options.finishedAt !== undefined ? Date.parse(options.finishedAt) : NaN;
  const end = Number.isNaN(parsed) ? result.stats.durationMs : parsed;
  const tool: GitLabTool = {
    id: 'secreview',
    name: 'secreview',
    version: result.tool.version,
    url: result.tool.informationUri,
    vendor: { name: 'secreview' },
  };
  const messages = result.errors.map((e) => ({
    level: 'warn' as const,
    value: `${e.path !== undefined ? `${e.path}: ` : ''}${e.message}`,
  }));
  return {
    version: GITLAB_SCHEMA_VERSION,
    scan: {
      analyzer: tool,
      scanner: tool,
      type: 'sast',
      start_time: gitlabTime(end - result.stats.durationMs),
      end_time: gitlabTime(end),
      status: 'success',
      ...(messages.length > 0 ? { messages } : {}),
    },
    vulnerabilities: result.findings.filter((f) => f.suppression === undefined).map(vulnerability),
  };
}

export function renderGitlab(result: ScanResult, options: ReporterOptions): string {
  return `${JSON.stringify(gitlabReport(result, options), null, 2)}\n`;
}
