import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { stringValue } from '../../../languages/python/expr.js';
import {
  isNameLike,
  isPasswordName,
  isPathOrUrl,
  literalBindings,
  literalBindingsNamed,
  looksLikePlaceholder,
  stringTemplateText,
  type LiteralBinding,
} from '../../../languages/python/secret-helpers.js';

/** A literal that is a password rather than a placeholder, a prompt, a path or a field name. */
function isPasswordValue(value: string, name: string): boolean {
  const v = value.trim();
  if (v === '' || /\s/.test(value) || /[:?]$/.test(v)) return false;
  if (looksLikePlaceholder(v) || isPathOrUrl(v)) return false;
  // Settings and status values rather than secrets: `'MODULE_PWD_STATE': 'yes'`, `PASS = "passed"`.
  if (v.length < 3) return false;
  if (
    /^(?:yes|no|on|off|enabled?|disabled?|required|optional|none|auto|default|pass(?:ed|ing)?|fail(?:ed|ure)?|ok|success|error|skip(?:ped)?)$/i.test(
      v,
    )
  ) {
    return false;
  }
  const bare = v.replace(/^-+/, '');
  if (isNameLike(bare)) return false;
  return bare.toLowerCase() !== name.toLowerCase();
}

/** Environment lookups whose second argument is the value used when the variable is unset. */
const ENV_LOOKUPS = ['os.getenv', 'os.environ.get', 'os.environ.setdefault'];

/** HTTP basic/digest auth helpers taking (username, password). */
const AUTH_HELPERS = [
  'requests.auth.HTTPBasicAuth',
  'requests.auth.HTTPDigestAuth',
  'requests.auth.HTTPProxyAuth',
  'httpx.BasicAuth',
  'httpx.DigestAuth',
  'aiohttp.BasicAuth',
];

