import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { enclosingFunction, isFalsy, stringValue } from '../../../languages/python/expr.js';
import {
  destinationOf,
  functionName,
  isPasswordName,
  isSecurityValueName,
  nameTokens,
} from '../../../languages/python/secret-helpers.js';

/** Constructors of broken hash functions, by qualified name, with the algorithm they build. */
const WEAK_CONSTRUCTORS: Readonly<Record<string, string>> = {
  'hashlib.md5': 'MD5',
  'hashlib.sha1': 'SHA-1',
  'hashlib.md4': 'MD4',
  'md5.new': 'MD5',
  'md5.md5': 'MD5',
  'sha.new': 'SHA-1',
  'sha.sha': 'SHA-1',
  'Crypto.Hash.MD5.new': 'MD5',
  'Crypto.Hash.MD4.new': 'MD4',
  'Crypto.Hash.MD2.new': 'MD2',
  'Crypto.Hash.SHA1.new': 'SHA-1',
  'Crypto.Hash.SHA.new': 'SHA-1',
  'Cryptodome.Hash.MD5.new': 'MD5',
  'Cryptodome.Hash.MD4.new': 'MD4',
  'Cryptodome.Hash.MD2.new': 'MD2',
  'Cryptodome.Hash.SHA1.new': 'SHA-1',
  'cryptography.hazmat.primitives.hashes.MD5': 'MD5',
  'cryptography.hazmat.primitives.hashes.SHA1': 'SHA-1',
};

/** Algorithm names accepted by hashlib.new() that are broken. */
const WEAK_NAMES: Readonly<Record<string, string>> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  'sha-1': 'SHA-1',
  sha: 'SHA-1',
  md4: 'MD4',
  md2: 'MD2',
  'md5-sha1': 'MD5-SHA1',
};

/**
 * Constructs in which MD5/SHA-1 do not rely on collision resistance (HMAC, key derivation, OAEP/MGF1
 * padding, HOTP/TOTP as standardised): not this rule's concern.
 */
const COLLISION_INDEPENDENT = new Set([
  'HMAC',
  'MGF1',
  'OAEP',
  'PBKDF2HMAC',
  'HKDF',
  'HKDFExpand',
  'ConcatKDFHash',
  'ConcatKDFHMAC',
  'X963KDF',
  'KBKDFHMAC',
  'HOTP',
  'TOTP',
]);

/** Names of non-security digests: `etag`, `checksum`, `cache_key`, `file_md5`. */
const CHECKSUM_WORDS =
  /^(?:etag|checksum|checksums|cache|cachekey|filename|file|files|content|dedup|dedupe|md5|md5sum|crc|digest|fingerprint|partition|shard|bucket|color|colour|avatar|gravatar)$/;

/** Words that make a hash about authentication: passwords, tokens, signatures. */
function aboutSecurity(name: string): boolean {
  if (isPasswordName(name) || isSecurityValueName(name)) return true;
  return nameTokens(name).some((t) =>
    /^(?:signature|sig|sign|signed|signing|auth|credential|credentials|hmac|mac|token|secret)$/.test(
      t,
    ),
  );
}

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

function insideCollisionIndependent(call: CallSite): boolean {
  let depth = 0;
  for (const a of call.node.ancestors()) {
    if (++depth > 4) break;
    if (a.kind() !== 'call') continue;
    const fn = a.field('function');
    const last = fn?.kind() === 'attribute' ? fn.field('attribute')?.text() : fn?.text();
    if (last !== undefined && COLLISION_INDEPENDENT.has(last)) return true;
  }
  return false;
}

export default definePythonRule({
  name: 'weak-hash',
  title: 'Use of a broken hash function (MD5, SHA-1, MD4)',
  description:
    'Finds MD5, SHA-1, MD4 and MD2 hash objects created with hashlib, PyCryptodome or cryptography unless they are marked usedforsecurity=False.',
  cwe: [328, 327],
  severity: 'warning',
  confidence: 'medium',
  tags: ['crypto', 'hash'],
  messages: {
    default: '`{{call}}` uses {{algorithm}}, which is broken for collision resistance.',
    security:
      '`{{call}}` applies {{algorithm}}, which is broken for collision resistance, to {{subject}}.',
  },
  help: {
    why: 'Collisions for MD5 and SHA-1 can be computed cheaply (chosen-prefix SHA-1 collisions cost a few ten thousand dollars; MD5 collisions take seconds), so an attacker can make two different documents, certificates or tokens share a digest. Anything that relies on the digest to identify, sign or authenticate data can be substituted.',
    fix: 'Use SHA-256 or better (`hashlib.sha256`, `hashlib.sha3_256`, `hashlib.blake2b`). For passwords use a password hashing function (argon2, bcrypt, scrypt). When MD5/SHA-1 is required for a non-security purpose such as a legacy checksum or cache key, say so with `hashlib.md5(data, usedforsecurity=False)` (Python 3.9+).',
  },
  inTests: 'skip',
  // Each constructor is named through hashlib or cryptography's `hashes` module (`hash`),
  // PyCryptodome's `Hash` package, or the Python 2 md5 and sha modules, in the call or in the
  // import binding it.
  requires: ['hash', 'Hash', 'md5', 'sha'],
  *detect(ctx) {
    const candidates = ctx.calls(...Object.keys(WEAK_CONSTRUCTORS), 'hashlib.new');
    for (const call of candidates) {
      let algorithm = call.callee.map((c) => WEAK_CONSTRUCTORS[c]).find((a) => a !== undefined);
      let dataIndex = 0;
      if (call.callee.includes('hashlib.new')) {
        const nameNode = arg(call, 0, 'name');
        const name = nameNode === undefined ? undefined : stringValue(nameNode);
        algorithm = name === undefined ? undefined : WEAK_NAMES[name.toLowerCase()];
        dataIndex = 1;
      }
      if (algorithm === undefined) continue;
      if (isFalsy(call.keywords.get('usedforsecurity'))) continue;
      if (insideCollisionIndependent(call)) continue;

      const data = call.keywords.get('data') ?? call.keywords.get('string') ?? arg(call, dataIndex);
      const subjects = data === undefined ? [] : namesIn(data).filter(aboutSecurity);
      // A password hashed with MD5/SHA-1 is python/weak-password-hash's finding, with the sharper fix
      // (a password hashing function); one defect, one finding.
      if (subjects.some(isPasswordName)) continue;
      const dest = destinationOf(call.node);
      const target = dest?.via === 'assignment' || dest?.via === 'return' ? dest.name : undefined;
      const subject =
        subjects[0] !== undefined
          ? `\`${subjects[0]}\``
          : target !== undefined && aboutSecurity(target)
            ? `${dest?.via === 'return' ? 'the result of' : 'a value stored in'} \`${target}\``
            : undefined;
      if (subject === undefined) {
        // Checksums, ETags and cache keys are the common legitimate use: say so with low confidence.
        const context = [target, functionName(enclosingFunction(call.node))].filter(
          (n): n is string => n !== undefined,
        );
        const checksum = context.some((n) => nameTokens(n).some((t) => CHECKSUM_WORDS.test(t)));
        yield {
          node: call.node,
          data: { call: call.calleeText, algorithm },
          ...(checksum ? { confidence: 'low' as const } : {}),
        };
      } else {
        // A digest of a password, token or signature input is a security use for certain.
        yield {
          node: call.node,
          messageId: 'security',
          data: { call: call.calleeText, algorithm, subject },
          confidence: 'high',
        };
      }
    }
  },
});
