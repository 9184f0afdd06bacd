import type { Finding } from '../../src/core/finding.js';
import { PILLARS, type PillarId } from '../../src/core/pillars.js';
import {
  NO_DEFECTS_VERDICT,
  RESULT_SCHEMA_VERSION,
  type PillarReport,
  type ScanResult,
  type SkippedFile,
} from '../../src/core/result.js';
import type { RuleDescriptor } from '../../src/core/rule-meta.js';

/*
 * Hand-made ScanResults for reporter tests: realistic, but independent of the engine, so that a reporter
 * snapshot changes only when a reporter does. Everything a reporter may meet is here: findings across
 * pillars, a suppressed one, a dataflow trace, test code, an LLM finding whose snippet tries to break out
 * of Markdown (``` and <script>), skipped files of several reasons (one list longer than the cap), an
 * error, a pillar checked without findings and pillars with no checks at all.
 */

const TOOL = {
  name: 'secreview',
  version: '0.1.0',
  informationUri: 'https://github.com/secreview/secreview',
} as const;

const RULES: RuleDescriptor[] = [
  {
    id: 'python/command-injection',
    language: 'python',
    title: 'OS command built from untrusted input',
    description:
      'A shell command is built from data that is not a constant and run through a shell.',
    cwes: [78],
    cweNames: [
      "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')",
    ],
    pillar: 707,
    pillarName: 'Improper Neutralization',
    severity: 'error',
    confidence: 'high',
    status: 'stable',
    tags: ['injection'],
    help: {
      why: "Shell metacharacters in the data (; | $() `) run commands of the attacker's choosing.",
      fix: 'Pass an argument list without shell=True, e.g. subprocess.run(["ping", "-c", "1", host]).',
    },
  },
  {
    id: 'python/hardcoded-password',
    language: 'python',
    title: 'Hard-coded password',
    description: 'A password or secret is written in the source code.',
    cwes: [259, 798],
    cweNames: ['Use of Hard-coded Password', 'Use of Hard-coded Credentials'],
    pillar: 284,
    pillarName: 'Improper Access Control',
    severity: 'warning',
    confidence: 'medium',
    status: 'stable',
    tags: ['secrets'],
    help: {
      why: 'Anyone who can read the code (or a leaked copy of it) can log in with the password.',
      fix: 'Read the secret from the environment or a secret manager, and rotate the exposed one.',
    },
  },
  {
    id: 'python/is-literal-comparison',
    language: 'python',
    title: 'Identity comparison with a literal',
    description: '`is` or `is not` compares a value with a str, bytes or number literal.',
    cwes: [597],
    cweNames: ['Use of Wrong Operator in String Comparison'],
    pillar: 697,
    pillarName: 'Incorrect Comparison',
    severity: 'warning',
    confidence: 'high',
    status: 'stable',
    tags: [],
    help: {
      why: 'Identity of equal literals depends on interning, so the check passes or fails by accident.',
      fix: 'Compare values with == or !=.',
    },
  },
  {
    id: 'python/sql-injection',
    language: 'python',
    title: 'SQL built by string formatting',
    description: 'A SQL statement built by formatting or concatenation is passed to execute().',
    cwes: [89],
    cweNames: [
      "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
    ],
    pillar: 707,
    pillarName: 'Improper Neutralization',
    severity: 'error',
    confidence: 'high',
    status: 'stable',
    tags: ['injection', 'sql'],
    help: {
      why: 'Quotes in the data end the SQL string literal and let the rest run as SQL.',
      fix: 'Use placeholders: cursor.execute("SELECT * FROM users WHERE name = %s", (name,)).',
    },
  },
  {
    id: 'python/swallowed-exception',
    language: 'python',
    title: 'Exception swallowed',
    description: 'An except clause catches broadly and does nothing (pass or continue).',
    cwes: [390],
    cweNames: ['Detection of Error Condition Without Action'],
    pillar: 703,
    pillarName: 'Improper Check or Handling of Exceptional Conditions',
    severity: 'warning',
    confidence: 'medium',
    status: 'stable',
    tags: ['error-handling'],
    help: {
      why: 'A failed security check that raises is silently treated as success.',
      fix: 'Catch the specific exception you expect, and log or re-raise everything else.',
    },
  },
  {
    id: 'python/tls-verification-disabled',
    language: 'python',
    title: 'TLS certificate verification disabled',
    description: 'An HTTPS request or SSL context does not verify the server certificate.',
    cwes: [295],
    cweNames: ['Improper Certificate Validation'],
    pillar: 284,
    pillarName: 'Improper Access Control',
    severity: 'error',
    confidence: 'high',
    status: 'stable',
    tags: ['tls'],
    help: {
      why: 'Anyone on the network path can impersonate the server and read or change the traffic.',
      fix: 'Remove verify=False; for a private CA pass verify="/path/to/ca-bundle.pem".',
    },
  },
  {
    id: 'python/unclosed-resource',
    language: 'python',
    title: 'Resource opened without being closed',
    description: 'A file or socket is opened outside a with statement and never closed.',
    cwes: [772],
    cweNames: ['Missing Release of Resource after Effective Lifetime'],
    pillar: 664,
    pillarName: 'Improper Control of a Resource Through its Lifetime',
    severity: 'note',
    confidence: 'medium',
    status: 'experimental',
    tags: [],
    help: {
      why: 'Leaked descriptors exhaust the process limit under load: a denial of service.',
      fix: 'Open the resource in a with statement.',
    },
  },
  {
    id: 'python/weak-hash',
    language: 'python',
    title: 'Weak hash used for security',
    description: 'MD5 or SHA-1 protects a password, token or signature.',
    cwes: [328],
    cweNames: ['Use of Weak Hash'],
    pillar: 693,
    pillarName: 'Protection Mechanism Failure',
    severity: 'warning',
    confidence: 'high',
    status: 'stable',
    tags: ['crypto'],
    help: {
      why: 'Collisions for MD5 and SHA-1 are cheap, and fast hashes make password cracking cheap.',
      fix: 'Use hashlib.sha256 for integrity, or argon2 / bcrypt / hashlib.scrypt for passwords.',
    },
  },
];

