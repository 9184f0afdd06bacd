import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext, type Detection } from '../../../engine/rule-api.js';
import { stripCasts, unparenthesize } from '../../../languages/c/expr.js';

const CURL_OPTIONS: Readonly<Record<string, string>> = {
  CURLOPT_SSL_VERIFYPEER: 'peer',
  CURLOPT_PROXY_SSL_VERIFYPEER: 'peer',
  CURLOPT_SSL_VERIFYHOST: 'host',
  CURLOPT_PROXY_SSL_VERIFYHOST: 'host',
};

function isZero(ctx: CContext, node: SyntaxNode): boolean {
  const n = stripCasts(node);
  return ctx.constantValue(n) === 0 || /^(?:false|FALSE)$/.test(n.text());
}

/** A verification callback defined in this file that accepts every certificate (`return 1;` only). */
function acceptsEverything(ctx: CContext, callback: SyntaxNode): boolean {
  const name = unparenthesize(callback).text().replace(/^&/, '');
  const fn = ctx.functions().find((f) => f.name === name);
  if (fn === undefined || fn.body === null) return false;
  const statements = fn.body.namedChildren().filter((c) => c.kind() !== 'comment');
  const only = statements.length === 1 ? statements[0] : undefined;
  if (only?.kind() !== 'return_statement') return false;
  const value = only.namedChildren()[0];
  return value !== undefined && ctx.constantValue(value) === 1;
}

function* openssl(ctx: CContext): Generator<Detection> {
  for (const call of ctx.calls('SSL_CTX_set_verify', 'SSL_set_verify')) {
    const [, mode, callback] = call.args;
    if (mode === undefined) continue;
    const m = stripCasts(mode);
    if (m.text() === 'SSL_VERIFY_NONE' || ctx.constantValue(m) === 0) {
      yield { node: call.node, data: { call: call.name, setting: m.text() } };
    } else if (callback !== undefined && acceptsEverything(ctx, callback)) {
      yield {
        node: call.node,
        messageId: 'callback',
        data: { call: call.name, callback: callback.text() },
      };
    }
  }
  for (const call of ctx.calls('SSL_CTX_set_cert_verify_callback')) {
    const cb = call.args[1];
    if (cb !== undefined && acceptsEverything(ctx, cb)) {
      yield {
        node: call.node,
        messageId: 'callback',
        data: { call: call.name, callback: cb.text() },
      };
    }
  }
  for (const call of ctx.calls('mbedtls_ssl_conf_authmode')) {
    const mode = call.args[1];
    if (mode !== undefined && stripCasts(mode).text() === 'MBEDTLS_SSL_VERIFY_NONE') {
      yield { node: call.node, data: { call: call.name, setting: mode.text() } };
    }
  }
}

function* curl(ctx: CContext): Generator<Detection> {
  for (const call of ctx.calls('curl_easy_setopt')) {
    const [, option, value] = call.args;
    if (option === undefined || value === undefined) continue;
    const kind = CURL_OPTIONS[stripCasts(option).text()];
    if (kind === undefined || !isZero(ctx, value)) continue;
    yield {
      node: call.node,
      messageId: kind === 'host' ? 'host' : 'default',
      data: { call: 'curl_easy_setopt', setting: `${option.text()} = ${value.text()}` },
    };
  }
}

function* qt(ctx: CContext): Generator<Detection> {
  if (!ctx.isCpp) return;
  for (const call of ctx.methodCalls('setPeerVerifyMode')) {
    const mode = call.args[0];
    if (mode !== undefined && /(?:^|::)VerifyNone$/.test(mode.text().replace(/\s+/g, ''))) {
      yield { node: call.node, data: { call: 'setPeerVerifyMode', setting: mode.text() } };
    }
  }
  for (const call of ctx.methodCalls('ignoreSslErrors')) {
    if (call.args.length === 0 && call.receiver !== null) {
      yield { node: call.node, messageId: 'ignoreAll', data: { call: 'ignoreSslErrors' } };
    }
  }
}

export default defineCRule({
  name: 'tls-verification-disabled',
  title: 'TLS certificate or host name verification disabled',
  description:
    'Finds OpenSSL SSL_VERIFY_NONE and accept-all verify callbacks, Mbed TLS MBEDTLS_SSL_VERIFY_NONE, libcurl CURLOPT_SSL_VERIFYPEER/VERIFYHOST set to 0, Qt VerifyNone and ignoreSslErrors() without a list.',
  cwe: [295, 297],
  severity: 'error',
  confidence: 'high',
  tags: ['tls', 'crypto'],
  messages: {
    default:
      '`{{call}}` turns certificate verification off (`{{setting}}`); any machine in the network path can impersonate the server.',
    host: '`{{call}}` turns host name verification off (`{{setting}}`); a valid certificate for any other site is accepted.',
    callback:
      '`{{call}}` installs `{{callback}}`, which accepts every certificate; verification failures are ignored.',
    ignoreAll:
      '`ignoreSslErrors()` without a list ignores every TLS error, including untrusted and mismatched certificates.',
  },
  help: {
    why: 'TLS only authenticates the server when the certificate chain and the host name are checked. With verification off, an attacker on the same network, a rogue Wi-Fi access point or a compromised router presents its own certificate, reads and changes all traffic, and steals credentials and session cookies.',
    fix: 'Keep verification on: `SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL)` with `SSL_CTX_set_default_verify_paths` and `SSL_set1_host`; leave `CURLOPT_SSL_VERIFYPEER` at 1 and `CURLOPT_SSL_VERIFYHOST` at 2; for a private CA, load it (`CURLOPT_CAINFO`, `QSslConfiguration::setCaCertificates`) or pass the specific expected errors to `ignoreSslErrors(list)`.',
  },
  requires: ['verify', 'VERIFY', 'ignoreSslErrors', 'authmode', 'Verify'],
  *detect(ctx) {
    yield* openssl(ctx);
    yield* curl(ctx);
    yield* qt(ctx);
  },
});
