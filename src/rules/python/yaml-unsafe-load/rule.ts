import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { isConstantValue, stringValue, unwrap } from '../../../languages/python/expr.js';
import { boundValues, type Resolver } from '../../../languages/python/injection-helpers.js';

/** PyYAML loader classes by what they construct. */
const SAFE = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader']);
const FULL = new Set(['FullLoader', 'CFullLoader']);
const UNSAFE = new Set(['Loader', 'CLoader', 'UnsafeLoader', 'CUnsafeLoader']);

type LoaderKind = 'safe' | 'full' | 'unsafe' | 'unknown';

const LOADER_WORD = /\b(C?(?:Safe|Base|Full|Unsafe)?Loader)\b/g;

/** Classes defined in the file, by name, with their base-class expressions. */
function classBases(definitions: readonly SgNode[]): Map<string, SgNode[]> {
  const out = new Map<string, SgNode[]>();
  for (const cls of definitions) {
    const name = cls.field('name')?.text();
    const bases = cls.field('superclasses')?.namedChildren() ?? [];
    if (name !== undefined) out.set(name, bases);
  }
  return out;
}

/**
 * Classifies the Loader argument: a PyYAML class (through imports), a class of this file deriving from
 * one, a name assigned one of them, or an expression naming them (`getattr(yaml, "CSafeLoader",
 * yaml.SafeLoader)`). The least safe loader mentioned wins; nothing recognisable is `unknown`.
 */
function classify(
  node: SgNode,
  resolve: Resolver,
  classes: ReadonlyMap<string, SgNode[]>,
  depth = 0,
): LoaderKind {
  const n = unwrap(node);
  if (depth > 4) return 'unknown';
  const kinds: LoaderKind[] = [];
  if (n.kind() === 'identifier' || n.kind() === 'attribute') {
    const own = n.kind() === 'identifier' ? classes.get(n.text()) : undefined;
    if (own !== undefined) {
      kinds.push(...own.map((b) => classify(b, resolve, classes, depth + 1)));
    } else {
      const last = (resolve(n)[0] ?? n.text()).split('.').pop() ?? '';
      kinds.push(kindOfName(last));
      if (n.kind() === 'identifier' && kinds[0] === 'unknown') {
        kinds.push(...boundValues(n).map((v) => classify(v, resolve, classes, depth + 1)));
      }
    }
  } else {
    // Conditional expressions, getattr(...) fallbacks: look at every loader named in the text.
    const names = [...n.text().matchAll(LOADER_WORD)].map((m) => m[1] ?? '');
    const strings = n.findAll({ rule: { kind: 'string' } }).map((s) => stringValue(s) ?? '');
    kinds.push(...[...names, ...strings].map(kindOfName));
  }
  return worst(kinds);
}

function kindOfName(name: string): LoaderKind {
  if (SAFE.has(name)) return 'safe';
  if (FULL.has(name)) return 'full';
  if (UNSAFE.has(name)) return 'unsafe';
  return 'unknown';
}

function worst(kinds: readonly LoaderKind[]): LoaderKind {
  if (kinds.includes('unsafe')) return 'unsafe';
  if (kinds.includes('full')) return 'full';
  if (kinds.includes('safe')) return 'safe';
  return 'unknown';
}

function finding(call: CallSite, kind: 'none' | 'full' | 'unsafe', loader: string): Detection {
  if (kind === 'none') return { node: call.node, data: { callee: call.calleeText } };
  if (kind === 'full') {
    return {
      node: call.node,
      messageId: 'fullLoader',
      data: { callee: call.calleeText, loader },
      severity: 'warning',
      confidence: 'medium',
    };
  }
  return { node: call.node, messageId: 'unsafeLoader', data: { callee: call.calleeText, loader } };
}

export default definePythonRule({
  name: 'yaml-unsafe-load',
  title: 'YAML loaded with a loader that can construct arbitrary Python objects',
  description:
    'Finds yaml.load()/load_all() without a safe Loader, yaml.unsafe_load(), yaml.full_load() and ruamel.yaml YAML(typ="unsafe").',
  cwe: [502],
  severity: 'error',
  confidence: 'high',
  tags: ['deserialization', 'yaml'],
  messages: {
    default:
      '`{{callee}}` is called without a Loader; PyYAML before 5.1 then constructs arbitrary Python objects.',
    unsafeLoader:
      '`{{callee}}` uses {{loader}}, which builds arbitrary Python objects from tags such as !!python/object/apply.',
    fullLoader:
      '`{{callee}}` uses {{loader}}, which could run code before PyYAML 5.4 and still builds Python objects beyond plain data.',
  },
  help: {
    why: 'PyYAML\'s unsafe loaders honour tags such as `!!python/object/apply:os.system ["id"]`, so loading a document an attacker wrote runs code in the loading process. FullLoader blocks the best-known tags but allowed code execution in versions before 5.4 (CVE-2020-1747, CVE-2020-14343) and still constructs Python objects that SafeLoader refuses.',
    fix: 'Use `yaml.safe_load(stream)` / `yaml.safe_load_all(stream)`, or `yaml.load(stream, Loader=yaml.CSafeLoader)` for the C-accelerated safe loader; with ruamel.yaml use `YAML(typ="safe")`. A custom loader should derive from `yaml.SafeLoader`.',
  },
  inTests: 'lower',
  // Every report is a call resolved through the yaml (or ruamel.yaml) module.
  requires: ['yaml'],
  *detect(ctx) {
    // The file's classes are only needed to classify an explicit Loader argument.
    let classes: Map<string, SgNode[]> | undefined;
    for (const call of ctx.calls('yaml.load', 'yaml.load_all')) {
      const stream = arg(call, 0, 'stream');
      if (stream !== undefined && isConstantValue(stream)) continue;
      const loader = arg(call, 1, 'Loader');
      if (loader === undefined) {
        if (!call.hasKwargsSplat && !call.hasStarArgs) yield finding(call, 'none', '');
        continue;
      }
      classes ??= classBases(ctx.nodes('class_definition'));
      const kind = classify(loader, ctx.resolve, classes);
      if (kind === 'unsafe' || kind === 'full') yield finding(call, kind, `\`${loader.text()}\``);
    }
    for (const call of ctx.calls('yaml.unsafe_load', 'yaml.unsafe_load_all')) {
      const stream = arg(call, 0, 'stream');
      if (stream !== undefined && isConstantValue(stream)) continue;
      yield finding(call, 'unsafe', 'the unsafe loader');
    }
    for (const call of ctx.calls('yaml.full_load', 'yaml.full_load_all')) {
      const stream = arg(call, 0, 'stream');
      if (stream !== undefined && isConstantValue(stream)) continue;
      yield finding(call, 'full', 'FullLoader');
    }
    for (const call of ctx.calls('ruamel.yaml.YAML', 'ruamel.yaml.main.YAML')) {
      const typ = call.keywords.get('typ');
      if (typ !== undefined && stringValue(typ) === 'unsafe') {
        yield finding(call, 'unsafe', 'typ="unsafe"');
      }
    }
  },
});
