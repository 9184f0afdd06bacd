import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { stringValue } from '../../../languages/python/expr.js';
import {
  findKnownSecret,
  isSecretName,
  literalBindings,
  looksRandom,
  SECRET_KEY_QUALIFIERS,
  stringTemplateText,
} from '../../../languages/python/secret-helpers.js';

/** Environment lookups whose second argument is the value used when the variable is unset. */
const ENV_LOOKUPS = ['os.getenv', 'os.environ.get', 'os.environ.setdefault'];

/** Prefixes of the known formats, so that only candidate strings are examined (natively filtered). */
const KNOWN_PREFIXES =
  'AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|hooks\\.slack\\.com|_live_|AIza|SG\\.|SK[0-9a-f]{32}|npm_|pypi-|T3BlbkFJ|sk-ant-|PRIVATE KEY';

const AUTH_SCHEME_HINT = '(?i)(?:bearer|token|basic) [A-Za-z0-9._~+/=-]{16,}';
const AUTH_HEADER_VALUE = /^(Bearer|Token|Basic)\s+([A-Za-z0-9._~+/=-]{16,})$/i;

// The same patterns in JavaScript, tested on the whole file first: a string node's text is part of
// the file, so a file without a match has no matching string and the native walk is skipped. `u`
// gives the Unicode simple case folding of the native (?i) (the Kelvin sign matches `k`).
const KNOWN_PREFIXES_IN_FILE = new RegExp(KNOWN_PREFIXES);
const AUTH_SCHEME_IN_FILE = /(?:bearer|token|basic) [A-Za-z0-9._~+/=-]{16,}/iu;

/**
 * True when some name in the file may be a secret name (see isSecretName): every such name has a
 * word containing `secret`, `token`, `cred` or `bearer`, or the word `key` right after a qualifier
 * (`api_key`, `apiKey`, `privkey`). Names are split at non-alphanumerics and camel-case humps, and
 * lower-cased, so in the lower-cased file the qualifier is followed by `key` with only
 * non-alphanumerics (or nothing) between them.
 */
const SECRET_NAME_IN_FILE = new RegExp(
  `secret|token|cred|bearer|(?:${[...SECRET_KEY_QUALIFIERS].join('|')})[^a-z0-9]*key`,
);
function mayNameSecret(source: string): boolean {
  return SECRET_NAME_IN_FILE.test(source.toLowerCase());
}

