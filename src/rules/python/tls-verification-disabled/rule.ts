import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import type { PythonContext } from '../../../languages/python/context.js';
import { constantAssignments, isTrue, literalValue } from '../../../languages/python/expr.js';
import {
  compact,
  HTTP_VERBS,
  importsAny,
  isCertNone,
  keywordArguments,
  namesBoundTo,
  resolvesTo,
} from '../../../languages/python/web-helpers.js';

const VERBS = [...HTTP_VERBS, 'request'];

/** Module-level functions and client classes that take `verify=`. */
const VERIFY_FUNCTIONS = [
  ...VERBS.map((v) => `requests.${v}`),
  ...VERBS.map((v) => `requests.api.${v}`),
  ...VERBS.map((v) => `httpx.${v}`),
  'httpx.stream',
  'httpx.Client',
  'httpx.AsyncClient',
  'httpx.HTTPTransport',
  'httpx.AsyncHTTPTransport',
  'boto3.client',
  'boto3.resource',
];

/** Methods of sessions and clients (requests, httpx, boto3 sessions) that take `verify=`. */
const VERIFY_METHODS = [...VERBS, 'send', 'stream', 'client', 'resource'];

const AIOHTTP_METHODS = [...VERBS, 'ws_connect'];

const SESSION_FACTORIES = ['requests.Session', 'requests.session', 'requests.sessions.Session'];

const UNVERIFIED_FACTORY = new Set(['ssl._create_unverified_context']);
const DEFAULT_HTTPS_CONTEXT = new Set(['ssl._create_default_https_context']);
const SERVER_PURPOSE = new Set(['ssl.Purpose.CLIENT_AUTH']);
const SERVER_PROTOCOL = new Set(['ssl.PROTOCOL_TLS_SERVER']);

/** `False`, or a name bound only to `False` (`VERIFY_TLS = False` at module level). */
function isLiteralFalse(node: SgNode | undefined | null): boolean {
  if (node === undefined || node === null) return false;
  if (literalValue(node) === false) return true;
  const values = constantAssignments(node);
  return (
    values !== undefined && values.length > 0 && values.every((v) => literalValue(v) === false)
  );
}

/**
 * Context objects made for the server side of a connection, where not asking the client for a
 * certificate (CERT_NONE) and not checking a hostname are the normal configuration.
 */
function serverContexts(ctx: PythonContext): Set<string> {
  const out = new Set<string>();
  const factories = [
    ...ctx.calls('ssl.create_default_context').filter((c) => {
      const purpose = c.keywords.get('purpose') ?? c.args[0];
      return resolvesTo(ctx, purpose, SERVER_PURPOSE);
    }),
    ...ctx.calls('ssl.SSLContext').filter((c) => {
      const protocol = c.keywords.get('protocol') ?? c.args[0];
      return resolvesTo(ctx, protocol, SERVER_PROTOCOL);
    }),
  ];
  for (const name of namesBoundTo(factories).keys()) out.add(name);
  for (const call of ctx.methodCalls('wrap_socket')) {
    if (call.receiver !== null && isTrue(call.keywords.get('server_side'))) {
      out.add(compact(call.receiver.text()));
    }
  }
  return out;
}

