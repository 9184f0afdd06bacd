import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import type { PythonContext } from '../../../languages/python/context.js';
import { literalValue } from '../../../languages/python/expr.js';
import { HTTP_VERBS, methodCallsOnResultOf } from '../../../languages/python/web-helpers.js';

const REQUESTS_METHODS = [...HTTP_VERBS, 'request'];
const REQUESTS_FUNCTIONS = [
  ...REQUESTS_METHODS.map((m) => `requests.${m}`),
  ...REQUESTS_METHODS.map((m) => `requests.api.${m}`),
];
const SESSION_FACTORIES = ['requests.Session', 'requests.session', 'requests.sessions.Session'];
const HTTPX_CALLS = [
  ...REQUESTS_METHODS.map((m) => `httpx.${m}`),
  'httpx.stream',
  'httpx.Client',
  'httpx.AsyncClient',
];
const URLOPEN = ['urllib.request.urlopen', 'urllib2.urlopen', 'six.moves.urllib.request.urlopen'];

/** `timeout=None` explicitly, which waits forever. */
function explicitNone(call: CallSite): boolean {
  const t = call.keywords.get('timeout');
  return t !== undefined && literalValue(t) === null;
}

function check(call: CallSite): Detection | undefined {
  // A **kwargs splat may carry the timeout.
  if (call.hasKwargsSplat) return undefined;
  if (explicitNone(call)) {
    return { node: call.node, messageId: 'none', data: { callee: call.calleeText } };
  }
  if (call.keywords.has('timeout')) return undefined;
  return { node: call.node, data: { callee: call.calleeText } };
}

function* requestsCalls(ctx: PythonContext): Generator<Detection> {
  const calls = new Set<CallSite>(ctx.calls(...REQUESTS_FUNCTIONS));
  for (const c of methodCallsOnResultOf(ctx, ctx.calls(...SESSION_FACTORIES), [
    ...REQUESTS_METHODS,
    'send',
  ])) {
    calls.add(c);
  }
  for (const call of [...calls].sort(
    (a, b) => a.node.range().start.index - b.node.range().start.index,
  )) {
    const d = check(call);
    if (d !== undefined) yield d;
  }
}

export default definePythonRule({
  name: 'request-without-timeout',
  title: 'Outgoing HTTP request without a timeout',
  description:
    'Finds requests calls (module functions and Session methods) and urlopen() without a timeout, and httpx calls that disable their default timeout with timeout=None.',
  cwe: [1088],
  severity: 'note',
  confidence: 'high',
  tags: ['availability', 'http', 'reliability'],
  messages: {
    default:
      '`{{callee}}` has no timeout: if the server stops answering, this call (and the worker running it) waits forever.',
    none: '`{{callee}}` is called with timeout=None, which waits forever for a server that stops answering.',
    urlopen:
      '`{{callee}}` has no timeout and the file sets no socket default: a server that stops answering blocks this call forever.',
  },
  help: {
    why: "requests and urllib wait indefinitely by default. A slow or hostile server, a dropped connection or a black-holed route then pins the calling thread or worker for good; a few such calls exhaust a web server's worker pool or stall a job queue, which is an easy denial of service.",
    fix: 'Pass a timeout on every call, for example `requests.get(url, timeout=(3.05, 27))` (connect, read) or `urllib.request.urlopen(url, timeout=10)`. For sessions, wrap the calls in a helper that always supplies one. With httpx keep the default timeout, or set `httpx.Client(timeout=10.0)`, but never None.',
  },
  inTests: 'skip',
  // Calls resolved through requests or httpx, and urlopen() of any of its modules.
  requires: ['requests', 'httpx', 'urlopen'],
  *detect(ctx) {
    yield* requestsCalls(ctx);
    for (const call of ctx.calls(...HTTPX_CALLS)) {
      if (explicitNone(call))
        yield { node: call.node, messageId: 'none', data: { callee: call.calleeText } };
    }
    const defaultTimeout = ctx.calls('socket.setdefaulttimeout').length > 0;
    for (const call of ctx.calls(...URLOPEN)) {
      if (call.hasKwargsSplat) continue;
      const timeout = arg(call, 2, 'timeout');
      if (timeout !== undefined) {
        if (literalValue(timeout) === null) {
          yield { node: call.node, messageId: 'none', data: { callee: call.calleeText } };
        }
        continue;
      }
      if (defaultTimeout) continue;
      yield { node: call.node, messageId: 'urlopen', data: { callee: call.calleeText } };
    }
  },
});
