import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type Detection } from '../../../engine/rule-api.js';
import type { Severity } from '../../../core/severity.js';

interface Weakness {
  readonly algorithm: string;
  readonly severity: Severity;
  readonly reason: string;
}

const BROKEN = (algorithm: string, reason: string): Weakness => ({
  algorithm,
  severity: 'error',
  reason,
});
const LEGACY = (algorithm: string, reason: string): Weakness => ({
  algorithm,
  severity: 'warning',
  reason,
});

const DES = BROKEN('DES', 'its 56-bit key is brute-forced in hours');
const TDES = BROKEN('3DES', 'its 64-bit block allows Sweet32 collisions and NIST disallows it');
const RC4 = BROKEN('RC4', 'its keystream is biased and recoverable');
const RC2 = BROKEN('RC2', 'it has related-key attacks and a 64-bit block');
const XOR = BROKEN('XOR', 'it is not a cipher at all');
const BLOWFISH = LEGACY('Blowfish', 'its 64-bit block allows Sweet32 collisions');
const CAST5 = LEGACY('CAST5', 'its 64-bit block allows Sweet32 collisions');
const IDEA = LEGACY('IDEA', 'its 64-bit block allows Sweet32 collisions');
const SEED = LEGACY(
  'SEED',
  "it is a legacy cipher with little analysis, moved to cryptography's decrepit module",
);

const CIPHERS = new Map<string, Weakness>();
for (const root of ['Crypto.Cipher', 'Cryptodome.Cipher']) {
  CIPHERS.set(`${root}.DES.new`, DES);
  CIPHERS.set(`${root}.DES3.new`, TDES);
  CIPHERS.set(`${root}.ARC4.new`, RC4);
  CIPHERS.set(`${root}.ARC2.new`, RC2);
  CIPHERS.set(`${root}.Blowfish.new`, BLOWFISH);
  CIPHERS.set(`${root}.CAST.new`, CAST5);
  CIPHERS.set(`${root}.XOR.new`, XOR);
}
for (const root of [
  'cryptography.hazmat.primitives.ciphers.algorithms',
  'cryptography.hazmat.decrepit.ciphers.algorithms',
]) {
  CIPHERS.set(`${root}.TripleDES`, TDES);
  CIPHERS.set(`${root}.ARC4`, RC4);
  CIPHERS.set(`${root}.RC2`, RC2);
  CIPHERS.set(`${root}.Blowfish`, BLOWFISH);
  CIPHERS.set(`${root}.CAST5`, CAST5);
  CIPHERS.set(`${root}.IDEA`, IDEA);
  CIPHERS.set(`${root}.SEED`, SEED);
}
CIPHERS.set('pyDes.des', DES);
CIPHERS.set('pyDes.triple_des', TDES);

const ECB_MODE = /^(?:Crypto|Cryptodome)\.Cipher\.\w+\.MODE_ECB$/;

/** The call whose argument list holds `node` (directly or as a keyword value), if any. */
function argumentOf(node: SgNode): SgNode | null {
  let p = node.parent();
  if (p?.kind() === 'keyword_argument') p = p.parent();
  if (p?.kind() !== 'argument_list') return null;
  const call = p.parent();
  return call?.kind() === 'call' ? call : null;
}

export default definePythonRule({
  name: 'broken-cipher',
  title: 'Broken or risky cipher (DES, 3DES, RC4, Blowfish ...) or ECB mode',
  description:
    'Finds encryption with DES, 3DES, RC4, RC2, Blowfish, CAST5, IDEA, SEED or XOR in PyCryptodome, cryptography and pyDes, and block ciphers used in ECB mode.',
  cwe: [327],
  severity: 'error',
  confidence: 'high',
  tags: ['crypto', 'cipher'],
  messages: {
    default: '`{{call}}` encrypts with {{algorithm}}: {{reason}}.',
    ecb: '`{{mode}}` selects ECB mode, which encrypts equal blocks to equal ciphertext.',
  },
  help: {
    why: 'Data encrypted with a broken cipher can be decrypted without the key: DES keys fall to brute force, RC4 keystream biases leak plaintext, and 64-bit block ciphers (3DES, Blowfish) leak plaintext after a few gigabytes under one key (Sweet32). ECB mode encrypts identical blocks identically, revealing patterns and allowing blocks to be cut and pasted between messages.',
    fix: 'Use an authenticated cipher: AES-GCM or ChaCha20-Poly1305 (`cryptography.hazmat.primitives.ciphers.aead.AESGCM`, `ChaCha20Poly1305`) with a fresh random nonce per message, or the high-level `cryptography.fernet.Fernet`. Decrypt legacy data once and re-encrypt it.',
  },
  inTests: 'lower',
  // Ciphers and modes resolved through PyCryptodome (Crypto, Cryptodome), cryptography or pyDes.
  requires: ['Crypto', 'cryptography', 'pyDes'],
  *detect(ctx) {
    const reported = new Set<number>();
    for (const call of ctx.calls(...CIPHERS.keys())) {
      const weakness = call.callee.map((c) => CIPHERS.get(c)).find((w) => w !== undefined);
      if (weakness === undefined) continue;
      reported.add(call.node.id());
      yield {
        node: call.node,
        data: { call: call.calleeText, algorithm: weakness.algorithm, reason: weakness.reason },
        severity: weakness.severity,
      };
    }

    // ECB: one finding per encryption, not a second one beside a broken cipher.
    const alreadyReported = (holder: SgNode | null): boolean => {
      if (holder === null) return false;
      if (reported.has(holder.id())) return true;
      const args = holder.field('arguments')?.namedChildren() ?? [];
      return args.some((a) => reported.has(a.id()));
    };
    const ecb: Detection[] = [];
    for (const call of ctx.calls('cryptography.hazmat.primitives.ciphers.modes.ECB')) {
      if (alreadyReported(argumentOf(call.node))) continue;
      ecb.push({
        node: call.node,
        messageId: 'ecb',
        data: { mode: call.calleeText },
        severity: 'warning',
      });
    }
    const modeAttributes = ctx.source.includes('MODE_ECB')
      ? ctx.root.findAll({
          rule: { kind: 'attribute', has: { field: 'attribute', regex: '^MODE_ECB$' } },
        })
      : [];
    for (const attr of modeAttributes) {
      const holder = argumentOf(attr);
      if (holder === null || alreadyReported(holder)) continue;
      if (!ctx.resolve(attr).some((n) => ECB_MODE.test(n))) continue;
      ecb.push({
        node: attr,
        messageId: 'ecb',
        data: { mode: attr.text() },
        severity: 'warning',
      });
    }
    yield* ecb;
  },
});
