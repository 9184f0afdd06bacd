import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { enclosingFunction, isFalsy, stringValue, unwrap } from '../../../languages/python/expr.js';
import { boundValues, functionName } from '../../../languages/python/secret-helpers.js';

/** PyJWT and python-jose functions that verify a token's signature unless told not to. */
const DECODERS = [
  'jwt.decode',
  'jwt.decode_complete',
  'jwt.api_jwt.decode',
  'jwt.api_jwt.decode_complete',
  'jose.jwt.decode',
];

/** Functions that return a token's claims without checking its signature. */
const UNVERIFIED_CLAIMS = ['jose.jwt.get_unverified_claims', 'jose.jws.get_unverified_claims'];

/** The value of `key` in a dict literal, a `dict(...)` call, or a name bound to one of them. */
function optionValue(options: SgNode, key: string, depth = 0): SgNode | undefined {
  const n = unwrap(options);
  if (n.kind() === 'dictionary') {
    for (const pair of n.namedChildren()) {
      if (pair.kind() !== 'pair') continue;
      const k = pair.field('key');
      if (k !== null && stringValue(k) === key) return pair.field('value') ?? undefined;
    }
    return undefined;
  }
  if (n.kind() === 'call' && n.field('function')?.text() === 'dict') {
    for (const kw of n.field('arguments')?.namedChildren() ?? []) {
      if (kw.kind() === 'keyword_argument' && kw.field('name')?.text() === key) {
        return kw.field('value') ?? undefined;
      }
    }
    return undefined;
  }
  if (n.kind() === 'identifier' && depth === 0) {
    const values = boundValues(n);
    if (values?.length === 1 && values[0] !== undefined) return optionValue(values[0], key, 1);
  }
  return undefined;
}

/** Why a decode call does not verify the signature, or undefined when it does. */
function disabledBy(call: CallSite): { messageId: string; detail: string } | undefined {
  const verify = call.keywords.get('verify');
  if (verify !== undefined && isFalsy(verify))
    return { messageId: 'default', detail: 'verify=False' };
  const options = arg(call, 3, 'options');
  const flag = options === undefined ? undefined : optionValue(options, 'verify_signature');
  if (flag !== undefined && isFalsy(flag)) {
    return { messageId: 'default', detail: '"verify_signature": False' };
  }
  const algorithms = arg(call, 2, 'algorithms');
  if (algorithms !== undefined) {
    const a = unwrap(algorithms);
    const items = a.kind() === 'list' || a.kind() === 'tuple' ? a.namedChildren() : [a];
    if (items.some((i) => stringValue(i)?.toLowerCase() === 'none')) {
      return { messageId: 'none', detail: '"none"' };
    }
  }
  return undefined;
}

export default definePythonRule({
  name: 'jwt-verification-disabled',
  title: 'JWT decoded without verifying its signature',
  description:
    'Finds PyJWT and python-jose decoding with signature verification switched off (verify=False, verify_signature False), the "none" algorithm allowed, or unverified claims used as the result.',
  cwe: [347],
  severity: 'error',
  confidence: 'high',
  tags: ['auth', 'jwt'],
  messages: {
    default: '`{{call}}` decodes the token with {{detail}}, so its signature is not checked.',
    none: '`{{call}}` accepts the "none" algorithm, so unsigned tokens may pass.',
    unverified:
      '`{{call}}` returns claims without verifying the signature, and nothing in `{{scope}}` verifies the token.',
  },
  help: {
    why: 'A JWT is only as trustworthy as its signature check. Without it anyone can edit the payload (user id, roles, expiry) and the application accepts it, which turns authentication into a formality: an attacker signs in as any user, including administrators.',
    fix: 'Always verify with an explicit key and algorithm list: `jwt.decode(token, key, algorithms=["RS256"])`. Never pass `verify_signature: False` or allow "none". To choose a key before verifying, read only the header (`jwt.get_unverified_header(token)["kid"]`), then decode with verification.',
  },
  inTests: 'skip',
  // Calls resolved through PyJWT (jwt) or python-jose (jose).
  requires: ['jwt', 'jose'],
  *detect(ctx) {
    const decoders = ctx.calls(...DECODERS);
    const verifyingScopes = new Set<number>();
    const disabled: { call: CallSite; why: { messageId: string; detail: string } }[] = [];
    for (const call of decoders) {
      const why = disabledBy(call);
      const scope = enclosingFunction(call.node)?.id() ?? -1;
      if (why === undefined) verifyingScopes.add(scope);
      else disabled.push({ call, why });
    }

    for (const { call, why } of disabled) {
      // Reading the claims unverified to find the issuer, then verifying in the same function, is the
      // documented multi-issuer pattern; only the "none" algorithm stays suspicious there.
      const scope = enclosingFunction(call.node)?.id() ?? -1;
      if (why.messageId === 'default' && verifyingScopes.has(scope)) continue;
      yield {
        node: call.node,
        messageId: why.messageId,
        data: { call: call.calleeText, detail: why.detail },
      };
    }

    for (const call of ctx.calls(...UNVERIFIED_CLAIMS)) {
      const fn = enclosingFunction(call.node);
      if (verifyingScopes.has(fn?.id() ?? -1)) continue;
      yield {
        node: call.node,
        messageId: 'unverified',
        data: { call: call.calleeText, scope: functionName(fn) ?? 'this module' },
        confidence: 'medium',
      };
    }
  },
});
