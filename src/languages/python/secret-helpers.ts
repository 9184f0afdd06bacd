import type { SgNode } from '@ast-grep/napi';
import {
  enclosingFunction,
  escapeRegex,
  isLiteralTree,
  literalValue,
  stringValue,
  unwrap,
} from './expr.js';
import { nameTokens } from '../names.js';

export { nameTokens };

// Heuristics shared by the secrets and cryptography rules: what an identifier is about, how random a
// literal looks, which known credential formats a string contains, and small constant evaluation.

// ---------------------------------------------------------------------------------------------------
// Identifier names
// ---------------------------------------------------------------------------------------------------

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(' '));
}

/**
 * Words that turn a name about a password or secret into a name about something else: its length, its
 * form field, its reset URL, its hash, the environment variable holding it, a message about it.
 */
const NOT_THE_VALUE = words(
  'label prompt text msg message messages error errors err help hint placeholder title ' +
    'description desc tooltip caption field fields column col input widget form selector ' +
    'xpath css locator element button box regex re pattern validator validators validation ' +
    'policy rule rules length len min max size charset alphabet chars reset forgot recovery ' +
    'url uri urls link path file filename dir env var variable key keys name names param ' +
    'params parameter attr attribute header hash hashed hasher hashers hashing digest salt ' +
    'encrypted enc cipher ciphertext encoded template format fmt type types mode method ' +
    'handler manager backend view endpoint route page email subject body expiry expires ' +
    'expire expiration expired age changed change updated history timeout ttl attempts ' +
    'retries count strength complexity required enabled enable disabled flag mask masked ' +
    'display visible hidden id ids uuid index idx version algorithm algorithms algo scheme ' +
    'prefix suffix separator delimiter command cmd option options setting settings store ' +
    'storage source provider service callback fn func class cls module kind category section ' +
    'tag event log logger metric counter ref reference lookup arn location position table ' +
    'query check checker validate verify verifier invalid wrong bad weak incorrect mismatch ' +
    'question dialog screen public pub publishable is has use uses should require requires ' +
    'show ask get set needs allow allowed no without cache mapping map schema serializer ' +
    'model entry dict list regexp example sample dummy fake mock test state status',
);

/** Tokens meaning the password itself. */
const PASSWORD_WORDS = words('password passwd pwd passphrase pw passw pword passwort pwd1 pass');

/** Words before a trailing `pass` that make it a pass of an algorithm or a ticket, not a password. */
const NOT_A_PASSWORD_PASS = words(
  'status result results state check checks test tests lint qa grade first second third last ' +
    'next prev previous single double multi render compile compiler optimization opt by bypass ' +
    'boarding hall free day bus season high low band all one two final shader',
);

function isPasswordWord(token: string): boolean {
  if (PASSWORD_WORDS.has(token)) return token !== 'pass';
  return /^[a-z]*(?:password|passwd|passphrase)$/.test(token) && !token.startsWith('no');
}

/** True when any word of the name is a password word, whatever else the name says. */
export function mentionsPassword(name: string): boolean {
  const tokens = nameTokens(name);
  return tokens.some((t, i) => isPasswordWord(t) || (t === 'pass' && i === tokens.length - 1));
}

/**
 * Words in front of a password or secret word that make the name about something derived from it or
 * a check on it (`hashed_password`, `min_password_length`, `invalid_password`, `public_key`). Words in
 * front that name an owner (`db_`, `smtp_`, `keystore_`) keep it a password.
 */
const NOT_THE_VALUE_BEFORE = words(
  'hashed hash encrypted enc encoded salted min max invalid wrong bad weak incorrect reset ' +
    'forgot change check validate verify is has use should require show ask get set no ' +
    'without mask masked dummy fake mock example sample test placeholder label prompt input ' +
    'field public pub publishable expired last len length num count save store read load ' +
    'fetch generate gen make create update needs allow enable disable cached raw form module ' +
    'mod',
);

/** True when the words around position `i` keep the name about the value itself. */
function aboutTheValue(tokens: readonly string[], i: number, ignoreAfter?: string): boolean {
  const before = tokens.slice(0, i);
  const after = tokens.slice(i + 1);
  if (before.some((t) => NOT_THE_VALUE_BEFORE.has(t))) return false;
  return !after.some((t) => t !== ignoreAfter && NOT_THE_VALUE.has(t));
}

