import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import type { PythonContext } from '../../../languages/python/context.js';
import { stringValue, unwrap } from '../../../languages/python/expr.js';
import {
  compact,
  importsAny,
  literalPrefix,
  nameOf,
} from '../../../languages/python/web-helpers.js';

const SAFE_ONLY_DECORATORS = new Set([
  'django.views.decorators.http.require_GET',
  'django.views.decorators.http.require_safe',
]);
const REQUIRE_METHODS = 'django.views.decorators.http.require_http_methods';
const FILE_REMOVAL = new Set([
  'os.remove',
  'os.unlink',
  'os.rmdir',
  'os.removedirs',
  'shutil.rmtree',
]);
const MANAGER_WRITES = new Set([
  'create',
  'get_or_create',
  'update_or_create',
  'bulk_create',
  'bulk_update',
]);
const SESSION_WRITES = new Set(['add', 'add_all', 'delete', 'merge']);
const DML = /^\s*(delete|update|insert|drop|truncate|alter|replace)\b/i;

/**
 * Links that must work from an e-mail or another site by design (confirmation, unsubscribe, OAuth
 * callbacks) carry their own secret token; they are left out.
 */
const TOKEN_LINK = /confirm|verify|activat|unsubscribe|token|callback|oauth|webhook/i;

/** Which HTTP methods a list literal names; undefined when not a literal list of strings. */
function methodList(node: SgNode): string[] | undefined {
  const n = unwrap(node);
  if (n.kind() !== 'list' && n.kind() !== 'tuple' && n.kind() !== 'set') return undefined;
  const out: string[] = [];
  for (const c of n.namedChildren()) {
    if (c.kind() === 'comment') continue;
    const v = stringValue(c);
    if (v === undefined) return undefined;
    out.push(v.toUpperCase());
  }
  return out;
}

interface Handler {
  fn: SgNode;
  /** How the handler was recognised, for the message. */
  how: string;
  path: string | undefined;
  /** The name shown for the view, when not the function's own. */
  view?: string;
}

function flaskHandlers(ctx: PythonContext): Handler[] {
  if (!importsAny(ctx, 'flask', 'quart', 'fastapi')) return [];
  const out: Handler[] = [];
  for (const call of ctx.methodCalls('route', 'get', 'api_route')) {
    const dec = call.node.parent();
    if (dec?.kind() !== 'decorator' || call.receiver === null) continue;
    const fn = dec.parent()?.field('definition');
    if (fn?.kind() !== 'function_definition') continue;
    const pathArg = arg(call, 0, 'rule') ?? call.keywords.get('path');
    const path = pathArg === undefined ? undefined : stringValue(pathArg);
    if (call.method === 'get') {
      out.push({ fn, how: `\`@${call.calleeText}\``, path });
      continue;
    }
    const methods = call.keywords.get('methods');
    if (methods === undefined) {
      // Flask's route() and FastAPI's api_route() answer GET when methods= is absent.
      out.push({ fn, how: `\`@${call.calleeText}\` without methods=`, path });
      continue;
    }
    const list = methodList(methods);
    if (list?.includes('GET') === true)
      out.push({ fn, how: `\`@${call.calleeText}\` lists GET`, path });
  }
  return out;
}

function djangoHandlers(ctx: PythonContext): Handler[] {
  const out: Handler[] = [];
  // The decorators matched below contain `require_`: none in a file without it.
  if (!ctx.source.includes('require_')) return out;
  for (const dec of ctx.root.findAll({ rule: { kind: 'decorator', regex: 'require_' } })) {
    const expr = dec.namedChildren()[0];
    const fn = dec.parent()?.field('definition');
    if (expr === undefined || fn?.kind() !== 'function_definition') continue;
    if (ctx.resolve(expr).some((n) => SAFE_ONLY_DECORATORS.has(n))) {
      out.push({ fn, how: `\`@${compact(expr.text())}\``, path: undefined });
      continue;
    }
    if (expr.kind() === 'call') {
      const callee = expr.field('function');
      const first = expr.field('arguments')?.namedChildren()[0];
      if (callee === null || first === undefined) continue;
      if (!ctx.resolve(callee).includes(REQUIRE_METHODS)) continue;
      const list = methodList(first);
      if (list !== undefined && list.length > 0 && list.every((m) => m === 'GET' || m === 'HEAD')) {
        out.push({
          fn,
          how: `\`@${compact(callee.text())}\` allows only ${list.join(' and ')}`,
          path: undefined,
        });
      }
    }
  }
  return out;
}

/** Base classes of class-based handlers whose `get` method answers GET requests. */
const HANDLER_BASE = /(View|ViewSet|APIView|RequestHandler|Resource|Endpoint)$/;

