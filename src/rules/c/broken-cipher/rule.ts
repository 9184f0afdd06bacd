import { defineCRule, type Detection } from '../../../engine/rule-api.js';

/** Cipher-selecting or cipher-running functions of OpenSSL and Mbed TLS that use a broken algorithm or mode. */
const BROKEN_FUNCTION =
  /^(?:EVP_(?:des|desx|rc4|rc2|bf|cast5|idea|seed)(?:_\w+)?|EVP_enc_null|EVP_\w+_ecb|DES_(?:set_key\w*|key_sched|ecb_encrypt|ecb3_encrypt|ncbc_encrypt|cbc_encrypt|ede[23]_\w+|pcbc_encrypt|cfb64_encrypt|ofb64_encrypt)|RC4|RC4_set_key|RC2_set_key|RC2_\w+_encrypt|BF_set_key|BF_\w+_encrypt|AES_ecb_encrypt|mbedtls_(?:des|des3|arc4|blowfish)_\w+)$/;
/** Constants selecting a broken algorithm or mode. */
const BROKEN_CONSTANT =
  /^(?:CALG_DES|CALG_3DES|CALG_3DES_112|CALG_RC2|CALG_RC4|CALG_DESX|BCRYPT_DES_ALGORITHM|BCRYPT_3DES_ALGORITHM|BCRYPT_RC2_ALGORITHM|BCRYPT_RC4_ALGORITHM|BCRYPT_CHAIN_MODE_ECB|GCRY_CIPHER_DES|GCRY_CIPHER_3DES|GCRY_CIPHER_ARCFOUR|GCRY_CIPHER_BLOWFISH|GCRY_CIPHER_MODE_ECB|MBEDTLS_CIPHER_DES_\w+|MBEDTLS_CIPHER_\w+_ECB|MBEDTLS_MODE_ECB)$/;
const CIPHER_NAME =
  /^(?:des(?:-[\w-]+)?|desx|des3|3des|rc4(?:-[\w-]+)?|rc2(?:-[\w-]+)?|bf(?:-[\w-]+)?|blowfish|cast5?-[\w-]+|idea(?:-[\w-]+)?|aes-\d+-ecb|null)$/i;

function describe(name: string): { algo: string; id: string } {
  if (/ecb/i.test(name)) return { algo: 'ECB mode', id: 'ecb' };
  if (/enc_null|^null$/i.test(name))
    return { algo: 'the null cipher (no encryption)', id: 'default' };
  if (/3des|des3|ede/i.test(name))
    return { algo: 'Triple DES (64-bit blocks, deprecated)', id: 'default' };
  if (/rc4|arcfour/i.test(name)) return { algo: 'RC4', id: 'default' };
  if (/rc2/i.test(name)) return { algo: 'RC2', id: 'default' };
  if (/bf|blowfish/i.test(name)) return { algo: 'Blowfish (64-bit blocks)', id: 'default' };
  if (/cast/i.test(name)) return { algo: 'CAST5 (64-bit blocks)', id: 'default' };
  if (/idea/i.test(name)) return { algo: 'IDEA (64-bit blocks)', id: 'default' };
  if (/seed/i.test(name)) return { algo: 'SEED', id: 'default' };
  return { algo: 'DES', id: 'default' };
}

export default defineCRule({
  name: 'broken-cipher',
  title: 'Broken or risky cipher (DES, 3DES, RC4, RC2, Blowfish, null) or ECB mode',
  description:
    'Finds DES, Triple DES, RC4, RC2, Blowfish, CAST5, IDEA, the null cipher and ECB mode selected through OpenSSL, Mbed TLS, libgcrypt or Windows CryptoAPI/CNG.',
  cwe: [327],
  severity: 'error',
  confidence: 'high',
  tags: ['crypto'],
  messages: {
    default:
      '`{{name}}` uses {{algo}}, which does not protect data against a present-day attacker.',
    ecb: '`{{name}}` uses ECB mode: identical plaintext blocks give identical ciphertext blocks, so the structure of the data shows through.',
  },
  help: {
    why: 'DES keys are found by brute force in hours; RC4 has biases that recover plaintext from many encryptions; 64-bit block ciphers (3DES, Blowfish, CAST5, IDEA) leak plaintext after a few gigabytes under one key (Sweet32); the null cipher does not encrypt; ECB encrypts equal blocks to equal ciphertext, revealing patterns and allowing blocks to be cut and pasted.',
    fix: 'Use an authenticated cipher: AES-256-GCM (`EVP_aes_256_gcm()`) or ChaCha20-Poly1305 (`EVP_chacha20_poly1305()`), with a fresh random nonce per message; `BCRYPT_AES_ALGORITHM` with `BCRYPT_CHAIN_MODE_GCM` on Windows.',
  },
  requires: [
    'des',
    'DES',
    'rc4',
    'RC4',
    'rc2',
    'RC2',
    'bf',
    'BF',
    'cast5',
    'idea',
    'ecb',
    'ECB',
    'null',
    'ARCFOUR',
    'BLOWFISH',
    'cipherbyname',
  ],
  *detect(ctx) {
    for (const call of ctx.allCalls()) {
      if (!call.plain) continue;
      let name = call.name;
      if (name === 'EVP_get_cipherbyname') {
        const v = call.args[0] === undefined ? undefined : ctx.stringValue(call.args[0]);
        if (v === undefined || !CIPHER_NAME.test(v)) continue;
        name = v;
      } else if (!BROKEN_FUNCTION.test(name)) {
        continue;
      }
      const d = describe(name);
      const det: Detection = {
        node: call.node,
        messageId: d.id,
        data: { name: call.calleeText, algo: d.algo },
      };
      yield det;
    }
    for (const id of ctx.nodes('identifier')) {
      const t = id.text();
      if (!BROKEN_CONSTANT.test(t)) continue;
      if (id.parent()?.kind() === 'preproc_def') continue;
      const d = describe(t);
      yield { node: id, messageId: d.id, data: { name: t, algo: d.algo } };
    }
  },
});
