import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type PythonContext } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { enclosingFunction, isConstantValue } from '../../../languages/python/expr.js';
import { identifiersNamed, soleAssignment } from '../../../languages/python/flow-helpers.js';

interface Obsolete {
  /** Why it is obsolete and what goes wrong. */
  why: string;
  /** What to use instead. */
  instead: string;
}

const CALLS: Readonly<Record<string, Obsolete>> = {
  'cgi.escape': {
    why: 'removed in Python 3.8; it does not escape quotes unless quote=True, so its output is unsafe in HTML attributes',
    instead: '`html.escape(s)` (escapes quotes by default)',
  },
  'ssl.match_hostname': {
    why: 'deprecated in 3.7 and removed in 3.12; manual hostname matching misses cases the TLS stack handles (IP addresses, wildcard rules)',
    instead:
      'an `ssl.SSLContext` with `check_hostname = True` (the default of `ssl.create_default_context()`)',
  },
  'imp.load_source': {
    why: "the imp module was removed in Python 3.12; it loads code from an arbitrary path with none of importlib's checks",
    instead: '`importlib.util.spec_from_file_location()` and `module_from_spec()`',
  },
  'imp.load_module': {
    why: 'the imp module was removed in Python 3.12',
    instead: '`importlib.import_module()` or `importlib.util`',
  },
  'imp.load_compiled': {
    why: 'the imp module was removed in Python 3.12',
    instead: '`importlib.util`',
  },
  'imp.load_dynamic': {
    why: 'the imp module was removed in Python 3.12',
    instead: '`importlib.util`',
  },
  'random.jumpahead': {
    why: 'removed in Python 3; the call fails with AttributeError',
    instead: '`random.seed()` for reproducible streams, or `secrets` for anything security-related',
  },
  'os.popen2': {
    why: 'removed in Python 3',
    instead: '`subprocess.Popen([...], stdin=PIPE, stdout=PIPE)`',
  },
  'os.popen3': {
    why: 'removed in Python 3',
    instead: '`subprocess.Popen([...], stdin=PIPE, stdout=PIPE, stderr=PIPE)`',
  },
  'os.popen4': {
    why: 'removed in Python 3',
    instead: '`subprocess.Popen([...], stdout=PIPE, stderr=STDOUT)`',
  },
};

/** The last names of the obsolete functions (`cgi.escape`, `imp.load_source` ...). */
const OBSOLETE_CALL_TEXT = /escape|match_hostname|load_|jumpahead|popen[234]/;

/** The last name of every obsolete module: an import of one names it. */
const OBSOLETE_MODULE_TEXT = /cElementTree|asyncore|asynchat|smtpd/;

/** distutils was removed in 3.12; distutils.spawn is also the module people use to run programs. */
const DISTUTILS_SPAWN = 'distutils.spawn.';

const MODULES: Readonly<Record<string, Obsolete>> = {
  'xml.etree.cElementTree': {
    why: 'removed in Python 3.9',
    instead: '`xml.etree.ElementTree` (or `defusedxml.ElementTree` for untrusted input)',
  },
  asyncore: { why: 'removed in Python 3.12 and unmaintained', instead: '`asyncio`' },
  asynchat: { why: 'removed in Python 3.12 and unmaintained', instead: '`asyncio`' },
  smtpd: { why: 'removed in Python 3.12 and unmaintained', instead: '`aiosmtpd`' },
};

/** string-module functions that exist only in Python 2 (they became str methods). */
const PY2_STRING_FUNCS = new Set([
  'atof',
  'atoi',
  'atol',
  'capitalize',
  'expandtabs',
  'find',
  'rfind',
  'index',
  'rindex',
  'count',
  'lower',
  'upper',
  'split',
  'rsplit',
  'splitfields',
  'join',
  'joinfields',
  'lstrip',
  'rstrip',
  'strip',
  'swapcase',
  'translate',
  'replace',
  'ljust',
  'rjust',
  'center',
  'zfill',
  'maketrans',
]);

/** `string.<function>(`: the callee, without whitespace, is `string.` and the function's name. */
const PY2_STRING_CALL_TEXT = new RegExp(
  `(?<!\\w)string\\s*\\.\\s*(?:${[...PY2_STRING_FUNCS].join('|')})(?!\\w)`,
);

