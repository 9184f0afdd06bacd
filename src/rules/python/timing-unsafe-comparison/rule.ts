import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type PythonContext } from '../../../engine/rule-api.js';
import {
  enclosingFunction,
  isLiteralTree,
  stringValue,
  unwrap,
} from '../../../languages/python/expr.js';
import { inNestedScope, kindOf, nameWords } from '../../../languages/python/flow-helpers.js';

type Strength = 'strong' | 'weak';

/** Words that make a name a secret to be verified on their own. */
const STRONG = new Set([
  'signature',
  'hmac',
  'csrf',
  'xsrf',
  'otp',
  'totp',
  'hotp',
  'apikey',
  'secret',
]);
/** Word pairs that do the same: `api_key`, `password_hash`. */
const STRONG_PAIRS: readonly (readonly [string, string])[] = [
  ['api', 'key'],
  ['password', 'hash'],
  ['passwd', 'hash'],
  ['pw', 'hash'],
  ['hashed', 'password'],
  ['access', 'key'],
];
/** `token` is a secret with one of these qualifiers; alone it may be a lexer token. */
const TOKEN_QUALIFIERS = new Set([
  'csrf',
  'xsrf',
  'auth',
  'access',
  'refresh',
  'reset',
  'session',
  'bearer',
  'api',
  'verification',
  'verify',
  'confirm',
  'confirmation',
  'activation',
  'invite',
  'webhook',
  'magic',
  'login',
  'remember',
  'unsubscribe',
  'secret',
  'oauth',
]);
/** Ambiguous secret words: a checksum digest, a MAC address, a lexer token. */
const WEAK = new Set(['token', 'digest', 'mac', 'nonce']);
/** First words that make a name a flag about a secret: `verify_signature`, `use_token`. */
const FLAG_FIRST = new Set([
  'verify',
  'check',
  'validate',
  'is',
  'has',
  'use',
  'require',
  'requires',
  'enable',
  'disable',
  'should',
  'allow',
  'skip',
  'include',
  'want',
  'need',
  'needs',
]);
/** Last words that make the name describe a secret rather than hold it: `token_type`, `signature_len`. */
const NOT_THE_VALUE = new Set([
  'name',
  'names',
  'id',
  'ids',
  'type',
  'types',
  'kind',
  'path',
  'file',
  'filename',
  'len',
  'length',
  'count',
  'size',
  'version',
  'url',
  'uri',
  'prefix',
  'suffix',
  'format',
  'field',
  'label',
  'index',
  'idx',
  'expiry',
  'expires',
  'exp',
  'ttl',
  'algorithm',
  'alg',
  'scheme',
  'method',
  'addr',
  'address',
  'header',
  'param',
  'attr',
  'class',
  'mode',
  'policy',
  'provider',
  'service',
  'manager',
  'store',
  'enabled',
  'required',
  'valid',
  'is',
  'has',
  'status',
  'state',
  'kid',
  'placement',
  'location',
  'position',
  'source',
  'style',
  'endpoint',
  'methods',
  'encoding',
  'charset',
  'algorithms',
  'lifetime',
  'timeout',
  'age',
  'limit',
  'host',
  'domain',
]);
/** Words that say a value is the expected or the presented side of a check. */
const PARTNER = new Set([
  'expected',
  'computed',
  'calculated',
  'provided',
  'supplied',
  'received',
  'given',
  'submitted',
  'stored',
  'saved',
  'known',
  'correct',
  'actual',
  'candidate',
  'incoming',
  'presented',
  'claimed',
  'user',
  'client',
  'request',
  'header',
  'good',
  'real',
]);
/** First words of a function that produces a secret value. */
const PRODUCER_VERBS = new Set([
  'compute',
  'calculate',
  'calc',
  'make',
  'generate',
  'gen',
  'create',
  'sign',
  'get',
  'build',
  'derive',
  'expected',
  'load',
  'fetch',
  'read',
]);
/** Words of a constant that a configured secret is checked against at start-up. */
const PLACEHOLDER = new Set([
  'default',
  'placeholder',
  'dummy',
  'example',
  'sample',
  'insecure',
  'changeme',
]);
/** Text that shows a value comes from an HTTP request. */
const REQUEST_TEXT = /\b(request|headers|cookies|args|form|GET|POST|META|query_params|environ)\b/;

/**
 * A substring every name classifyWords() accepts has, case-insensitively: the strong and weak
 * words, the first word of each strong pair, `token`. (`hmac` contains `mac`; `totp` and `hotp`
 * contain `otp`; `apikey` contains `api`; the password pairs contain `hash`.) Names are split into
 * words after lower-casing, which turns `İ` into `i` and a combining dot, so a file with that
 * letter is not judged by the text; the `u` flag matches the Kelvin sign as `k`, as lower-casing
 * does.
 */
const SECRET_WORD_TEXT = /signature|csrf|xsrf|otp|secret|api|access|hash|token|digest|mac|nonce/iu;

