import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import type { PythonContext } from '../../../languages/python/context.js';
import { isTrue, stringValue, unwrap } from '../../../languages/python/expr.js';
import {
  functionOrModule,
  isDevelopmentSettingsPath,
  resolvesTo,
  settingWrites,
  stringKeyedPairs,
} from '../../../languages/python/web-helpers.js';

const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';

/** `"*"`, or an origin pattern that matches every origin (`.*`, `^.*$`). */
function isWildcardString(value: string | undefined): boolean {
  if (value === undefined) return false;
  return value === '*' || /^\^?\.[*+]\$?$/.test(value);
}

/** `"*"`, `["*"]`, `("*",)`, or a pattern matching everything. */
function allowsAnyOrigin(node: SgNode | undefined): boolean {
  if (node === undefined) return false;
  const n = unwrap(node);
  if (isWildcardString(stringValue(n))) return true;
  if (n.kind() === 'list' || n.kind() === 'tuple' || n.kind() === 'set') {
    return n.namedChildren().some((c) => isWildcardString(stringValue(c)));
  }
  return false;
}

/** Flask-CORS: `CORS(app, ...)` and `@cross_origin(...)`. */
function* flaskCors(ctx: PythonContext): Generator<Detection> {
  // Only Flask-CORS calls are reported, resolved through the module it names.
  if (!ctx.source.includes('flask_cors')) return;
  const config = settingWrites(ctx, ['CORS_SUPPORTS_CREDENTIALS', 'CORS_ORIGINS']);
  const configCredentials = config.some(
    (s) => s.name === 'CORS_SUPPORTS_CREDENTIALS' && isTrue(s.value),
  );
  const configOrigins = config.find((s) => s.name === 'CORS_ORIGINS');
  for (const call of ctx.calls(
    'flask_cors.CORS',
    'flask_cors.cross_origin',
    'flask_cors.extension.CORS',
    'flask_cors.decorator.cross_origin',
  )) {
    if (call.hasKwargsSplat) continue;
    const credKw = call.keywords.get('supports_credentials');
    const credentials = credKw !== undefined ? isTrue(credKw) : configCredentials;
    // The origins in force: explicit, per resource, from app.config, or Flask-CORS's default "*".
    const origins =
      call.keywords.get('origins') ?? (call.method === 'cross_origin' ? call.args[0] : undefined);
    let explicitStar = false;
    let implicitStar = false;
    if (origins !== undefined) {
      explicitStar = allowsAnyOrigin(origins);
    } else {
      const resources = stringKeyedPairs(call.keywords.get('resources'));
      if (resources.length > 0) {
        for (const { value } of resources) {
          const inner = stringKeyedPairs(value).find((p) => p.key === 'origins');
          if (inner === undefined) implicitStar = true;
          else if (allowsAnyOrigin(inner.value)) explicitStar = true;
        }
      } else if (configOrigins !== undefined) {
        explicitStar = allowsAnyOrigin(configOrigins.value);
      } else {
        implicitStar = true;
      }
    }
    if (credentials && (explicitStar || implicitStar)) {
      yield {
        node: call.node,
        messageId: 'credentials',
        data: {
          callee: call.calleeText,
          how: explicitStar
            ? 'every origin'
            : 'every origin (the default when origins= is not given)',
        },
        severity: 'error',
      };
    } else if (explicitStar) {
      yield {
        node: call.node,
        messageId: 'wildcard',
        data: { callee: call.calleeText },
        severity: 'note',
        confidence: 'low',
      };
    }
  }
}

const CORS_MIDDLEWARE = new Set([
  'starlette.middleware.cors.CORSMiddleware',
  'fastapi.middleware.cors.CORSMiddleware',
]);

/** Starlette / FastAPI: `app.add_middleware(CORSMiddleware, ...)`, `Middleware(CORSMiddleware, ...)`. */
function* starletteCors(ctx: PythonContext): Generator<Detection> {
  // The middleware class is named where it is passed or in the import binding it.
  if (!ctx.source.includes('CORSMiddleware')) return;
  const candidates: CallSite[] = [
    ...ctx.methodCalls('add_middleware', 'Middleware'),
    ...ctx.calls(...CORS_MIDDLEWARE),
  ];
  for (const call of candidates) {
    const isCors =
      call.callee.some((c) => CORS_MIDDLEWARE.has(c)) ||
      resolvesTo(
        ctx,
        call.args[0] ?? call.keywords.get('middleware_class') ?? call.keywords.get('cls'),
        CORS_MIDDLEWARE,
      );
    if (!isCors || call.hasKwargsSplat) continue;
    const regex = call.keywords.get('allow_origin_regex');
    const star =
      allowsAnyOrigin(call.keywords.get('allow_origins')) ||
      (regex !== undefined && isWildcardString(stringValue(regex)));
    if (!star) continue;
    if (isTrue(call.keywords.get('allow_credentials'))) {
      yield {
        node: call.node,
        messageId: 'credentials',
        data: { callee: call.calleeText, how: 'every origin' },
        severity: 'error',
      };
    } else {
      yield {
        node: call.node,
        messageId: 'wildcard',
        data: { callee: call.calleeText },
        severity: 'note',
        confidence: 'low',
      };
    }
  }
}

