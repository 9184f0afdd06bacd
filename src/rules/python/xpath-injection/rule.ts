import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'xpath-injection',
  title: 'Untrusted data in an XPath query (XPath injection)',
  description:
    'Follows request data into XPath expressions evaluated by lxml (xpath, XPath) and ElementTree path queries (find, findall, iterfind, findtext).',
  cwe: [643],
  severity: 'error',
  confidence: 'high',
  tags: ['injection', 'xpath', 'xml', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) is pasted into the {{sink}} of `{{callee}}`.',
  },
  help: {
    why: "A quote in a value ends the string literal of the query: `' or '1'='1` makes a lookup match every node, which bypasses checks done in XML (user stores, permissions) and reads data the query was meant to hide.",
    fix: "Pass values as XPath variables, which are never parsed as syntax: `root.xpath(\"//user[@name=$name]\", name=name)`. ElementTree has no variables: compare values in Python (`[u for u in root.iter('user') if u.get('name') == name]`) or check them against an allow-list.",
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['xpath'],
});