function rule(id: string): RuleDescriptor {
  const r = RULES.find((x) => x.id === id);
  if (r === undefined) throw new Error(`no sample rule ${id}`);
  return r;
}

/** A finding of a sample rule, with the fields copied from the rule as the engine does. */
function finding(
  id: string,
  extra: Pick<Finding, 'message' | 'location' | 'snippet' | 'fingerprint'> & Partial<Finding>,
): Finding {
  const r = rule(id);
  const cwe = r.cwes[0] ?? 710;
  return {
    ruleId: r.id,
    origin: 'rule',
    title: r.title,
    cwe,
    cweName: r.cweNames[0] ?? '',
    cwes: [...r.cwes],
    pillar: r.pillar,
    pillarName: r.pillarName,
    severity: r.severity,
    confidence: r.confidence,
    help: { ...r.help },
    inTestCode: false,
    ...extra,
  };
}

function loc(path: string, line: number, column: number, endLine: number, endColumn: number) {
  return { path, start: { line, column }, end: { line: endLine, column: endColumn } };
}

const FINDINGS: Finding[] = [
  finding('python/weak-hash', {
    message: 'hashlib.md5() hashes the password `password`.',
    location: loc('app/auth.py', 18, 12, 18, 48),
    snippet: 'digest = hashlib.md5(password.encode()).hexdigest()',
    fingerprint: '4f1c2a9e0b7d3e5f6a8b9c0d1e2f3a4b',
  }),
  finding('python/sql-injection', {
    message: 'A SQL statement built with an f-string is passed to cursor.execute().',
    location: loc('app/db.py', 21, 5, 21, 72),
    snippet: 'cursor.execute(f"SELECT * FROM users WHERE name = \'{name}\'")',
    fingerprint: '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d',
  }),
  finding('python/swallowed-exception', {
    message: '`except Exception: pass` hides a failure of verify_signature().',
    location: loc('app/handlers.py', 30, 5, 31, 13),
    snippet: 'except Exception:\n    pass',
    fingerprint: '0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e',
    confidence: 'medium',
  }),
  finding('python/tls-verification-disabled', {
    message: 'requests.get() is called with verify=False.',
    location: loc('app/http_client.py', 14, 16, 14, 63),
    snippet: 'resp = requests.get(HEALTH_URL, timeout=5, verify=False)',
    fingerprint: 'c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8',
    suppression: {
      kind: 'inline',
      justification: 'Health check of the local sidecar, which only has a self-signed certificate.',
    },
  }),
  {
    ruleId: 'llm/cross-site-scripting',
    origin: 'llm',
    title: 'HTML built from user input without escaping',
    message:
      'The comment is interpolated into HTML and marked safe with Markup(), so <script> in it runs in the browser.',
    cwe: 79,
    cweName: "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
    cwes: [79],
    pillar: 707,
    pillarName: 'Improper Neutralization',
    severity: 'warning',
    confidence: 'medium',
    location: loc('app/templates.py', 17, 12, 18, 47),
    snippet:
      '# Payload from the bug report: ```<script>alert(1)</script>```\nreturn Markup("<p>%s</p>" % comment)',
    fingerprint: 'e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0',
    help: {
      why: "Script in the comment runs with the victim's session: account takeover <img src=x onerror=alert(1)>.",
      fix: 'Let the template engine escape it: Markup("<p>%s</p>") % comment, or markupsafe.escape(comment).',
    },
    inTestCode: false,
  },
  finding('python/command-injection', {
    message: 'A command built with an f-string from `host` is run with shell=True.',
    location: loc('app/views.py', 42, 9, 42, 67),
    snippet: 'out = subprocess.run(f"ping -c 1 {host}", shell=True, capture_output=True)',
    fingerprint: '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d',
    trace: [
      {
        kind: 'source',
        location: loc('app/views.py', 38, 12, 38, 37),
        message: "request.args.get('host') is user input",
      },
      {
        kind: 'step',
        location: loc('app/views.py', 40, 5, 40, 24),
        message: 'host = host.strip() keeps it tainted',
      },
      {
        kind: 'sink',
        location: loc('app/views.py', 42, 9, 42, 67),
        message: 'reaches subprocess.run(..., shell=True)',
      },
    ],
  }),
  finding('python/hardcoded-password', {
    message: 'The string assigned to `ADMIN_PASSWORD` looks like a password.',
    location: loc('tests/test_login.py', 9, 1, 9, 30),
    snippet: 'ADMIN_PASSWORD = "s3cr3t-pa55"',
    fingerprint: 'f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2',
    severity: 'note',
    inTestCode: true,
  }),
];

