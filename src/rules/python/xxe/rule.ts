import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'xxe',
  title: 'Untrusted XML parsed by a parser that resolves external entities (XXE)',
  description:
    'Follows request data and other untrusted input into lxml parsing with a parser built with resolve_entities=True or no_network=False, iterparse(resolve_entities=True) and xmltodict.parse(disable_entities=False).',
  cwe: [611],
  severity: 'error',
  confidence: 'high',
  tags: ['xml', 'xxe', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) is parsed as an {{sink}} by `{{callee}}`: the document can read local files and reach internal URLs.',
  },
  help: {
    why: 'A document can declare `<!ENTITY x SYSTEM "file:///etc/passwd">` and use `&x;`: a parser that resolves external entities inserts the file (or the answer of an internal URL) into the parsed tree, which the application then echoes or stores. With network access the same trick probes internal services.',
    fix: 'Parse untrusted XML with `defusedxml` (`defusedxml.lxml` or `defusedxml.ElementTree`), or with `etree.XMLParser(resolve_entities=False, no_network=True)`; never enable entity resolution for documents that come from outside.',
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['xml'],
});
