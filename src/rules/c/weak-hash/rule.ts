import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext, type Detection } from '../../../engine/rule-api.js';
import { unparenthesize } from '../../../languages/c/expr.js';
import { nameTokens } from '../../../languages/c/rule-helpers.js';

/** Broken digests: every use is reported (except as the hash of an HMAC). */
const BROKEN_CALLS: Readonly<Record<string, string>> = {
  EVP_md5: 'MD5',
  EVP_md4: 'MD4',
  EVP_md2: 'MD2',
  MD5: 'MD5',
  MD5_Init: 'MD5',
  MD4: 'MD4',
  MD4_Init: 'MD4',
  MD2: 'MD2',
  MD2_Init: 'MD2',
  mbedtls_md5: 'MD5',
  mbedtls_md5_starts: 'MD5',
  gcry_md_open: '',
};
/** SHA-1: reported where it protects passwords or signatures (its collisions are practical). */
const SHA1_CALLS = ['EVP_sha1', 'SHA1', 'SHA1_Init', 'mbedtls_sha1', 'mbedtls_sha1_starts'];
const HMAC_CALLS = /^(?:HMAC|HMAC_Init|HMAC_Init_ex|EVP_PKEY_new_mac_key|PKCS5_PBKDF2_HMAC)$/;
const BROKEN_IDS =
  /^(?:CALG_MD2|CALG_MD4|CALG_MD5|GCRY_MD_MD5|GCRY_MD_MD4|MBEDTLS_MD_MD5|NID_md5|NID_md4|NID_md2)$/;
const SHA1_IDS = /^(?:CALG_SHA1|CALG_SHA|GCRY_MD_SHA1|MBEDTLS_MD_SHA1|NID_sha1)$/;
const QT_BROKEN = /^QCryptographicHash::(?:Md4|Md5)$/;
const QT_SHA1 = /^QCryptographicHash::Sha1$/;
const PASSWORD_OR_SIGNATURE = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'sign',
  'signature',
  'signing',
  'verify',
  'cert',
  'certificate',
]);
const DIGEST_NAMES = /^(?:md[245]|sha1?)$/i;

/** The call a node is an argument of, if any. */
function argumentOf(node: SyntaxNode): SyntaxNode | null {
  const p = unparenthesize(node).parent();
  return p?.kind() === 'argument_list' ? p.parent() : null;
}

/** The enclosing function's text says it handles passwords or signatures. */
function passwordOrSignature(ctx: CContext, node: SyntaxNode): boolean {
  const fn = ctx.enclosingFunction(node);
  if (fn === undefined) return false;
  // Names only: comments and messages saying "not for passwords" must not count.
  const names = fn.node.findAll({
    rule: { any: [{ kind: 'identifier' }, { kind: 'field_identifier' }] },
  });
  return names.some((n) => nameTokens(n.text()).some((w) => PASSWORD_OR_SIGNATURE.has(w)));
}

function insideHmac(node: SyntaxNode): boolean {
  const outer = argumentOf(node);
  const callee = outer?.kind() === 'call_expression' ? (outer.children()[0]?.text() ?? '') : '';
  const name = /(\w+)\s*$/.exec(callee)?.[1] ?? '';
  return HMAC_CALLS.test(name);
}

function* identifiers(ctx: CContext): Generator<Detection> {
  const kinds = ctx.isCpp ? ['identifier', 'qualified_identifier'] : ['identifier'];
  for (const kind of kinds) {
    for (const id of ctx.nodes(kind)) {
      const t = id.text().replace(/\s+/g, '');
      const broken = BROKEN_IDS.test(t) || QT_BROKEN.test(t);
      const sha1 = SHA1_IDS.test(t) || QT_SHA1.test(t);
      if (!broken && !sha1) continue;
      if (argumentOf(id) === null && id.parent()?.kind() !== 'init_declarator') continue;
      if (insideHmac(id)) continue;
      const algo = /md2/i.test(t)
        ? 'MD2'
        : /md4/i.test(t)
          ? 'MD4'
          : /md5/i.test(t)
            ? 'MD5'
            : 'SHA-1';
      if (sha1) {
        if (passwordOrSignature(ctx, id))
          yield { node: id, messageId: 'sha1', data: { algo, name: t } };
        continue;
      }
      yield { node: id, data: { algo, name: t } };
    }
  }
}

export default defineCRule({
  name: 'weak-hash',
  title: 'Broken hash function (MD5, MD4, MD2, or SHA-1 for passwords and signatures)',
  description:
    'Finds MD2, MD4 and MD5 through OpenSSL, Mbed TLS, libgcrypt, Windows CryptoAPI and QCryptographicHash, and SHA-1 in functions that hash passwords or make or check signatures.',
  cwe: [328],
  severity: 'warning',
  confidence: 'high',
  tags: ['crypto'],
  messages: {
    default:
      '`{{name}}` selects {{algo}}, a broken hash: collisions are cheap to produce and it is far too fast for passwords.',
    sha1: '`{{name}}` selects SHA-1 for a password or signature; SHA-1 collisions are practical and it is far too fast for passwords.',
  },
  help: {
    why: 'MD5 and MD4 collisions take seconds and chosen-prefix collisions are practical; SHA-1 chosen-prefix collisions are too. A signature or integrity check over such a digest can be transferred to a forged document or certificate, and fast digests let stolen password hashes be brute-forced at billions of guesses per second.',
    fix: 'Use SHA-256 or SHA-3 (`EVP_sha256()`, `QCryptographicHash::Sha256`) for integrity and signatures, and a password hash (Argon2id, scrypt, bcrypt, or PBKDF2 with a high iteration count) for passwords. MD5 kept for a non-security checksum should say so in a comment and a suppression.',
  },
  requires: [
    'MD5',
    'MD4',
    'MD2',
    'md5',
    'md4',
    'md2',
    'Md5',
    'Md4',
    'SHA1',
    'sha1',
    'Sha1',
    'SHA',
    'digestbyname',
  ],
  *detect(ctx) {
    for (const call of ctx.calls(
      ...Object.keys(BROKEN_CALLS),
      ...SHA1_CALLS,
      'EVP_get_digestbyname',
    )) {
      if (call.name === 'gcry_md_open') continue;
      let algo = BROKEN_CALLS[call.name];
      if (call.name === 'EVP_get_digestbyname') {
        const name = call.args[0] === undefined ? undefined : ctx.stringValue(call.args[0]);
        if (name === undefined || !DIGEST_NAMES.test(name)) continue;
        algo = /sha/i.test(name) ? undefined : name.toUpperCase();
      }
      if (insideHmac(call.node)) continue;
      if (algo === undefined) {
        if (passwordOrSignature(ctx, call.node)) {
          yield {
            node: call.node,
            messageId: 'sha1',
            data: { algo: 'SHA-1', name: call.calleeText },
          };
        }
        continue;
      }
      yield { node: call.node, data: { algo, name: call.calleeText } };
    }
    yield* identifiers(ctx);
  },
});
