import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'ssrf',
  title: 'Untrusted data chooses a URL the server fetches (server-side request forgery)',
  description:
    'Follows request data and other untrusted input into the URL or host of outgoing requests (requests, httpx, urllib, http.client, aiohttp) that is not checked against an allow-list of hosts.',
  cwe: [918],
  severity: 'error',
  confidence: 'high',
  tags: ['ssrf', 'network', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) chooses the {{sink}} by `{{callee}}` without a host allow-list.',
  },
  help: {
    why: 'A server that fetches a URL chosen by the client can be made to call internal services that trust it (cloud metadata endpoints such as 169.254.169.254, admin interfaces, databases on localhost) and return their answers, or to scan the internal network.',
    fix: 'Keep the scheme and host fixed and put client data only in the path or query (`requests.get(API, params={"q": q})`), or parse the URL with `urllib.parse.urlparse()` and require its scheme and host to be in an allow-list before fetching. Refuse redirects to other hosts.',
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['url'],
});