const JS_FILES = [
  'api',
  'app',
  'auth',
  'charts',
  'comments',
  'dashboard',
  'dates',
  'forms',
  'i18n',
  'index',
  'login',
  'modal',
  'nav',
  'notifications',
  'profile',
  'router',
  'search',
  'settings',
  'store',
  'table',
  'theme',
  'upload',
  'utils',
].map((n) => `web/static/js/${n}.js`);

const SKIPPED_UNSORTED: SkippedFile[] = [
  {
    path: 'app/legacy.py',
    reason: 'analysis-failed',
    detail: 'the rule python/sql-injection crashed',
  },
  { path: 'data/fixtures.sql', reason: 'too-large', detail: '3.1 MB exceeds the 2 MB limit' },
  { path: 'docs/loop', reason: 'symlink-loop', detail: 'docs/loop -> docs' },
  { path: 'static/logo.png', reason: 'binary', detail: 'NUL bytes in the first 8 KB' },
  ...JS_FILES.map((path): SkippedFile => ({
    path,
    reason: 'unsupported-language',
    detail: 'JavaScript',
  })),
];
const SKIPPED = SKIPPED_UNSORTED.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

function pillarReports(
  ruleIds: readonly string[],
  counts: Partial<Record<PillarId, number>>,
): PillarReport[] {
  return PILLARS.map((p): PillarReport => {
    const rules = ruleIds.filter((id) => rule(id).pillar === p.id);
    return {
      id: p.id,
      name: p.name,
      findings: counts[p.id] ?? 0,
      rules,
      coverage: rules.length > 0 ? 'checked' : 'no-checks',
      note:
        rules.length > 0
          ? `${String(rules.length)} Python check${rules.length === 1 ? '' : 's'} ran.`
          : 'No Python checks exist for this pillar yet: it was not reviewed.',
    };
  });
}