/** True when a name in this text may be one that classifyWords() accepts. */
function mayNameSecret(text: string): boolean {
  return SECRET_WORD_TEXT.test(text) || text.includes('\u0130');
}

function classifyWords(words: readonly string[]): Strength | undefined {
  const last = words[words.length - 1];
  if (last === undefined || NOT_THE_VALUE.has(last)) return undefined;
  if (FLAG_FIRST.has(words[0] ?? '')) return undefined;
  if (words.some((w) => STRONG.has(w))) return 'strong';
  for (const [a, b] of STRONG_PAIRS) {
    const i = words.indexOf(a);
    if (i !== -1 && words[i + 1] === b) return 'strong';
  }
  if (words.includes('token') && words.some((w) => TOKEN_QUALIFIERS.has(w))) return 'strong';
  if (words.some((w) => WEAK.has(w))) return 'weak';
  return undefined;
}

/** The name an operand is known by: a variable, an attribute, a string key or header name. */
function operandName(node: SgNode): string | undefined {
  const n = unwrap(node);
  const k = n.kind();
  if (k === 'identifier') return n.text();
  if (k === 'attribute') return n.field('attribute')?.text();
  if (k === 'subscript') {
    const key = n.fieldChildren('subscript')[0];
    // Only a string key names the value: `headers["X-Signature"]`; `rec[_SIGNATURE]` is a field index.
    return key === undefined ? undefined : stringValue(key);
  }
  if (k === 'call') {
    const fn = n.field('function');
    const method = fn?.kind() === 'attribute' ? fn.field('attribute')?.text() : fn?.text();
    const first = n.field('arguments')?.namedChildren()[0];
    // request.headers.get("X-Signature"), getattr(obj, "api_key")
    if ((method === 'get' || method === 'getattr' || method === 'getenv') && first !== undefined) {
      const args = n.field('arguments')?.namedChildren() ?? [];
      const keyArg = method === 'getattr' ? args[1] : first;
      const v = keyArg === undefined ? undefined : stringValue(keyArg);
      if (v !== undefined) return v;
    }
    // compute_signature(body), get_csrf_token(); not inspect.signature(f) or h.digest()
    const words = nameWords(method ?? '');
    return words.length > 1 && PRODUCER_VERBS.has(words[0] ?? '') ? method : undefined;
  }
  return undefined;
}

/** A call that computes an HMAC: `hmac.new(...).hexdigest()`, `hmac.digest(...)`. */
function computesMac(ctx: PythonContext, node: SgNode): boolean {
  const calls = unwrap(node).kind() === 'call' ? [unwrap(node)] : [];
  calls.push(...node.findAll({ rule: { kind: 'call' } }));
  return calls.some((c) => {
    const fn = c.field('function');
    return fn !== null && ctx.resolve(fn).some((n) => n.startsWith('hmac.'));
  });
}

interface Operand {
  strength: Strength | undefined;
  words: string[];
  /** An UPPER_CASE constant: an enum-like value, or at most the configured side of a check. */
  constant: boolean;
  /** The constant's name is that of a secret (`API_KEY`). */
  secretConstant: boolean;
}

/** The values assigned to a local name in the function (outside nested functions). */
function localValues(fn: SgNode, name: string): SgNode[] {
  const body = fn.field('body');
  const out: SgNode[] = [];
  for (const asg of body?.findAll({ rule: { kind: 'assignment' } }) ?? []) {
    const left = asg.field('left');
    const right = asg.field('right');
    if (left?.kind() !== 'identifier' || left.text() !== name || right === null) continue;
    if (!inNestedScope(asg, fn)) out.push(right);
  }
  return out;
}

function describe(ctx: PythonContext, node: SgNode, fn: SgNode | null): Operand {
  const n = unwrap(node);
  const plain = { constant: false, secretConstant: false };
  if (n.kind() === 'call' && computesMac(ctx, n))
    return { strength: 'strong', words: ['hmac'], ...plain };
  const name = operandName(n);
  const words = name === undefined ? [] : nameWords(name);
  let strength = classifyWords(words);
  const isName = n.kind() === 'identifier' || n.kind() === 'attribute';
  if (isName && name !== undefined && /^[A-Z][A-Z0-9_]*$/.test(name) && name.length > 1) {
    return { strength: undefined, words, constant: true, secretConstant: strength === 'strong' };
  }
  if (n.kind() === 'identifier' && fn !== null) {
    const values = localValues(fn, n.text());
    // A local assigned from an HMAC computation holds a MAC whatever its name; one assigned from
    // inspect.signature() holds a function signature.
    if (values.some((v) => computesMac(ctx, v))) strength = 'strong';
    else if (values.some((v) => resolvesUnder(ctx, v, 'inspect.'))) strength = undefined;
  }
  return { strength, words, ...plain };
}

/** True when the expression is a call of a function of that module. */
function resolvesUnder(ctx: PythonContext, node: SgNode, prefix: string): boolean {
  const n = unwrap(node);
  const fn = n.kind() === 'call' ? n.field('function') : null;
  return fn !== null && ctx.resolve(fn).some((q) => q.startsWith(prefix));
}