/**
 * True when a name denotes a password value: `password`, `db_password`, `DB_PASS`, `adminPasswd`,
 * `keystore_password`; but not `password_field`, `PASSWORD_MIN_LENGTH`, `password_reset_url`,
 * `hashed_password`, `first_pass`.
 */
export function isPasswordName(name: string): boolean {
  const tokens = nameTokens(name);
  let last = -1;
  tokens.forEach((t, i) => {
    if (t === 'pass') {
      const before = tokens[i - 1];
      if (i === tokens.length - 1 && (before === undefined || !NOT_A_PASSWORD_PASS.has(before))) {
        last = i;
      }
    } else if (isPasswordWord(t)) {
      last = i;
    }
  });
  return last !== -1 && aboutTheValue(tokens, last);
}

/** Words before `key` that make it a secret key rather than a dictionary or cache key. */
export const SECRET_KEY_QUALIFIERS = words(
  'secret private priv signing sign encryption encrypt crypto crypt hmac auth access master ' +
    'aes fernet jwt app consumer client account storage subscription shared api service ' +
    'webhook license mac symmetric session cipher des rsa ssh gpg pgp',
);

/** Whole tokens that denote a secret value on their own. */
const SECRET_WORDS = words(
  'secret secrets token apikey privkey privatekey secretkey accesskey authtoken accesstoken ' +
    'credential credentials creds bearer clientsecret appsecret signingkey encryptionkey',
);

/**
 * True when a name denotes a secret, token, API key, private or signing key: `SECRET_KEY`,
 * `client_secret`, `githubToken`, `api_key`, `AWS_SECRET_ACCESS_KEY`; not `cache_key`, `token_url`,
 * `public_key`, `SECRET_KEY_FILE`.
 */
export function isSecretName(name: string): boolean {
  const tokens = nameTokens(name);
  const at = tokens.findIndex((t, i) => {
    if (SECRET_WORDS.has(t)) return true;
    if (/^[a-z]+(?:secret|token)$/.test(t)) return true;
    if (t === 'key') {
      const before = tokens[i - 1];
      return before !== undefined && SECRET_KEY_QUALIFIERS.has(before);
    }
    return false;
  });
  return at !== -1 && aboutTheValue(tokens, at, 'key');
}

/** Words before `code` that make it a one-time or verification code. */
const CODE_QUALIFIERS = words(
  'reset verification verify activation confirm confirmation auth otp mfa sms login invite ' +
    'invitation pin security recovery access one email signup magic unlock backup',
);

/** Words that make a security-looking name about a delay, size or position instead of a value. */
const NOT_A_SECURITY_VALUE = words(
  'length len size count delay jitter timeout ttl expiry expires expiration index idx ' +
    'position interval backoff sleep wait retry retries url uri name type field header label ' +
    'prefix format',
);

/**
 * True when a name denotes a value that must be unpredictable: a token, secret, password, nonce,
 * salt, OTP, session id, CSRF token, reset code or secret key (`reset_token`, `otp`, `session_id`,
 * `api_key`, `make_password`); not `cache_key`, `token_length`, `retry_jitter`.
 */
export function isSecurityValueName(name: string): boolean {
  const tokens = nameTokens(name);
  if (tokens.length === 0 || tokens.some((t) => NOT_A_SECURITY_VALUE.has(t))) return false;
  return tokens.some((t, i) => {
    const before = tokens[i - 1];
    if (
      /^(?:token|secret|password|passwd|pwd|passphrase|nonce|salt|otp|totp|hotp|csrf|xsrf|apikey|sessionid|sessid|sid|iv)$/.test(
        t,
      )
    ) {
      return true;
    }
    if (/^[a-z]+(?:token|secret|password|nonce|salt)$/.test(t)) return true;
    if (t === 'key') return before !== undefined && SECRET_KEY_QUALIFIERS.has(before);
    if (t === 'id') return before === 'session';
    if (t === 'code') return before !== undefined && CODE_QUALIFIERS.has(before);
    return false;
  });
}

