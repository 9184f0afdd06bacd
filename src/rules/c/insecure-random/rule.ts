import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule } from '../../../engine/rule-api.js';
import { nameTokens } from '../../../languages/c/rule-helpers.js';

const GENERATORS = [
  'rand',
  'random',
  'rand_r',
  'drand48',
  'erand48',
  'lrand48',
  'nrand48',
  'mrand48',
  'jrand48',
  'qrand',
];

/** Words that name a secret on their own. */
const SECRET_WORDS = new Set([
  'token',
  'nonce',
  'salt',
  'password',
  'passwd',
  'pwd',
  'pw',
  'passphrase',
  'secret',
  'session',
  'sessionid',
  'sid',
  'iv',
  'otp',
  'csrf',
  'cookie',
  'challenge',
  'pin',
  'credential',
  'credentials',
  'apikey',
  'privkey',
  'seckey',
  'authcode',
  'uuid',
  'guid',
]);
/** Words that make `key` a cryptographic or credential key (a bare `key` is usually a map key). */
const KEY_QUALIFIERS = new Set([
  'api',
  'secret',
  'private',
  'session',
  'aes',
  'des',
  'hmac',
  'crypto',
  'crypt',
  'enc',
  'encryption',
  'cipher',
  'master',
  'sign',
  'signing',
  'auth',
  'wrap',
  'symmetric',
  'material',
]);
const PRODUCING = new Set([
  'gen',
  'generate',
  'make',
  'create',
  'new',
  'random',
  'rand',
  'issue',
  'mint',
  'build',
  'rotate',
  'init',
  'reset',
  'initial',
  'temporary',
  'fresh',
  'next',
]);

/** Words of a destination that say the value is a delay, a size or a position, not a secret. */
const NEUTRAL = new Set([
  'delay',
  'jitter',
  'backoff',
  'sleep',
  'wait',
  'timeout',
  'interval',
  'len',
  'length',
  'size',
  'count',
  'index',
  'idx',
  'pos',
  'position',
  'retry',
  'retries',
  'sample',
  'color',
  'colour',
  'x',
  'y',
  'z',
  'port',
  'dice',
  'speed',
  'weight',
]);

/** Words that make `code` a one-time secret (a bare `code` is usually an exit or error code). */
const CODE_QUALIFIERS = new Set([
  'reset',
  'verification',
  'verify',
  'activation',
  'activate',
  'confirm',
  'confirmation',
  'auth',
  'login',
  'access',
  'recovery',
  'invite',
  'invitation',
  'pairing',
  'unlock',
  'security',
  'backup',
]);

function isSecretName(name: string): boolean {
  const words = nameTokens(name);
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  if (words.includes('code') && words.some((w) => CODE_QUALIFIERS.has(w))) return true;
  return words.includes('key') && words.some((w) => KEY_QUALIFIERS.has(w));
}

/** Where the random value goes: the variable, field or array it is stored in, or the function returning it. */
function destination(
  call: SyntaxNode,
): { name: string; via: 'store' | 'return' | 'argument' } | undefined {
  let n = call;
  for (let p = call.parent(); p !== null; p = p.parent()) {
    const k = p.kind();
    if (k === 'init_declarator') {
      const id =
        p.field('declarator')?.find({ rule: { kind: 'identifier' } }) ?? p.field('declarator');
      return id === null ? undefined : { name: id.text(), via: 'store' };
    }
    if (k === 'assignment_expression') {
      const left = p.field('left');
      if (left === null || left.id() === n.id()) return undefined;
      const target =
        left.kind() === 'subscript_expression' ? (left.field('argument') ?? left) : left;
      const last = /(\w+)\s*$/.exec(target.text())?.[1];
      return last === undefined ? undefined : { name: last, via: 'store' };
    }
    if (k === 'return_statement') return { name: '', via: 'return' };
    if (k === 'argument_list') {
      const owner = p.parent();
      const callee = owner?.kind() === 'call_expression' ? (owner.children()[0]?.text() ?? '') : '';
      return { name: /(\w+)\s*$/.exec(callee)?.[1] ?? '', via: 'argument' };
    }
    if (k === 'expression_statement' || k === 'compound_statement' || k === 'function_definition')
      return undefined;
    n = p;
  }
  return undefined;
}

export default defineCRule({
  name: 'insecure-random',
  title: 'Predictable random number generator used for a security value',
  description:
    'Finds rand(), random(), the drand48 family and qrand() whose result becomes a token, password, salt, nonce, IV, session id or key, or is produced by a function named for generating one.',
  cwe: [338],
  severity: 'error',
  confidence: 'high',
  tags: ['crypto', 'random'],
  messages: {
    default: '`{{fn}}()` is predictable, yet its result becomes `{{name}}`.',
    inside: '`{{fn}}()` is predictable, yet `{{name}}` uses it to produce a security value.',
  },
  help: {
    why: 'rand() and random() are small linear or additive generators, usually seeded with the time: from a few outputs (or a guess of the start time) an attacker reproduces the whole sequence and predicts session ids, reset tokens, salts, nonces and keys drawn from it.',
    fix: "Draw security values from the operating system's CSPRNG: `getrandom()` / `getentropy()` on Linux and BSD, `arc4random_buf()`, `RAND_bytes()` (OpenSSL), `BCryptGenRandom()` on Windows, `QRandomGenerator::system()` in Qt.",
  },
  inTests: 'skip',
  requires: ['rand'],
  *detect(ctx) {
    for (const call of ctx.calls(...GENERATORS)) {
      const dest = destination(call.node);
      if (dest?.via === 'store' && isSecretName(dest.name)) {
        yield { node: call.node, data: { fn: call.name, name: dest.name } };
        continue;
      }
      if (dest?.via === 'argument' && isSecretName(dest.name)) {
        yield { node: call.node, data: { fn: call.name, name: dest.name }, confidence: 'medium' };
        continue;
      }
      if (dest?.via === 'store' && nameTokens(dest.name).some((w) => NEUTRAL.has(w))) continue;
      const fnName = ctx.enclosingFunction(call.node)?.name ?? '';
      const words = nameTokens(fnName);
      if (isSecretName(fnName) && words.some((w) => PRODUCING.has(w))) {
        yield {
          node: call.node,
          messageId: 'inside',
          data: { fn: call.name, name: fnName },
          confidence: 'medium',
        };
      }
    }
  },
});