/** django-cors-headers settings. */
function* djangoCors(ctx: PythonContext): Generator<Detection> {
  if (isDevelopmentSettingsPath(ctx.file.path)) return;
  const writes = settingWrites(ctx, [
    'CORS_ALLOW_ALL_ORIGINS',
    'CORS_ORIGIN_ALLOW_ALL',
    'CORS_ALLOW_CREDENTIALS',
    'CORS_ALLOWED_ORIGIN_REGEXES',
    'CORS_ORIGIN_REGEX_WHITELIST',
  ]).filter((w) => w.form === 'module' || w.form === 'class');
  const credentials = writes.some((w) => w.name === 'CORS_ALLOW_CREDENTIALS' && isTrue(w.value));
  for (const w of writes) {
    const allowAll =
      ((w.name === 'CORS_ALLOW_ALL_ORIGINS' || w.name === 'CORS_ORIGIN_ALLOW_ALL') &&
        isTrue(w.value)) ||
      (w.name.includes('REGEX') && allowsAnyOrigin(w.value));
    if (!allowAll) continue;
    if (credentials) {
      yield {
        node: w.node,
        messageId: 'djangoCredentials',
        data: { setting: w.name },
        severity: 'error',
      };
    } else {
      yield {
        node: w.node,
        messageId: 'djangoWildcard',
        data: { setting: w.name },
        severity: 'note',
        confidence: 'low',
      };
    }
  }
}

/** A header write: `resp.headers[name] = v`, `resp[name] = v`, `set_header(name, v)`, `{name: v}`, `(name, v)`. */
interface HeaderWrite {
  node: SgNode;
  name: string;
  value: SgNode;
}

const HEADER_METHODS = new Set([
  'set_header',
  'add_header',
  'add',
  'set',
  'setdefault',
  'append',
  '__setitem__',
]);

function headerWrites(ctx: PythonContext, header: string): HeaderWrite[] {
  const out: HeaderWrite[] = [];
  const re = `(?i)["']${header}["']`;
  for (const s of ctx.root.findAll({ rule: { kind: 'string', regex: re } })) {
    const name = stringValue(s)?.toLowerCase();
    if (name !== header) continue;
    const parent = s.parent();
    if (parent === null) continue;
    const pk = parent.kind();
    if (pk === 'subscript') {
      const asg = parent.parent();
      const value =
        asg?.kind() === 'assignment' && asg.field('left')?.id() === parent.id()
          ? asg.field('right')
          : null;
      if (asg !== null && value !== null) out.push({ node: asg, name, value });
    } else if (pk === 'pair' && parent.field('key')?.id() === s.id()) {
      const value = parent.field('value');
      if (value !== null) out.push({ node: parent, name, value });
    } else if (pk === 'tuple') {
      const items = parent.namedChildren();
      const value = items[1];
      if (items.length === 2 && items[0]?.id() === s.id() && value !== undefined)
        out.push({ node: parent, name, value });
    } else if (pk === 'argument_list') {
      const call = parent.parent();
      const fn = call?.field('function');
      const method = fn?.kind() === 'attribute' ? fn.field('attribute')?.text() : undefined;
      const args = parent.namedChildren().filter((c) => c.kind() !== 'comment');
      const value = args[1];
      if (
        call &&
        method !== undefined &&
        HEADER_METHODS.has(method) &&
        args[0]?.id() === s.id() &&
        value !== undefined
      ) {
        out.push({ node: call, name, value });
      }
    }
  }
  return out;
}

