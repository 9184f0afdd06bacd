import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { isTrue, stringValue } from '../../../languages/python/expr.js';
import { exprKey, inNestedScope } from '../../../languages/python/flow-helpers.js';

/** os-level checks and the argument holding the path. */
const OS_CHECKS = [
  'os.access',
  'os.path.exists',
  'os.path.lexists',
  'os.path.isfile',
  'os.path.isdir',
  'os.path.islink',
  'os.stat',
  'os.lstat',
];
/** The last names of the checks, as whole words. */
const CHECK_NAME =
  /(?<!\w)(?:access|exists|lexists|isfile|isdir|islink|stat|lstat|is_file|is_dir|is_symlink)(?!\w)/;

/** pathlib checks, called on the path itself. */
const PATH_CHECKS = ['exists', 'is_file', 'is_dir', 'is_symlink'];

type Polarity = 'exists' | 'missing';

interface Check {
  call: CallSite;
  name: string;
  path: SgNode;
}

interface Use {
  node: SgNode;
  name: string;
}

function isWriteMode(mode: SgNode | undefined): boolean {
  if (mode === undefined) return false;
  const m = stringValue(mode);
  return m !== undefined && /[wa+]/.test(m) && !m.includes('x');
}

/** os.open flags: creating without O_EXCL ('create'), writing ('write'), or neither. */
function osOpenFlags(flags: SgNode | undefined): { create: boolean; write: boolean } {
  const t = flags?.text() ?? '';
  const excl = t.includes('O_EXCL');
  return {
    create: t.includes('O_CREAT') && !excl,
    write: /O_(WRONLY|RDWR|TRUNC|APPEND)/.test(t) && !excl,
  };
}

/**
 * The operation a call performs on which argument, given what the check established: with the file
 * known to exist, reading it after os.access, or changing, deleting, renaming or writing it; with it
 * known to be missing, creating it.
 */
function pathUse(call: CallSite, polarity: Polarity, after: string): SgNode | undefined {
  const q = call.callee;
  const has = (...names: string[]): boolean => names.some((n) => q.includes(n));
  const accessCheck = after === 'os.access';
  if (has('open', 'io.open', 'codecs.open')) {
    const mode = arg(call, 1, 'mode');
    const write = isWriteMode(mode);
    if (polarity === 'missing' ? write : accessCheck || write) return arg(call, 0, 'file');
    return undefined;
  }
  if (has('os.open')) {
    const f = osOpenFlags(arg(call, 1, 'flags'));
    if (polarity === 'missing' ? f.create : accessCheck || f.write) return arg(call, 0, 'path');
    return undefined;
  }
  if (polarity === 'exists') {
    if (
      has(
        'os.remove',
        'os.unlink',
        'os.rmdir',
        'os.chmod',
        'os.chown',
        'os.lchown',
        'shutil.rmtree',
        'shutil.chown',
      )
    ) {
      return arg(call, 0, 'path');
    }
    if (
      has(
        'os.rename',
        'os.replace',
        'shutil.move',
        'shutil.copy',
        'shutil.copy2',
        'shutil.copyfile',
      )
    ) {
      return arg(call, 0, 'src');
    }
    return undefined;
  }
  if (has('os.mkdir')) return arg(call, 0, 'path');
  if (has('os.makedirs'))
    return isTrue(call.keywords.get('exist_ok')) ? undefined : arg(call, 0, 'name');
  if (
    has(
      'os.rename',
      'os.replace',
      'os.symlink',
      'os.link',
      'shutil.move',
      'shutil.copy',
      'shutil.copy2',
      'shutil.copyfile',
    )
  ) {
    return arg(call, 1, 'dst');
  }
  return undefined;
}

/** Path methods: the receiver is the path. */
function pathMethodUse(call: CallSite, polarity: Polarity): boolean {
  const m = call.method;
  if (polarity === 'exists') {
    if (['unlink', 'rmdir', 'chmod', 'rename', 'replace', 'write_text', 'write_bytes'].includes(m))
      return true;
    return m === 'open' && isWriteMode(arg(call, 0, 'mode'));
  }
  if (m === 'mkdir') return !isTrue(call.keywords.get('exist_ok'));
  if (m === 'write_text' || m === 'write_bytes') return true;
  return m === 'open' && isWriteMode(arg(call, 0, 'mode'));
}

