import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import type { PythonContext } from '../../../languages/python/context.js';
import { isTrue } from '../../../languages/python/expr.js';
import { isCertNone } from '../../../languages/python/web-helpers.js';

/** Fixed-version protocol constants for versions that are broken or deprecated (RFC 8996). */
const OLD_PROTOCOLS = new Map<string, string>([
  ['ssl.PROTOCOL_SSLv2', 'SSL 2.0'],
  ['ssl.PROTOCOL_SSLv3', 'SSL 3.0'],
  ['ssl.PROTOCOL_TLSv1', 'TLS 1.0'],
  ['ssl.PROTOCOL_TLSv1_1', 'TLS 1.1'],
  ['OpenSSL.SSL.SSLv2_METHOD', 'SSL 2.0'],
  ['OpenSSL.SSL.SSLv3_METHOD', 'SSL 3.0'],
  ['OpenSSL.SSL.TLSv1_METHOD', 'TLS 1.0'],
  ['OpenSSL.SSL.TLSv1_1_METHOD', 'TLS 1.1'],
]);

/** TLSVersion members that allow an old protocol when used as a bound. */
const OLD_BOUNDS = new Map<string, string>([
  ['ssl.TLSVersion.SSLv3', 'SSL 3.0'],
  ['ssl.TLSVersion.TLSv1', 'TLS 1.0'],
  ['ssl.TLSVersion.TLSv1_1', 'TLS 1.1'],
  ['ssl.TLSVersion.MINIMUM_SUPPORTED', 'the oldest version OpenSSL supports'],
]);

const PROTOCOL_RE = '(PROTOCOL_(SSLv2|SSLv3|TLSv1|TLSv1_1)|(SSLv2|SSLv3|TLSv1|TLSv1_1)_METHOD)';
const BOUND_RE = '(SSLv3|TLSv1|TLSv1_1|MINIMUM_SUPPORTED)';

// Every reference that resolves to one of the constants has the constant's own name in the file, as
// the last name of the reference or in the import that binds it (`from ssl import PROTOCOL_TLSv1 as
// OLD`): a cheap text check spares the native walk of the whole tree in files without one.
const PROTOCOL_IN_FILE =
  /(?:PROTOCOL_(?:SSLv2|SSLv3|TLSv1|TLSv1_1)|(?:SSLv2|SSLv3|TLSv1|TLSv1_1)_METHOD)(?!\w)/;
const BOUND_IN_FILE = /(?:SSLv3|TLSv1|TLSv1_1|MINIMUM_SUPPORTED)(?!\w)/;

/** A reference that is the value of an argument, a parameter default, or an assignment to a setting. */
function usedAsSetting(node: SgNode): SgNode | undefined {
  const parent = node.parent();
  if (parent === null) return undefined;
  const k = parent.kind();
  if (k === 'argument_list') return parent.parent() ?? undefined;
  if (k === 'keyword_argument' && parent.field('value')?.id() === node.id()) return parent;
  if (
    (k === 'default_parameter' || k === 'typed_default_parameter') &&
    parent.field('value')?.id() === node.id()
  ) {
    return parent;
  }
  if (k === 'assignment' && parent.field('right')?.id() === node.id()) {
    const left = parent.field('left')?.text() ?? '';
    return /version|protocol|method/i.test(left) ? parent : undefined;
  }
  return undefined;
}

function referencesTo(
  ctx: PythonContext,
  pattern: string,
  targets: ReadonlyMap<string, string>,
): SgNode[] {
  // Names imported under an alias: `from ssl import PROTOCOL_TLSv1 as LEGACY`.
  const aliases = [...ctx.imports.bindings]
    .filter(([local, full]) => targets.has(full) && local !== full.slice(full.lastIndexOf('.') + 1))
    .map(([local]) => local);
  const names = aliases.length > 0 ? `(${pattern}|${aliases.join('|')})` : pattern;
  return ctx.root.findAll({
    rule: {
      any: [
        { kind: 'attribute', regex: `(^|\\.)\\s*${pattern}$` },
        {
          kind: 'identifier',
          regex: `^${names}$`,
          not: {
            inside: {
              any: [
                { kind: 'attribute' },
                { kind: 'import_from_statement' },
                { kind: 'import_statement' },
              ],
            },
          },
        },
      ],
    },
  });
}

function* protocolConstants(ctx: PythonContext): Generator<Detection> {
  for (const ref of referencesTo(ctx, PROTOCOL_RE, OLD_PROTOCOLS)) {
    const version = ctx
      .resolve(ref)
      .map((n) => OLD_PROTOCOLS.get(n))
      .find((v) => v !== undefined);
    if (version === undefined) continue;
    const user = usedAsSetting(ref);
    if (user === undefined) continue;
    // `getattr(ssl, "PROTOCOL_TLSv1_2", ssl.PROTOCOL_TLSv1)`: a fallback for interpreters without 1.2.
    if (user.kind() === 'call' && user.field('function')?.text() === 'getattr') continue;
    const broken = version.startsWith('SSL');
    yield {
      node: ref,
      messageId: 'protocol',
      data: { constant: ref.text(), version },
      severity: broken ? 'error' : 'warning',
    };
  }
}