/** A backslash (an escape), or a character outside printable ASCII other than a newline. */
const ESCAPE_OR_UNPRINTABLE = /[\\]|[^\n\x20-\x7e]/;
/** A quote and 16 characters without whitespace: the start of a long literal without spaces. */
const LONG_RUN_AFTER_QUOTE = /["'][^\s]{16}/;
/**
 * A string delimiter closed and another opened with only whitespace and comments between them: an
 * implicit concatenation (`"abc" "def"`). A closing quote is preceded by another character than
 * itself or is a triple quote; an opening one is a triple quote or a quote not doubled (not `""`).
 */
const ADJACENT_LITERALS =
  /(?:[^"]"|[^']'|"""|''')(?:\s|#[^\n]*(?=\n|$))*[rRbBuUfFtT]{0,2}(?:"""|'''|"(?!")|'(?!'))/;
/**
 * An f-string (or t-string): the parser's error recovery may leave pieces in one that a literal's
 * value skips, so the file is not judged by its text.
 */
const TEMPLATE_STRING = /(?<![A-Za-z0-9_])(?:[fFtT][rRbB]?|[rRbB][fFtT])["']/;

/**
 * True when three or more consecutive lines have at most 3 characters per line on average, give or
 * take 3: `sum(length - 3) <= 3`. A multi-line literal at least a quarter of which is newlines
 * contains such lines (its lines between its first and last newline).
 */
function hasDenseLines(source: string): boolean {
  // prefix sums P[j] = sum over lines before j of (length - 3); a run i..j has sum P[j+1] - P[i]
  let twoBack = Number.NaN;
  let oneBack = Number.NaN;
  let current = 0;
  let maxEarlier = -Infinity;
  let start = 0;
  for (let j = 0; ; j++) {
    const nl = source.indexOf('\n', start);
    const end = nl === -1 ? source.length : nl;
    if (j >= 2) maxEarlier = Math.max(maxEarlier, twoBack);
    const next = current + (end - start) - 3;
    if (j >= 2 && next - maxEarlier <= 3) return true;
    twoBack = oneBack;
    oneBack = current;
    current = next;
    if (nl === -1) return false;
    start = nl + 1;
  }
}

/**
 * True when the file may hold a literal that looksRandom() accepts: at least 16 characters once
 * escapes are decoded, and either no whitespace at all or at least a quarter of unprintable
 * characters. Without backslashes, characters outside printable ASCII other than newlines, and
 * f-strings, a literal's value is its source text: then it is either a run of 16 characters without
 * whitespace after its opening quote, an implicit concatenation of several literals, or a
 * multi-line literal dense in newlines.
 */
function mayHoldRandomLiteral(source: string): boolean {
  return (
    ESCAPE_OR_UNPRINTABLE.test(source) ||
    LONG_RUN_AFTER_QUOTE.test(source) ||
    ADJACENT_LITERALS.test(source) ||
    TEMPLATE_STRING.test(source) ||
    hasDenseLines(source)
  );
}

function callName(keyword: SgNode): string {
  const call = keyword.parent()?.parent();
  return call?.kind() === 'call' ? (call.field('function')?.text() ?? 'call') : 'call';
}

export default definePythonRule({
  name: 'hardcoded-secret',
  title: 'Hard-coded credential, API key or secret key in source code',
  description:
    'Finds string literals in known credential formats (cloud, VCS, chat and payment API keys, private keys) and high-entropy literals bound to names that denote a secret, token or key.',
  cwe: [798, 321],
  severity: 'error',
  confidence: 'high',
  tags: ['secrets', 'credentials'],
  messages: {
    default: 'A high-entropy literal is assigned to the secret `{{name}}`.',
    known: 'This string contains a hard-coded {{kind}}.',
    header: 'This string is an Authorization header value with a hard-coded {{scheme}} credential.',
    keyword: '`{{call}}` receives a hard-coded secret in `{{name}}=`.',
    key: 'The dictionary entry `"{{name}}"` holds a hard-coded secret.',
    default_param: 'Parameter `{{name}}` defaults to a hard-coded secret.',
    comparison: '`{{name}}` is compared with a hard-coded secret.',
    env: '`{{call}}("{{name}}", ...)` falls back to a hard-coded secret when the variable is unset.',
  },
  help: {
    why: 'A credential in source code is exposed to everyone who can read the repository, its history, packages and images. Automated scanners harvest keys from public commits within minutes; a leaked cloud key is used to run workloads or read data, and a leaked signing key (Django/Flask SECRET_KEY, JWT secret) lets an attacker forge sessions and tokens for any user.',
    fix: 'Load secrets at run time from the environment or a secret manager (`os.environ["SECRET_KEY"]`, AWS Secrets Manager, Vault), fail when they are missing rather than falling back to a literal, revoke and rotate every key that was committed, and add a pre-commit secret scanner.',
  },
  inTests: 'lower',
  *detect(ctx) {
    const reported = new Set<number>();

    // (a) Known formats: the prefix alone makes the match a credential, wherever the string is.
    const known = KNOWN_PREFIXES_IN_FILE.test(ctx.source)
      ? ctx.root.findAll({ rule: { kind: 'string', regex: KNOWN_PREFIXES } })
      : [];
    for (const s of known) {
      const kind = findKnownSecret(stringTemplateText(s));
      if (kind === undefined) continue;
      reported.add(s.id());
      const parent = s.parent();
      if (parent?.kind() === 'concatenated_string') reported.add(parent.id());
      yield { node: s, messageId: 'known', data: { kind } };
    }

    // The weaker, randomness-based signals below are not reported in test code at all: tests are full
    // of generated-looking fixtures.
    if (ctx.file.testCode) return;

    // An Authorization header value written out: "Bearer <token>", "token <token>", "Basic <b64>".
    const headers = AUTH_SCHEME_IN_FILE.test(ctx.source)
      ? ctx.root.findAll({ rule: { kind: 'string', regex: AUTH_SCHEME_HINT } })
      : [];
    for (const s of headers) {
      if (reported.has(s.id())) continue;
      const m = AUTH_HEADER_VALUE.exec(stringValue(s) ?? '');
      const scheme = m?.[1];
      const credential = m?.[2];
      if (scheme === undefined || credential === undefined || !looksRandom(credential)) continue;
      reported.add(s.id());
      yield { node: s, messageId: 'header', data: { scheme }, confidence: 'medium' };
    }

    // (b) Randomness under a secret name.
    const secretName = mayNameSecret(ctx.source);
    const candidates = secretName && mayHoldRandomLiteral(ctx.source);
    for (const b of candidates ? literalBindings(ctx.root) : []) {
      if (reported.has(b.value.id())) continue;
      if (!isSecretName(b.name) || !looksRandom(b.text)) continue;
      const detection: Detection = { node: b.value, data: { name: b.name }, confidence: 'medium' };
      switch (b.via) {
        case 'assignment':
          yield detection;
          break;
        case 'keyword':
          yield {
            ...detection,
            messageId: 'keyword',
            data: { name: b.name, call: callName(b.value.parent() ?? b.value) },
          };
          break;
        case 'key':
          yield { ...detection, messageId: 'key' };
          break;
        case 'default':
          yield { ...detection, messageId: 'default_param' };
          break;
        case 'comparison':
          yield { ...detection, messageId: 'comparison' };
          break;
      }
    }

    // The lookups are named `getenv` or through `environ`; the variable's name is a secret name.
    const envLookups =
      secretName && (ctx.source.includes('getenv') || ctx.source.includes('environ'))
        ? ctx.calls(...ENV_LOOKUPS)
        : [];
    for (const call of envLookups) {
      const varNode = arg(call, 0, 'key');
      const fallback = arg(call, 1, call.callee.includes('os.getenv') ? 'default' : undefined);
      const varName = varNode === undefined ? undefined : stringValue(varNode);
      const value = fallback === undefined ? undefined : stringValue(fallback);
      if (varName === undefined || value === undefined || fallback === undefined) continue;
      if (reported.has(fallback.id()) || !isSecretName(varName) || !looksRandom(value)) continue;
      yield {
        node: fallback,
        messageId: 'env',
        data: { call: call.calleeText, name: varName },
        confidence: 'low',
      };
    }
  },
});