const URL_WITH_PASSWORD = /\b[a-z][a-z0-9+.-]{1,20}:\/\/([^\s:/@{}]+):([^\s@/{}]+)@([^\s/:?#]+)/i;
const LOCAL_HOSTS = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal)$/i;

/**
 * Every name `isPasswordName` accepts has a word spelled `pass` (the last word), `passw...`/`passp...`
 * (password, passwd, passphrase, dbpassword) or `pw...` (pw, pwd, pword), written in lower case, upper
 * case or capitalised (nameTokens splits at every other case change). A lone lower-case `pass` word
 * only counts where it can end a name: next to `_` or a non-ASCII letter (an identifier other than the
 * `pass` statement), or before the closing quote of a string. Names are contiguous in the source unless
 * they are implicitly concatenated strings: PASS_SPLIT covers a word cut between two of them (`"pa" "ss"`).
 */
const PASSWORD_WORD =
  /passw|passp|Passw|Passp|PASSW|PASSP|pw|Pw|PW|Pass(?![a-z0-9])|PASS(?![A-Za-z0-9])|[_\u0080-\uffff]pass|pass[_\u0080-\uffff]|pass[^A-Za-z0-9'"]*['"]/;
const PASS_SPLIT =
  /[pasPAS]["'](?:[\s\\"']|#[^\r\n]*(?=[\r\n]|$)|[rRbBuUfFtT]{1,2}(?=["']))*["'][aswASW]/;

/**
 * The literal bindings whose name may be a password's, in source order. Without a password word in the
 * text (`none`) there are none; when no word is split across concatenated strings (`spelled`), every
 * such name is spelled in one piece, and a native search for the constructs naming `pass` or `pw` finds
 * them without looking at every string of the file.
 */
function passwordBindings(
  root: SgNode,
  names: 'none' | 'spelled' | 'split',
): readonly LiteralBinding[] {
  if (names === 'split') return literalBindings(root);
  if (names === 'none') return [];
  return literalBindingsNamed(root, '(?i)pass|pw')
    .map((b) => ({ b, at: b.value.range().start.index }))
    .sort((x, y) => x.at - y.at)
    .map(({ b }) => b);
}

/** `auth=` as a keyword argument needs `auth` as a whole word. */
const AUTH_WORD = /\bauth\b/;

/** The pattern of `urlCredentials` without its `\s` exclusions: a string it matches puts a match in the text. */
const MAY_HOLD_URL_CREDENTIALS = /:\/\/[^:/@]+:[^@/]+@/;

function callName(node: SgNode): string {
  let cur: SgNode | null = node.parent();
  if (cur?.kind() === 'argument_list') cur = cur.parent();
  return cur?.kind() === 'call' ? (cur.field('function')?.text() ?? 'call') : 'call';
}

function* urlCredentials(root: SgNode, source: string): Generator<Detection> {
  // A string matching the pattern below puts a match of this wider pattern in the file's text.
  if (!MAY_HOLD_URL_CREDENTIALS.test(source)) return;
  for (const s of root.findAll({ rule: { kind: 'string', regex: '://[^\\s:/@]+:[^\\s@/]+@' } })) {
    // A bare string statement is a docstring or commented-out code.
    if (s.parent()?.kind() === 'expression_statement') continue;
    const m = URL_WITH_PASSWORD.exec(stringTemplateText(s));
    const [user, password, host] = [m?.[1], m?.[2], m?.[3]];
    if (user === undefined || password === undefined || host === undefined) continue;
    if (password === user || !isPasswordValue(password, user) || /^[$%]/.test(password)) continue;
    if (password.includes('{}')) continue;
    yield {
      node: s,
      messageId: 'url',
      data: { user, host },
      confidence: LOCAL_HOSTS.test(host) ? 'low' : 'medium',
    };
  }
}

export default definePythonRule({
  name: 'hardcoded-password',
  title: 'Hard-coded password in source code',
  description:
    'Finds password literals assigned to, passed as, compared with or defaulted for names that denote a password, and passwords embedded in connection URLs.',
  cwe: [259, 798],
  severity: 'error',
  confidence: 'high',
  tags: ['secrets', 'credentials'],
  messages: {
    default: 'A hard-coded password is assigned to `{{name}}`.',
    keyword: '`{{call}}` receives a hard-coded password in `{{name}}=`.',
    key: 'The dictionary entry `"{{name}}"` holds a hard-coded password.',
    default_param: 'Parameter `{{name}}` defaults to a hard-coded password.',
    comparison: '`{{name}}` is compared with a hard-coded password.',
    env: '`{{call}}("{{name}}", ...)` falls back to a hard-coded password when the variable is unset.',
    auth: '`{{call}}` receives a hard-coded password.',
    url: 'The URL embeds a hard-coded password for user `{{user}}` at `{{host}}`.',
  },
  help: {
    why: 'A password in source code is readable by everyone with access to the repository, its history, built packages and container images, and it cannot be rotated without a release. Attackers scan public and leaked repositories for exactly these strings; a password compared in code is a backdoor that works on every installation.',
    fix: 'Read the password at run time from the environment or a secret manager (`os.environ["DB_PASSWORD"]`, Vault, AWS Secrets Manager), fail when it is missing instead of falling back to a default, and rotate any password that was committed.',
  },
  inTests: 'skip',
  *detect(ctx) {
    // Where a name denoting a password can be: split across concatenated strings, only spelled in one
    // piece, or nowhere (then neither bindings nor environment variables can be reported).
    const names = PASS_SPLIT.test(ctx.source)
      ? 'split'
      : PASSWORD_WORD.test(ctx.source)
        ? 'spelled'
        : 'none';
    for (const b of passwordBindings(ctx.root, names)) {
      if (!isPasswordName(b.name) || !isPasswordValue(b.text, b.name)) continue;
      switch (b.via) {
        case 'assignment':
          yield { node: b.value, data: { name: b.name } };
          break;
        case 'keyword':
          yield {
            node: b.value,
            messageId: 'keyword',
            data: { name: b.name, call: callName(b.value.parent() ?? b.value) },
          };
          break;
        case 'key':
          yield { node: b.value, messageId: 'key', data: { name: b.name } };
          break;
        case 'default':
          yield { node: b.value, messageId: 'default_param', data: { name: b.name } };
          break;
        case 'comparison':
          // `if user_pass == "git"` compares a URL part; short values are weaker evidence.
          if (b.text.length < 4) break;
          yield {
            node: b.value,
            messageId: 'comparison',
            data: { name: b.name },
            confidence: 'medium',
          };
          break;
      }
    }

    // A literal fallback is used only when the environment lacks the variable: a weaker signal.
    // (The calls are looked up only when needed: the first lookup indexes every call of the file.)
    for (const call of names === 'none' ? [] : ctx.calls(...ENV_LOOKUPS)) {
      const varNode = arg(call, 0, 'key');
      const fallback = arg(call, 1, call.callee.includes('os.getenv') ? 'default' : undefined);
      const varName = varNode === undefined ? undefined : stringValue(varNode);
      const value = fallback === undefined ? undefined : stringValue(fallback);
      if (varName === undefined || value === undefined || fallback === undefined) continue;
      if (!isPasswordName(varName) || !isPasswordValue(value, varName)) continue;
      yield {
        node: fallback,
        messageId: 'env',
        data: { call: call.calleeText, name: varName },
        confidence: 'low',
      };
    }

    // Every helper's name ends in `Auth`.
    for (const call of ctx.source.includes('Auth') ? ctx.calls(...AUTH_HELPERS) : []) {
      const pw = call.args[1];
      const value = pw === undefined ? undefined : stringValue(pw);
      if (pw === undefined || value === undefined || !isPasswordValue(value, 'password')) continue;
      yield { node: pw, messageId: 'auth', data: { call: call.calleeText } };
    }

    // Django's User.set_password and look-alikes store whatever they are given.
    for (const call of ctx.source.includes('set_password') ? ctx.methodCalls('set_password') : []) {
      const pw = arg(call, 0, 'raw_password');
      const value = pw === undefined ? undefined : stringValue(pw);
      if (call.receiver === null || pw === undefined || value === undefined) continue;
      if (!isPasswordValue(value, 'password')) continue;
      yield { node: pw, messageId: 'auth', data: { call: call.calleeText }, confidence: 'medium' };
    }

    // requests/httpx: auth=("user", "password")
    for (const call of AUTH_WORD.test(ctx.source) ? ctx.allCalls() : []) {
      const auth = call.keywords.get('auth');
      if (auth?.kind() !== 'tuple') continue;
      const parts = auth.namedChildren().filter((c) => c.kind() !== 'comment');
      const [user, pw] = parts;
      if (parts.length !== 2 || user === undefined || pw === undefined) continue;
      const value = stringValue(pw);
      if (stringValue(user) === undefined || value === undefined) continue;
      if (!isPasswordValue(value, 'password')) continue;
      yield { node: pw, messageId: 'auth', data: { call: call.calleeText } };
    }

    yield* urlCredentials(ctx.root, ctx.source);
  },
});
