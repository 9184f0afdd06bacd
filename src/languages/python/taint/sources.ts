import type { HandlerSpec, SourceSpec, TaintSpec } from '../../../engine/dataflow/spec.js';

/**
 * Where untrusted data enters a Python program: web request objects (Flask, Django, FastAPI/Starlette,
 * http.server, CGI, WSGI), the command line, standard input, the environment and sockets.
 *
 * Values the program's operator controls (its own configuration files, constants, `sys.executable`,
 * settings modules) are not sources. Data read from a file whose path is untrusted is tainted without a
 * source of its own: the engine's default propagation taints `open(path).read()` by `path`.
 */

/** `flask.request.<attr>` for each attribute, as values whose every read is untrusted. */
function requestValues(module: string, attrs: readonly string[]): string[] {
  return attrs.map((a) => `${module}.${a}`);
}

const FLASK_REQUEST = ['flask.request', 'werkzeug.local.request'];

function flaskValues(attrs: readonly string[]): string[] {
  return FLASK_REQUEST.flatMap((m) => requestValues(m, attrs));
}

const FLASK: SourceSpec[] = [
  { label: 'Flask query arguments', values: flaskValues(['args', 'values', 'view_args']) },
  { label: 'Flask form data', values: flaskValues(['form']) },
  {
    label: 'Flask request body',
    values: flaskValues(['json', 'data', 'stream', 'input_stream']),
    calls: flaskValues(['get_json', 'get_data']),
  },
  { label: 'Flask cookies', values: flaskValues(['cookies']) },
  {
    label: 'Flask request headers',
    values: flaskValues([
      'headers',
      'authorization',
      'referrer',
      'user_agent',
      'access_route',
      'host',
      'origin',
    ]),
  },
  { label: 'Flask uploaded files', values: flaskValues(['files']) },
  {
    label: 'Flask request URL',
    values: flaskValues([
      'path',
      'full_path',
      'url',
      'base_url',
      'url_root',
      'host_url',
      'query_string',
      'environ',
      'script_root',
    ]),
  },
];

/** Other web frameworks, by their request globals and handler methods. */
const OTHER_WEB: SourceSpec[] = [
  {
    label: 'Bottle request data',
    values: [
      'query',
      'forms',
      'params',
      'json',
      'body',
      'cookies',
      'headers',
      'files',
      'GET',
      'POST',
      'path',
      'url',
      'query_string',
    ].map((a) => `bottle.request.${a}`),
    calls: ['bottle.request.get_cookie', 'bottle.request.get_header'],
  },
  {
    label: 'Tornado request arguments',
    methods: [
      'get_argument',
      'get_arguments',
      'get_query_argument',
      'get_query_arguments',
      'get_body_argument',
      'get_body_arguments',
      'get_cookie',
      'decode_argument',
    ],
    receiver: '^self$',
  },
];

const STDLIB: SourceSpec[] = [
  {
    label: 'user input',
    local: true,
    calls: ['input', 'raw_input', 'builtins.input', 'getpass.getpass'],
  },
  { label: 'command-line arguments', local: true, values: ['sys.argv'] },
  {
    label: 'parsed command-line arguments',
    local: true,
    methods: ['parse_args', 'parse_known_args', 'parse_intermixed_args'],
    receiver: 'pars',
  },
  { label: 'standard input', local: true, values: ['sys.stdin'], calls: ['fileinput.input'] },
  {
    label: 'environment variables',
    local: true,
    values: ['os.environ', 'os.environb'],
    calls: ['os.getenv', 'os.getenvb'],
  },
  {
    label: 'data received from a socket',
    methods: ['recv', 'recvfrom', 'recvmsg'],
  },
  {
    label: 'CGI form data',
    calls: [
      'cgi.FieldStorage',
      'cgi.parse',
      'cgi.parse_qs',
      'cgi.parse_multipart',
      'cgi.SvFormContentDict',
    ],
  },
  {
    label: 'HTTP request (http.server)',
    selfAttributes: {
      bases: [
        'http.server.BaseHTTPRequestHandler',
        'http.server.SimpleHTTPRequestHandler',
        'http.server.CGIHTTPRequestHandler',
        'BaseHTTPServer.BaseHTTPRequestHandler',
        'SimpleHTTPServer.SimpleHTTPRequestHandler',
        'BaseHTTPRequestHandler',
        'SimpleHTTPRequestHandler',
      ],
      attributes: ['path', 'headers', 'rfile', 'requestline', 'raw_requestline'],
    },
  },
  {
    label: 'data received by a socketserver handler',
    selfAttributes: {
      bases: [
        'socketserver.BaseRequestHandler',
        'socketserver.StreamRequestHandler',
        'socketserver.DatagramRequestHandler',
        'SocketServer.BaseRequestHandler',
        'SocketServer.StreamRequestHandler',
        'StreamRequestHandler',
        'DatagramRequestHandler',
      ],
      attributes: ['rfile', 'request', 'data'],
    },
  },
];

