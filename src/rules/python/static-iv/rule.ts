import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { isLiteralTree, unwrap } from '../../../languages/python/expr.js';
import { boundValues, isConstantBytes } from '../../../languages/python/secret-helpers.js';

const MODES = 'cryptography.hazmat.primitives.ciphers.modes';
const AEAD = 'cryptography.hazmat.primitives.ciphers.aead';

/** cryptography modes and the keyword of their IV/nonce (XTS's tweak is a sector number by design). */
const MODE_IV: Readonly<Record<string, { keyword: string; what: string }>> = {
  [`${MODES}.CBC`]: { keyword: 'initialization_vector', what: 'IV' },
  [`${MODES}.CFB`]: { keyword: 'initialization_vector', what: 'IV' },
  [`${MODES}.CFB8`]: { keyword: 'initialization_vector', what: 'IV' },
  [`${MODES}.OFB`]: { keyword: 'initialization_vector', what: 'IV' },
  [`${MODES}.GCM`]: { keyword: 'initialization_vector', what: 'nonce' },
  [`${MODES}.CTR`]: { keyword: 'nonce', what: 'nonce' },
};

/** PyCryptodome ciphers whose `new(key, mode, iv)` takes an IV or nonce. */
const BLOCK_CIPHERS = ['AES', 'DES3', 'DES', 'Blowfish', 'CAST', 'ARC2'].flatMap((c) => [
  `Crypto.Cipher.${c}.new`,
  `Cryptodome.Cipher.${c}.new`,
]);
const STREAM_CIPHERS = ['ChaCha20', 'Salsa20', 'ChaCha20_Poly1305', 'XChaCha20'].flatMap((c) => [
  `Crypto.Cipher.${c}.new`,
  `Cryptodome.Cipher.${c}.new`,
]);

/** AEAD classes whose `encrypt(nonce, data, aad)` must never repeat a nonce under one key. */
const AEAD_CLASSES = ['AESGCM', 'AESCCM', 'ChaCha20Poly1305', 'AESOCB3'].map((c) => `${AEAD}.${c}`);

function preview(node: SgNode): string {
  const t = unwrap(node).text().replace(/\s+/g, ' ');
  return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}

export default definePythonRule({
  name: 'static-iv',
  title: 'Constant IV or nonce passed to a cipher',
  description:
    'Finds block cipher modes, stream ciphers and AEAD encryptions given an IV or nonce that is a constant (a literal, zero bytes, or a name bound only to a constant) or the key itself.',
  cwe: [1204, 329],
  severity: 'error',
  confidence: 'high',
  tags: ['crypto', 'iv'],
  messages: {
    default: '`{{call}}` receives a constant {{what}} (`{{value}}`).',
    ivIsKey: '`{{call}}` uses the key `{{value}}` as its IV.',
    counter:
      '`{{call}}` builds a CTR counter from constants only, so every message starts at the same counter block.',
  },
  help: {
    why: 'An IV or nonce must differ for every message encrypted under a key. With a fixed CBC IV equal plaintext prefixes give equal ciphertext; with a fixed CTR/GCM/ChaCha20 nonce the keystream repeats, so XORing two ciphertexts reveals both plaintexts, and GCM nonce reuse also leaks the authentication key, letting attackers forge messages. An IV equal to the key lets an attacker recover the key from a chosen-ciphertext query.',
    fix: 'Generate a fresh random IV/nonce for each encryption and send it with the ciphertext: `iv = os.urandom(16)` for CBC, `nonce = os.urandom(12)` for AES-GCM/ChaCha20-Poly1305 (or `secrets.token_bytes`, PyCryptodome `get_random_bytes`). Prefer `cryptography.fernet.Fernet`, which manages IVs for you.',
  },
  inTests: 'skip',
  // Calls resolved through cryptography, or PyCryptodome (Crypto, Cryptodome).
  requires: ['cryptography', 'Crypto'],
  *detect(ctx) {
    const constant = (n: SgNode): boolean => isConstantBytes(n, ctx.resolve);
    const report = (call: CallSite, iv: SgNode, what: string) => ({
      node: call.node,
      data: { call: call.calleeText, what, value: preview(iv) },
    });

    for (const call of ctx.calls(...Object.keys(MODE_IV))) {
      const spec = call.callee.map((c) => MODE_IV[c]).find((s) => s !== undefined);
      const iv = spec === undefined ? undefined : arg(call, 0, spec.keyword);
      if (spec !== undefined && iv !== undefined && constant(iv)) yield report(call, iv, spec.what);
    }

    for (const call of ctx.calls(...BLOCK_CIPHERS)) {
      const key = arg(call, 0, 'key');
      const iv = call.keywords.get('iv') ?? call.keywords.get('IV') ?? arg(call, 2);
      const nonce = call.keywords.get('nonce');
      for (const [value, what] of [
        [iv, 'IV'],
        [nonce, 'nonce'],
      ] as const) {
        if (value === undefined) continue;
        if (constant(value)) {
          yield report(call, value, what);
        } else if (
          key !== undefined &&
          unwrap(value).kind() === 'identifier' &&
          unwrap(value).text() === unwrap(key).text()
        ) {
          yield {
            node: call.node,
            messageId: 'ivIsKey',
            data: { call: call.calleeText, value: preview(value) },
          };
        }
      }
    }

    for (const call of ctx.calls(...STREAM_CIPHERS)) {
      const nonce = arg(call, 1, 'nonce');
      if (nonce !== undefined && constant(nonce)) yield report(call, nonce, 'nonce');
    }

    // AESGCM(key).encrypt(nonce, data, aad), directly or through a name bound to the AEAD object.
    const isAead = (n: SgNode): boolean => {
      const fn = n.kind() === 'call' ? n.field('function') : null;
      return fn !== null && ctx.resolve(fn).some((q) => AEAD_CLASSES.includes(q));
    };
    for (const call of ctx.methodCalls('encrypt')) {
      const receiver = call.receiver === null ? null : unwrap(call.receiver);
      if (receiver === null) continue;
      const aead =
        isAead(receiver) ||
        (receiver.kind() === 'identifier' && (boundValues(receiver) ?? []).some(isAead));
      const nonce = arg(call, 0, 'nonce');
      if (aead && nonce !== undefined && constant(nonce)) yield report(call, nonce, 'nonce');
    }

    // PyCryptodome CTR: Counter.new(128) or Counter.new(64, prefix=b"fixed") with nothing random.
    for (const call of ctx.calls('Crypto.Util.Counter.new', 'Cryptodome.Util.Counter.new')) {
      if (call.hasKwargsSplat || call.hasStarArgs) continue;
      const values = [...call.args, ...call.keywords.values()];
      if (values.every((v) => isLiteralTree(v) || constant(v))) {
        yield {
          node: call.node,
          messageId: 'counter',
          data: { call: call.calleeText },
          confidence: 'medium',
        };
      }
    }
  },
});