// ---------------------------------------------------------------------------------------------------
// Literal values
// ---------------------------------------------------------------------------------------------------

/** Decodes the common escape sequences of a Python literal as written (`\x00`, `\n`, `\\`). */
export function decodeEscapes(raw: string): string {
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    const c = e[0];
    if (c === 'x' || c === 'u') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (c !== undefined && c >= '0' && c <= '7') return String.fromCharCode(parseInt(e, 8));
    const simple: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r' };
    return simple[e] ?? e;
  });
}

/** Shannon entropy of a string in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  let n = 0;
  for (const c of counts.values()) n += c;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

const PLACEHOLDER_WORDS =
  /example|dummy|placeholder|redacted|change[-_ ]?me|changeit|replace[-_ ]?me|replace[-_]?with|fixme|todo|sample|fake|your[-_ ]|xxxx|\*\*\*|<[^>]*>|notreal|not[-_]?a[-_]?real|insert[-_ ]|put[-_ ]your|set[-_ ]?me|here$/i;

/**
 * An obvious stand-in rather than a real credential: `changeme`, `<password>`, `xxxx`, `${DB_PASS}`,
 * `{password}`, `%(password)s`, `EXAMPLE`, `your-api-key`, a single repeated character.
 */
export function looksLikePlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^(.)\1*$/s.test(v)) return true;
  if (/^(?:none|null|nil|undefined|false|true|n\/a|na|tbd|string|str|password)$/i.test(v)) {
    return true;
  }
  if (PLACEHOLDER_WORDS.test(v)) return true;
  // Template and environment references: {password}, {{ secret }}, {0}, %(pw)s, $PASS, ${PASS}.
  if (/\{\s*[\w.]*\s*\}|%\(\w+\)[sd]|^%s$|\$\{[^}]*\}|^\$[A-Za-z_]\w*$/.test(v)) return true;
  return false;
}

/** A value that reads like a name about a password (`password`, `db_password`, `PASSWORD`): no digits. */
export function isNameLike(value: string): boolean {
  return (
    /^[A-Za-z_.-]+$/.test(value) &&
    mentionsPassword(value) &&
    nameTokens(value).some((t) => /pass|pwd/.test(t))
  );
}

/** A filesystem path or URL rather than a credential. */
export function isPathOrUrl(value: string): boolean {
  return /^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:\\)|:\/\//.test(value);
}

/** Word-like values such as `this-is-my-secret-key` or `supersecretkey123`. */
const WEAK_WORDS =
  /secret|password|passwd|token|key|test|development|dev|production|prod|local|super|change|example|dummy|sample|default|demo|please|replace|admin|flask|django|insecure|my|your|here|this|that|the|for|and|not|very|long|string|value|app/g;

function isWordSalad(value: string): boolean {
  const parts = value.split(/[-_.:\s/+=]+/).filter((p) => p !== '');
  if (parts.length >= 3 && parts.every((p) => /^[A-Za-z]+$/.test(p) || /^\d{1,4}$/.test(p))) {
    return true;
  }
  // Mostly made of words that people type when inventing a secret: `supersecretkey12345`.
  const lower = value.toLowerCase();
  const letters = lower.replace(/[^a-z]/g, '').length;
  const left = lower.replace(WEAK_WORDS, '').replace(/[^a-z]/g, '').length;
  return left < 8 && letters - left >= letters / 2;
}

/** Runs like `abcdef`, `123456` or `aaaa` that random strings almost never contain at length. */
function isSequential(value: string): boolean {
  const s = value.toLowerCase();
  let ascending = 0;
  for (let i = 1; i < s.length; i++) {
    if (s.charCodeAt(i) - s.charCodeAt(i - 1) === 1) ascending++;
  }
  return ascending >= s.length / 2;
}

/** Minimum length of a literal judged on its randomness. */
export const MIN_SECRET_LENGTH = 16;

/**
 * Looks randomly generated: at least 16 characters (raw bytes: at least 12 distinct), no whitespace, not a placeholder, a word salad,
 * a path or a sequence, at least two character classes, and Shannon entropy of at least 3.0 bits per
 * character for hexadecimal strings (their alphabet caps them at 4.0) or 3.5 rising to 4.0 with length
 * for other alphabets. Thresholds chosen so that random hex/base64 keys pass and English phrases fail.
 */
