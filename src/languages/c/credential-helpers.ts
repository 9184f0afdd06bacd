import type { SyntaxNode } from '../../core/syntax.js';
import { perFile, type CContext } from './context.js';
import { stripCasts, unparenthesize } from './expr.js';
import { nameTokens } from './rule-helpers.js';

/**
 * Where the C/C++ credential rules look for secrets written into the source: string literals given to a
 * name (macro, variable, field, designated initialiser, `strcpy` destination) or to a parameter that
 * takes a password or key.
 */

export type SecretKind = 'password' | 'token' | 'key';

/** A literal that gives a secret its value. */
export interface SecretLiteral {
  /** The literal (what is reported). */
  readonly node: SyntaxNode;
  /** The name or parameter it is given to: `DB_PASSWORD`, `cfg.api_token`, `mysql_real_connect(passwd)`. */
  readonly name: string;
  readonly kind: SecretKind;
  /** The literal goes to an API parameter that is a password or key (not just a suggestive name). */
  readonly viaApi: boolean;
}

const PASSWORD_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'pw',
  'passw',
  'passwort',
]);
const TOKEN_WORDS = new Set(['secret', 'token', 'apikey', 'credential', 'credentials', 'bearer']);
const KEY_QUALIFIERS = new Set([
  'aes',
  'des',
  'crypto',
  'crypt',
  'cipher',
  'enc',
  'encryption',
  'decryption',
  'hmac',
  'signing',
  'master',
  'private',
  'secret',
  'symmetric',
  'session',
  'api',
  'access',
  'auth',
]);
/** Words saying the value is about a secret without being one: a prompt, a label, a file, a length. */
const NOT_A_SECRET = new Set([
  'prompt',
  'label',
  'field',
  'name',
  'msg',
  'message',
  'hint',
  'file',
  'filename',
  'path',
  'dir',
  'env',
  'var',
  'param',
  'header',
  'url',
  'uri',
  'format',
  'fmt',
  'len',
  'length',
  'size',
  'prefix',
  'suffix',
  'regex',
  're',
  'pattern',
  'column',
  'col',
  'query',
  'policy',
  'type',
  'mode',
  'id',
  'hash',
  'hashed',
  'salt',
  'error',
  'err',
  'title',
  'text',
  'placeholder',
  'example',
  'help',
  'usage',
  'description',
  'desc',
  'attr',
  'attribute',
  'property',
  'prop',
  'option',
  'opt',
  'arg',
  'flag',
  'setting',
  'settings',
  'config',
  'endpoint',
  'method',
  'character',
  'chars',
  'charset',
  'alphabet',
  'min',
  'max',
  'expiry',
  'expires',
  'timeout',
  'count',
  'index',
  'idx',
  'table',
  'str',
  'key_name',
  'keyword',
  'keywords',
  'tag',
  'element',
  'widget',
  'button',
  'box',
  'edit',
  'line',
  'input',
  'dialog',
  'action',
  'icon',
  'tooltip',
  'test',
  // the other fields of a `struct passwd` (`pw_gecos`, `pw_shell`): `pw` names the entry, not a password
  'gecos',
  'shell',
  'uid',
  'gid',
]);

/** How a name classifies, or undefined when it does not name a secret. */
export function secretKindOfName(name: string): SecretKind | undefined {
  const words = nameTokens(name);
  if (words.length === 0 || words.some((w) => NOT_A_SECRET.has(w))) return undefined;
  if (words.some((w) => PASSWORD_WORDS.has(w))) return 'password';
  if (words.includes('pass') && words.length > 1) return 'password';
  if (words.includes('key') && words.some((w) => KEY_QUALIFIERS.has(w))) {
    return words.includes('api') || words.includes('access') || words.includes('auth')
      ? 'token'
      : 'key';
  }
  if (words.includes('privkey') || words.includes('seckey')) return 'key';
  if (words.some((w) => TOKEN_WORDS.has(w))) return 'token';
  return undefined;
}