function* httpClientCalls(ctx: PythonContext): Generator<Detection> {
  const seen = new Set<number>();
  const report = (call: CallSite, kw: string): Detection | undefined => {
    if (seen.has(call.node.id())) return undefined;
    seen.add(call.node.id());
    return { node: call.node, messageId: 'verifyFalse', data: { callee: call.calleeText, kw } };
  };
  // verify=False needs `verify` in the text, ssl=False / verify_ssl=False `ssl`.
  const verify = ctx.source.includes('verify');
  for (const call of verify ? ctx.calls(...VERIFY_FUNCTIONS) : []) {
    if (isLiteralFalse(call.keywords.get('verify'))) {
      const d = report(call, 'verify=False');
      if (d !== undefined) yield d;
    }
  }
  if (verify && importsAny(ctx, 'requests', 'httpx', 'boto3', 'botocore')) {
    for (const call of ctx.methodCalls(...VERIFY_METHODS)) {
      if (call.receiver === null || !isLiteralFalse(call.keywords.get('verify'))) continue;
      const d = report(call, 'verify=False');
      if (d !== undefined) yield d;
    }
  }
  if (ctx.source.includes('ssl') && importsAny(ctx, 'aiohttp')) {
    const aiohttp = [
      ...ctx.calls('aiohttp.TCPConnector', 'aiohttp.request', 'aiohttp.ClientSession'),
      ...ctx.methodCalls(...AIOHTTP_METHODS).filter((c) => c.receiver !== null),
    ];
    for (const call of aiohttp) {
      const kw = isLiteralFalse(call.keywords.get('ssl'))
        ? 'ssl=False'
        : isLiteralFalse(call.keywords.get('verify_ssl'))
          ? 'verify_ssl=False'
          : undefined;
      if (kw === undefined) continue;
      const d = report(call, kw);
      if (d !== undefined) yield d;
    }
  }
}

function* sessionAttributes(ctx: PythonContext): Generator<Detection> {
  // The assignments matched below end in `verify`.
  if (!ctx.source.includes('verify') || !importsAny(ctx, 'requests')) return;
  const sessions = namesBoundTo(ctx.calls(...SESSION_FACTORIES));
  for (const asg of ctx.root.findAll({
    rule: {
      kind: 'assignment',
      has: { field: 'left', kind: 'attribute', regex: '\\.\\s*verify$' },
    },
  })) {
    const left = asg.field('left');
    const receiver = left?.field('object');
    if (receiver === null || receiver === undefined || !isLiteralFalse(asg.field('right')))
      continue;
    const name = compact(receiver.text());
    const tracked = sessions.has(name);
    if (!tracked && !/session/i.test(name)) continue;
    yield {
      node: asg,
      messageId: 'sessionVerify',
      data: { target: name },
      confidence: tracked ? 'high' : 'medium',
    };
  }
}

function* sslContexts(ctx: PythonContext): Generator<Detection> {
  for (const call of ctx.calls(...UNVERIFIED_FACTORY)) {
    yield { node: call.node, messageId: 'unverifiedContext', data: { callee: call.calleeText } };
  }
  // The assignments matched below end in one of these names.
  if (!/check_hostname|verify_mode|_create_default_https_context/.test(ctx.source)) return;
  const servers = serverContexts(ctx);
  for (const asg of ctx.root.findAll({
    rule: {
      kind: 'assignment',
      has: {
        field: 'left',
        regex: '(check_hostname|verify_mode|_create_default_https_context)$',
      },
    },
  })) {
    const left = asg.field('left');
    const right = asg.field('right');
    if (left?.kind() !== 'attribute' || right === null) continue;
    if (resolvesTo(ctx, left, DEFAULT_HTTPS_CONTEXT)) {
      if (resolvesTo(ctx, right, UNVERIFIED_FACTORY)) {
        yield { node: asg, messageId: 'globalUnverified' };
      }
      continue;
    }
    const attr = left.field('attribute')?.text();
    const receiver = left.field('object');
    if (receiver === null || servers.has(compact(receiver.text()))) continue;
    if (attr === 'check_hostname' && isLiteralFalse(right)) {
      yield { node: asg, messageId: 'checkHostname', data: { target: compact(receiver.text()) } };
    } else if (attr === 'verify_mode' && isCertNone(ctx, right)) {
      yield { node: asg, messageId: 'verifyMode', data: { target: compact(receiver.text()) } };
    }
  }
}