const USE_CALLS = [
  'open',
  'io.open',
  'codecs.open',
  'os.open',
  'os.remove',
  'os.unlink',
  'os.rmdir',
  'os.chmod',
  'os.chown',
  'os.lchown',
  'os.rename',
  'os.replace',
  'os.symlink',
  'os.link',
  'os.mkdir',
  'os.makedirs',
  'shutil.rmtree',
  'shutil.chown',
  'shutil.move',
  'shutil.copy',
  'shutil.copy2',
  'shutil.copyfile',
];
const PATH_USE_METHODS = [
  'unlink',
  'rmdir',
  'chmod',
  'rename',
  'replace',
  'write_text',
  'write_bytes',
  'open',
  'mkdir',
];

/** The branches of an if statement a check in its condition decides, with what each branch knows. */
function decidedBranches(check: SgNode, isStat: boolean): { block: SgNode; polarity: Polarity }[] {
  let negated = false;
  let combined: string | undefined;
  let child = check;
  for (const a of check.ancestors()) {
    const k = a.kind();
    if (k === 'parenthesized_expression') {
      child = a;
      continue;
    }
    if (k === 'not_operator') {
      negated = !negated;
      child = a;
      continue;
    }
    if (k === 'boolean_operator') {
      const op = a.field('operator')?.text();
      if (combined !== undefined && combined !== op) return [];
      combined = op;
      child = a;
      continue;
    }
    if (isStat && (k === 'attribute' || k === 'comparison_operator' || k === 'binary_operator')) {
      child = a;
      continue;
    }
    if (
      (k === 'if_statement' || k === 'elif_clause') &&
      a.field('condition')?.id() === child.id()
    ) {
      const out: { block: SgNode; polarity: Polarity }[] = [];
      const body = a.field('consequence');
      const pol: Polarity = negated ? 'missing' : 'exists';
      // With `and`, the body knows the check held; with `or`, neither branch knows anything.
      if (combined === 'or') return [];
      if (body !== null && !(isStat && negated)) out.push({ block: body, polarity: pol });
      if (combined === undefined && !isStat && k === 'if_statement') {
        const alts = a.fieldChildren('alternative');
        const only = alts[0];
        if (alts.length === 1 && only?.kind() === 'else_clause') {
          const elseBody = only.field('body');
          if (elseBody !== null)
            out.push({ block: elseBody, polarity: negated ? 'exists' : 'missing' });
        }
      }
      return out;
    }
    return [];
  }
  return [];
}

function within(node: SgNode, block: SgNode): boolean {
  const r = node.range();
  const b = block.range();
  return r.start.index >= b.start.index && r.end.index <= b.end.index;
}

/** True when the path is rebound inside the block before the use (then it is another file). */
function reboundBefore(block: SgNode, pathKey: string, use: SgNode): boolean {
  for (const asg of block.findAll({ rule: { kind: 'assignment' } })) {
    if (asg.range().start.index >= use.range().start.index) break;
    const left = asg.field('left');
    if (left !== null && exprKey(left) === pathKey) return true;
  }
  return false;
}

