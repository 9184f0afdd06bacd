import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite } from '../../../engine/rule-api.js';
import { enclosingFunction, unwrap } from '../../../languages/python/expr.js';
import {
  boundValues,
  destinationOf,
  isSecurityValueName,
  nameTokens,
  functionName,
} from '../../../languages/python/secret-helpers.js';

/** Functions of the Mersenne Twister module-level generator (and a `random.Random` instance). */
const METHODS = [
  'random',
  'randint',
  'randrange',
  'choice',
  'choices',
  'getrandbits',
  'sample',
  'shuffle',
  'uniform',
  'randbytes',
];
const MODULE_CALLS = [
  ...METHODS.map((m) => `random.${m}`),
  ...['randint', 'rand', 'choice', 'bytes', 'random', 'random_sample', 'permutation'].map(
    (m) => `numpy.random.${m}`,
  ),
];

/** Words of a name that say the value is a delay, size or position, not a secret. */
const NEUTRAL =
  /^(?:delay|jitter|backoff|sleep|wait|timeout|interval|length|len|size|count|index|idx|position|retry|retries|sample|samples|shuffle|color|colour|weight|weights|x|y|port)$/;

/** Verbs that name a function producing a value: `generate_token`, `make_otp`, `new_session_id`. */
const PRODUCING = /^(?:gen|generate|make|create|new|random|rand|issue|mint|build|rotate)$/;

function isRandomInstance(receiver: SgNode, resolve: (n: SgNode) => readonly string[]): boolean {
  const r = unwrap(receiver);
  const isCtor = (n: SgNode): boolean => {
    const fn = n.kind() === 'call' ? n.field('function') : null;
    return fn !== null && resolve(fn).includes('random.Random');
  };
  if (isCtor(r)) return true;
  return r.kind() === 'identifier' && (boundValues(r) ?? []).some(isCtor);
}

/** Functions whose random values serve layout, testing or games: `_make_boundary`, `roll_dice`. */
const NON_SECURITY_FUNCTION =
  /^(?:boundary|filename|tmp|temp|tempfile|color|colour|jitter|delay|backoff|retry|sample|mock|fake|dummy|demo|example|game|dice|roll|shuffle|test|benchmark|bench|seed)$/;

/** Local names imported from `secrets` (try: from secrets import ... except: from random import ...). */
function namesFromSecrets(root: SgNode): Set<string> {
  const out = new Set<string>();
  for (const stmt of root.findAll({ rule: { kind: 'import_from_statement' } })) {
    const mod = stmt.field('module_name');
    if (mod?.text() !== 'secrets') continue;
    for (const c of stmt.namedChildren()) {
      if (c.id() === mod.id()) continue;
      const local = c.kind() === 'aliased_import' ? c.field('alias')?.text() : c.text();
      if (local !== undefined) out.add(local);
    }
  }
  return out;
}

/** A function whose name says it produces a security value: `generate_reset_token`, `make_salt`. */
function producingFunction(call: CallSite): string | undefined {
  const fn = enclosingFunction(call.node);
  const name = functionName(fn);
  if (name === undefined || !isSecurityValueName(name)) return undefined;
  return nameTokens(name).some((t) => PRODUCING.test(t)) ? name : undefined;
}

export default definePythonRule({
  name: 'insecure-random',
  title: 'Predictable random number generator used for a security value',
  description:
    'Finds values from the random module (Mersenne Twister) or numpy.random that become tokens, passwords, salts, nonces, OTPs, session ids or keys.',
  cwe: [338],
  severity: 'error',
  confidence: 'high',
  tags: ['crypto', 'random'],
  messages: {
    default: '`{{call}}` is not cryptographically secure, yet its result becomes `{{name}}`.',
    returned:
      '`{{call}}` is not cryptographically secure, yet `{{name}}` returns its result as a security value.',
    inside:
      '`{{call}}` is not cryptographically secure, yet it is used in `{{name}}`, which produces a security value.',
  },
  help: {
    why: "Python's `random` module is a Mersenne Twister: after observing 624 outputs (or about 20,000 bits) an attacker can reconstruct its state and predict every past and future value, and a seed from the time is guessable outright. Reset tokens, session ids, OTPs and passwords drawn from it can be predicted and used to take over accounts.",
    fix: 'Use the `secrets` module: `secrets.token_urlsafe(32)` for tokens, `secrets.token_hex()`, `secrets.choice(alphabet)` for passwords and codes, `secrets.randbelow(10**6)` for numeric OTPs, or `os.urandom()` / `random.SystemRandom()` for raw randomness.',
  },
  inTests: 'skip',
  // Calls resolved through the random or numpy.random module, or on a random.Random instance.
  requires: ['random'],
  *detect(ctx) {
    const calls: CallSite[] = [...ctx.calls(...MODULE_CALLS)];
    if (ctx.calls('random.Random').length > 0) {
      for (const call of ctx.methodCalls(...METHODS)) {
        if (call.receiver !== null && isRandomInstance(call.receiver, ctx.resolve))
          calls.push(call);
      }
    }
    if (calls.length === 0) return;
    const seen = new Set<number>();
    const fromSecrets = namesFromSecrets(ctx.root);
    for (const call of calls) {
      if (seen.has(call.node.id())) continue;
      seen.add(call.node.id());
      if (fromSecrets.has(call.calleeText.split('.')[0] ?? '')) continue;
      const fnName = functionName(enclosingFunction(call.node));
      if (fnName !== undefined && nameTokens(fnName).some((t) => NON_SECURITY_FUNCTION.test(t))) {
        continue;
      }
      const dest = destinationOf(call.node);
      const name = dest?.name;
      if (dest !== undefined && name !== undefined && dest.via !== 'argument') {
        if (isSecurityValueName(name)) {
          yield {
            node: call.node,
            messageId: dest.via === 'return' ? 'returned' : 'default',
            data: { call: call.calleeText, name },
          };
          continue;
        }
        if (nameTokens(name).some((t) => NEUTRAL.test(t))) continue;
      }
      if (dest?.via === 'argument' && /sleep|wait|delay/i.test(name ?? '')) continue;
      const producer = producingFunction(call);
      if (producer !== undefined) {
        yield {
          node: call.node,
          messageId: 'inside',
          data: { call: call.calleeText, name: producer },
          confidence: 'medium',
        };
      }
    }
  },
});
