import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { stringValue } from '../../../languages/python/expr.js';
import { constantInt } from '../../../languages/python/secret-helpers.js';

/** NIST SP 800-57 / 800-131A: RSA, DSA and finite-field DH keys need at least 2048 bits. */
const MIN_BITS = 2048;

const ASYM = 'cryptography.hazmat.primitives.asymmetric';

/** Key generators: where the size argument sits (position, keyword) and the algorithm. */
const GENERATORS: readonly {
  names: readonly string[];
  index: number;
  keyword: string;
  algorithm: string;
}[] = [
  { names: [`${ASYM}.rsa.generate_private_key`], index: 1, keyword: 'key_size', algorithm: 'RSA' },
  { names: [`${ASYM}.dsa.generate_private_key`], index: 0, keyword: 'key_size', algorithm: 'DSA' },
  { names: [`${ASYM}.dsa.generate_parameters`], index: 0, keyword: 'key_size', algorithm: 'DSA' },
  { names: [`${ASYM}.dh.generate_parameters`], index: 1, keyword: 'key_size', algorithm: 'DH' },
  {
    names: ['Crypto.PublicKey.RSA.generate', 'Cryptodome.PublicKey.RSA.generate'],
    index: 0,
    keyword: 'bits',
    algorithm: 'RSA',
  },
  {
    names: ['Crypto.PublicKey.DSA.generate', 'Cryptodome.PublicKey.DSA.generate'],
    index: 0,
    keyword: 'bits',
    algorithm: 'DSA',
  },
  {
    names: ['Crypto.PublicKey.ElGamal.generate', 'Cryptodome.PublicKey.ElGamal.generate'],
    index: 0,
    keyword: 'bits',
    algorithm: 'ElGamal',
  },
  { names: ['paramiko.RSAKey.generate'], index: 0, keyword: 'bits', algorithm: 'RSA' },
  { names: ['rsa.newkeys'], index: 0, keyword: 'nbits', algorithm: 'RSA' },
];

/** Elliptic curves with less than 112-bit security. */
const WEAK_CURVES = ['SECP192R1', 'SECT163K1', 'SECT163R2'].map((c) => `${ASYM}.ec.${c}`);
const WEAK_CURVE_NAMES = /^(?:p-?192|nist ?p-?192|secp192r1|prime192v1|secp160r1|secp160k1)$/i;

function sizeFinding(call: CallSite, size: SgNode | undefined, algorithm: string) {
  if (size === undefined) return undefined;
  const bits = constantInt(size);
  if (bits === undefined || bits >= MIN_BITS) return undefined;
  return { node: call.node, data: { call: call.calleeText, algorithm, bits, min: MIN_BITS } };
}

export default definePythonRule({
  name: 'weak-key-size',
  title: 'Asymmetric key too short (RSA/DSA/DH below 2048 bits, curves below 224 bits)',
  description:
    'Finds RSA, DSA, DH and ElGamal keys generated with fewer than 2048 bits and elliptic-curve keys on 192-bit or smaller curves.',
  cwe: [326],
  severity: 'error',
  confidence: 'high',
  tags: ['crypto', 'keys'],
  messages: {
    default: '`{{call}}` generates a {{bits}}-bit {{algorithm}} key; use at least {{min}} bits.',
    curve: '`{{call}}` selects the {{curve}} curve, which gives less than 112 bits of security.',
  },
  help: {
    why: 'Short keys can be broken by factoring or discrete logarithms: 512-bit RSA is factored in hours on rented machines, 768-bit RSA has been publicly factored and 1024-bit keys are within reach of well-funded attackers. Whoever breaks the key can decrypt recorded traffic and forge signatures.',
    fix: 'Generate RSA, DSA and DH keys with at least 2048 bits (3072 for use beyond 2030), e.g. `rsa.generate_private_key(public_exponent=65537, key_size=3072)`, or switch to elliptic curves such as P-256 (`ec.SECP256R1()`) or Ed25519.',
  },
  inTests: 'skip',
  // The last names of the calls and curves below (newkeys, SECP192R1, SECT163K1 and SECT163R2 as
  // shorter substrings).
  requires: ['generate', 'wkeys', 'P192', 'T163'],
  *detect(ctx) {
    for (const g of GENERATORS) {
      for (const call of ctx.calls(...g.names)) {
        const d = sizeFinding(call, arg(call, g.index, g.keyword), g.algorithm);
        if (d !== undefined) yield d;
      }
    }

    for (const call of ctx.calls(...WEAK_CURVES)) {
      const curve = call.callee[0]?.split('.').at(-1) ?? call.calleeText;
      yield { node: call.node, messageId: 'curve', data: { call: call.calleeText, curve } };
    }
    for (const call of ctx.calls(
      'Crypto.PublicKey.ECC.generate',
      'Cryptodome.PublicKey.ECC.generate',
    )) {
      const curveNode = arg(call, 0, 'curve');
      const curve = curveNode === undefined ? undefined : stringValue(curveNode);
      if (curve === undefined || !WEAK_CURVE_NAMES.test(curve)) continue;
      yield { node: call.node, messageId: 'curve', data: { call: call.calleeText, curve } };
    }

    // pyOpenSSL: PKey().generate_key(crypto.TYPE_RSA, 1024)
    if ([...ctx.imports.modules].some((m) => m === 'OpenSSL' || m.startsWith('OpenSSL.'))) {
      for (const call of ctx.methodCalls('generate_key')) {
        if (call.receiver === null) continue;
        const type = arg(call, 0, 'type');
        const algorithm = type?.text().endsWith('TYPE_DSA') === true ? 'DSA' : 'RSA';
        const d = sizeFinding(call, arg(call, 1, 'bits'), algorithm);
        if (d !== undefined) yield d;
      }
    }
  },
});