const HTML_PARSER = new Set([
  'html.parser.HTMLParser',
  'HTMLParser.HTMLParser',
  'six.moves.html_parser.HTMLParser',
]);

/** Constructs only Python 3 parses: the file is Python 3 code, where Python 2 APIs fail. */
function isPython3(root: SgNode): boolean {
  if (root.find({ rule: { any: [{ kind: 'print_statement' }, { kind: 'exec_statement' }] } }))
    return false;
  return (
    root.find({
      rule: {
        any: [
          { kind: 'typed_parameter' },
          { kind: 'typed_default_parameter' },
          { kind: 'nonlocal_statement' },
          { kind: 'keyword_separator' },
          { kind: 'await' },
          { kind: 'named_expression' },
          { kind: 'string_start', regex: '^[a-zA-Z]*[fF]' },
          { kind: 'function_definition', has: { field: 'return_type', kind: 'type' } },
        ],
      },
    }) !== null
  );
}

/** True when the import sits in a `try:` whose handler catches ImportError: a compatibility fallback. */
function hasImportFallback(stmt: SgNode): boolean {
  for (const a of stmt.ancestors()) {
    if (a.kind() === 'function_definition' || a.kind() === 'class_definition') return false;
    if (a.kind() !== 'try_statement') continue;
    const handlers = a.children().filter((c) => c.kind() === 'except_clause');
    if (handlers.some((h) => /ImportError|ModuleNotFoundError|^except\s*:/.test(h.text())))
      return true;
  }
  return false;
}

/** The obsolete modules an import statement brings in. */
function importedObsolete(stmt: SgNode): string | undefined {
  if (stmt.kind() === 'import_statement') {
    for (const c of stmt.namedChildren()) {
      const name = (c.kind() === 'aliased_import' ? c.field('name') : c)
        ?.text()
        .replace(/\s+/g, '');
      if (name !== undefined && name in MODULES) return name;
    }
    return undefined;
  }
  const mod = stmt.field('module_name')?.text().replace(/\s+/g, '');
  if (mod === undefined) return undefined;
  if (mod in MODULES) return mod;
  for (const c of stmt.namedChildren()) {
    if (c.id() === stmt.field('module_name')?.id()) continue;
    const name = (c.kind() === 'aliased_import' ? c.field('name') : c)?.text();
    if (name !== undefined && `${mod}.${name}` in MODULES) return `${mod}.${name}`;
  }
  return undefined;
}

/** True when the function around the call binds `string` itself (a parameter or local). */
function shadowsStringModule(call: CallSite): boolean {
  const fn = enclosingFunction(call.node);
  if (fn === null) return false;
  const params = fn.field('parameters');
  if (params !== null && identifiersNamed(params, 'string').length > 0) return true;
  return identifiersNamed(fn, 'string').some((id) => {
    const p = id.parent();
    return (
      p !== null &&
      p.kind() !== 'attribute' &&
      p.kind() !== 'argument_list' &&
      p.kind() !== 'import_statement'
    );
  });
}

function isHtmlParserInstance(ctx: PythonContext, recv: SgNode): boolean {
  const value = recv.kind() === 'identifier' ? soleAssignment(recv) : recv;
  if (value?.kind() === 'call') {
    const fn = value.field('function');
    if (fn !== null && ctx.resolve(fn).some((q) => HTML_PARSER.has(q))) return true;
  }
  if (recv.text() === 'self') {
    for (const a of recv.ancestors()) {
      if (a.kind() !== 'class_definition') continue;
      const bases = a.field('superclasses');
      const named = bases?.namedChildren() ?? [];
      return named.some((base) => ctx.resolve(base).some((q) => HTML_PARSER.has(q)));
    }
  }
  return false;
}