const ORIGIN_SOURCE = /HTTP_ORIGIN|\[\s*["']origin["']\s*\]|\(\s*["']origin["']|\.origin\b/i;

/** The value is the request's Origin header, directly or through a local name assigned from it. */
function reflectsOrigin(value: SgNode): { variable: string | undefined } | undefined {
  const v = unwrap(value);
  if (ORIGIN_SOURCE.test(v.text()) && /request|headers|environ|META/.test(v.text())) {
    return { variable: undefined };
  }
  if (v.kind() !== 'identifier') return undefined;
  const scope = functionOrModule(v);
  const assigned = scope.findAll({
    rule: {
      kind: 'assignment',
      has: { field: 'left', kind: 'identifier', regex: `^${v.text()}$` },
    },
  });
  const fromOrigin = assigned.some((a) => {
    const right = a.field('right')?.text() ?? '';
    return ORIGIN_SOURCE.test(right) && /request|headers|environ|META/.test(right);
  });
  return fromOrigin ? { variable: v.text() } : undefined;
}

/** Whether the function compares the origin against something before echoing it. */
function originChecked(node: SgNode): boolean {
  const scope = functionOrModule(node);
  const conditions = scope.findAll({
    rule: {
      any: [
        { kind: 'comparison_operator', regex: '(?i)origin' },
        {
          kind: 'call',
          regex: '(?i)origin',
          has: {
            field: 'function',
            regex:
              '(?i)(allow|valid|trust|match|check|permit|whitelist|search|endswith|startswith)',
          },
        },
      ],
    },
  });
  return conditions.some((c) => !/^\s*[\w.]*origin[\w.]*\s+is\s+(not\s+)?None\s*$/i.test(c.text()));
}

// The header names in a string, case-insensitively as the native search (`u`: Unicode case folding,
// as the Rust regex crate's `(?i)`): a file without one has no such header write.
const ACAO_IN_FILE = /["']access-control-allow-origin["']/iu;
const ACAC_IN_FILE = /["']access-control-allow-credentials["']/iu;

function* responseHeaders(ctx: PythonContext): Generator<Detection> {
  if (!ACAO_IN_FILE.test(ctx.source)) return;
  const credentialWrites = ACAC_IN_FILE.test(ctx.source) ? headerWrites(ctx, ACAC) : [];
  const credentialScopes = new Set(
    credentialWrites
      .filter((w) => /^true$/i.test(stringValue(w.value) ?? '') || isTrue(w.value))
      .map((w) => functionOrModule(w.node).id()),
  );
  for (const w of headerWrites(ctx, ACAO)) {
    const credentials = credentialScopes.has(functionOrModule(w.node).id());
    if (stringValue(w.value) === '*') {
      // Browsers refuse "*" together with credentials, so this exposes only public, cookie-less reads.
      yield { node: w.node, messageId: 'wildcardHeader', severity: 'note', confidence: 'low' };
      continue;
    }
    const reflected = reflectsOrigin(w.value);
    if (reflected === undefined || originChecked(w.node)) continue;
    yield {
      node: w.node,
      messageId: credentials ? 'reflectedCredentials' : 'reflected',
      severity: credentials ? 'error' : 'warning',
      confidence: credentials ? 'high' : 'medium',
    };
  }
}

export default definePythonRule({
  name: 'permissive-cors',
  title: 'CORS policy trusts every origin',
  description:
    'Finds CORS configurations (Flask-CORS, django-cors-headers, Starlette/FastAPI CORSMiddleware, hand-set headers) that allow any origin, especially together with credentials.',
  cwe: [942],
  severity: 'warning',
  confidence: 'high',
  tags: ['cors', 'web', 'configuration'],
  messages: {
    default: 'This CORS policy allows every origin.',
    credentials:
      '`{{callee}}` allows {{how}} with credentials: any web site a logged-in user visits can call this API as that user and read the answers.',
    wildcard:
      '`{{callee}}` allows every origin; acceptable only for public, unauthenticated endpoints.',
    djangoCredentials:
      '`{{setting}}` allows every origin while CORS_ALLOW_CREDENTIALS is True: any web site can make authenticated requests as a logged-in user and read the answers.',
    djangoWildcard:
      '`{{setting}}` allows every origin; acceptable only if no endpoint relies on cookies or other ambient credentials.',
    wildcardHeader:
      'Access-Control-Allow-Origin is set to "*": any web site can read this response (fine only for public data).',
    reflected:
      "Access-Control-Allow-Origin echoes the request's Origin header without checking it against an allow-list, which trusts every origin.",
    reflectedCredentials:
      "Access-Control-Allow-Origin echoes the request's Origin header unchecked while Access-Control-Allow-Credentials is true: any web site can read authenticated responses.",
  },
  help: {
    why: "CORS decides which other web sites may read this application's responses in a visitor's browser. Allowing every origin, and above all reflecting the Origin header with credentials allowed, lets a malicious page the victim visits send requests with the victim's cookies and read the answers: account data, CSRF tokens, API keys.",
    fix: 'List the trusted origins explicitly: `CORS(app, origins=["https://app.example.com"], supports_credentials=True)`, `CORS_ALLOWED_ORIGINS = ["https://app.example.com"]`, `CORSMiddleware(allow_origins=["https://app.example.com"])`. When setting the header by hand, echo the Origin only after checking it against that list, and add `Vary: Origin`.',
  },
  inTests: 'lower',
  *detect(ctx) {
    yield* flaskCors(ctx);
    yield* starletteCors(ctx);
    yield* djangoCors(ctx);
    yield* responseHeaders(ctx);
  },
});
