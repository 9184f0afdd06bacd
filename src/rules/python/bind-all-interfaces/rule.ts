import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import type { PythonContext } from '../../../languages/python/context.js';
import { unwrap } from '../../../languages/python/expr.js';
import {
  constantString,
  isAllInterfacesAddress,
  settingWrites,
} from '../../../languages/python/web-helpers.js';

/** Methods and functions that start a server on a host given by keyword. */
const HOST_KEYWORD_CALLS = [
  'run',
  'run_app',
  'serve',
  'listen',
  'start_server',
  'create_server',
  'run_simple',
  'make_server',
  'run_server',
  'Config',
  'TCPSite',
];

/** Where the host sits among positional arguments, for the calls that take it positionally. */
const HOST_POSITION: Readonly<Record<string, number>> = {
  run: 0, // Flask/Sanic app.run("0.0.0.0", 5000)
  run_simple: 0, // werkzeug.serving.run_simple(host, port, app)
  make_server: 0, // wsgiref.simple_server.make_server(host, port, app)
  start_server: 1, // asyncio.start_server(cb, host, port)
  create_server: 1, // loop.create_server(factory, host, port)
  TCPSite: 1, // aiohttp web.TCPSite(runner, host, port)
};

/** `("0.0.0.0", port)`, `("", port)`, `("::", port, 0, 0)` */
function allInterfacesTuple(node: SgNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const n = unwrap(node);
  if (n.kind() !== 'tuple') return undefined;
  const items = n.namedChildren().filter((c) => c.kind() !== 'comment');
  if (items.length !== 2 && items.length !== 4) return undefined;
  const host = constantString(items[0]);
  return host !== undefined && isAllInterfacesAddress(host) ? host : undefined;
}

function shownAddress(host: string): string {
  return host === '' ? 'the empty host ""' : `"${host}"`;
}

function* addressTuples(ctx: PythonContext): Generator<Detection> {
  const seen = new Set<number>();
  const candidates: CallSite[] = [
    ...ctx
      .methodCalls('bind', 'create_server')
      .filter((c) =>
        c.method === 'bind' ? c.receiver !== null : c.callee.includes('socket.create_server'),
      ),
    ...ctx.allCalls().filter((c) => c.method.endsWith('Server')),
  ];
  for (const call of candidates) {
    if (seen.has(call.node.id())) continue;
    seen.add(call.node.id());
    const host = allInterfacesTuple(
      arg(call, 0, call.method === 'bind' ? 'address' : 'server_address'),
    );
    if (host === undefined) continue;
    yield { node: call.node, data: { callee: call.calleeText, host: shownAddress(host) } };
  }
}

/** Calls whose positional host may be "" to mean every interface (as in the Python docs' examples). */
const EMPTY_HOST_MEANS_ALL = new Set(['run_simple', 'make_server']);

function* hostArguments(ctx: PythonContext): Generator<Detection> {
  for (const call of ctx.methodCalls(...HOST_KEYWORD_CALLS)) {
    let hostNode = call.keywords.get('host') ?? call.keywords.get('address');
    let positional = false;
    const position = HOST_POSITION[call.method];
    // `socket.create_server` takes an address tuple, handled above.
    if (
      hostNode === undefined &&
      position !== undefined &&
      !call.callee.includes('socket.create_server')
    ) {
      hostNode = arg(call, position);
      positional = true;
    }
    const host = constantString(hostNode);
    const listen = constantString(call.keywords.get('listen'));
    let shown: string | undefined;
    if (host === '0.0.0.0' || host === '::') {
      shown = shownAddress(host);
    } else if (host === '' && positional && EMPTY_HOST_MEANS_ALL.has(call.method)) {
      shown = shownAddress(host);
    } else if (listen !== undefined && /(^|\s)(\*|0\.0\.0\.0|\[::\]):\d+/.test(listen)) {
      shown = `"${listen}"`;
    }
    if (shown === undefined) continue;
    yield { node: call.node, data: { callee: call.calleeText, host: shown } };
  }
}

/** gunicorn.conf.py: `bind = "0.0.0.0:8000"` */
function* gunicornConfig(ctx: PythonContext): Generator<Detection> {
  const base = ctx.file.path.split('/').pop() ?? '';
  if (!/^gunicorn.*\.py$/i.test(base)) return;
  for (const w of settingWrites(ctx, ['bind'])) {
    if (w.form !== 'module') continue;
    const v = unwrap(w.value);
    const items = v.kind() === 'list' || v.kind() === 'tuple' ? v.namedChildren() : [v];
    const all = items
      .map((i) => constantString(i))
      .find((s) => s !== undefined && /^(0\.0\.0\.0|\[::\]):\d+$/.test(s));
    if (all !== undefined)
      yield { node: w.node, messageId: 'gunicorn', data: { host: `"${all}"` } };
  }
}

export default definePythonRule({
  name: 'bind-all-interfaces',
  title: 'Server binds to all network interfaces (0.0.0.0 / ::)',
  description:
    'Finds sockets and servers bound to every network interface (0.0.0.0, ::, or an empty host), which exposes them beyond the local machine.',
  cwe: [1327],
  severity: 'note',
  confidence: 'medium',
  tags: ['network', 'configuration', 'exposure'],
  messages: {
    default:
      '`{{callee}}` listens on {{host}}, every network interface of the host. Inside a container this is usual; elsewhere it exposes the service to every network the machine is on.',
    gunicorn:
      'gunicorn binds {{host}}, every network interface. Inside a container this is usual; elsewhere it exposes the service to every network the machine is on.',
  },
  help: {
    why: 'A service bound to 0.0.0.0 or :: accepts connections on every interface: the public address of a cloud VM, the office LAN, a VPN. Debug servers, admin consoles and internal APIs meant for local use become reachable by anyone who can route to the machine, often without authentication.',
    fix: 'Bind to the address that should serve traffic, by default 127.0.0.1, and make it configurable: `app.run(host=os.environ.get("HOST", "127.0.0.1"))`. In a container, binding all interfaces is expected; restrict exposure with the container network and published ports instead.',
  },
  inTests: 'skip',
  *detect(ctx) {
    yield* addressTuples(ctx);
    yield* hostArguments(ctx);
    yield* gunicornConfig(ctx);
  },
});
