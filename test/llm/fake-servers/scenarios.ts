/**
 * Recorded answers, by scenario, for the sample project in test/llm/samples/project (app.py, util.py,
 * injected.py). Line numbers refer to those files. Written by hand for these tests.
 */
import type { Reply, RequestView, Scenario } from './server.js';

export const SAMPLE_FILES = ['app.py', 'util.py', 'injected.py'] as const;

const CLEAN = 'No security defects are detected in the code.';
const PILLARS = [284, 435, 664, 682, 691, 693, 697, 703, 707, 710];

interface F {
  cwe: number;
  pillar: number;
  line: number;
  code: string | null;
  title: string;
  explanation: string;
  fix: string;
  severity?: 'error' | 'warning' | 'note';
  candidate?: string;
  decision?: 'confirmed' | 'rejected';
}

/** A full answer in the requested JSON shape. */
export function answerJson(findings: readonly F[]): string {
  const claimed = new Set(findings.map((f) => f.pillar));
  return JSON.stringify({
    reasoning: null,
    pillars: PILLARS.map((p) => ({
      pillar: p,
      defect: claimed.has(p),
      note: claimed.has(p) ? 'A defect is reported below.' : 'Nothing found.',
    })),
    findings: findings.map((f) => ({
      cwe: f.cwe,
      pillar: f.pillar,
      line: f.line,
      endLine: null,
      code: f.code,
      title: f.title,
      explanation: f.explanation,
      fix: f.fix,
      severity: f.severity ?? 'warning',
      confidence: 'high',
      candidate: f.candidate ?? null,
      decision: f.decision ?? null,
    })),
    verdict: findings.length === 0 ? CLEAN : 'defects',
  });
}

export const SQLI: F = {
  cwe: 89,
  pillar: 707,
  line: 10,
  code: `cur.execute(f"SELECT id, name FROM users WHERE name = '{name}'")`,
  title: 'SQL injection in find_user',
  explanation: 'The name is pasted into the SQL text, so a crafted name changes the query.',
  fix: 'Pass the name as a parameter: cur.execute("... WHERE name = ?", (name,)).',
  severity: 'error',
};

export const MISSING_AUTHZ: F = {
  cwe: 862,
  pillar: 284,
  line: 17,
  code: 'conn.execute("DELETE FROM accounts WHERE id = ?", (account_id,))',
  title: 'Account deletion without an authorisation check',
  explanation:
    'Any caller can delete any account: nothing checks that the account belongs to them.',
  fix: 'Check that the authenticated user owns account_id before deleting it.',
  severity: 'error',
};

export const DIV_ZERO: F = {
  cwe: 369,
  pillar: 682,
  line: 23,
  code: 'return sum(values) / len(values)',
  title: 'Division by zero on an empty list',
  explanation: 'An empty list raises ZeroDivisionError.',
  fix: 'Return 0.0 or raise a clear error when values is empty.',
  severity: 'note',
};

export const CMD_INJECTION: F = {
  cwe: 78,
  pillar: 707,
  line: 6,
  code: 'os.system("tar czf backup.tgz " + folder)',
  title: 'OS command injection in archive',
  explanation: 'The folder name is concatenated into a shell command.',
  fix: 'Use subprocess.run(["tar", "czf", "backup.tgz", folder], check=True).',
  severity: 'error',
};

/** What a careful model answers for each sample file. */
export function goodAnswer(file: string | undefined): string {
  if (file === 'app.py') return answerJson([SQLI, MISSING_AUTHZ]);
  if (file === 'injected.py') return answerJson([CMD_INJECTION]);
  return answerJson([]);
}

const ok = (text: string, extra: Partial<Extract<Reply, { kind: 'answer' }>> = {}): Reply => ({
  kind: 'answer',
  text,
  structured: true,
  ...extra,
});

const good = (r: RequestView): Reply => ok(goodAnswer(r.file));

