import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { stringValue } from '../../../languages/python/expr.js';
import {
  boundValues,
  constantInt,
  destinationOf,
  isPasswordName,
  mentionsPassword,
  nameTokens,
} from '../../../languages/python/secret-helpers.js';

/** General-purpose hash functions: billions of guesses per second on a GPU. */
const FAST_HASHES = [
  'md5',
  'sha1',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  'sha3_224',
  'sha3_256',
  'sha3_384',
  'sha3_512',
  'blake2b',
  'blake2s',
];
const FAST_HASH_CALLS = [
  ...FAST_HASHES.map((h) => `hashlib.${h}`),
  'hashlib.new',
  ...[
    'MD5',
    'SHA1',
    'SHA224',
    'SHA256',
    'SHA384',
    'SHA512',
    'SHA3_256',
    'SHA3_512',
    'BLAKE2b',
    'BLAKE2s',
  ].flatMap((h) => [`Crypto.Hash.${h}.new`, `Cryptodome.Hash.${h}.new`]),
];

/** Below this many PBKDF2 iterations a rule reports; OWASP (2023) asks 600,000 for SHA-256. */
const MIN_PBKDF2_ITERATIONS = 100_000;
/** Below this, PBKDF2 is an error rather than a warning: a commodity GPU tests ~1M guesses/s. */
const BROKEN_PBKDF2_ITERATIONS = 10_000;
/** bcrypt cost factor floor (OWASP: 10; the library's default is 12). */
const MIN_BCRYPT_ROUNDS = 10;
/** scrypt CPU/memory cost floor (OWASP: 2**17 with r=8; RFC 7914's interactive setting is 2**14). */
const MIN_SCRYPT_N = 2 ** 14;

/** Django hashers that are fast or unsalted; the first entry of PASSWORD_HASHERS hashes new passwords. */
const WEAK_DJANGO_HASHERS =
  /(?:^|\.)(?:Unsalted)?(?:MD5|SHA1)PasswordHasher$|(?:^|\.)CryptPasswordHasher$/;
const WEAK_DJANGO_HASHER_NAMES = new Set(['md5', 'sha1', 'unsalted_md5', 'unsalted_sha1', 'crypt']);

/** passlib schemes built on a fast or broken primitive. */
const WEAK_PASSLIB = [
  'md5_crypt',
  'apr_md5_crypt',
  'sun_md5_crypt',
  'des_crypt',
  'bsdi_crypt',
  'bigcrypt',
  'crypt16',
  'ldap_md5',
  'ldap_sha1',
  'ldap_salted_md5',
  'ldap_salted_sha1',
  'ldap_hex_md5',
  'ldap_hex_sha1',
  'lmhash',
  'nthash',
  'mysql323',
  'mysql41',
  'oracle10',
  'hex_md5',
  'hex_sha1',
  'hex_sha256',
  'hex_sha512',
  'postgres_md5',
  'msdcc',
  'msdcc2',
  'cisco_pix',
  'cisco_asa',
  'cisco_type7',
  'django_salted_md5',
  'django_salted_sha1',
  'plaintext',
];
const WEAK_PASSLIB_CALLS = WEAK_PASSLIB.flatMap((s) =>
  ['hash', 'encrypt', 'using'].map((m) => `passlib.hash.${s}.${m}`),
);

/** The names (identifiers, attributes, string keys) an expression reads. */
function namesIn(node: SgNode): string[] {
  const out = node.findAll({ rule: { kind: 'identifier' } }).map((n) => n.text());
  if (node.kind() === 'identifier') out.push(node.text());
  for (const s of node.findAll({ rule: { kind: 'string', inside: { kind: 'subscript' } } })) {
    const v = stringValue(s);
    if (v !== undefined) out.push(v);
  }
  return out;
}

const HASHING_WORDS =
  /^(?:hash|hashed|hashes|digest|encrypt|encrypted|enc|crypt|crypted|hsh|stored|secure|salted)$/;

/** A variable holding a password hash: `password_hash`, `hashed_password`, `pw_digest`. */
function isPasswordHashName(name: string): boolean {
  return mentionsPassword(name) && nameTokens(name).some((t) => HASHING_WORDS.test(t));
}

/** A function hashing or checking passwords: `hash_password`, `check_password`, `make_pw_hash`. */
function isPasswordHashingFunction(name: string): boolean {
  return (
    mentionsPassword(name) &&
    nameTokens(name).some((t) => HASHING_WORDS.test(t) || /^(?:check|verify|make)$/.test(t))
  );
}