/** `def get(self, request)` in Django/DRF class-based views, Flask MethodView, Tornado handlers. */
function classHandlers(ctx: PythonContext): Handler[] {
  if (!importsAny(ctx, 'django', 'rest_framework', 'flask', 'tornado', 'flask_restful')) return [];
  const out: Handler[] = [];
  for (const cls of ctx.root.findAll({
    rule: { kind: 'class_definition', has: { field: 'superclasses', kind: 'argument_list' } },
  })) {
    const bases = cls.field('superclasses')?.namedChildren() ?? [];
    if (!bases.some((b) => HANDLER_BASE.test(compact(b.text())))) continue;
    const body = cls.field('body');
    for (const stmt of body?.namedChildren() ?? []) {
      const fn = stmt.kind() === 'decorated_definition' ? stmt.field('definition') : stmt;
      if (fn?.kind() !== 'function_definition' || nameOf(fn) !== 'get') continue;
      out.push({
        fn,
        how: 'the get() method of a class-based view',
        path: undefined,
        view: `${nameOf(cls) ?? 'view'}.get`,
      });
    }
  }
  return out;
}

/** What a call changes, or undefined when it is not a recognisable write. */
function stateChange(ctx: PythonContext, call: CallSite, commits: boolean): string | undefined {
  if (call.callee.some((n) => FILE_REMOVAL.has(n))) return 'deletes files';
  const receiver = call.receiver === null ? '' : compact(call.receiver.text());
  const noArgs = call.args.length === 0;
  switch (call.method) {
    case 'delete':
      if (noArgs) return 'deletes records';
      break;
    case 'save':
      if (noArgs && receiver !== '') return 'saves a record';
      break;
    case 'update':
      if (/(\.query\b|\.objects\b|\.filter(_by)?\(|\.where\()/.test(receiver))
        return 'updates records';
      break;
    case 'unlink':
    case 'rmdir':
      if (noArgs && receiver !== '') return 'deletes files';
      break;
    case 'execute':
    case 'executemany': {
      let sql = arg(call, 0, 'sql') ?? arg(call, 0, 'statement');
      if (sql?.kind() === 'call') sql = sql.field('arguments')?.namedChildren()[0];
      const prefix = literalPrefix(sql);
      if (prefix !== undefined && DML.test(prefix.text))
        return 'runs a data-changing SQL statement';
      break;
    }
    default:
      break;
  }
  if (MANAGER_WRITES.has(call.method) && receiver.endsWith('.objects')) return 'creates records';
  if (commits && SESSION_WRITES.has(call.method) && /(^|\.)session$/i.test(receiver)) {
    return call.method === 'delete' ? 'deletes records' : 'writes records';
  }
  return undefined;
}

export default definePythonRule({
  name: 'state-change-on-get',
  title: 'GET request handler changes server state',
  description:
    'Finds Flask/FastAPI routes and Django views that answer GET requests and change server state (delete or save records, remove files, run data-changing SQL) without checking the request method.',
  cwe: [650],
  severity: 'warning',
  confidence: 'medium',
  status: 'experimental',
  tags: ['http', 'web', 'csrf'],
  messages: {
    default:
      '`{{view}}` answers GET requests ({{how}}), yet `{{call}}` {{effect}}: a link, an image tag or a prefetching browser can trigger it, and CSRF defences do not cover GET.',
  },
  help: {
    why: 'HTTP treats GET as safe: browsers prefetch links, crawlers and link scanners follow them, caches replay them, and CSRF protection (tokens, SameSite=Lax cookies) deliberately lets cross-site GET requests through. A GET endpoint that deletes or changes data can therefore be triggered by an <img src> on any web page a logged-in user opens, or by a crawler walking the site.',
    fix: 'Accept state-changing operations only on POST, PUT, PATCH or DELETE: `@app.route("/items/<id>/delete", methods=["POST"])`, `@require_POST` in Django, and submit them from a form or fetch() call carrying a CSRF token. Keep GET handlers read-only.',
  },
  inTests: 'skip',
  // Handlers come from files importing one of these frameworks, or from `@require_...` decorators.
  // (`jango` and `quire_` start with rarer letters than django and require_: found faster.)
  requires: ['flask', 'quart', 'fastapi', 'jango', 'rest_framework', 'tornado', 'quire_'],
  *detect(ctx) {
    const handlers = [...flaskHandlers(ctx), ...djangoHandlers(ctx), ...classHandlers(ctx)];
    if (handlers.length === 0) return;
    // The indexed call sites, looked up by node for the calls inside each handler.
    const sites = new Map<number, CallSite>();
    for (const call of ctx.allCalls()) sites.set(call.node.id(), call);
    const seen = new Set<number>();
    for (const h of handlers) {
      if (seen.has(h.fn.id())) continue;
      seen.add(h.fn.id());
      const view = h.view ?? nameOf(h.fn) ?? 'view';
      if (TOKEN_LINK.test(view) || TOKEN_LINK.test(h.path ?? '')) continue;
      // A handler that branches on the method keeps GET read-only on purpose.
      if (/\.method\b/.test(h.fn.text())) continue;
      const calls: CallSite[] = [];
      for (const node of h.fn.field('body')?.findAll({ rule: { kind: 'call' } }) ?? []) {
        const site = sites.get(node.id());
        if (site !== undefined) calls.push(site);
      }
      const commits = calls.some((c) => c.method === 'commit');
      for (const call of calls) {
        const effect = stateChange(ctx, call, commits);
        if (effect === undefined) continue;
        const d: Detection = {
          node: call.node,
          data: { view, how: h.how, call: call.calleeText, effect },
        };
        yield d;
        break;
      }
    }
  },
});
