import type { SgNode } from '@ast-grep/napi';
import { definePythonRule } from '../../../engine/rule-api.js';
import { enclosingFunction, literalValue, unwrap } from '../../../languages/python/expr.js';
import { fieldNode, nameWords } from '../../../languages/python/flow-helpers.js';

/** Words naming what an access-control or authentication check is about. */
const AUTH = new Set([
  'admin',
  'superuser',
  'staff',
  'authenticated',
  'authorized',
  'authorised',
  'perm',
  'perms',
  'permission',
  'permissions',
  'role',
  'roles',
  'owner',
  'token',
  'signature',
  'password',
  'credentials',
  'credential',
  'otp',
  'jwt',
  'logged',
  'scope',
  'scopes',
  'acl',
  'privilege',
  'privileges',
  'access',
  'auth',
  'csrf',
  'member',
  'superadmin',
]);
/** Words that make a name a yes/no check. */
const PREDICATE = new Set([
  'is',
  'has',
  'check',
  'verify',
  'verified',
  'validate',
  'valid',
  'ensure',
  'require',
  'allowed',
  'authorize',
  'authorise',
  'authenticate',
  'permitted',
  'granted',
]);
/** Names that are access checks on their own. */
const STANDALONE = new Set(['authorized', 'authorised', 'authenticated', 'logged_in', 'is_owner']);
/** `can_<verb>` for verbs about access to data, not capabilities of an object (`can_read` on a stream). */
const CAN_VERBS = new Set([
  'view',
  'edit',
  'delete',
  'access',
  'modify',
  'update',
  'create',
  'manage',
  'admin',
  'publish',
  'approve',
  'change',
  'add',
  'remove',
  'see',
  'download',
  'upload',
  'execute',
  'invite',
  'impersonate',
  'moderate',
]);
/** Operands that make an equality an ownership or identity check. */
const OWNERSHIP =
  /\b(owner|owner_id|user_id|author_id|created_by|account_id|tenant_id)\b|\brequest\.user\b|\bcurrent_user\b|\buser\.(id|pk)\b|\.(roles|permissions|groups|scopes)\b/;
const CURRENT_USER = /^(request\.user|current_user|g\.user|flask\.g\.user|self\.request\.user)$/;

/**
 * Text every access check has (case-insensitively; the `u` flag folds the Kelvin sign to `k` as
 * lower-casing names does): an AUTH word or a STANDALONE name, `can` of a `can_<verb>` name, `user`
 * of the current-user expressions, or an OWNERSHIP operand.
 */
const SECURITY_TEXT =
  /admin|superuser|staff|auth|perm|role|owner|token|signature|password|credential|otp|jwt|logged|scope|acl|privilege|access|csrf|member|can|user|created_by|account_id|tenant_id|groups/iu;

/** None, True, False: a comparison with them is a data invariant, not an access check. */
function isSingleton(node: SgNode): boolean {
  const v = literalValue(node);
  return v === null || v === true || v === false;
}

function isCheckName(name: string): boolean {
  if (STANDALONE.has(name.toLowerCase())) return true;
  const words = nameWords(name);
  if (words[0] === 'can' && words[1] !== undefined && CAN_VERBS.has(words[1])) return true;
  return words.some((w) => PREDICATE.has(w)) && words.some((w) => AUTH.has(w));
}

/** Why the condition looks like an access check, or undefined. */
function securityCheck(cond: SgNode): { what: string; strong: boolean } | undefined {
  for (const id of cond.findAll({ rule: { kind: 'identifier' } })) {
    if (isCheckName(id.text())) return { what: id.text(), strong: true };
  }
  const c = unwrap(cond);
  const bare = c.kind() === 'not_operator' ? c.field('argument') : c;
  if (bare !== null && CURRENT_USER.test(unwrap(bare).text().replace(/\s+/g, ''))) {
    return { what: unwrap(bare).text(), strong: false };
  }
  const comparisons = [
    c.kind() === 'comparison_operator' ? c : null,
    ...c.findAll({ rule: { kind: 'comparison_operator' } }),
  ];
  for (const cmp of comparisons) {
    if (cmp === null) continue;
    const ops = cmp.namedChildren().filter((n) => n.kind() !== 'comment');
    // `owner_id is not None` is a data invariant; an access check compares two runtime values.
    if (ops.length < 2 || ops.some(isSingleton)) continue;
    const hit = ops.find((o) => OWNERSHIP.test(o.text()));
    if (hit !== undefined) return { what: hit.text(), strong: false };
  }
  return undefined;
}

export default definePythonRule({
  name: 'assert-used-for-security',
  title: 'Authorization or authentication check written as an assert (removed under python -O)',
  description:
    'Finds `assert` statements whose condition is an authorization, authentication or ownership check, which Python removes when run with optimisation enabled.',
  cwe: [862, 617],
  severity: 'warning',
  confidence: 'high',
  tags: ['authorization', 'authentication'],
  messages: {
    default:
      '`assert {{condition}}` enforces an access check (`{{what}}`) that disappears under `python -O`, leaving the code after it unprotected.',
  },
  help: {
    why: 'Python compiles `assert` statements away when run with `-O` or PYTHONOPTIMIZE, which some deployments and container images set. An authorization check written as an assert is then simply missing: any user reaches the protected operation. Even with asserts enabled, a failing check surfaces as an AssertionError (a 500 error) instead of a proper 403.',
    fix: 'Use an explicit check that always runs: `if not user.has_perm("app.delete_invoice"): raise PermissionDenied()` (or `abort(403)` / `HTTPException(status_code=403)` in your framework). Keep `assert` for internal invariants that are safe to drop.',
  },
  inTests: 'skip',
  requires: ['assert'],
  *detect(ctx) {
    if (!SECURITY_TEXT.test(ctx.source)) return;
    for (const stmt of ctx.nodes('assert_statement')) {
      // The condition is part of the statement's text.
      if (!SECURITY_TEXT.test(stmt.text())) continue;
      const cond = stmt.namedChildren().find((c) => c.kind() !== 'comment');
      if (cond === undefined) continue;
      // Test functions that live beside production code.
      const fn = enclosingFunction(stmt);
      if (fieldNode(fn, 'name')?.text().startsWith('test') === true) continue;
      const check = securityCheck(cond);
      if (check === undefined) continue;
      yield {
        node: stmt,
        data: { condition: cond.text().replace(/\s+/g, ' ').slice(0, 80), what: check.what },
        confidence: check.strong ? 'high' : 'medium',
      };
    }
  },
});
