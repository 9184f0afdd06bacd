import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'ldap-injection',
  title: 'Untrusted data in an LDAP search filter or base (LDAP injection)',
  description:
    'Follows request data into the filter or base DN of python-ldap and ldap3 searches that is not escaped with escape_filter_chars or escape_dn_chars.',
  cwe: [90],
  severity: 'error',
  confidence: 'high',
  tags: ['injection', 'ldap', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) reaches the {{sink}} of `{{callee}}` without LDAP escaping.',
  },
  help: {
    why: 'Filter syntax in a value (`*`, `)(`, `|`) changes what a search matches: `*)(uid=*` turns a lookup of one user into a search for everyone, and an authentication filter can be made to match without the right password.',
    fix: 'Escape every value placed in a filter with `ldap.filter.escape_filter_chars()` (python-ldap) or `ldap3.utils.conv.escape_filter_chars()`, build filters with `ldap.filter.filter_format()`, and escape DN parts with `ldap.dn.escape_dn_chars()`.',
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['ldap'],
});
