import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import {
  enclosingFunction,
  isFalsy,
  isTrue,
  literalValue,
  stringValue,
  unwrap,
} from '../../../languages/python/expr.js';
import {
  boundValues,
  excerpt,
  isLocalFileOpen,
  isLocalPath,
  readsRequestData,
  type Resolver,
} from '../../../languages/python/injection-helpers.js';

/** lxml parser classes whose options control entity resolution. */
const PARSER_CLASSES = [
  'lxml.etree.XMLParser',
  'lxml.etree.XMLPullParser',
  'lxml.etree.ETCompatXMLParser',
  'lxml.objectify.makeparser',
];

/** lxml functions that parse XML, with the position of their `parser` argument. */
const PARSE_FUNCTIONS: Readonly<Record<string, number>> = {
  'lxml.etree.parse': 1,
  'lxml.etree.fromstring': 1,
  'lxml.etree.XML': 1,
  'lxml.etree.XMLID': 1,
  'lxml.etree.fromstringlist': 1,
  'lxml.objectify.parse': 1,
  'lxml.objectify.fromstring': 1,
  'lxml.objectify.XML': 1,
};

const SAX_FEATURES = new Set([
  'xml.sax.handler.feature_external_ges',
  'xml.sax.handler.feature_external_pes',
  'http://xml.org/sax/features/external-general-entities',
  'http://xml.org/sax/features/external-parameter-entities',
]);

/** `resolve_entities=` allows external entities only when truthy and not lxml 5's `'internal'`. */
function resolvesExternal(value: SgNode | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = literalValue(value);
  if (v === 'internal') return false;
  if (isFalsy(value)) return false;
  if (isTrue(value)) return true;
  return undefined;
}

/** The parser-constructor call a parser argument denotes, looking through a local or module name. */
function parserConstruction(node: SgNode, root: SgNode): SgNode | undefined {
  const n = unwrap(node);
  if (n.kind() === 'call') return n;
  if (n.kind() !== 'identifier') return undefined;
  const local = boundValues(n);
  if (local.length > 0)
    return local.length === 1 && local[0]?.kind() === 'call' ? local[0] : undefined;
  const moduleLevel = root
    .findAll({
      rule: {
        kind: 'assignment',
        has: { field: 'left', kind: 'identifier', regex: `^${n.text()}$` },
      },
    })
    .filter((a) => enclosingFunction(a) === null)
    .map((a) => a.field('right'));
  const only = moduleLevel.length === 1 ? moduleLevel[0] : undefined;
  return only?.kind() === 'call' ? only : undefined;
}

function isParserClass(call: SgNode, resolve: Resolver): boolean {
  const fn = call.field('function');
  return fn !== null && resolve(fn).some((n) => PARSER_CLASSES.includes(n));
}

function keyword(call: SgNode, name: string): SgNode | undefined {
  for (const kw of call.field('arguments')?.namedChildren() ?? []) {
    if (kw.kind() === 'keyword_argument' && kw.field('name')?.text() === name) {
      return kw.field('value') ?? undefined;
    }
  }
  return undefined;
}

/** True when input is a constant or a file fixed in the source (the project's own XML). */
function isOwnInput(source: SgNode, resolve: Resolver): boolean {
  return isLocalPath(source) || isLocalFileOpen(source, resolve);
}

function defaultParserFinding(call: CallSite, source: SgNode): Detection {
  return {
    node: call.node,
    messageId: 'defaultParser',
    data: { callee: call.calleeText, source: excerpt(source) },
    severity: 'warning',
    confidence: readsRequestData(source) ? 'medium' : 'low',
  };
}