const PLACEHOLDER =
  /^(?:x+|\*+|\.+|-+|_+|#+|0+|changeme|change[-_ ]?me|password|passwd|secret|token|todo|fixme|tbd|none|null|nil|empty|default|example|sample|dummy|placeholder|redacted|hidden|your[-_ ]?\w+|replace[-_ ]?\w*|insert[-_ ]?\w*|enter[-_ ]?\w*|put[-_ ]?\w*|my[-_ ]?password|test|testing|foo|bar|baz|abc|123)$/i;

/** Whether a literal's text looks like a real secret rather than a prompt, placeholder or variable name. */
export function looksLikeSecretValue(value: string, name: string): boolean {
  // `CURLOPT_USERPWD` takes "user:password": the password is what follows the first colon.
  const colon = value.indexOf(':');
  const v = name.endsWith('USERPWD') && colon >= 0 ? value.slice(colon + 1) : value;
  if (v.length < 4) return false;
  // An e-mail address: the customary anonymous FTP password, not a secret.
  if (/^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/.test(v)) return false;
  if (/\s/.test(v)) return false; // prompts and messages: "Enter password:"
  if (/%[-+ #0]*\d*(?:\.\d+)?[sdiuxXfcp]|\{\d*\}|%\d/.test(v)) return false; // format strings
  if (/^[$<{[]|[>}\]]$|:$/.test(v)) return false; // ${VAR}, <password>, "Password:"
  if (PLACEHOLDER.test(v)) return false;
  if (/^(.)\1+$/.test(v)) return false;
  if (/^[A-Z][A-Z0-9_]*$/.test(v) && v.includes('_')) return false; // environment variable names
  if (
    /^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+$/.test(v) &&
    !/(?:^|[._-])\d{3,}(?:$|[._-])/.test(v) &&
    nameTokens(v).some((w) => nameTokens(name).includes(w))
  ) {
    return false; // "db.password", "api_key": a key name, not a key ("svc-pass-7731" has a number)
  }
  if (v.toLowerCase() === name.toLowerCase()) return false;
  if (/^(?:https?|ftp|file):\/\//.test(v) && !/:[^/@]+@/.test(v)) return false;
  if (/^\/|^\.\.?\//.test(v)) return false; // a path
  // A qualified name of words: "org.freedesktop.Secret.Service", "com.example.Token".
  if (/^[A-Za-z]{1,24}(?:\.[A-Za-z][A-Za-z-]{0,23}){2,}$/.test(v)) return false;
  return true;
}

/** Known API parameters that take a password or key: function -> [index, kind]. */
const SECRET_PARAMETERS: Readonly<Record<string, readonly (readonly [number, SecretKind])[]>> = {
  mysql_real_connect: [[3, 'password']],
  mysql_change_user: [[2, 'password']],
  PQsetdbLogin: [[6, 'password']],
  LogonUserA: [[2, 'password']],
  LogonUserW: [[2, 'password']],
  LogonUser: [[2, 'password']],
  SQLConnect: [[5, 'password']],
  SQLConnectA: [[5, 'password']],
  SQLConnectW: [[5, 'password']],
  ssh_userauth_password: [[2, 'password']],
  ldap_simple_bind_s: [[2, 'password']],
  ldap_simple_bind: [[2, 'password']],
  ldap_bind_s: [[2, 'password']],
  ldap_bind: [[2, 'password']],
  libssh2_userauth_password: [[2, 'password']],
  sqlite3_key: [[1, 'key']],
  EVP_EncryptInit_ex: [[3, 'key']],
  EVP_DecryptInit_ex: [[3, 'key']],
  EVP_CipherInit_ex: [[3, 'key']],
  EVP_EncryptInit: [[2, 'key']],
  EVP_DecryptInit: [[2, 'key']],
  AES_set_encrypt_key: [[0, 'key']],
  AES_set_decrypt_key: [[0, 'key']],
  HMAC: [[1, 'key']],
  HMAC_Init_ex: [[1, 'key']],
  HMAC_Init: [[1, 'key']],
  EVP_PKEY_new_raw_private_key: [[2, 'key']],
  EVP_PKEY_new_mac_key: [[2, 'key']],
  CryptHashData: [[1, 'key']],
};
const CURL_SECRET_OPTIONS =
  /^CURLOPT_(?:PASSWORD|USERPWD|PROXYPASSWORD|PROXYUSERPWD|KEYPASSWD|SSLKEYPASSWD|TLSAUTH_PASSWORD|XOAUTH2_BEARER)$/;
const QT_SETTERS: Readonly<Record<string, SecretKind>> = {
  setPassword: 'password',
  setPassphrase: 'password',
};

/** The text of a literal when it is a plain literal or a string macro of this file. */
function literalText(ctx: CContext, node: SyntaxNode): string | undefined {
  const n = unparenthesize(node);
  return ctx.isLiteralString(n) ? ctx.stringValue(n) : undefined;
}

/**
 * Calls that only wrap or copy a string literal. Any other call given a literal computes something from
 * it (`getpwnam("root")`, `findChild("passwordEdit")`): its result is not the literal.
 */
const STRING_WRAPPERS =
  /^(?:QStringLiteral|QLatin1String|QLatin1StringView|QByteArrayLiteral|QString|QByteArray|fromUtf8|fromLatin1|fromLocal8Bit|fromStdString|string|wstring|basic_string|string_view|_T|TEXT|_TEXT|strdup|_strdup|xstrdup|g_strdup|wcsdup)$/;

/** The literal inside a wrapper such as `QStringLiteral("x")` or `std::string("x")`, or the node itself. */
function innerLiteral(node: SyntaxNode): SyntaxNode {
  const n = stripCasts(node);
  if (n.kind() === 'call_expression') {
    const callee = /(\w+)\s*(?:<[^<>]*>)?\s*$/.exec(n.field('function')?.text() ?? '')?.[1] ?? '';
    const first = n.field('arguments')?.namedChildren()[0];
    if (
      first !== undefined &&
      first.kind().endsWith('string_literal') &&
      STRING_WRAPPERS.test(callee)
    )
      return first;
  }
  if (n.kind() === 'argument_list' || n.kind() === 'initializer_list') {
    const first = n.namedChildren()[0];
    if (first !== undefined) return innerLiteral(first);
  }
  return n;
}

function candidate(
  ctx: CContext,
  literal: SyntaxNode,
  name: string,
  viaApi: boolean,
  kind?: SecretKind,
): SecretLiteral | undefined {
  const k = kind ?? secretKindOfName(name);
  if (k === undefined) return undefined;
  const lit = innerLiteral(literal);
  if (lit.kind() === 'identifier') return undefined; // a macro: reported where it is defined
  const value = literalText(ctx, lit);
  if (value === undefined || !looksLikeSecretValue(value, name)) return undefined;
  return { node: lit, name, kind: k, viaApi };
}

/** The last name of an lvalue: `cfg.db_password` -> `db_password`, `creds->token` -> `token`. */
function lastName(node: SyntaxNode): string {
  return /(\w+)\s*(?:\[[^\]]*\])?\s*$/.exec(node.text())?.[1] ?? '';
}

/** Every literal in the file that gives a secret its value; found once per file for both secret rules. */
export const secretLiterals = perFile(findSecretLiterals);

function findSecretLiterals(ctx: CContext): readonly SecretLiteral[] {
  const out: SecretLiteral[] = [];
  const push = (s: SecretLiteral | undefined): void => {
    if (s !== undefined) out.push(s);
  };
  for (const def of ctx.nodes('preproc_def')) {
    const name = def.field('name')?.text();
    const value = def.field('value')?.text().trim();
    if (name === undefined || value === undefined || !/^(?:L|u8|u|U)?"/.test(value)) continue;
    const k = secretKindOfName(name);
    const text = ctx.macros.has(name) ? ctx.stringValue(def.field('name') ?? def) : undefined;
    if (k !== undefined && text !== undefined && looksLikeSecretValue(text, name)) {
      out.push({ node: def.field('value') ?? def, name, kind: k, viaApi: false });
    }
  }
  for (const d of ctx.nodes('init_declarator')) {
    const value = d.field('value');
    const decl = d.field('declarator');
    if (value === null || decl === null) continue;
    const id = decl.kind() === 'identifier' ? decl : decl.find({ rule: { kind: 'identifier' } });
    if (id !== null) push(candidate(ctx, value, id.text(), false));
  }
  for (const p of ctx.nodes('initializer_pair')) {
    const designator = p.field('designator');
    const value = p.field('value');
    if (designator !== null && value !== null)
      push(candidate(ctx, value, designator.text().replace(/^\./, ''), false));
  }
  for (const f of ctx.isCpp ? ctx.nodes('field_declaration') : []) {
    const value = f.field('default_value');
    const decl = f.field('declarator');
    if (value !== null && decl !== null) push(candidate(ctx, value, lastName(decl), false));
  }
  for (const a of ctx.nodes('assignment_expression')) {
    const left = a.field('left');
    const right = a.field('right');
    if (left !== null && right !== null && a.field('operator')?.text() === '=') {
      push(candidate(ctx, right, lastName(left), false));
    }
  }
  for (const call of ctx.calls(
    'strcpy',
    'strncpy',
    'strlcpy',
    'wcscpy',
    'wcsncpy',
    'memcpy',
    'snprintf',
  )) {
    const [dst, src] = call.args;
    if (dst === undefined || src === undefined || call.name === 'snprintf') continue;
    push(candidate(ctx, src, lastName(dst), false));
  }
  for (const [fn, params] of Object.entries(SECRET_PARAMETERS)) {
    for (const call of ctx.calls(fn)) {
      for (const [index, kind] of params) {
        const arg = call.args[index];
        if (arg !== undefined) push(candidate(ctx, arg, `${fn}()`, true, kind));
      }
    }
  }
  for (const call of ctx.calls('curl_easy_setopt')) {
    const [, option, value] = call.args;
    if (option !== undefined && value !== undefined && CURL_SECRET_OPTIONS.test(option.text())) {
      push(candidate(ctx, value, option.text(), true, 'password'));
    }
  }
  for (const call of ctx.calls('PQconnectdb', 'mysql_options', 'SQLDriverConnect')) {
    // libpq's "host=db password=x", ODBC's "DSN=db;UID=u;PWD=x" (argument 2 of SQLDriverConnect)
    const conninfo = call.args[call.name === 'SQLDriverConnect' ? 2 : 0];
    const text = conninfo === undefined ? undefined : literalText(ctx, innerLiteral(conninfo));
    const m = text === undefined ? null : /\b(?:password|pwd)\s*=\s*'?([^\s';]+)/i.exec(text);
    if (conninfo !== undefined && m !== null && looksLikeSecretValue(m[1] ?? '', 'password')) {
      out.push({
        node: innerLiteral(conninfo),
        name: `${call.name}()`,
        kind: 'password',
        viaApi: true,
      });
    }
  }
  for (const call of ctx.isCpp ? ctx.methodCalls(...Object.keys(QT_SETTERS)) : []) {
    const arg = call.args[0];
    if (arg !== undefined) push(candidate(ctx, arg, call.name, true, QT_SETTERS[call.name]));
  }
  const seen = new Set<number>();
  return out.filter((s) => {
    const id = s.node.id();
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