function* certReqs(ctx: PythonContext): Generator<Detection> {
  // The keyword arguments and dictionary keys matched below spell out these names.
  const certReqsNamed = ctx.source.includes('cert_reqs');
  if (!certReqsNamed && !ctx.source.includes('assert_hostname')) return;
  for (const kw of ctx.root.findAll({
    rule: {
      kind: 'keyword_argument',
      has: { field: 'name', regex: '^(cert_reqs|assert_hostname)$' },
    },
  })) {
    const name = kw.field('name')?.text();
    const value = kw.field('value');
    const call = kw.parent()?.parent();
    if (call?.kind() !== 'call' || value === null) continue;
    const callee = call.field('function');
    const calleeText = callee === null ? '' : compact(callee.text());
    if (name === 'cert_reqs') {
      if (!isCertNone(ctx, value)) continue;
      // A server that does not ask clients for certificates is the ordinary case.
      const serverSide = keywordArguments(call).find(
        (a) => a.field('name')?.text() === 'server_side',
      );
      if (isTrue(serverSide?.field('value'))) continue;
      yield { node: call, messageId: 'certReqs', data: { callee: calleeText } };
    } else if (isLiteralFalse(value) && importsAny(ctx, 'urllib3', 'requests')) {
      yield { node: call, messageId: 'assertHostname', data: { callee: calleeText } };
    }
  }
  // Option dictionaries handed to other libraries: websocket-client's sslopt, Celery's broker_use_ssl.
  if (!certReqsNamed) return;
  for (const pair of ctx.root.findAll({
    rule: { kind: 'pair', has: { field: 'key', regex: '^["\']cert_reqs["\']$' } },
  })) {
    if (isCertNone(ctx, pair.field('value'))) {
      yield { node: pair, messageId: 'certReqsOption' };
    }
  }
}

export default definePythonRule({
  name: 'tls-verification-disabled',
  title: 'TLS certificate or hostname verification disabled',
  description:
    'Finds HTTP clients and SSL contexts configured not to verify the server certificate or its hostname (verify=False, CERT_NONE, check_hostname=False, _create_unverified_context).',
  cwe: [295, 297],
  severity: 'error',
  confidence: 'high',
  tags: ['tls', 'transport', 'mitm'],
  messages: {
    default: 'TLS certificate verification is disabled here.',
    verifyFalse:
      '`{{callee}}` is called with {{kw}}: the server certificate is not verified, so anyone on the network path can impersonate the server.',
    sessionVerify:
      '`{{target}}.verify = False` turns off certificate verification for every request made through this session.',
    unverifiedContext:
      '`{{callee}}()` returns a context that accepts any certificate for any host.',
    globalUnverified:
      'Replacing `ssl._create_default_https_context` with `_create_unverified_context` disables certificate verification for every HTTPS connection of the process.',
    checkHostname:
      '`{{target}}.check_hostname = False` accepts a valid certificate issued for any other host (CWE-297).',
    verifyMode:
      '`{{target}}.verify_mode = CERT_NONE` accepts any certificate the server presents, including a self-signed one from an attacker.',
    certReqs:
      '`{{callee}}` is called with cert_reqs=CERT_NONE: the peer certificate is not verified.',
    certReqsOption:
      'This TLS option sets cert_reqs to CERT_NONE: the peer certificate will not be verified.',
    assertHostname:
      '`{{callee}}` is called with assert_hostname=False: certificates issued for other hosts are accepted (CWE-297).',
  },
  help: {
    why: 'TLS only authenticates the server if its certificate chain and hostname are checked. Without these checks an attacker on the network path (public Wi-Fi, a compromised router, a hostile proxy) presents their own certificate, reads and changes all traffic, and captures credentials and tokens sent over the connection.',
    fix: 'Leave verification on (the default): drop `verify=False`, use `ssl.create_default_context()` unchanged. For a private CA, pass its bundle instead: `requests.get(url, verify="/etc/ssl/internal-ca.pem")` or `ctx.load_verify_locations("/etc/ssl/internal-ca.pem")`.',
  },
  inTests: 'lower',
  // The keywords, attributes and functions every report names (verify_mode contains verify).
  requires: ['verify', 'ssl', 'check_hostname', 'cert_reqs', 'assert_hostname'],
  *detect(ctx) {
    yield* httpClientCalls(ctx);
    yield* sessionAttributes(ctx);
    yield* sslContexts(ctx);
    yield* certReqs(ctx);
  },
});