export default definePythonRule({
  name: 'deprecated-insecure-api',
  title: 'Use of an obsolete API removed or deprecated for security or reliability reasons',
  description:
    'Finds calls and imports of APIs that Python removed or deprecated, such as cgi.escape, ssl.match_hostname, imp.load_source, xml.etree.cElementTree, asyncore and Python 2 string functions.',
  cwe: [477],
  severity: 'note',
  confidence: 'high',
  tags: ['maintainability', 'obsolete'],
  messages: {
    default: '`{{api}}` is obsolete: {{why}}. Use {{instead}}.',
    module: '`import {{api}}`: the module is obsolete ({{why}}). Use {{instead}}.',
  },
  help: {
    why: 'Removed and deprecated APIs stop receiving security fixes, often had weak defaults that were the reason for removing them (cgi.escape leaves quotes unescaped, ssl.match_hostname duplicates checks the TLS stack does better), and fail with ImportError or AttributeError after an interpreter upgrade, which takes the service down.',
    fix: 'Replace each call with its maintained successor: html.escape for cgi.escape, SSLContext.check_hostname for ssl.match_hostname, importlib for imp, xml.etree.ElementTree for cElementTree, asyncio for asyncore/asynchat, aiosmtpd for smtpd, str methods for Python 2 string functions, html.unescape for HTMLParser().unescape, shutil.which for distutils.spawn.find_executable.',
  },
  // The last name of each obsolete function (`load_source`, `popen2`, `escape` of `unescape`), the
  // distutils and string modules, and the obsolete modules: each finding names one of them.
  requires: [
    'escape',
    'match_hostname',
    'load_',
    'jumpahead',
    'popen',
    'distutils',
    'string',
    'cElementTree',
    'asyncore',
    'asynchat',
    'smtpd',
  ],
  *detect(ctx) {
    // Each section first checks that the file names what it looks for, so that the calls of a file
    // that has none are not indexed.
    for (const call of OBSOLETE_CALL_TEXT.test(ctx.source)
      ? ctx.calls(...Object.keys(CALLS))
      : []) {
      const api = call.callee.find((q) => q in CALLS);
      const info = api === undefined ? undefined : CALLS[api];
      if (api === undefined || info === undefined) continue;
      // A non-constant command to os.popen2/3/4 is reported as command injection; do not repeat it.
      if (api.startsWith('os.popen')) {
        const cmd = arg(call, 0, 'cmd');
        if (cmd === undefined || !isConstantValue(cmd)) continue;
      }
      yield { node: call.node, data: { api, why: info.why, instead: info.instead } };
    }
    for (const call of ctx.source.includes('distutils') ? ctx.allCalls() : []) {
      const api = call.callee.find((q) => q.startsWith(DISTUTILS_SPAWN));
      if (api === undefined) continue;
      yield {
        node: call.node,
        data: {
          api,
          why: 'distutils was removed in Python 3.12',
          instead: api.endsWith('find_executable')
            ? '`shutil.which()`'
            : '`subprocess.run([...], check=True)`',
        },
      };
    }
    if (ctx.imports.bindings.get('string') === 'string' && PY2_STRING_CALL_TEXT.test(ctx.source)) {
      // Whether the file is Python 3 is only asked once a call of a Python 2 string function is
      // found.
      let python3: boolean | undefined;
      for (const call of ctx.allCalls()) {
        if (!PY2_STRING_FUNCS.has(call.method) || !call.callee.includes(`string.${call.method}`))
          continue;
        if (call.receiver?.text() !== 'string') continue;
        if (!(python3 ??= isPython3(ctx.root))) break;
        if (shadowsStringModule(call)) continue;
        yield {
          node: call.node,
          data: {
            api: `string.${call.method}`,
            why: 'the string-module functions were removed in Python 3, so this call raises AttributeError',
            instead: `the str method (\`s.${call.method === 'joinfields' ? 'join' : call.method === 'splitfields' ? 'split' : call.method}(...)\`)`,
          },
        };
      }
    }
    for (const call of ctx.source.includes('unescape') ? ctx.methodCalls('unescape') : []) {
      if (call.receiver === null || !isHtmlParserInstance(ctx, call.receiver)) continue;
      yield {
        node: call.node,
        data: {
          api: 'HTMLParser.unescape',
          why: 'removed in Python 3.9',
          instead: '`html.unescape(s)`',
        },
      };
    }
    if (!OBSOLETE_MODULE_TEXT.test(ctx.source)) return;
    for (const stmt of ctx.root.findAll({
      rule: { any: [{ kind: 'import_statement' }, { kind: 'import_from_statement' }] },
    })) {
      const api = importedObsolete(stmt);
      const info = api === undefined ? undefined : MODULES[api];
      if (api === undefined || info === undefined || hasImportFallback(stmt)) continue;
      yield {
        node: stmt,
        messageId: 'module',
        data: { api, why: info.why, instead: info.instead },
      };
    }
  },
});