export function looksRandom(raw: string): boolean {
  const value = decodeEscapes(raw);
  if (value.length < MIN_SECRET_LENGTH) return false;
  // Raw key bytes (`b"\x8f\x12..."`): judged by how many distinct bytes they use.
  const unprintable = (value.match(/[^\x20-\x7e]/g) ?? []).length;
  if (unprintable >= value.length / 4) return new Set(value).size >= 12;
  if (/\s/.test(value)) return false;
  if (looksLikePlaceholder(value) || isPathOrUrl(value) || isSequential(value)) return false;
  if (/^[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+$/.test(value)) return false; // a dotted import path
  if (isWordSalad(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(value)).length;
  if (classes < 2) return false;
  const h = shannonEntropy(value);
  if (/^[0-9a-fA-F-]+$/.test(value)) return h >= 3.0;
  return h >= Math.min(3.5 + (value.length - MIN_SECRET_LENGTH) * 0.05, 4.0);
}

// ---------------------------------------------------------------------------------------------------
// Known credential formats
// ---------------------------------------------------------------------------------------------------

export interface KnownSecretFormat {
  readonly kind: string;
  readonly pattern: RegExp;
  /** Capture group holding the random part, judged for placeholders. */
  readonly body: number;
}

/** Formats whose prefix makes a match almost certainly a real credential. */
export const KNOWN_SECRET_FORMATS: readonly KnownSecretFormat[] = [
  { kind: 'AWS access key id', pattern: /\b((?:AKIA|ASIA)[A-Z0-9]{16})\b/, body: 1 },
  { kind: 'GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/, body: 1 },
  { kind: 'GitHub fine-grained token', pattern: /\b(github_pat_[A-Za-z0-9_]{40,255})\b/, body: 1 },
  { kind: 'GitLab token', pattern: /\b(glpat-[A-Za-z0-9_-]{20,})/, body: 1 },
  { kind: 'Slack token', pattern: /\b(xox[abprs]-[A-Za-z0-9-]{10,})/, body: 1 },
  {
    kind: 'Slack webhook URL',
    pattern: /(hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,})/,
    body: 1,
  },
  { kind: 'Stripe live key', pattern: /\b((?:sk|rk)_live_[A-Za-z0-9]{20,})\b/, body: 1 },
  { kind: 'Google API key', pattern: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/, body: 1 },
  {
    kind: 'SendGrid API key',
    pattern: /\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    body: 1,
  },
  { kind: 'Twilio API key', pattern: /\b(SK[0-9a-f]{32})\b/, body: 1 },
  { kind: 'npm token', pattern: /\b(npm_[A-Za-z0-9]{36})\b/, body: 1 },
  { kind: 'PyPI token', pattern: /\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})/, body: 1 },
  {
    kind: 'OpenAI API key',
    pattern: /\b(sk-(?:proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})/,
    body: 1,
  },
  {
    kind: 'Anthropic API key',
    pattern: /\b(sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,})/,
    body: 1,
  },
];

const PEM_HEADER =
  /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/;

/**
 * The kind of credential a string literal's text contains, or undefined. A PEM header counts only
 * when key material follows it (a bare header is a parsing constant, not a key).
 */