const fmt = (n: number): string => n.toLocaleString('en-US');

function hashData(call: CallSite): SgNode | undefined {
  const index = call.callee.includes('hashlib.new') ? 1 : 0;
  return call.keywords.get('data') ?? call.keywords.get('string') ?? arg(call, index);
}

/** Every password name has a word containing `pass` or `pw` (see isPasswordName). */
const PASSWORD_TEXT = /pass|pw/i;

function passwordIn(node: SgNode | undefined): string | undefined {
  // The names are read from the expression's text: without a password word in it, none is a
  // password.
  if (node === undefined || !PASSWORD_TEXT.test(node.text())) return undefined;
  return namesIn(node).find(isPasswordName);
}

function workFactor(
  call: CallSite,
  valueNode: SgNode | undefined,
  min: number,
  param: string,
): Detection | undefined {
  if (valueNode === undefined) return undefined;
  const value = constantInt(valueNode);
  if (value === undefined || value >= min) return undefined;
  return {
    node: call.node,
    messageId: 'cost',
    data: { call: call.calleeText, param, value: fmt(value), min: fmt(min) },
  };
}

export default definePythonRule({
  name: 'weak-password-hash',
  title: 'Password hashed with a fast hash or too little work factor',
  description:
    'Finds passwords hashed with general-purpose hash functions, PBKDF2 with fewer than 100,000 iterations, bcrypt below cost 10, scrypt below N=2**14, and weak Django or passlib password hashers.',
  cwe: [916],
  severity: 'error',
  confidence: 'high',
  tags: ['crypto', 'password'],
  messages: {
    default: '`{{call}}` is a fast hash applied to the password `{{password}}`.',
    target: '`{{call}}` is a fast hash whose result is used as a password hash (`{{target}}`).',
    cost: '`{{call}}` uses {{param}}={{value}}, below the minimum of {{min}} for password hashing.',
    defaultCount:
      '`{{call}}` uses the default of 1,000 iterations, far below the minimum of {{min}} for password hashing.',
    django: '`{{hasher}}` is a fast or unsalted Django password hasher.',
    passlib: '`{{call}}` hashes passwords with the weak scheme `{{scheme}}`.',
  },
  help: {
    why: 'Stolen password hashes are attacked offline. A GPU computes billions of MD5 or SHA-256 hashes per second, so a fast hash (even salted) lets an attacker recover most real passwords from a leaked database within hours; a key-derivation function with too little work factor only slows this down slightly.',
    fix: 'Use a dedicated password hashing function with its recommended cost: argon2id (`argon2.PasswordHasher()`), bcrypt (`bcrypt.hashpw(pw, bcrypt.gensalt())`, cost >= 12), scrypt (`hashlib.scrypt(pw, salt=salt, n=2**17, r=8, p=1)`) or PBKDF2-HMAC-SHA256 with at least 600,000 iterations. In Django keep PBKDF2 or Argon2 first in PASSWORD_HASHERS.',
  },
  inTests: 'skip',
  // Calls resolved through hashlib, PyCryptodome (Crypto, Cryptodome), cryptography, bcrypt,
  // passlib or Django's make_password, and PASSWORD_HASHERS settings.
  requires: [
    'hashlib',
    'Crypto',
    'cryptography',
    'bcrypt',
    'passlib',
    'make_password',
    'PASSWORD_HASHERS',
  ],
  *detect(ctx) {
    // A fast hash fed a password, or whose result is stored as a password hash.
    for (const call of ctx.calls(...FAST_HASH_CALLS)) {
      const password = passwordIn(hashData(call));
      if (password !== undefined) {
        yield { node: call.node, data: { call: call.calleeText, password } };
        continue;
      }
      const dest = destinationOf(call.node);
      const target = dest?.name;
      if (dest === undefined || target === undefined) continue;
      if (
        (dest.via === 'assignment' && isPasswordHashName(target)) ||
        (dest.via === 'return' && isPasswordHashingFunction(target))
      ) {
        yield {
          node: call.node,
          messageId: 'target',
          data: { call: call.calleeText, target },
          confidence: 'medium',
        };
      }
    }

    // h = hashlib.sha256(); h.update(password): the object comes from hashlib or PyCryptodome.
    const fastHashInFile = ctx.source.includes('hashlib') || ctx.source.includes('Crypto');
    for (const call of fastHashInFile ? ctx.methodCalls('update') : []) {
      if (call.receiver?.kind() !== 'identifier') continue;
      const password = passwordIn(arg(call, 0));
      if (password === undefined) continue;
      const values = boundValues(call.receiver) ?? [];
      const fast = values.some((v) => {
        const fn = v.kind() === 'call' ? v.field('function') : null;
        return fn !== null && ctx.resolve(fn).some((n) => FAST_HASH_CALLS.includes(n));
      });
      if (fast) yield { node: call.node, data: { call: call.calleeText, password } };
    }

    // Work factors given as constants.
    const pbkdf2 = ctx.calls(
      'hashlib.pbkdf2_hmac',
      'cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC',
    );
    for (const call of pbkdf2) {
      const d = workFactor(call, arg(call, 3, 'iterations'), MIN_PBKDF2_ITERATIONS, 'iterations');
      if (d === undefined) continue;
      const value = constantInt(arg(call, 3, 'iterations') ?? call.node) ?? 0;
      yield { ...d, severity: value < BROKEN_PBKDF2_ITERATIONS ? 'error' : 'warning' };
    }
    for (const call of ctx.calls('Crypto.Protocol.KDF.PBKDF2', 'Cryptodome.Protocol.KDF.PBKDF2')) {
      const count = arg(call, 3, 'count');
      if (count === undefined) {
        if (call.hasKwargsSplat || call.hasStarArgs) continue;
        yield {
          node: call.node,
          messageId: 'defaultCount',
          data: { call: call.calleeText, min: fmt(MIN_PBKDF2_ITERATIONS) },
        };
        continue;
      }
      const d = workFactor(call, count, MIN_PBKDF2_ITERATIONS, 'count');
      if (d === undefined) continue;
      const value = constantInt(count) ?? 0;
      yield { ...d, severity: value < BROKEN_PBKDF2_ITERATIONS ? 'error' : 'warning' };
    }
    for (const call of ctx.calls('bcrypt.gensalt')) {
      const d = workFactor(call, arg(call, 0, 'rounds'), MIN_BCRYPT_ROUNDS, 'rounds');
      if (d !== undefined) yield { ...d, severity: 'warning' };
    }
    for (const call of ctx.calls('hashlib.scrypt')) {
      const d = workFactor(call, call.keywords.get('n'), MIN_SCRYPT_N, 'n');
      if (d !== undefined) yield { ...d, severity: 'warning' };
    }
    for (const call of ctx.calls('cryptography.hazmat.primitives.kdf.scrypt.Scrypt')) {
      const d = workFactor(call, arg(call, 2, 'n'), MIN_SCRYPT_N, 'n');
      if (d !== undefined) yield { ...d, severity: 'warning' };
    }
    for (const call of ctx.calls('Crypto.Protocol.KDF.scrypt', 'Cryptodome.Protocol.KDF.scrypt')) {
      const d = workFactor(call, arg(call, 3, 'N'), MIN_SCRYPT_N, 'N');
      if (d !== undefined) yield { ...d, severity: 'warning' };
    }

    // Weak schemes of passlib and Django.
    for (const call of ctx.calls(...WEAK_PASSLIB_CALLS)) {
      const scheme = call.callee[0]?.split('.').at(-2) ?? call.calleeText;
      yield { node: call.node, messageId: 'passlib', data: { call: call.calleeText, scheme } };
    }
    for (const call of ctx.calls('django.contrib.auth.hashers.make_password')) {
      const hasher = arg(call, 2, 'hasher');
      const name = hasher === undefined ? undefined : stringValue(hasher);
      if (hasher === undefined || name === undefined || !WEAK_DJANGO_HASHER_NAMES.has(name))
        continue;
      yield { node: hasher, messageId: 'django', data: { hasher: name } };
    }
    // Test settings commonly pick MD5PasswordHasher for speed; only settings for real use count.
    if (!/test/i.test(ctx.file.path) && ctx.source.includes('PASSWORD_HASHERS')) {
      for (const asg of ctx.root.findAll({
        rule: {
          kind: 'assignment',
          has: { field: 'left', regex: '^PASSWORD_HASHERS$' },
        },
      })) {
        const list = asg.field('right');
        if (list === null || (list.kind() !== 'list' && list.kind() !== 'tuple')) continue;
        const first = list.namedChildren().find((c) => c.kind() !== 'comment');
        const value = first === undefined ? undefined : stringValue(first);
        if (first === undefined || value === undefined || !WEAK_DJANGO_HASHERS.test(value)) {
          continue;
        }
        yield {
          node: first,
          messageId: 'django',
          data: { hasher: value.split('.').at(-1) ?? value },
          confidence: 'medium',
        };
      }
    }
  },
});
