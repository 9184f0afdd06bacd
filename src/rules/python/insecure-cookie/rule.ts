import { definePythonRule, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import type { PythonContext } from '../../../languages/python/context.js';
import { literalValue } from '../../../languages/python/expr.js';
import {
  constantString,
  isDevelopmentSettingsPath,
  nameOf,
  settingWrites,
} from '../../../languages/python/web-helpers.js';

/** Cookie names that carry a session or a credential. */
const SENSITIVE_NAME =
  /sess|auth|token|jwt|^sid$|[_-]sid$|remember|login|credential|api[-_]?key|refresh|identity/i;
/** Cookies that client-side code must read (double-submit CSRF tokens). */
const SCRIPT_READABLE = /csrf|xsrf/i;

/** Settings whose False value turns a cookie protection off, with the CWE each one maps to. */
const SETTINGS: Readonly<Record<string, 'secure' | 'httponly'>> = {
  SESSION_COOKIE_SECURE: 'secure',
  CSRF_COOKIE_SECURE: 'secure',
  LANGUAGE_COOKIE_SECURE: 'secure',
  REMEMBER_COOKIE_SECURE: 'secure',
  SESSION_COOKIE_HTTPONLY: 'httponly',
  REMEMBER_COOKIE_HTTPONLY: 'httponly',
};

function* setCookieCalls(ctx: PythonContext): Generator<Detection> {
  for (const call of ctx.methodCalls('set_cookie', 'set_signed_cookie')) {
    if (call.receiver === null || call.hasKwargsSplat) continue;
    const name = constantString(arg(call, 0, 'key') ?? call.keywords.get('name'));
    const shown = name ?? arg(call, 0, 'key')?.text().slice(0, 40) ?? 'cookie';
    const sensitive = name === undefined || SENSITIVE_NAME.test(name);
    // Werkzeug, Django and Starlette share the order (key, value, max_age, expires, path, domain,
    // secure, httponly, samesite).
    const secure = arg(call, 6, 'secure');
    const httponly = arg(call, 7, 'httponly');
    const samesite = arg(call, 8, 'samesite');
    const secureValue = secure === undefined ? undefined : literalValue(secure);
    const data = { callee: call.calleeText, name: shown };

    if (secureValue === false || secureValue === null) {
      yield {
        node: call.node,
        messageId: 'secureFalse',
        data,
        confidence: sensitive ? 'high' : 'low',
        ...(sensitive ? {} : { severity: 'note' as const }),
      };
      continue;
    }
    const sameSiteNone = samesite !== undefined && /^none$/i.test(constantString(samesite) ?? '');
    if (secure === undefined && sameSiteNone) {
      yield { node: call.node, messageId: 'sameSiteNone', data };
      continue;
    }
    if (
      secure === undefined &&
      name !== undefined &&
      SENSITIVE_NAME.test(name) &&
      !SCRIPT_READABLE.test(name)
    ) {
      yield { node: call.node, messageId: 'secureMissing', data };
      continue;
    }
    if (
      httponly !== undefined &&
      literalValue(httponly) === false &&
      !SCRIPT_READABLE.test(name ?? '')
    ) {
      yield {
        node: call.node,
        messageId: 'httponlyFalse',
        data,
        confidence: sensitive ? 'high' : 'low',
        ...(sensitive ? {} : { severity: 'note' as const }),
      };
    }
  }
}

function* frameworkSettings(ctx: PythonContext): Generator<Detection> {
  const dev = isDevelopmentSettingsPath(ctx.file.path);
  for (const w of settingWrites(ctx, Object.keys(SETTINGS))) {
    if (literalValue(w.value) !== false) continue;
    // Config classes named for development (class DevelopmentConfig) set these on purpose.
    const ownerName = nameOf(w.owner) ?? '';
    const devClass = /dev|local|test|debug/i.test(ownerName);
    const flag = SETTINGS[w.name];
    yield {
      node: w.node,
      messageId: flag === 'httponly' ? 'settingHttponly' : 'settingSecure',
      data: { setting: w.name },
      ...(dev || devClass ? { confidence: 'low' as const, severity: 'note' as const } : {}),
    };
  }
}

export default definePythonRule({
  name: 'insecure-cookie',
  title: "Sensitive cookie without the 'Secure' or 'HttpOnly' attribute",
  description:
    'Finds cookies set without the Secure or HttpOnly attribute (set_cookie with secure=False/httponly=False, session-like cookies without secure=True) and framework settings that turn these attributes off.',
  cwe: [614, 1004],
  severity: 'warning',
  confidence: 'high',
  tags: ['cookies', 'session', 'web', 'configuration'],
  messages: {
    default: 'This cookie is sent without the Secure or HttpOnly attribute.',
    secureFalse:
      '`{{callee}}` sets the cookie `{{name}}` with secure=False: browsers also send it over plain HTTP, where it can be captured.',
    secureMissing:
      '`{{callee}}` sets the session-like cookie `{{name}}` without secure=True: it is also sent over plain HTTP, where it can be captured.',
    sameSiteNone:
      '`{{callee}}` sets the cookie `{{name}}` with samesite="None" but without secure=True: browsers reject it, or send it cross-site over plain HTTP.',
    httponlyFalse:
      '`{{callee}}` sets the cookie `{{name}}` with httponly=False: any script on the page, including injected script, can read it (CWE-1004).',
    settingSecure:
      '`{{setting}} = False` lets the browser send this cookie over plain HTTP, where it can be captured.',
    settingHttponly:
      '`{{setting}} = False` makes this cookie readable from JavaScript, so one XSS flaw is enough to steal sessions (CWE-1004).',
  },
  help: {
    why: 'A cookie without the Secure attribute is also sent over plain HTTP: one request to an http:// URL (a link, a redirect, a downgrade on public Wi-Fi) exposes it to anyone watching the network. A cookie without HttpOnly can be read by JavaScript, so any cross-site scripting flaw lets an attacker copy session and login cookies and take over accounts.',
    fix: 'Set the attributes explicitly: `response.set_cookie("session", value, secure=True, httponly=True, samesite="Lax")`. In Django set `SESSION_COOKIE_SECURE = True`, `CSRF_COOKIE_SECURE = True` and keep `SESSION_COOKIE_HTTPONLY = True`; in Flask set `SESSION_COOKIE_SECURE = True` and `SESSION_COOKIE_HTTPONLY = True`.',
  },
  inTests: 'skip',
  // set_cookie()/set_signed_cookie() calls (`kie`), or settings that settingWrites only finds in files
  // naming them (every name in SETTINGS contains `KIE_`). Short substrings starting with a rare letter
  // are found fastest.
  requires: ['kie', 'KIE_'],
  *detect(ctx) {
    yield* setCookieCalls(ctx);
    yield* frameworkSettings(ctx);
  },
});
