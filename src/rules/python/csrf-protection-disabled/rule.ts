import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type Detection } from '../../../engine/rule-api.js';
import type { PythonContext } from '../../../languages/python/context.js';
import { decoratorsOf, literalValue, unwrap } from '../../../languages/python/expr.js';
import {
  compact,
  importsAny,
  insideBranchOrDefinition,
  namesBoundTo,
  nameOf,
  settingWrites,
} from '../../../languages/python/web-helpers.js';

const CSRF_EXEMPT = 'django.views.decorators.csrf.csrf_exempt';
const METHOD_DECORATOR = 'django.utils.decorators.method_decorator';
const SAFE_ONLY = new Set([
  'django.views.decorators.http.require_GET',
  'django.views.decorators.http.require_safe',
]);
const CSRF_PROTECT = [
  'flask_wtf.csrf.CSRFProtect',
  'flask_wtf.CSRFProtect',
  'flask_wtf.csrf.CsrfProtect',
  'flask_wtf.CsrfProtect',
];

/**
 * Views that authenticate each request by something a browser does not attach on its own (a webhook
 * signature, an Authorization header): forged cross-site requests carry neither, so CSRF does not apply.
 */
const NON_COOKIE_AUTH =
  /compare_digest|\bhmac\b|signature|construct_event|verify_webhook|HTTP_AUTHORIZATION|["']Authorization["']|X-Hub-Signature/i;

function isCsrfExempt(ctx: PythonContext, node: SgNode): boolean {
  const n = unwrap(node);
  if (n.kind() !== 'identifier' && n.kind() !== 'attribute') return false;
  return ctx.resolve(n).some((name) => name === CSRF_EXEMPT || name === 'csrf_exempt');
}

/** The function or class a decorator applies to. */
function decorated(decorator: SgNode): SgNode | undefined {
  const def = decorator.parent()?.field('definition');
  return def ?? undefined;
}

/** True when the exempted view is shown not to need CSRF protection. */
function exemptionJustified(ctx: PythonContext, target: SgNode | undefined): boolean {
  if (target === undefined) return false;
  if (NON_COOKIE_AUTH.test(target.text())) return true;
  // Views that accept only GET/HEAD change nothing, so a forged request gains nothing.
  return decoratorsOf(target).some((d) => {
    const expr = d.namedChildren()[0];
    return expr !== undefined && ctx.resolve(expr).some((n) => SAFE_ONLY.has(n));
  });
}

function* djangoExemptions(ctx: PythonContext): Generator<Detection> {
  // Every exemption names csrf_exempt: in the decorator or call, or in the import that binds its
  // alias.
  if (!ctx.source.includes('csrf_exempt')) return;
  // @csrf_exempt
  for (const dec of ctx.nodes('decorator')) {
    const expr = dec.namedChildren()[0];
    if (expr === undefined || !isCsrfExempt(ctx, expr)) continue;
    const target = decorated(dec);
    if (exemptionJustified(ctx, target)) continue;
    const name = nameOf(target) ?? 'view';
    yield { node: dec, messageId: 'djangoDecorator', data: { view: name } };
  }
  // csrf_exempt(view) in urls.py, and @method_decorator(csrf_exempt, name="dispatch")
  for (const call of ctx.calls(CSRF_EXEMPT, 'csrf_exempt')) {
    if (call.node.parent()?.kind() === 'decorator') continue;
    const view = call.args[0]?.text().slice(0, 60) ?? 'view';
    yield { node: call.node, messageId: 'djangoCall', data: { view } };
  }
  for (const call of ctx.calls(METHOD_DECORATOR)) {
    const first = call.args[0];
    if (first === undefined) continue;
    const items =
      first.kind() === 'list' || first.kind() === 'tuple' ? first.namedChildren() : [first];
    if (!items.some((i) => isCsrfExempt(ctx, i))) continue;
    const dec = call.node.parent();
    const target = dec?.kind() === 'decorator' ? decorated(dec) : undefined;
    if (exemptionJustified(ctx, target)) continue;
    const name = nameOf(target) ?? 'view';
    yield {
      node: dec?.kind() === 'decorator' ? dec : call.node,
      messageId: 'djangoDecorator',
      data: { view: name },
    };
  }
}

/** Django REST framework: a SessionAuthentication subclass whose enforce_csrf does nothing. */
function* drfEnforceCsrf(ctx: PythonContext): Generator<Detection> {
  if (!ctx.source.includes('enforce_csrf')) return;
  for (const fn of ctx.root.findAll({
    rule: { kind: 'function_definition', has: { field: 'name', regex: '^enforce_csrf$' } },
  })) {
    const statements =
      fn
        .field('body')
        ?.namedChildren()
        .filter((s) => s.kind() !== 'comment') ?? [];
    const noop = statements.every((s) => {
      const k = s.kind();
      if (k === 'pass_statement') return true;
      if (k === 'return_statement') return s.namedChildren().every((c) => literalValue(c) === null);
      return k === 'expression_statement' && s.namedChildren()[0]?.kind() === 'string';
    });
    if (!noop) continue;
    const cls = fn.ancestors().find((a) => a.kind() === 'class_definition');
    yield { node: fn, messageId: 'drf', data: { cls: nameOf(cls) ?? 'authentication class' } };
  }
}

function inTestingBranch(node: SgNode): boolean {
  return insideBranchOrDefinition(node, /test/i);
}

function* flaskWtf(ctx: PythonContext): Generator<Detection> {
  for (const w of settingWrites(ctx, ['WTF_CSRF_ENABLED', 'WTF_CSRF_CHECK_DEFAULT'])) {
    if (literalValue(w.value) !== false || inTestingBranch(w.node)) continue;
    const devClass = /dev|local|debug/i.test(nameOf(w.owner) ?? '');
    yield {
      node: w.node,
      messageId: w.name === 'WTF_CSRF_ENABLED' ? 'wtfDisabled' : 'wtfCheckDefault',
      data: { setting: w.name },
      ...(w.name === 'WTF_CSRF_CHECK_DEFAULT' || devClass ? { confidence: 'medium' as const } : {}),
    };
  }
  if (!importsAny(ctx, 'flask_wtf')) return;
  const protectors = namesBoundTo(ctx.calls(...CSRF_PROTECT));
  const isProtector = (receiver: SgNode): boolean => {
    const key = compact(receiver.text());
    return protectors.has(key) || /csrf/i.test(key);
  };
  for (const dec of ctx.root.findAll({
    rule: { kind: 'decorator', regex: '\\.\\s*exempt\\s*$' },
  })) {
    const expr = dec.namedChildren()[0];
    const receiver = expr?.kind() === 'attribute' ? expr.field('object') : null;
    if (receiver === null || !isProtector(receiver)) continue;
    const target = decorated(dec);
    if (exemptionJustified(ctx, target)) continue;
    yield { node: dec, messageId: 'wtfExempt', data: { view: nameOf(target) ?? 'view' } };
  }
  for (const call of ctx.methodCalls('exempt')) {
    if (call.receiver === null || !isProtector(call.receiver)) continue;
    if (call.node.parent()?.kind() === 'decorator') continue;
    yield {
      node: call.node,
      messageId: 'wtfExempt',
      data: { view: call.args[0]?.text().slice(0, 60) ?? 'view' },
    };
  }
  // class Meta: csrf = False inside a FlaskForm
  if (!ctx.source.includes('csrf') || !ctx.source.includes('Meta')) return;
  for (const asg of ctx.root.findAll({
    rule: {
      kind: 'assignment',
      has: { field: 'left', kind: 'identifier', regex: '^csrf$' },
      inside: { kind: 'class_definition', has: { field: 'name', regex: '^Meta$' }, stopBy: 'end' },
    },
  })) {
    const right = asg.field('right');
    if (right === null || literalValue(right) !== false || inTestingBranch(asg)) continue;
    yield { node: asg, messageId: 'formMeta', confidence: 'medium' };
  }
}

export default definePythonRule({
  name: 'csrf-protection-disabled',
  title: 'Cross-site request forgery (CSRF) protection disabled',
  description:
    'Finds views and applications whose CSRF protection is switched off: Django csrf_exempt, a no-op DRF enforce_csrf, Flask-WTF WTF_CSRF_ENABLED = False, csrf.exempt and forms with csrf = False.',
  cwe: [352],
  severity: 'warning',
  confidence: 'high',
  tags: ['csrf', 'web', 'configuration'],
  messages: {
    default: 'CSRF protection is disabled here.',
    djangoDecorator:
      "`{{view}}` is exempted from CSRF checks: another site can make a logged-in user's browser submit requests to it.",
    djangoCall:
      "`csrf_exempt({{view}})` removes CSRF checks from this view: another site can make a logged-in user's browser submit requests to it.",
    drf: '`{{cls}}.enforce_csrf` does nothing, so session-authenticated API calls are accepted without a CSRF token.',
    wtfDisabled:
      "`{{setting}} = False` turns off Flask-WTF's CSRF protection for every form and view of the application.",
    wtfCheckDefault:
      '`{{setting}} = False` leaves views unprotected unless each one calls csrf.protect() itself.',
    wtfExempt:
      "`{{view}}` is exempted from Flask-WTF CSRF checks: another site can make a logged-in user's browser submit requests to it.",
    formMeta: "This form's Meta sets csrf = False, so it accepts submissions without a CSRF token.",
  },
  help: {
    why: "Browsers attach cookies to every request to a site, whoever started it. Without a CSRF token check, a page on any other site can make a logged-in user's browser submit a form or API call (change the e-mail address or password, transfer money, delete data) with the user's full authority.",
    fix: "Keep the framework's CSRF protection on and send the token with each state-changing request (Django `{% csrf_token %}` or the X-CSRFToken header, Flask-WTF `form.hidden_tag()` / `csrf_token()`). Exempt only endpoints that authenticate each request by other means, such as a verified webhook signature or an Authorization header, and say so in a comment.",
  },
  inTests: 'skip',
  // Django's csrf_exempt (also under an alias, bound by an import naming it), DRF's enforce_csrf,
  // Flask-WTF's WTF_CSRF_* settings, and the rest of Flask-WTF only in files importing flask_wtf.
  requires: ['csrf_exempt', 'enforce_csrf', 'WTF_CSRF_', 'flask_wtf'],
  *detect(ctx) {
    yield* djangoExemptions(ctx);
    yield* drfEnforceCsrf(ctx);
    yield* flaskWtf(ctx);
  },
});