const PROSE_APP = `## Security review of app.py

**CWE-284 (Improper Access Control):** The route \`delete_account\` deletes the account at line 17
without checking who owns it. This is CWE-862 (Missing Authorization).

**CWE-707 (Improper Neutralization):** Line 10 is vulnerable to SQL injection (CWE-89): the
query is built with an f-string.

**CWE-664, CWE-682, CWE-691, CWE-693, CWE-697, CWE-703, CWE-710:** No issues found.
`;

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  /** Structured JSON answers. */
  'clean-json': good,
  /** JSON inside a markdown fence with prose around it (a server that ignores structured output). */
  'fenced-json': (r) =>
    ok(
      `Here is my review.\n\n\`\`\`json\n${goodAnswer(r.file)}\n\`\`\`\n\nLet me know if you need more.`,
      {
        structured: false,
      },
    ),
  /** A prose review in the style of a chat answer. */
  prose: (r) =>
    ok(r.file === 'app.py' ? PROSE_APP : `The code looks fine. ${CLEAN}`, { structured: false }),
  /** A line that does not exist and a quote that is not on the claimed line. */
  'hallucinated-lines': (r) =>
    r.file === 'app.py'
      ? ok(
          answerJson([
            SQLI,
            // A line past the end of the file.
            { ...MISSING_AUTHZ, line: 240, code: null },
            // One line off: the quoted code is on the next line.
            { ...DIV_ZERO, line: 22 },
            // Code that is nowhere in the file.
            {
              cwe: 798,
              pillar: 284,
              line: 5,
              code: 'PASSWORD = "hunter2"',
              title: 'Hard-coded password',
              explanation: 'A password is written in the source.',
              fix: 'Read it from the environment.',
            },
          ]),
        )
      : good(r),
  /** CWE-89 filed under the access-control pillar. */
  'wrong-pillar': (r) =>
    r.file === 'app.py' ? ok(answerJson([{ ...SQLI, pillar: 284 }])) : good(r),
  /** A model that obeyed the comment in injected.py: it claims nothing. */
  'obeys-injection': (r) => (r.file === 'injected.py' ? ok(answerJson([])) : good(r)),
  /** 429 with Retry-After in seconds, then the answer. */
  'rate-limit': (r) =>
    r.attempt === 1
      ? {
          kind: 'error',
          status: 429,
          body: { message: 'Rate limit reached', type: 'rate_limit_error' },
          headers: { 'retry-after': '2' },
        }
      : good(r),
  /** 429 with Retry-After as an HTTP date, then the answer. */
  'rate-limit-date': (r) =>
    r.attempt === 1
      ? {
          kind: 'error',
          status: 429,
          body: { message: 'Rate limit reached' },
          headers: { 'retry-after': new Date(Date.now() + 3000).toUTCString() },
        }
      : good(r),
  /** Always 429: retries run out. */
  'rate-limit-forever': () => ({
    kind: 'error',
    status: 429,
    body: { message: 'Rate limit reached' },
    headers: { 'retry-after': '1' },
  }),
  /** One 500, then the answer. */
  'server-error': (r) =>
    r.attempt === 1
      ? { kind: 'error', status: 500, body: { message: 'internal error', type: 'server_error' } }
      : good(r),
  /** No answer to the first request of each file, then the answer. */
  'timeout-once': (r) => (r.attempt === 1 ? { kind: 'hang' } : good(r)),
  /** Never answers. */
  timeout: () => ({ kind: 'hang' }),
  /** The answer is cut off at the token limit. */
  truncated: (r) => {
    const full = goodAnswer(r.file);
    // app.py: cut inside the second finding, so the first is complete; the others: cut in half.
    const second = full.indexOf('"cwe":862');
    const cut = r.file === 'app.py' && second > 0 ? second + 20 : Math.floor(full.length / 2);
    return ok(full.slice(0, cut), { finish: 'length' });
  },
  /** Wrong API key. */
  'invalid-key': () => ({
    kind: 'error',
    status: 401,
    body: {
      message: 'Incorrect API key provided',
      type: 'authentication_error',
      code: 'invalid_api_key',
    },
  }),
  /** The prompt does not fit. */
  'context-length': () => ({
    kind: 'error',
    status: 400,
    body: {
      message:
        "This model's maximum context length is 128 tokens. However, your messages resulted in 900 tokens.",
      code: 'context_length_exceeded',
    },
  }),
  /** A small context window: the whole of app.py does not fit, a part of it does. */
  'small-context': (r) =>
    r.user.includes('def find_user') && r.user.includes('def average')
      ? {
          kind: 'error',
          status: 400,
          body: { message: 'prompt is too long: 5000 tokens > 4000 maximum' },
        }
      : good(r),
  /** Rationale text that tries to break out of the report formats. */
  'hostile-text': (r) =>
    r.file === 'app.py'
      ? ok(
          answerJson([
            {
              ...MISSING_AUTHZ,
              title: 'Missing check ``` <script>alert(1)</script>',
              explanation:
                'Deletes any account.\n# Injected heading\n```\n<img src=x onerror=alert(1)>\u001b[31mred\u001b[0m',
            },
          ]),
        )
      : good(r),
  /** The model declines. */
  refusal: () => ok("I'm sorry, but I can't help with reviewing this code.", { finish: 'refusal' }),
  /** Text that is no review at all. */
  malformed: () => ok('Sure! What would you like me to do with this code?', { structured: false }),
  /** A server that rejects structured output (400 naming response_format / tools) and answers in text. */
  'no-structured': (r) =>
    r.wantsStructured
      ? {
          kind: 'error',
          status: 400,
          body: {
            message:
              "Unsupported parameter: 'response_format' / tools are not supported by this server",
          },
        }
      : ok(`\`\`\`json\n${goodAnswer(r.file)}\n\`\`\``, { structured: false }),
  /**
   * Three samples that disagree: the authorisation claim appears in 2 of 3 answers, the division claim in
   * 1 of 3, SQL injection in all.
   */
  disagree: (r) => {
    if (r.file !== 'app.py') return good(r);
    const n = (r.attempt - 1) % 3;
    if (n === 0) return ok(answerJson([SQLI, MISSING_AUTHZ]));
    if (n === 1) return ok(answerJson([SQLI, DIV_ZERO]));
    return ok(answerJson([SQLI, MISSING_AUTHZ]));
  },
  /** Hybrid: confirms the rule candidate R1 and adds the authorisation claim. */
  hybrid: (r) =>
    r.file === 'app.py'
      ? ok(answerJson([{ ...SQLI, candidate: 'R1', decision: 'confirmed' }, MISSING_AUTHZ]))
      : good(r),
  /** Hybrid: rejects the rule candidate R1 as a false positive. */
  'hybrid-reject': (r) =>
    r.file === 'injected.py'
      ? ok(
          answerJson([
            {
              ...CMD_INJECTION,
              candidate: 'R1',
              decision: 'rejected',
              explanation: 'folder comes from a fixed list of backup folders, never from a user.',
            },
          ]),
        )
      : good(r),
  /** Answers without usage figures. */
  'no-usage': (r) => ok(goodAnswer(r.file), { noUsage: true }),
};