/** Operands that cannot be a presented secret: literals, None, lengths and types. */
function isExcludedOperand(ctx: PythonContext, node: SgNode): boolean {
  const n = unwrap(node);
  if (isLiteralTree(n)) return true;
  if (n.kind() === 'call') {
    const fn = n.field('function');
    if (fn !== null && ctx.resolve(fn).some((x) => x === 'len' || x === 'type' || x === 'bool')) {
      return true;
    }
  }
  return false;
}

const PASS_THROUGH = new Set(['parenthesized_expression', 'not_operator', 'boolean_operator']);
const VERIFYING = new Set([
  'if_statement',
  'elif_clause',
  'while_statement',
  'return_statement',
  'assert_statement',
  'conditional_expression',
  'assignment',
]);

/** True when the comparison decides something: an if/while condition, a return, an assert, a flag. */
function inVerifyingPosition(cmp: SgNode): boolean {
  let child = cmp;
  for (const a of cmp.ancestors()) {
    const k = kindOf(a);
    if (PASS_THROUGH.has(k)) {
      child = a;
      continue;
    }
    if (!VERIFYING.has(k)) return false;
    if (k === 'if_statement' || k === 'elif_clause' || k === 'while_statement') {
      return a.field('condition')?.id() === child.id();
    }
    if (k === 'assignment') return a.field('right')?.id() === child.id();
    return true;
  }
  return false;
}

export default definePythonRule({
  name: 'timing-unsafe-comparison',
  title: 'Secret compared with == (observable timing discrepancy)',
  description:
    'Finds signatures, MACs, tokens, API keys and password hashes compared with `==` or `!=` instead of a constant-time comparison.',
  cwe: [208],
  severity: 'warning',
  confidence: 'medium',
  tags: ['crypto', 'timing', 'authentication'],
  messages: {
    default:
      '`{{comparison}}` compares a secret ({{what}}) with `{{op}}`, which returns as soon as one byte differs; use `hmac.compare_digest()`.',
  },
  help: {
    why: 'String and bytes equality stops at the first differing byte, so the time a failed check takes reveals how many leading bytes were right. By measuring many attempts an attacker can recover a valid HMAC signature, API key or reset token byte by byte without knowing the secret key.',
    fix: 'Compare secrets with `hmac.compare_digest(expected, provided)` (or `secrets.compare_digest`), which takes the same time wherever the values differ. Encode both sides to bytes first if they may be of different types.',
  },
  inTests: 'skip',
  *detect(ctx) {
    // An operand is a secret when its name says so (the name is part of the comparison's text) or
    // when it is an HMAC computed by a call of the hmac module (named in the file).
    if (!ctx.source.includes('==') && !ctx.source.includes('!=')) return;
    const hmacInFile = ctx.source.includes('hmac');
    if (!hmacInFile && !mayNameSecret(ctx.source)) return;
    for (const cmp of ctx.nodes('comparison_operator')) {
      const text = cmp.text();
      if (!text.includes('==') && !text.includes('!=')) continue;
      if (!hmacInFile && !mayNameSecret(text)) continue;
      const ops = cmp.namedChildren().filter((c) => c.kind() !== 'comment');
      const tokens = cmp.children().filter((c) => c.kind() === '==' || c.kind() === '!=');
      const [left, right] = ops;
      if (ops.length !== 2 || tokens.length !== 1 || left === undefined || right === undefined)
        continue;
      if (isExcludedOperand(ctx, left) || isExcludedOperand(ctx, right)) continue;
      if (!inVerifyingPosition(cmp)) continue;
      const fn = enclosingFunction(cmp);
      // Equality methods compare objects, not presented secrets.
      if (fn !== null && /^__\w+__$/.test(fn.field('name')?.text() ?? '')) continue;
      const l = describe(ctx, left, fn);
      const r = describe(ctx, right, fn);
      const secret =
        l.strength === 'strong' || (l.strength === 'weak' && r.strength !== 'strong')
          ? left
          : right;
      const [s, other] = secret === left ? [l, r] : [r, l];
      if (s.strength === undefined) continue;
      if (s.strength === 'weak') {
        const otherNode = secret === left ? right : left;
        const fromRequest = REQUEST_TEXT.test(otherNode.text());
        const strongPartner = other.strength === 'strong' || other.secretConstant;
        // A bare digest is usually a content checksum of public data; it needs a secret partner.
        const named =
          !s.words.includes('digest') &&
          [...s.words, ...(other.constant ? [] : other.words)].some((w) => PARTNER.has(w));
        if (!fromRequest && !strongPartner && !named) continue;
      }
      // Checking configuration against a known placeholder is not a verification of presented input.
      if (other.words.some((w) => PLACEHOLDER.has(w))) continue;
      const op = tokens[0]?.text() ?? '==';
      yield {
        node: cmp,
        data: {
          comparison: cmp.text().replace(/\s+/g, ' ').slice(0, 80),
          what: `\`${unwrap(secret).text().slice(0, 40)}\``,
          op,
        },
      };
    }
  },
});
