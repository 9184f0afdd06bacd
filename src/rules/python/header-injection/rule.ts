import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'header-injection',
  title: 'Untrusted data written into an HTTP response header',
  description:
    'Follows request data into HTTP response header names and values (headers[...] writes, send_header, start_response).',
  cwe: [113],
  severity: 'warning',
  confidence: 'medium',
  tags: ['injection', 'http', 'header', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) is written into the {{sink}} (`{{callee}}`) without removing line breaks.',
  },
  help: {
    why: "A carriage return and line feed in a header value end the header: the client can add headers of its own (Set-Cookie, Location) or a whole second response (response splitting), which poisons caches and sets cookies in victims' browsers. Werkzeug and Django reject line breaks in header values, http.server and raw WSGI do not.",
    fix: 'Do not copy client data into headers; if you must, allow only the expected characters (`re.fullmatch(r"[\\w.-]+", value)`) or percent-encode it with `urllib.parse.quote()`, and use a framework that rejects CR and LF in header values.',
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['header'],
});