export default definePythonRule({
  name: 'xml-external-entities',
  title: 'XML parser configured to resolve external entities (XXE)',
  description:
    'Finds lxml parsers that resolve entities or allow network access, lxml parsing of non-constant data with the default parser, and xml.sax parsers with external entities enabled.',
  cwe: [611, 776],
  severity: 'error',
  confidence: 'high',
  tags: ['xml', 'xxe'],
  messages: {
    default:
      '`{{callee}}` is created with resolve_entities=True, so external entities in the document are loaded (XXE).',
    network:
      '`{{callee}}` is created with no_network=False, so entities and DTDs may be fetched from any URL (XXE, SSRF).',
    hugeTree:
      "`{{callee}}` is created with huge_tree=True, which lifts libxml2's limits on entity expansion and depth.",
    iterparse:
      '`{{callee}}` is called with resolve_entities=True, so external entities in the document are loaded (XXE).',
    sax: '`{{callee}}` enables external entities on a SAX parser, so the document can read local files (XXE).',
    defaultParser:
      '`{{callee}}` parses `{{source}}` with a parser that resolves external entities in lxml before 5.0.',
  },
  help: {
    why: 'An XML document can declare `<!ENTITY x SYSTEM "file:///etc/passwd">` and use `&x;`; a parser that resolves external entities inserts the file (or the response of an internal URL) into the parsed data, where the application often echoes it back. Nested entity definitions can also expand a small document into gigabytes (billion laughs).',
    fix: 'Parse untrusted XML with `defusedxml` (`defusedxml.lxml`, `defusedxml.ElementTree`), or with `lxml.etree.XMLParser(resolve_entities=False, no_network=True)` passed explicitly to every parse call. Do not enable `feature_external_ges`/`feature_external_pes` on SAX parsers.',
  },
  inTests: 'lower',
  // Calls resolved through lxml; SAX features only in files importing an xml module.
  requires: ['xml'],
  *detect(ctx) {
    const resolve = ctx.resolve;
    for (const call of ctx.calls(...PARSER_CLASSES)) {
      if (resolvesExternal(call.keywords.get('resolve_entities')) === true) {
        yield { node: call.node, data: { callee: call.calleeText } };
      } else if (isFalsy(call.keywords.get('no_network'))) {
        yield { node: call.node, messageId: 'network', data: { callee: call.calleeText } };
      } else if (isTrue(call.keywords.get('huge_tree'))) {
        yield {
          node: call.node,
          messageId: 'hugeTree',
          data: { callee: call.calleeText },
          severity: 'warning',
          confidence: 'medium',
        };
      }
    }

    for (const call of ctx.calls(...Object.keys(PARSE_FUNCTIONS))) {
      const source = arg(call, 0);
      if (source === undefined || isOwnInput(source, resolve)) continue;
      const at = call.callee.map((n) => PARSE_FUNCTIONS[n]).find((i) => i !== undefined) ?? 1;
      const parser = arg(call, at, 'parser');
      if (parser === undefined) {
        if (!call.hasKwargsSplat) yield defaultParserFinding(call, source);
        continue;
      }
      if (literalValue(parser) === null) {
        yield defaultParserFinding(call, source);
        continue;
      }
      const made = parserConstruction(parser, ctx.root);
      // An unknown parser object, or one built elsewhere, is not judged.
      if (made === undefined || !isParserClass(made, resolve)) continue;
      const setting = keyword(made, 'resolve_entities');
      // An explicit True is reported at the constructor; only the lxml default is reported here.
      if (setting === undefined && !made.text().includes('**'))
        yield defaultParserFinding(call, source);
    }

    for (const call of ctx.calls('lxml.etree.iterparse')) {
      const re = resolvesExternal(call.keywords.get('resolve_entities'));
      const source = arg(call, 0, 'source');
      if (re === true) {
        yield { node: call.node, messageId: 'iterparse', data: { callee: call.calleeText } };
      } else if (re === undefined && !call.keywords.has('resolve_entities')) {
        if (source !== undefined && !isOwnInput(source, resolve) && !call.hasKwargsSplat) {
          yield defaultParserFinding(call, source);
        }
      }
    }

    if (![...ctx.imports.modules].some((m) => m.startsWith('xml'))) return;
    for (const call of ctx.methodCalls('setFeature')) {
      if (call.receiver === null) continue;
      const feature = call.args[0];
      const state = call.args[1];
      if (feature === undefined || state === undefined) continue;
      const names = [...resolve(feature), stringValue(feature) ?? ''];
      const external =
        names.some((n) => SAX_FEATURES.has(n)) || /\bfeature_external_[gp]es$/.test(feature.text());
      if (external && (isTrue(state) || literalValue(state) === 1)) {
        yield { node: call.node, messageId: 'sax', data: { callee: call.calleeText } };
      }
    }
  },
});
