import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { stringValue } from '../../../languages/python/expr.js';
import {
  findKnownSecret,
  isSecretName,
  literalBindings,
  looksRandom,
} from '../../../languages/python/secret-helpers.js';

/** Environment lookups whose second argument is the value used when the variable is unset. */
const ENV_LOOKUPS = ['os.getenv', 'os.environ.get', 'os.environ.setdefault'];

/** Prefixes of the known formats, so that only candidate strings are examined (natively filtered). */
const KNOWN_PREFIXES =
  'AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|hooks\\.slack\\.com|_live_|AIza|SG\\.|SK[0-9a-f]{32}|npm_|pypi-|T3BlbkFJ|sk-ant-|PRIVATE KEY';

const AUTH_SCHEME_HINT = '(?i)(?:bearer|token|basic) [A-Za-z0-9._~+/=-]{16,}';
const AUTH_HEADER_VALUE = /^(Bearer|Token|Basic)\s+([A-Za-z0-9._~+/=-]{16,})$/i;

/** The text of one string node, with `{}` standing for each f-string interpolation. */
function rawText(node: SgNode): string {
  return node
    .children()
    .map((c) =>
      c.kind() === 'string_content' ? c.text() : c.kind() === 'interpolation' ? '{}' : '',
    )
    .join('');
}

function callName(keyword: SgNode): string {
  const call = keyword.parent()?.parent();
  return call?.kind() === 'call' ? (call.field('function')?.text() ?? 'call') : 'call';
}

export default definePythonRule({
  name: 'hardcoded-secret',
  title: 'Hard-coded credential, API key or secret key in source code',
  description:
    'Finds string literals in known credential formats (cloud, VCS, chat and payment API keys, private keys) and high-entropy literals bound to names that denote a secret, token or key.',
  cwe: [798, 321],
  severity: 'error',
  confidence: 'high',
  tags: ['secrets', 'credentials'],
  messages: {
    default: 'A high-entropy literal is assigned to the secret `{{name}}`.',
    known: 'This string contains a hard-coded {{kind}}.',
    header: 'This string is an Authorization header value with a hard-coded {{scheme}} credential.',
    keyword: '`{{call}}` receives a hard-coded secret in `{{name}}=`.',
    key: 'The dictionary entry `"{{name}}"` holds a hard-coded secret.',
    default_param: 'Parameter `{{name}}` defaults to a hard-coded secret.',
    comparison: '`{{name}}` is compared with a hard-coded secret.',
    env: '`{{call}}("{{name}}", ...)` falls back to a hard-coded secret when the variable is unset.',
  },
  help: {
    why: 'A credential in source code is exposed to everyone who can read the repository, its history, packages and images. Automated scanners harvest keys from public commits within minutes; a leaked cloud key is used to run workloads or read data, and a leaked signing key (Django/Flask SECRET_KEY, JWT secret) lets an attacker forge sessions and tokens for any user.',
    fix: 'Load secrets at run time from the environment or a secret manager (`os.environ["SECRET_KEY"]`, AWS Secrets Manager, Vault), fail when they are missing rather than falling back to a literal, revoke and rotate every key that was committed, and add a pre-commit secret scanner.',
  },
  inTests: 'lower',
  *detect(ctx) {
    const reported = new Set<number>();

    // (a) Known formats: the prefix alone makes the match a credential, wherever the string is.
    for (const s of ctx.root.findAll({ rule: { kind: 'string', regex: KNOWN_PREFIXES } })) {
      const kind = findKnownSecret(rawText(s));
      if (kind === undefined) continue;
      reported.add(s.id());
      const parent = s.parent();
      if (parent?.kind() === 'concatenated_string') reported.add(parent.id());
      yield { node: s, messageId: 'known', data: { kind } };
    }

    // The weaker, randomness-based signals below are not reported in test code at all: tests are full
    // of generated-looking fixtures.
    if (ctx.file.testCode) return;

    // An Authorization header value written out: "Bearer <token>", "token <token>", "Basic <b64>".
    for (const s of ctx.root.findAll({ rule: { kind: 'string', regex: AUTH_SCHEME_HINT } })) {
      if (reported.has(s.id())) continue;
      const m = AUTH_HEADER_VALUE.exec(stringValue(s) ?? '');
      const scheme = m?.[1];
      const credential = m?.[2];
      if (scheme === undefined || credential === undefined || !looksRandom(credential)) continue;
      reported.add(s.id());
      yield { node: s, messageId: 'header', data: { scheme }, confidence: 'medium' };
    }

    // (b) Randomness under a secret name.
    for (const b of literalBindings(ctx.root)) {
      if (reported.has(b.value.id())) continue;
      if (!isSecretName(b.name) || !looksRandom(b.text)) continue;
      const detection: Detection = { node: b.value, data: { name: b.name }, confidence: 'medium' };
      switch (b.via) {
        case 'assignment':
          yield detection;
          break;
        case 'keyword':
          yield {
            ...detection,
            messageId: 'keyword',
            data: { name: b.name, call: callName(b.value.parent() ?? b.value) },
          };
          break;
        case 'key':
          yield { ...detection, messageId: 'key' };
          break;
        case 'default':
          yield { ...detection, messageId: 'default_param' };
          break;
        case 'comparison':
          yield { ...detection, messageId: 'comparison' };
          break;
      }
    }

    for (const call of ctx.calls(...ENV_LOOKUPS)) {
      const varNode = arg(call, 0, 'key');
      const fallback = arg(call, 1, call.callee.includes('os.getenv') ? 'default' : undefined);
      const varName = varNode === undefined ? undefined : stringValue(varNode);
      const value = fallback === undefined ? undefined : stringValue(fallback);
      if (varName === undefined || value === undefined || fallback === undefined) continue;
      if (reported.has(fallback.id()) || !isSecretName(varName) || !looksRandom(value)) continue;
      yield {
        node: fallback,
        messageId: 'env',
        data: { call: call.calleeText, name: varName },
        confidence: 'low',
      };
    }
  },
});