/** A vulnerable Flask app: five defects that count, one suppressed, one below the threshold. */
export function sampleResult(): ScanResult {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { ...TOOL },
    target: 'examples/vulnerable-app',
    threshold: 'warning',
    verdict: '5 security defects are detected in the code.',
    summary: {
      total: 5,
      bySeverity: { error: 2, warning: 3, note: 0 },
      byPillar: { '693': 1, '703': 1, '707': 3 },
      suppressed: 1,
      belowThreshold: 1,
    },
    findings: FINDINGS.map((f) => structuredClone(f)),
    rules: RULES.map((r) => structuredClone(r)),
    pillars: pillarReports(
      RULES.map((r) => r.id),
      { 693: 1, 703: 1, 707: 3 },
    ),
    files: {
      scanned: [
        {
          path: 'app/auth.py',
          language: 'python',
          bytes: 1840,
          lines: 61,
          testCode: false,
          frameworks: ['flask'],
          syntaxErrors: 0,
          findings: 1,
          notes: [],
        },
        {
          path: 'app/db.py',
          language: 'python',
          bytes: 912,
          lines: 34,
          testCode: false,
          frameworks: [],
          syntaxErrors: 0,
          findings: 1,
          notes: [],
        },
        {
          path: 'app/handlers.py',
          language: 'python',
          bytes: 1377,
          lines: 52,
          testCode: false,
          frameworks: ['flask'],
          syntaxErrors: 1,
          findings: 1,
          notes: ['1 syntax error at line 47; findings after it may be missing.'],
        },
        {
          path: 'app/http_client.py',
          language: 'python',
          bytes: 655,
          lines: 22,
          testCode: false,
          frameworks: ['requests'],
          syntaxErrors: 0,
          findings: 1,
          notes: [],
        },
        {
          path: 'app/templates.py',
          language: 'python',
          bytes: 733,
          lines: 25,
          testCode: false,
          frameworks: ['flask', 'markupsafe'],
          syntaxErrors: 0,
          findings: 1,
          notes: ['Decoded as Latin-1: the file is not valid UTF-8.'],
        },
        {
          path: 'app/views.py',
          language: 'python',
          bytes: 2210,
          lines: 80,
          testCode: false,
          frameworks: ['flask'],
          syntaxErrors: 0,
          findings: 1,
          notes: [],
        },
        {
          path: 'tests/test_login.py',
          language: 'python',
          bytes: 498,
          lines: 20,
          testCode: true,
          frameworks: ['pytest'],
          syntaxErrors: 0,
          findings: 1,
          notes: [],
        },
      ],
      skipped: SKIPPED.map((s) => ({ ...s })),
    },
    errors: [
      {
        kind: 'rule',
        path: 'app/legacy.py',
        ruleId: 'python/sql-injection',
        message: 'RangeError: Maximum call stack size exceeded',
      },
    ],
    stats: { durationMs: 412, bytes: 8225, workers: 2 },
  };
}

/** A clean service: two files, nothing found, nothing skipped. */
export function cleanResult(): ScanResult {
  const ran = RULES.map((r) => r.id);
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { ...TOOL },
    target: 'examples/clean-service',
    threshold: 'warning',
    verdict: NO_DEFECTS_VERDICT,
    summary: {
      total: 0,
      bySeverity: { error: 0, warning: 0, note: 0 },
      byPillar: {},
      suppressed: 0,
      belowThreshold: 0,
    },
    findings: [],
    rules: RULES.map((r) => structuredClone(r)),
    pillars: pillarReports(ran, {}),
    files: {
      scanned: [
        {
          path: 'service/api.py',
          language: 'python',
          bytes: 1502,
          lines: 48,
          testCode: false,
          frameworks: ['fastapi'],
          syntaxErrors: 0,
          findings: 0,
          notes: [],
        },
        {
          path: 'tests/test_api.py',
          language: 'python',
          bytes: 840,
          lines: 31,
          testCode: true,
          frameworks: ['pytest'],
          syntaxErrors: 0,
          findings: 0,
          notes: [],
        },
      ],
      skipped: [],
    },
    errors: [],
    stats: { durationMs: 95, bytes: 2342, workers: 1 },
  };
}