/** Attributes of a Django (and Django REST framework) request that carry client data. */
const DJANGO_REQUEST_ATTRIBUTES = [
  'GET',
  'POST',
  'COOKIES',
  'META',
  'FILES',
  'body',
  'headers',
  'path',
  'path_info',
  'get_full_path',
  'get_full_path_info',
  'build_absolute_uri',
  'read',
  'readline',
  'readlines',
  'data',
  'query_params',
  'content_params',
];

/** Parameters of these annotations are framework objects, not request data. */
const FASTAPI_NOT_DATA =
  '^(Session|AsyncSession|BackgroundTasks|Response|JSONResponse|WebSocket|SecurityScopes|Settings|\\w*Service|\\w*Repository|sqlalchemy\\.\\w+|int|float|bool|UUID|uuid\\.UUID|datetime|date|Decimal)$';

/** A Django (or Django REST framework) view: a function or method whose first parameter is the request. */
const DJANGO_VIEW = {
  framework: 'django',
  imports: ['django', 'rest_framework'],
  firstParam: ['request', 'req'],
} as const;

const HANDLERS: HandlerSpec[] = [
  {
    label: 'Flask route parameter',
    framework: 'flask',
    imports: ['flask'],
    decorators: ['route', 'get', 'post', 'put', 'patch', 'delete'],
    params: 'all',
    cleanConverters: ['int', 'float', 'uuid'],
  },
  {
    label: 'FastAPI request parameter',
    framework: 'fastapi',
    imports: ['fastapi', 'starlette'],
    decorators: ['get', 'post', 'put', 'patch', 'delete', 'api_route', 'route', 'websocket'],
    params: 'all',
    excludeDefaults: ['Depends', 'Security'],
    excludeAnnotations: FASTAPI_NOT_DATA,
  },
  {
    ...DJANGO_VIEW,
    label: 'Django request data',
    params: 'first',
    attributes: DJANGO_REQUEST_ATTRIBUTES,
  },
  // The arguments a URL pattern passes to the view after `request`; converters make some of them numbers.
  {
    ...DJANGO_VIEW,
    label: 'Django URL argument',
    params: 'rest',
    excludeAnnotations: '^(int|float|uuid\\.UUID|UUID)$',
  },
  {
    label: 'aiohttp request data',
    framework: 'aiohttp',
    imports: ['aiohttp'],
    firstParam: ['request'],
    params: 'first',
    attributes: [
      'query',
      'rel_url',
      'match_info',
      'post',
      'json',
      'text',
      'read',
      'content',
      'multipart',
      'headers',
      'cookies',
      'path',
      'path_qs',
      'query_string',
      'url',
    ],
  },
  {
    label: 'Pyramid request data',
    framework: 'pyramid',
    imports: ['pyramid'],
    firstParam: ['request'],
    params: 'first',
    attributes: [
      'params',
      'GET',
      'POST',
      'matchdict',
      'json_body',
      'body',
      'text',
      'headers',
      'cookies',
      'path',
      'url',
      'query_string',
    ],
  },
  {
    label: 'WSGI request environment',
    framework: 'wsgi',
    imports: [],
    firstParam: ['environ'],
    params: 'first',
  },
];

export const PYTHON_SOURCES: Partial<TaintSpec> = {
  sources: [...FLASK, ...OTHER_WEB, ...STDLIB],
  handlers: HANDLERS,
};