function* versionBounds(ctx: PythonContext): Generator<Detection> {
  for (const ref of referencesTo(ctx, `TLSVersion\\.\\s*${BOUND_RE}`, OLD_BOUNDS)) {
    const version = ctx
      .resolve(ref)
      .map((n) => OLD_BOUNDS.get(n))
      .find((v) => v !== undefined);
    if (version === undefined) continue;
    const parent = ref.parent();
    let setting: string | undefined;
    if (parent?.kind() === 'assignment' && parent.field('right')?.id() === ref.id()) {
      const left = parent.field('left');
      const name = left?.kind() === 'attribute' ? left.field('attribute')?.text() : left?.text();
      if (name === 'minimum_version' || name === 'maximum_version') setting = name;
    } else if (parent?.kind() === 'keyword_argument' && parent.field('value')?.id() === ref.id()) {
      const name = parent.field('name')?.text() ?? '';
      if (/(min|max)(imum)?_version$/.test(name)) setting = name;
    }
    if (setting === undefined) continue;
    yield {
      node: parent ?? ref,
      messageId: setting.startsWith('max') ? 'ceiling' : 'bound',
      data: { setting, constant: ref.text(), version },
      severity: version.startsWith('SSL') ? 'error' : 'warning',
    };
  }
}

export default definePythonRule({
  name: 'insecure-tls-version',
  title: 'TLS connection allows or forces a broken protocol version (SSLv2/SSLv3/TLS 1.0/TLS 1.1)',
  description:
    'Finds SSL contexts and sockets pinned to, or allowed down to, SSL 2.0/3.0 or TLS 1.0/1.1, and the deprecated ssl.wrap_socket().',
  cwe: [327],
  severity: 'warning',
  confidence: 'high',
  tags: ['tls', 'crypto', 'transport'],
  messages: {
    default: 'This TLS configuration allows an obsolete protocol version.',
    protocol:
      '`{{constant}}` pins the connection to {{version}}, a protocol version with known attacks that current clients and servers refuse.',
    bound:
      '`{{setting}} = {{constant}}` lets connections use {{version}}, so an attacker can downgrade them to a protocol version with known attacks.',
    ceiling:
      '`{{setting}} = {{constant}}` caps connections at {{version}}, a protocol version with known attacks that current peers refuse.',
    wrapSocket:
      '`{{callee}}()` is deprecated (removed in Python 3.12): it builds a context with legacy protocol defaults and {{what}}.',
  },
  help: {
    why: 'SSL 2.0 and 3.0 are broken (DROWN, POODLE) and TLS 1.0/1.1 are deprecated by RFC 8996: they rely on weak constructions (CBC with implicit IVs, MD5/SHA-1 handshakes) that enable BEAST-style and downgrade attacks. A connection pinned to them, or allowed to fall back to them, can be decrypted or tampered with, and modern peers refuse it.',
    fix: 'Use `ssl.create_default_context()` (or `ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)`) and let it negotiate, optionally with `ctx.minimum_version = ssl.TLSVersion.TLSv1_2`. With pyOpenSSL use `SSL.Context(SSL.TLS_METHOD)` and `ctx.set_min_proto_version(SSL.TLS1_2_VERSION)`. Replace `ssl.wrap_socket()` with `context.wrap_socket(sock, server_hostname=host)`.',
  },
  inTests: 'lower',
  // Every reported name resolves through the ssl or OpenSSL module, named in the file.
  requires: ['ssl', 'OpenSSL'],
  *detect(ctx) {
    if (PROTOCOL_IN_FILE.test(ctx.source)) yield* protocolConstants(ctx);
    if (ctx.source.includes('TLSVersion') && BOUND_IN_FILE.test(ctx.source)) {
      yield* versionBounds(ctx);
    }
    for (const call of ctx.calls('ssl.wrap_socket')) {
      if (arg(call, 5, 'ssl_version') !== undefined || call.hasKwargsSplat) continue;
      // A server socket negotiates with whatever the client offers; hostname checks do not apply.
      if (isTrue(arg(call, 3, 'server_side'))) continue;
      // cert_reqs=CERT_NONE is reported by python/tls-verification-disabled; one finding is enough.
      const certReqs = arg(call, 4, 'cert_reqs');
      if (isCertNone(ctx, certReqs)) continue;
      yield {
        node: call.node,
        messageId: 'wrapSocket',
        data: {
          callee: call.calleeText,
          what:
            certReqs === undefined
              ? 'verifies neither the certificate nor the hostname'
              : 'never checks the hostname',
        },
        confidence: 'medium',
      };
    }
  },
});
