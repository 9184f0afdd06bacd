import { defineCRule } from '../../../engine/rule-api.js';
import { secretLiterals } from '../../../languages/c/credential-helpers.js';

export default defineCRule({
  name: 'hardcoded-crypto-key',
  title: 'Hard-coded cryptographic key in the source',
  description:
    'Finds string literals given to encryption, HMAC and private key macros, variables and fields, and literals passed as the key of EVP_EncryptInit_ex, AES_set_encrypt_key, HMAC, sqlite3_key and CryptHashData.',
  cwe: [321],
  severity: 'error',
  confidence: 'medium',
  tags: ['secrets', 'crypto'],
  messages: {
    default: 'A cryptographic key is written into the source as a literal (`{{name}}`).',
    api: 'A literal key is passed to `{{name}}`.',
  },
  help: {
    why: 'A key in the source is the same in every installation and visible to anyone with the code or the binary. Everything it encrypts or authenticates is readable and forgeable by them, and it cannot be changed without shipping a new build.',
    fix: 'Generate keys at install or run time with a CSPRNG (`RAND_bytes`), or load them from a key store, an HSM/TPM or a protected file; derive keys from secrets with HKDF or a password KDF rather than embedding them.',
  },
  inTests: 'lower',
  requires: ['"'],
  *detect(ctx) {
    for (const s of secretLiterals(ctx)) {
      if (s.kind !== 'key') continue;
      yield {
        node: s.node,
        messageId: s.viaApi ? 'api' : 'default',
        data: { name: s.name },
        confidence: s.viaApi ? 'high' : 'medium',
      };
    }
  },
});
