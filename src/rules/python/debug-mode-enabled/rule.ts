import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type Detection } from '../../../engine/rule-api.js';
import type { PythonContext } from '../../../languages/python/context.js';
import { isTrue } from '../../../languages/python/expr.js';
import {
  compact,
  importsAny,
  insideBranchOrDefinition,
  isDevelopmentSettingsPath,
  isSettingsModule,
  namesBoundTo,
  nameOf,
  settingWrites,
} from '../../../languages/python/web-helpers.js';

/** Frameworks whose `run(debug=True)` starts an interactive debugger or verbose error pages. */
const WEB_FRAMEWORKS = ['flask', 'quart', 'sanic', 'flask_socketio', 'werkzeug', 'bottle', 'dash'];
const APP_FACTORIES = ['flask.Flask', 'quart.Quart', 'sanic.Sanic', 'dash.Dash'];
const APP_NAME = /(^|[._])(app|application|server|socketio|site)$/i;
const DEVELOPMENT = /dev|local|test|debug/i;

/** `debug` not followed by a call's parenthesis, or `Debug` (DebuggedApplication). */
const MAY_ENABLE_DEBUGGER = /debug(?!\s*\()|Debug/;

/** Inside a branch or definition about development or testing (`if app.testing:`). */
function developmentOnly(node: SgNode): boolean {
  return insideBranchOrDefinition(node, DEVELOPMENT);
}

function* runCalls(ctx: PythonContext): Generator<Detection> {
  const webFile = importsAny(ctx, ...WEB_FRAMEWORKS);
  for (const call of ctx.methodCalls('run')) {
    const isBottle = call.callee.includes('bottle.run');
    if (call.receiver === null && !isBottle) continue;
    const appLike =
      isBottle ||
      webFile ||
      (call.receiver !== null && APP_NAME.test(compact(call.receiver.text())));
    if (!appLike) continue;
    const flag = isTrue(call.keywords.get('debug'))
      ? 'debug=True'
      : isTrue(call.keywords.get('use_debugger'))
        ? 'use_debugger=True'
        : undefined;
    if (flag === undefined) continue;
    yield { node: call.node, messageId: 'run', data: { callee: call.calleeText, flag } };
  }
  for (const call of ctx.calls('werkzeug.serving.run_simple', 'werkzeug.run_simple')) {
    if (!isTrue(call.keywords.get('use_debugger'))) continue;
    yield {
      node: call.node,
      messageId: 'werkzeug',
      data: { callee: call.calleeText },
      severity: 'error',
    };
  }
  for (const call of ctx.calls(
    'werkzeug.debug.DebuggedApplication',
    'werkzeug.DebuggedApplication',
  )) {
    const evalex = isTrue(call.keywords.get('evalex') ?? call.args[1]);
    yield evalex
      ? {
          node: call.node,
          messageId: 'werkzeug',
          data: { callee: call.calleeText },
          severity: 'error',
        }
      : {
          node: call.node,
          messageId: 'tracebacks',
          data: { callee: call.calleeText },
          confidence: 'medium',
        };
  }
  for (const call of ctx.calls(
    'fastapi.FastAPI',
    'starlette.applications.Starlette',
    'tornado.web.Application',
    'aiohttp.web.Application',
  )) {
    if (!isTrue(call.keywords.get('debug'))) continue;
    yield { node: call.node, messageId: 'framework', data: { callee: call.calleeText } };
  }
}

function* appAttributes(ctx: PythonContext): Generator<Detection> {
  if (!importsAny(ctx, ...WEB_FRAMEWORKS)) return;
  const apps = namesBoundTo(ctx.calls(...APP_FACTORIES));
  for (const asg of ctx.root.findAll({
    rule: { kind: 'assignment', has: { field: 'left', kind: 'attribute', regex: '\\.\\s*debug$' } },
  })) {
    const receiver = asg.field('left')?.field('object');
    if (receiver === null || receiver === undefined || !isTrue(asg.field('right'))) continue;
    const name = compact(receiver.text());
    if (!apps.has(name) && !APP_NAME.test(name)) continue;
    if (developmentOnly(asg)) continue;
    yield { node: asg, messageId: 'attribute', data: { target: name } };
  }
}

/**
 * What a write of the DEBUG setting leaves in the text: `DEBUG =` / `DEBUG:` (an assignment or a
 * keyword, maybe with a comment or line break before the `=`), a `"DEBUG"` key, or a key split across
 * concatenated strings (`"DEB" "UG"`). Unlike the names alone, `logging.DEBUG` does not match.
 */
const DEBUG_SETTING =
  /DEBUG(?:\s|\\|#[^\r\n]*(?=[\r\n]|$))*[=:]|["']DEBUG["']|[A-Z]["'](?:[\s\\"']|#[^\r\n]*(?=[\r\n]|$)|[rRbBuUfFtT]{1,2}(?=["']))*["'][A-Z]/;

function* settings(ctx: PythonContext): Generator<Detection> {
  if (!DEBUG_SETTING.test(ctx.source)) return;
  // Whether the file is a settings module is only asked about a module-level DEBUG (it reads every
  // top-level statement).
  let settingsModule: boolean | undefined;
  for (const w of settingWrites(ctx, ['DEBUG'])) {
    if (!isTrue(w.value) || developmentOnly(w.node)) continue;
    // `DEBUG: bool = True` declares a default that the environment overrides (pydantic settings).
    if (w.node.field('type') !== null) continue;
    if (w.form === 'module') {
      settingsModule ??= isSettingsModule(ctx) && !isDevelopmentSettingsPath(ctx.file.path);
      if (!settingsModule) continue;
      yield { node: w.node, messageId: 'djangoSetting', confidence: 'medium' };
    } else if (w.form === 'class') {
      const cls = nameOf(w.owner) ?? '';
      if (!/config|settings/i.test(cls) || DEVELOPMENT.test(cls)) continue;
      yield { node: w.node, messageId: 'configClass', data: { cls } };
    } else {
      yield { node: w.node, messageId: 'config' };
    }
  }
}

export default definePythonRule({
  name: 'debug-mode-enabled',
  title: 'Web application runs with debug mode enabled',
  description:
    'Finds web applications configured to run in debug mode (Flask/Werkzeug debugger, Django DEBUG = True, FastAPI/Starlette/Tornado debug=True).',
  cwe: [489, 215],
  severity: 'warning',
  confidence: 'high',
  tags: ['debug', 'web', 'configuration'],
  messages: {
    default: 'Debug mode is enabled here.',
    run: '`{{callee}}({{flag}})` starts the Werkzeug debugger: anyone who reaches an error page can run Python code on the server.',
    werkzeug:
      '`{{callee}}` enables the interactive Werkzeug debugger, which runs arbitrary Python code typed into an error page.',
    tracebacks:
      '`{{callee}}` shows full tracebacks, with source code and local variables, to every client that triggers an error.',
    framework:
      '`{{callee}}(debug=True)` returns tracebacks with source code and local variables to clients on every error.',
    attribute:
      '`{{target}}.debug = True` turns on the Werkzeug debugger and detailed error pages for this application.',
    config:
      'DEBUG is set to True in the application config: errors show the interactive debugger or full tracebacks to clients.',
    configClass:
      '`{{cls}}` sets DEBUG = True: an application configured from it shows the debugger or full tracebacks to clients.',
    djangoSetting:
      'DEBUG = True in this settings module: error pages disclose settings, source code, SQL queries and local variables.',
  },
  help: {
    why: "Debug mode is for a developer's machine. Flask's debugger runs any Python code typed into an error page (its PIN is guessable from files an attacker can often read), and Django, FastAPI and Tornado debug pages show source code, settings, environment variables, SQL queries and local values to whoever triggers an error.",
    fix: 'Turn debug off in deployed configuration and drive it from the environment: `app.run(debug=os.environ.get("FLASK_DEBUG") == "1")`, `DEBUG = os.environ.get("DJANGO_DEBUG") == "1"`. Run production behind a WSGI/ASGI server (gunicorn, uvicorn) rather than the development server.',
  },
  inTests: 'skip',
  // Every report names `debug`/`use_debugger` (keyword or attribute), DebuggedApplication or DEBUG.
  requires: ['bug', 'BUG'],
  *detect(ctx) {
    // `debug=`, `use_debugger=`, `.debug = ...` and DebuggedApplication all leave one of these in the
    // text; logging calls (`log.debug(...)`) alone do not, and spare the look at every `.run()` call.
    if (MAY_ENABLE_DEBUGGER.test(ctx.source)) {
      yield* runCalls(ctx);
      yield* appAttributes(ctx);
    }
    yield* settings(ctx);
  },
});
