import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import type { PythonContext } from '../../../languages/python/context.js';
import { literalValue } from '../../../languages/python/expr.js';
import {
  constantString,
  dictionaryOf,
  HTTP_VERBS,
  importsAny,
  isLoopbackHost,
  methodCallsOnResultOf,
  stringKeyedPairs,
  urlParts,
} from '../../../languages/python/web-helpers.js';

/** A client object and the calls made on it (same function, or anywhere for `self.x` attributes). */
interface Client {
  call: CallSite;
  methodsUsed: (...methods: string[]) => CallSite[];
}

function clientsOf(ctx: PythonContext, ...names: string[]): Client[] {
  return ctx.calls(...names).map((call) => ({
    call,
    methodsUsed: (...methods: string[]) => methodCallsOnResultOf(ctx, [call], methods),
  }));
}

/** The host argument is a loopback literal (a local MTA, a local test server). */
function isLocalHost(call: CallSite): boolean {
  const host = constantString(arg(call, 0, 'host'));
  return host !== undefined && isLoopbackHost(host);
}

function isAnonymous(user: SgNode | undefined): boolean {
  if (user === undefined) return true;
  const v = literalValue(user);
  return v === '' || v === 'anonymous' || v === 'ftp' || v === null;
}

function* mailAndFileClients(ctx: PythonContext): Generator<Detection> {
  for (const c of clientsOf(ctx, 'telnetlib.Telnet')) {
    if (arg(c.call, 0, 'host') === undefined) {
      // Telnet() without a host connects later through .open(host): judge that call instead.
      for (const open of c.methodsUsed('open')) {
        if (isLocalHost(open)) continue;
        yield { node: open.node, messageId: 'telnet', data: { callee: open.calleeText } };
      }
      continue;
    }
    if (isLocalHost(c.call)) continue;
    yield { node: c.call.node, messageId: 'telnet', data: { callee: c.call.calleeText } };
  }

  for (const c of clientsOf(ctx, 'ftplib.FTP')) {
    if (isLocalHost(c.call)) continue;
    if (!isAnonymous(arg(c.call, 1, 'user'))) {
      yield { node: c.call.node, messageId: 'ftp', data: { callee: c.call.calleeText } };
      continue;
    }
    for (const login of c.methodsUsed('login')) {
      if (isAnonymous(arg(login, 0, 'user'))) continue;
      yield { node: login.node, messageId: 'ftp', data: { callee: login.calleeText } };
    }
  }

  for (const c of clientsOf(ctx, 'smtplib.SMTP')) {
    if (isLocalHost(c.call) || c.methodsUsed('starttls').length > 0) continue;
    for (const login of c.methodsUsed('login')) {
      yield { node: login.node, messageId: 'smtp', data: { callee: login.calleeText } };
    }
  }

  const mailbox: [string, string, string[]][] = [
    ['poplib.POP3', 'stls', ['user', 'pass_', 'apop', 'rpop']],
    ['imaplib.IMAP4', 'starttls', ['login', 'authenticate', 'login_cram_md5']],
  ];
  for (const [name, upgrade, authMethods] of mailbox) {
    for (const c of clientsOf(ctx, name)) {
      if (isLocalHost(c.call) || c.methodsUsed(upgrade).length > 0) continue;
      const authenticates = c.methodsUsed(...authMethods).length > 0;
      yield {
        node: c.call.node,
        messageId: 'mailbox',
        data: { callee: c.call.calleeText, upgrade },
        confidence: authenticates ? 'high' : 'medium',
      };
    }
  }
}

const URL_FIRST = [...HTTP_VERBS];
const URL_SECOND = ['request', 'stream'];

const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token|x-token|private-token|x-csrf-token)$|token|secret|password|api[-_]?key/i;
const SECRET_FIELD =
  /(^|[_-])(pass|passwd|password|pwd|passphrase|secret|token|apikey|api_key|credentials?|auth)($|[_-])|password|secret|token/i;

