import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { isLiteralTree, stringValue, unwrap } from '../../../languages/python/expr.js';
import {
  bindingsBefore,
  excerpt,
  mayReadRequestData,
  readsRequestData,
  shapeOf,
} from '../../../languages/python/injection-helpers.js';

const IMPORTERS = ['importlib.import_module', '__import__', 'builtins.__import__'];

/** A name that only ever takes values from literal lists: `for mod in ("a", "b"): import_module(mod)`. */
function fromLiteralChoices(node: SgNode): boolean {
  const n = unwrap(node);
  if (n.kind() !== 'identifier') return false;
  const bindings = bindingsBefore(n);
  return (
    bindings.length > 0 &&
    bindings.every(
      (b) =>
        (b.kind === 'for' || b.kind === 'assign') && b.value !== null && isLiteralTree(b.value),
    )
  );
}

/** The literal text a dynamically built string starts with, before its first non-constant piece. */
function literalPrefix(expr: SgNode): string {
  let n = unwrap(expr);
  // Leftmost operand of a chain of `+`.
  while (n.kind() === 'binary_operator' && n.field('operator')?.text() === '+') {
    const left = n.field('left');
    if (left === null) break;
    n = unwrap(left);
  }
  if (n.kind() === 'binary_operator' && n.field('operator')?.text() === '%') {
    const left = n.field('left');
    return (left === null ? '' : (stringValue(left) ?? '')).split('%')[0] ?? '';
  }
  if (n.kind() === 'call') {
    const obj = n.field('function')?.field('object');
    return (obj == null ? '' : (stringValue(obj) ?? '')).split('{')[0] ?? '';
  }
  if (n.kind() === 'string') {
    const first = n.children()[1];
    return first?.kind() === 'string_content' ? first.text() : '';
  }
  return stringValue(n) ?? '';
}

/** `"myapp.plugins." + name`, `f".{name}"`: the import is confined to one package's modules. */
function confinedToPackage(prefix: string, what: string): boolean {
  if (what === 'global') return /^[A-Za-z_]\w*$/.test(prefix);
  return /^([A-Za-z_][\w]*(\.[A-Za-z_]\w*)*)?\.$/.test(prefix);
}

function judge(
  node: SgNode,
  value: SgNode | undefined,
  callee: string,
  what: 'module' | 'global' | 'attribute',
): Detection | undefined {
  if (value === undefined || value.kind() === 'keyword_argument') return undefined;
  if (fromLiteralChoices(value)) return undefined;
  const shape = shapeOf(value);
  if (shape.kind === 'constant') return undefined;
  const data = {
    callee,
    expr: excerpt(value),
    what: what === 'attribute' ? 'an attribute' : `a ${what}`,
  };
  const confined = shape.kind === 'built' && confinedToPackage(literalPrefix(shape.expr), what);
  if (readsRequestData(value) || (shape.kind === 'built' && shape.parts.some(readsRequestData))) {
    // A fixed prefix limits the choice to one package's modules or one family of globals.
    return confined
      ? { node, messageId: 'confined', data, severity: 'warning', confidence: 'medium' }
      : { node, data };
  }
  // Without visible request data the name is configuration or internal dispatch (plugin lists,
  // settings, command tables): the everyday reflection idiom, not reported.
  return undefined;
}

export default definePythonRule({
  name: 'unsafe-reflection',
  title: 'Module, global or attribute selected by a name from the request (unsafe reflection)',
  description:
    'Finds importlib.import_module(), __import__(), globals()[...] and getattr() with a name that visibly comes from web request data.',
  cwe: [470],
  severity: 'error',
  confidence: 'high',
  tags: ['reflection', 'injection'],
  messages: {
    default:
      '`{{callee}}` selects {{what}} by a name taken from the request (`{{expr}}`); a client chooses which code runs.',
    confined:
      '`{{callee}}` selects {{what}} by a name taken from the request (`{{expr}}`) within a fixed prefix; a client still chooses among them.',
  },
  help: {
    why: 'When a client can choose the module to import, the global to call or the attribute to fetch, it can reach code the developer never meant to expose: importing a module runs its top-level code, `globals()[name]` returns any function or class of the module (including imported ones such as `os`), and `getattr(obj, name)` reaches private methods and dunder attributes.',
    fix: 'Map the allowed names to the objects explicitly: `HANDLERS = {"csv": export_csv, "pdf": export_pdf}; handler = HANDLERS.get(kind)` and reject anything else. For plugins, confine names to one package (`importlib.import_module(f"myapp.plugins.{name}")`) after checking `name` against the list of installed plugins.',
  },
  inTests: 'skip',
  // `judge` reports only names that visibly read request data (`request.args`, `request.GET`, ...);
  // `quest.` starts with a rarer letter than `request.`, found faster.
  requires: ['quest.'],
  *detect(ctx) {
    if (!mayReadRequestData(ctx.source)) return;
    for (const call of ctx.calls(...IMPORTERS)) {
      const name = arg(call, 0, 'name');
      // A relative import resolved against `package=` stays inside that package.
      if (call.keywords.has('package') || call.args.length > 1) {
        const prefix = name === undefined ? '' : literalPrefix(name);
        if (call.callee.includes('importlib.import_module') && prefix.startsWith('.')) continue;
      }
      const d = judge(call.node, name, call.calleeText, 'module');
      if (d !== undefined) yield d;
    }

    const namespaces = /globals|locals|vars/.test(ctx.source)
      ? ctx.root.findAll({
          rule: {
            kind: 'subscript',
            has: { field: 'value', kind: 'call', regex: '^(globals|locals|vars)\\(\\)$' },
          },
        })
      : [];
    for (const sub of namespaces) {
      // Writing `globals()[name] = ...` defines names; only reads select existing code.
      const parent = sub.parent();
      if (parent?.kind() === 'assignment' && parent.field('left')?.id() === sub.id()) continue;
      const key = sub.field('subscript');
      const d = judge(
        sub,
        key ?? undefined,
        `${sub.field('value')?.text() ?? 'globals()'}[...]`,
        'global',
      );
      if (d !== undefined) yield d;
    }

    for (const call of ctx.calls('getattr', 'builtins.getattr')) {
      const d = judge(call.node, arg(call, 1), call.calleeText, 'attribute');
      if (d !== undefined) yield d;
    }
  },
});