export function findKnownSecret(text: string): string | undefined {
  for (const f of KNOWN_SECRET_FORMATS) {
    const m = f.pattern.exec(text);
    const body = m?.[f.body];
    if (body === undefined) continue;
    if (/example|xxxx|0000|1234|abcd|dummy|fake|test/i.test(body.slice(4))) continue;
    if (shannonEntropy(body) < 3.0) continue;
    return f.kind;
  }
  const pem = PEM_HEADER.exec(text);
  if (pem !== null) {
    const after = text.slice(pem.index + pem[0].length);
    const end = after.indexOf('-----END');
    const block = (end === -1 ? after : after.slice(0, end)).replace(/\\n/g, '\n');
    if (block.includes('...')) return undefined;
    const material = block
      .replace(/^\s*(?:Proc-Type|DEK-Info):.*$/gm, '')
      .replace(/\\r|\s|\\/g, '');
    if ((material.match(/[A-Za-z0-9+/=]/g) ?? []).length >= 64 && shannonEntropy(material) > 4.5) {
      return `PEM ${pem[1] ?? 'private key'}`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Where a literal goes
// ---------------------------------------------------------------------------------------------------

export type BindingVia = 'assignment' | 'keyword' | 'key' | 'default' | 'comparison';

/** A plain string literal together with the name it is assigned to, passed as or compared with. */
export interface LiteralBinding {
  /** The string (or implicitly concatenated strings) node. */
  value: SgNode;
  /** The literal's text between the quotes, escapes not decoded. */
  text: string;
  name: string;
  via: BindingVia;
}

/** The name an assignment target denotes: `x`, `self.x` -> x, `cfg["x"]` -> x. */
export function targetName(node: SgNode | null): string | undefined {
  if (node === null) return undefined;
  const n = unwrap(node);
  switch (n.kind()) {
    case 'identifier':
      return n.text();
    case 'attribute':
      return n.field('attribute')?.text();
    case 'subscript': {
      const key = n.field('subscript');
      return key === null ? undefined : stringValue(key);
    }
    default:
      return undefined;
  }
}

function sameNode(a: SgNode | null, b: SgNode): boolean {
  return a !== null && a.id() === b.id();
}

/**
 * Every plain string literal (no interpolation) that is assigned to a name, attribute or subscript,
 * passed as a keyword argument, used as a dictionary value, a parameter default, or compared with
 * `==` / `!=` against a name. Walks the tree natively (ast-grep `findAll`), no JS recursion.
 */
export function literalBindings(root: SgNode): readonly LiteralBinding[] {
  const cached = bindingCache.get(root);
  if (cached !== undefined) return cached;
  const out: LiteralBinding[] = [];
  // Only strings in the place of their parent that can bind them (the value of a pair, not its key);
  // the filter runs natively, not per string in JS.
  const parents = [
    { kind: 'assignment', field: 'right' },
    { kind: 'keyword_argument', field: 'value' },
    { kind: 'pair', field: 'value' },
    { kind: 'default_parameter', field: 'value' },
    { kind: 'typed_default_parameter', field: 'value' },
    { kind: 'comparison_operator' },
    { kind: 'parenthesized_expression' },
  ].map((inside) => ({ inside }));
  for (const s of root.findAll({
    rule: {
      all: [{ any: [{ kind: 'string' }, { kind: 'concatenated_string' }] }, { any: parents }],
    },
  })) {
    let parent = s.parent();
    let value = s;
    while (parent?.kind() === 'parenthesized_expression') {
      value = parent;
      parent = parent.parent();
    }
    if (parent === null) continue;
    // Most strings bind nothing (dictionary keys, arguments): their value is not read.
    const binding = bindingOf(parent, value);
    if (binding === undefined) continue;
    const text = quickStringValue(s);
    if (text !== undefined) out.push({ value: s, text, ...binding });
  }
  bindingCache.set(root, out);
  return out;
}

/** Optional string prefix letters (`r`, `b`, `rb`, `f`, ...). */
const STRING_PREFIX = /^[A-Za-z]*/;

/**
 * `stringValue`, read from the node's text when that is certainly the same: a string node without an
 * `f`/`t` prefix (no interpolation) and without a backslash (the parser splits some escapes, in raw
 * strings, off its content) is its quotes around its content. One native read instead of a dozen.
 */
function quickStringValue(node: SgNode): string | undefined {
  if (node.kind() !== 'string') return stringValue(node);
  const text = node.text();
  const prefix = STRING_PREFIX.exec(text)?.[0] ?? '';
  if (/[fFtT]/.test(prefix) || text.includes('\\')) return stringValue(node);
  const rest = text.slice(prefix.length);
  const quote =
    rest.startsWith('"""') || rest.startsWith("'''") ? rest.slice(0, 3) : rest.slice(0, 1);
  const quoted =
    (quote === '"' || quote === "'" || quote === '"""' || quote === "'''") &&
    rest.length >= 2 * quote.length &&
    rest.endsWith(quote);
  return quoted ? rest.slice(quote.length, rest.length - quote.length) : stringValue(node);
}

/** Several rules ask for the same file's bindings; the context's root node is shared by them. */
const bindingCache = new WeakMap<SgNode, readonly LiteralBinding[]>();

/** The field holding the bound value, by binding construct. */
const VALUE_FIELD: Readonly<Record<string, string>> = {
  assignment: 'right',
  keyword_argument: 'value',
  pair: 'value',
  default_parameter: 'value',
  typed_default_parameter: 'value',
};

/**
 * The bindings of `literalBindings` whose name is spelled in a node matching `nameRegex` (a native,
 * Rust-syntax regex such as `(?i)pass|pw`): the assignment target, keyword, parameter name, dictionary
 * key or compared operand. Found by a native search for those constructs rather than by looking at
 * every string of the file. A name joined from implicitly concatenated strings (`d["pa" "ss"]`) is not
 * spelled in one piece: callers that care use `literalBindings` when the text has such a split.
 */
export function literalBindingsNamed(root: SgNode, nameRegex: string): LiteralBinding[] {
  const out: LiteralBinding[] = [];
  for (const parent of root.findAll({
    rule: {
      any: [
        { kind: 'assignment', has: { field: 'left', regex: nameRegex } },
        { kind: 'keyword_argument', has: { field: 'name', regex: nameRegex } },
        { kind: 'pair', has: { field: 'key', regex: nameRegex } },
        { kind: 'default_parameter', has: { field: 'name', regex: nameRegex } },
        { kind: 'typed_default_parameter', has: { field: 'name', regex: nameRegex } },
        { kind: 'comparison_operator', regex: nameRegex },
      ],
    },
  })) {
    const kind = parent.kind();
    const field = VALUE_FIELD[kind];
    let values: SgNode[];
    if (field !== undefined) {
      const v = parent.field(field);
      values = v === null ? [] : [v];
    } else {
      values = parent.namedChildren();
    }
    for (const value of values) {
      // The string itself or in redundant parentheses, which literalBindings climbs out of.
      let s = value;
      while (s.kind() === 'parenthesized_expression') {
        const inner = s.namedChildren().find((c) => c.kind() !== 'comment');
        if (inner === undefined) break;
        s = inner;
      }
      const sk = s.kind();
      if (sk !== 'string' && sk !== 'concatenated_string') continue;
      const binding = bindingOf(parent, value);
      if (binding === undefined) continue;
      const text = quickStringValue(s);
      if (text !== undefined) out.push({ value: s, text, ...binding });
    }
  }
  return out;
}

function bindingOf(
  parent: SgNode,
  value: SgNode,
): Omit<LiteralBinding, 'value' | 'text'> | undefined {
  let name: string | undefined;
  let via: BindingVia;
  switch (parent.kind()) {
    case 'assignment':
      if (!sameNode(parent.field('right'), value)) return undefined;
      name = targetName(parent.field('left'));
      via = 'assignment';
      break;
    case 'keyword_argument':
      if (!sameNode(parent.field('value'), value)) return undefined;
      name = parent.field('name')?.text();
      via = 'keyword';
      break;
    case 'pair': {
      if (!sameNode(parent.field('value'), value)) return undefined;
      const key = parent.field('key');
      name = key === null ? undefined : quickStringValue(key);
      via = 'key';
      break;
    }
    case 'default_parameter':
    case 'typed_default_parameter':
      if (!sameNode(parent.field('value'), value)) return undefined;
      name = parent.field('name')?.text();
      via = 'default';
      break;
    case 'comparison_operator': {
      const operands = parent.namedChildren().filter((c) => c.kind() !== 'comment');
      const ops = parent
        .children()
        .filter((c) => !c.isNamed())
        .map((c) => c.text());
      if (operands.length !== 2 || ops.length !== 1 || !['==', '!='].includes(ops[0] ?? '')) {
        return undefined;
      }
      const other = operands.find((o) => o.id() !== value.id());
      name = other === undefined ? undefined : targetName(other);
      via = 'comparison';
      break;
    }
    default:
      return undefined;
  }
  return name === undefined ? undefined : { name, via };
}

// ---------------------------------------------------------------------------------------------------
// Names bound to values
// ---------------------------------------------------------------------------------------------------

/**
 * The values a plain name is assigned in its function (or, when the function does not bind it, at
 * module level), provided nothing else binds it there: no parameter, loop target, `with ... as`,
 * augmented assignment, walrus, tuple unpacking or global. Undefined when the name is not simple.
 * Unlike `constantAssignments` the values may be any expression (a call, a dictionary).
 */
export function boundValues(node: SgNode): SgNode[] | undefined {
  const n = unwrap(node);
  if (n.kind() !== 'identifier') return undefined;
  const name = n.text();
  const fn = enclosingFunction(n);
  if (fn !== null) {
    const local = valuesIn(fn, name, fn);
    if (local === 'unsafe') return undefined;
    if (local.length > 0) return local;
  }
  const module = n.getRoot().root();
  const global = valuesIn(module, name, null);
  return global === 'unsafe' || global.length === 0 ? undefined : global;
}

function valuesIn(scope: SgNode, name: string, fn: SgNode | null): SgNode[] | 'unsafe' {
  const re = `^${escapeRegex(name)}$`;
  const owned = (x: SgNode): boolean => {
    const f = enclosingFunction(x);
    return fn === null ? f === null : f !== null && f.id() === fn.id();
  };
  const params = fn === null ? null : fn.field('parameters');
  if (params?.find({ rule: { kind: 'identifier', regex: re } })) {
    return 'unsafe';
  }
  const values: SgNode[] = [];
  for (const asg of scope.findAll({
    rule: { kind: 'assignment', has: { field: 'left', regex: re } },
  })) {
    if (!owned(asg)) continue;
    const left = asg.field('left');
    const right = asg.field('right');
    if (left?.kind() !== 'identifier' || right === null) return 'unsafe';
    values.push(right);
  }
  const rebinding = scope.findAll({
    rule: {
      any: [
        { kind: 'augmented_assignment', has: { field: 'left', regex: re } },
        { kind: 'for_statement', has: { field: 'left', regex: re } },
        { kind: 'named_expression', has: { field: 'name', regex: re } },
        { kind: 'as_pattern_target', regex: re },
        { kind: 'global_statement', has: { kind: 'identifier', regex: re } },
        { kind: 'pattern_list', has: { kind: 'identifier', regex: re } },
        { kind: 'tuple_pattern', has: { kind: 'identifier', regex: re } },
      ],
    },
  });
  if (rebinding.some(owned)) return 'unsafe';
  return values;
}

/** The name of a function or class definition; undefined for null (module level). */
export function functionName(def: SgNode | null): string | undefined {
  if (def === null) return undefined;
  return def.field('name')?.text();
}

// ---------------------------------------------------------------------------------------------------
// Constant evaluation
// ---------------------------------------------------------------------------------------------------

/**
 * The integer an expression evaluates to when that is fixed in the source: literals, `2 ** 14`,
 * `1 << 10`, `100 * 1000`, `-x`, and names bound only to such expressions. Depth-limited.
 */
export function constantInt(node: SgNode, depth = 0): number | undefined {
  if (depth > 6) return undefined;
  const n = unwrap(node);
  const lit = literalValue(n);
  if (typeof lit === 'number') return Number.isInteger(lit) ? lit : undefined;
  if (n.kind() === 'binary_operator') {
    const l = n.field('left');
    const r = n.field('right');
    if (l === null || r === null) return undefined;
    const a = constantInt(l, depth + 1);
    const b = constantInt(r, depth + 1);
    if (a === undefined || b === undefined) return undefined;
    switch (n.field('operator')?.text()) {
      case '**':
        return a ** b;
      case '*':
        return a * b;
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '<<':
        return a * 2 ** b;
      case '//':
        return b === 0 ? undefined : Math.floor(a / b);
      default:
        return undefined;
    }
  }
  if (n.kind() === 'identifier') {
    const values = boundValues(n);
    if (values?.length !== 1) return undefined;
    const [only] = values;
    return only === undefined ? undefined : constantInt(only, depth + 1);
  }
  return undefined;
}

/** Calls that build bytes from their (constant) arguments. */
const BYTES_BUILDERS = words(
  'bytes bytearray bytes.fromhex bytearray.fromhex binascii.unhexlify binascii.a2b_hex ' +
    'base64.b64decode codecs.decode',
);

/**
 * True when an expression yields the same bytes on every run: a literal (`b"\x00" * 16`), a constant
 * string encoded (`"abc".encode()`), `bytes(16)`, `bytes.fromhex("00ff")`, or a name bound only to
 * such values. `resolve` maps a callee to its qualified names.
 */
export function isConstantBytes(
  node: SgNode,
  resolve: (n: SgNode) => readonly string[],
  depth = 0,
): boolean {
  if (depth > 4) return false;
  const n = unwrap(node);
  if (isLiteralTree(n)) return literalValue(n) !== null;
  if (n.kind() === 'identifier') {
    const values = boundValues(n);
    return (
      values !== undefined &&
      values.length > 0 &&
      values.every((v) => isConstantBytes(v, resolve, depth + 1))
    );
  }
  if (n.kind() === 'binary_operator') {
    const l = n.field('left');
    const r = n.field('right');
    return (
      l !== null &&
      r !== null &&
      isConstantBytes(l, resolve, depth + 1) &&
      isConstantBytes(r, resolve, depth + 1)
    );
  }
  if (n.kind() === 'call') {
    const fn = n.field('function');
    if (fn === null) return false;
    const args = (n.field('arguments')?.namedChildren() ?? []).filter(
      (a) => a.kind() !== 'comment',
    );
    const argsConstant = args.every((a) => isLiteralTree(a));
    if (fn.kind() === 'attribute' && fn.field('attribute')?.text() === 'encode') {
      const obj = fn.field('object');
      return obj !== null && isConstantBytes(obj, resolve, depth + 1) && argsConstant;
    }
    return args.length > 0 && argsConstant && resolve(fn).some((name) => BYTES_BUILDERS.has(name));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Context
// ---------------------------------------------------------------------------------------------------

const STATEMENT_KINDS = words(
  'expression_statement return_statement if_statement while_statement for_statement ' +
    'with_statement function_definition class_definition block module',
);

/** Where the value of an expression ends up, looking up through the expression it is part of. */
export interface ValueDestination {
  via: 'assignment' | 'return' | 'keyword' | 'key' | 'argument';
  /** Assigned or keyword name, dictionary key, or the called function for 'argument'. */
  name: string | undefined;
  node: SgNode;
}

/**
 * Follows an expression upwards through the expressions that contain it (calls, attributes, joins,
 * operators, comprehensions) to the first assignment, return, keyword argument or dictionary entry.
 * The first enclosing call whose argument it is is reported as `argument` when nothing else is found.
 */
export function destinationOf(node: SgNode, maxDepth = 12): ValueDestination | undefined {
  let child = node;
  let firstCall: ValueDestination | undefined;
  let depth = 0;
  for (const a of node.ancestors()) {
    if (++depth > maxDepth) break;
    const k = a.kind();
    if (STATEMENT_KINDS.has(`${k}`) && k !== 'expression_statement' && k !== 'return_statement')
      break;
    switch (k) {
      case 'assignment':
      case 'augmented_assignment':
        if (sameNode(a.field('right'), child)) {
          return { via: 'assignment', name: targetName(a.field('left')), node: a };
        }
        return undefined;
      case 'return_statement':
        return { via: 'return', name: functionName(enclosingFunction(a)), node: a };
      case 'keyword_argument':
        return { via: 'keyword', name: a.field('name')?.text(), node: a };
      case 'pair': {
        const key = a.field('key');
        return { via: 'key', name: key === null ? undefined : stringValue(key), node: a };
      }
      case 'argument_list': {
        const call = a.parent();
        if (firstCall === undefined && call?.kind() === 'call') {
          firstCall = { via: 'argument', name: call.field('function')?.text(), node: call };
        }
        break;
      }
      case 'expression_statement':
        return firstCall;
      default:
        break;
    }
    child = a;
  }
  return firstCall;
}

/** The text of one string node, with `{}` standing for each f-string interpolation. */
export function stringTemplateText(node: SgNode): string {
  return node
    .children()
    .map((c) =>
      c.kind() === 'string_content' ? c.text() : c.kind() === 'interpolation' ? '{}' : '',
    )
    .join('');
}