export default definePythonRule({
  name: 'toctou-file-check',
  title: 'Time-of-check to time-of-use race on a file path',
  description:
    'Finds a file check (os.access, os.path.exists/isfile/isdir/islink, os.stat, Path.exists) followed in the branch it decides by an open, delete, permission change, rename or create of the same path.',
  cwe: [367],
  severity: 'warning',
  confidence: 'medium',
  tags: ['race-condition', 'filesystem'],
  messages: {
    default:
      '`{{use}}` acts on `{{path}}` after `{{check}}` tested it on line {{line}}; the file can be replaced or created in between.',
    missing:
      '`{{use}}` creates `{{path}}` after `{{check}}` found it missing on line {{line}}; another process can create it (or a symlink) in between.',
  },
  help: {
    why: "A check on a path and the later operation on that path are two separate system calls. Between them another process can swap the file for a symlink to /etc/shadow, create it first with its own permissions, or delete it. The classic case is os.access() followed by open() in a privileged program: the access check passes on a harmless file and the open acts on the attacker's target.",
    fix: 'Drop the check and make the operation itself atomic: open with `"x"` mode or `os.O_CREAT | os.O_EXCL` to create, `os.makedirs(path, exist_ok=True)` for directories, try/except FileNotFoundError around remove or open, and check permissions on the opened descriptor (`os.fstat(fd)`) rather than on the name.',
  },
  // The last name of each check (os.path.exists, os.stat, Path.is_file ...) is in the file.
  requires: [
    'access',
    'exists',
    'isfile',
    'isdir',
    'islink',
    'stat',
    'is_file',
    'is_dir',
    'is_symlink',
  ],
  *detect(ctx) {
    // The check's last name as a whole word (`stat`, not `state`), before the calls are indexed.
    if (!CHECK_NAME.test(ctx.source)) return;
    const checks: Check[] = [];
    for (const call of ctx.calls(...OS_CHECKS)) {
      const path = arg(call, 0, 'path');
      const name = call.callee.find((n) => OS_CHECKS.includes(n));
      if (path !== undefined && name !== undefined) checks.push({ call, name, path });
    }
    for (const call of ctx.methodCalls(...PATH_CHECKS)) {
      if (
        call.receiver === null ||
        call.args.length > 0 ||
        call.callee.some((n) => n.startsWith('os.'))
      )
        continue;
      checks.push({ call, name: `.${call.method}()`, path: call.receiver });
    }
    if (checks.length === 0) return;
    const reported = new Set<number>();
    const uses = ctx.calls(...USE_CALLS);
    const methodUses = ctx
      .methodCalls(...PATH_USE_METHODS)
      .filter((c) => c.receiver !== null && c.callee.every((n) => !n.startsWith('os.')));
    for (const check of checks) {
      const isStat = check.name === 'os.stat' || check.name === 'os.lstat';
      const pathKey = exprKey(check.path);
      for (const branch of decidedBranches(check.call.node, isStat)) {
        const { block } = branch;
        // "Is not a symlink" does not mean "is missing": both branches then act on an existing file.
        const polarity: Polarity =
          check.name === 'os.path.islink' || check.name === '.is_symlink()'
            ? 'exists'
            : branch.polarity;
        let found: Use | undefined;
        for (const use of uses) {
          if (!within(use.node, block) || inNestedScope(use.node, block)) continue;
          const p = pathUse(use, polarity, check.name);
          if (
            p !== undefined &&
            exprKey(p) === pathKey &&
            !reboundBefore(block, pathKey, use.node)
          ) {
            found = { node: use.node, name: use.calleeText };
            break;
          }
        }
        if (found === undefined) {
          for (const use of methodUses) {
            if (use.receiver === null || !within(use.node, block) || inNestedScope(use.node, block))
              continue;
            if (exprKey(use.receiver) !== pathKey || !pathMethodUse(use, polarity)) continue;
            if (reboundBefore(block, pathKey, use.node)) continue;
            found = { node: use.node, name: use.calleeText };
            break;
          }
        }
        if (found === undefined || reported.has(found.node.id())) continue;
        reported.add(found.node.id());
        yield {
          node: found.node,
          messageId: polarity === 'missing' ? 'missing' : 'default',
          data: {
            use: `${found.name}()`,
            path: check.path.text().slice(0, 60),
            check: check.name.startsWith('.')
              ? `${check.path.text()}${check.name}`
              : `${check.name}()`,
            line: check.call.node.range().start.line + 1,
          },
          // A directory created in between makes mkdir fail; it cannot redirect the operation.
          ...(/(^|\.)(mkdir|makedirs)$/.test(found.name) ? { confidence: 'low' as const } : {}),
        };
      }
    }
  },
});