/** What kind of credential a request sends, if any: `auth=`, a secret header, a secret form field. */
function sentCredential(call: CallSite): string | undefined {
  const auth = call.keywords.get('auth');
  if (auth !== undefined && literalValue(auth) !== null) return 'credentials (auth=)';
  for (const { key } of stringKeyedPairs(dictionaryOf(call.keywords.get('headers')))) {
    if (SECRET_HEADER.test(key)) return `the ${key} header`;
  }
  for (const kw of ['data', 'json', 'params']) {
    for (const { key } of stringKeyedPairs(dictionaryOf(call.keywords.get(kw)))) {
      if (SECRET_FIELD.test(key)) return `the "${key}" field`;
    }
  }
  const cookies = call.keywords.get('cookies');
  if (cookies !== undefined && literalValue(cookies) !== null) return 'cookies';
  return undefined;
}

function* httpCredentials(ctx: PythonContext): Generator<Detection> {
  const libs = ['requests', 'httpx'];
  const calls = new Set<CallSite>(
    ctx.calls(...libs.flatMap((l) => [...URL_FIRST, ...URL_SECOND].map((v) => `${l}.${v}`))),
  );
  if (importsAny(ctx, ...libs)) {
    for (const c of ctx.methodCalls(...URL_FIRST, ...URL_SECOND)) {
      if (c.receiver !== null) calls.add(c);
    }
  }
  for (const call of calls) {
    const url = URL_SECOND.includes(call.method) ? arg(call, 1, 'url') : arg(call, 0, 'url');
    const parts = urlParts(url);
    if (parts?.scheme !== 'http') continue;
    if (parts.host !== undefined && isLoopbackHost(parts.host)) continue;
    const credential = sentCredential(call);
    if (credential === undefined) continue;
    const shown = constantString(url) ?? `http://${parts.host ?? '...'}`;
    yield {
      node: call.node,
      messageId: 'http',
      data: { callee: call.calleeText, credential, url: shown.slice(0, 80) },
      confidence: parts.host === undefined ? 'medium' : 'high',
    };
  }
}

export default definePythonRule({
  name: 'cleartext-protocol',
  title: 'Credentials or data sent over a cleartext protocol (HTTP, FTP, Telnet, SMTP/POP3/IMAP)',
  description:
    'Finds logins over Telnet, FTP, SMTP, POP3 and IMAP without TLS, and HTTP requests that send credentials to a plain http:// URL.',
  cwe: [319],
  severity: 'warning',
  confidence: 'high',
  tags: ['transport', 'cleartext', 'credentials'],
  messages: {
    default: 'Sensitive data is sent over a cleartext protocol here.',
    telnet:
      '`{{callee}}` opens a Telnet session: everything sent over it, including the login, crosses the network unencrypted.',
    ftp: '`{{callee}}` logs in over plain FTP: the user name, password and files cross the network unencrypted.',
    smtp: '`{{callee}}` sends the SMTP password on a connection that was never upgraded with starttls().',
    mailbox:
      '`{{callee}}` opens a mailbox connection without TLS and without .{{upgrade}}(): the login and the messages cross the network unencrypted.',
    http: '`{{callee}}` sends {{credential}} to the cleartext URL {{url}}.',
  },
  help: {
    why: 'Anything sent over HTTP, FTP, Telnet or unencrypted mail protocols can be read by whoever can observe the network path: a shared Wi-Fi, a compromised router, a cloud neighbour, an ISP. Captured passwords, API tokens and session cookies give the observer the same access as their owner, and the traffic can also be modified in transit.',
    fix: 'Use the TLS variant: `https://` URLs, `ftplib.FTP_TLS` (then `prot_p()`), `smtplib.SMTP_SSL` or `SMTP.starttls()` before `login()`, `poplib.POP3_SSL`, `imaplib.IMAP4_SSL`, and SSH (paramiko) instead of Telnet.',
  },
  inTests: 'lower',
  // Every report is a call resolved through telnetlib, ftplib, smtplib, poplib or imaplib (or made in a
  // file importing requests or httpx); a resolved name needs the module's name in the file. Listed as
  // shorter substrings, cheaper to search for: `plib` is in ftplib, smtplib, poplib and imaplib.
  requires: ['plib', 'netlib', 'quests', 'httpx'],
  *detect(ctx) {
    yield* mailAndFileClients(ctx);
    yield* httpCredentials(ctx);
  },
});
