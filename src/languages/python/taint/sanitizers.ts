import type {
  PropagatorSpec,
  SanitizerSpec,
  TaintSpec,
  ValidatorSpec,
} from '../../../engine/dataflow/spec.js';
import { REDIRECT_CALLS, RESPONSE_BUILDERS, SQL_TEXT_OBJECTS } from './sinks.js';

/**
 * What makes untrusted data harmless, and for which sink kinds only (an HTML escape does not make a
 * shell command safe), the checks that validate a value on the branch where they hold, and how taint
 * moves through library calls where the engine's default (the result carries the taint of the receiver
 * and every argument) is wrong.
 */

const SANITIZERS: SanitizerSpec[] = [
  {
    // A number, a boolean or a UUID cannot carry syntax of any language.
    label: 'converted to a number',
    calls: [
      'int',
      'float',
      'bool',
      'complex',
      'builtins.int',
      'builtins.float',
      'decimal.Decimal',
      'fractions.Fraction',
      'uuid.UUID',
      'ipaddress.ip_address',
      'ipaddress.ip_network',
      'abs',
      'round',
      'ord',
      'hash',
      'id',
    ],
    kinds: '*',
  },
  {
    // request.args.get("page", type=int) converts (or falls back to the default)
    label: 'converted to a number',
    methods: ['get', 'getlist'],
    receiver: '(args|form|values|cookies|headers|GET|POST|query|query_params)$',
    kinds: '*',
    when: [{ all: [{ keyword: 'type', is: 'present', resolvesTo: ['int', 'float', 'bool'] }] }],
  },
  {
    label: 'hashed',
    methods: ['hexdigest'],
    kinds: '*',
  },
  {
    label: 'quoted for the shell',
    calls: ['shlex.quote', 'pipes.quote', 'shlex.join', 'commands.mkarg'],
    kinds: ['command'],
  },
  {
    label: 'escaped for HTML',
    calls: [
      'html.escape',
      'cgi.escape',
      'markupsafe.escape',
      'markupsafe.escape_silent',
      'flask.escape',
      'jinja2.escape',
      'django.utils.html.escape',
      'django.utils.html.conditional_escape',
      'django.utils.html.escapejs',
      'bleach.clean',
      'bleach.linkify',
      'nh3.clean',
      'xml.sax.saxutils.escape',
      'xml.sax.saxutils.quoteattr',
    ],
    kinds: ['html'],
  },
  {
    // Templates from files and constant template strings autoescape the values passed as context;
    // JSON bodies are not interpreted as HTML.
    label: 'rendered by an autoescaping template or serialised as JSON',
    calls: [
      'flask.render_template',
      'flask.templating.render_template',
      'flask.render_template_string',
      'flask.jsonify',
      'flask.json.jsonify',
      'django.shortcuts.render',
      'django.template.loader.render_to_string',
      'django.http.JsonResponse',
      'django.utils.html.format_html',
      'starlette.responses.JSONResponse',
      'fastapi.responses.JSONResponse',
    ],
    kinds: ['html'],
  },
  {
    // The sink is the construction of these objects (reported there); the object itself, returned or
    // executed later, is not reported a second time.
    label: 'an SQL text object, judged where it is built',
    calls: SQL_TEXT_OBJECTS,
    kinds: ['sql'],
  },
  {
    label: 'an HTTP response object, judged where it is built',
    calls: [
      ...RESPONSE_BUILDERS,
      ...REDIRECT_CALLS,
      'starlette.responses.PlainTextResponse',
      'fastapi.responses.PlainTextResponse',
      // responses whose body is a file, not the data
      'flask.send_file',
      'flask.helpers.send_file',
      'flask.send_from_directory',
      'flask.helpers.send_from_directory',
      'django.http.FileResponse',
      'starlette.responses.FileResponse',
      'fastapi.responses.FileResponse',
    ],
    kinds: ['html'],
  },
  {
    label: 'percent-encoded',
    calls: ['urllib.parse.quote', 'urllib.quote', 'urllib.parse.urlencode', 'urllib.urlencode'],
    kinds: ['html', 'header', 'log', 'command', 'sql', 'ldap', 'xpath'],
  },
  {
    label: 'percent-encoded',
    calls: ['urllib.parse.quote_plus', 'urllib.quote_plus'],
    kinds: ['html', 'header', 'log', 'command', 'sql', 'ldap', 'xpath', 'path'],
  },
  {
    label: 'base64-encoded',
    calls: [
      'base64.b64encode',
      'base64.urlsafe_b64encode',
      'base64.b32encode',
      'base64.b16encode',
      'binascii.hexlify',
    ],
    kinds: ['html', 'header', 'log', 'command', 'sql', 'ldap', 'xpath'],
  },
  {
    label: 'serialised as a quoted string',
    calls: ['json.dumps', 'repr', 'builtins.repr'],
    kinds: ['log', 'header'],
  },
  {
    label: 'quoted for SQL',
    calls: [
      'psycopg2.extensions.quote_ident',
      'psycopg2.sql.Identifier',
      'psycopg2.sql.Literal',
      'psycopg.sql.Identifier',
      'psycopg.sql.Literal',
      'MySQLdb.escape_string',
      'pymysql.converters.escape_string',
      'sqlalchemy.literal',
      'sqlalchemy.bindparam',
    ],
    kinds: ['sql'],
  },
  {
    label: 'quoted for SQL',
    methods: [
      'escape_string',
      'quote_ident',
      'quote_identifier',
      'quote_name',
      'escape_literal',
      'mogrify',
    ],
    kinds: ['sql'],
  },
  {
    label: 'reduced to a file name',
    calls: [
      'os.path.basename',
      'posixpath.basename',
      'ntpath.basename',
      'werkzeug.utils.secure_filename',
      'werkzeug.secure_filename',
      'werkzeug.security.safe_join',
      'werkzeug.utils.safe_join',
      'flask.safe_join',
      'django.utils._os.safe_join',
      'django.utils.text.get_valid_filename',
    ],
    kinds: ['path'],
  },
  {
    label: "a URL of the application's own routes",
    calls: ['flask.url_for', 'django.urls.reverse', 'django.shortcuts.resolve_url'],
    kinds: ['redirect', 'url', 'html', 'header'],
  },
  {
    label: 'escaped for an LDAP filter',
    calls: [
      'ldap.filter.escape_filter_chars',
      'ldap3.utils.conv.escape_filter_chars',
      'ldap.dn.escape_dn_chars',
      'ldap3.utils.dn.escape_rdn',
      'ldap.filter.filter_format',
    ],
    kinds: ['ldap'],
  },
];

const VALIDATORS: ValidatorSpec[] = [
  { form: 'membership', kinds: '*', label: 'checked against an allow-list' },
  {
    form: 'membership',
    kinds: ['url', 'redirect'],
    label: 'host checked against an allow-list',
    through: [
      'urllib.parse.urlparse',
      'urllib.parse.urlsplit',
      'urlparse.urlparse',
      'urlparse.urlsplit',
    ],
    attributes: ['netloc', 'hostname'],
    sameAs: true,
  },
  { form: 'equality', kinds: '*', label: 'compared with a constant' },
  {
    form: 'call',
    calls: ['re.fullmatch'],
    validates: 1,
    pattern: { arg: 0, fullMatch: true },
    kinds: '*',
    label: 'matched against a pattern',
  },
  {
    form: 'call',
    // re.search would need both anchors; only re.match (anchored at the start) counts
    calls: ['re.match'],
    validates: 1,
    pattern: { arg: 0 },
    kinds: '*',
    label: 'matched against a pattern',
  },
  {
    form: 'call',
    methods: ['fullmatch'],
    validates: 0,
    kinds: '*',
    label: 'matched against a pattern',
  },
  {
    form: 'call',
    methods: ['isdigit', 'isdecimal', 'isnumeric', 'isalnum', 'isalpha', 'isidentifier'],
    validates: 'receiver',
    kinds: '*',
    label: 'checked to be alphanumeric',
  },
  {
    form: 'call',
    methods: ['startswith'],
    validates: 'receiver',
    receiverFrom: ['os.path.realpath', 'os.path.abspath', 'os.path.normpath', 'resolve'],
    kinds: ['path'],
    label: 'resolved and checked to stay under a base directory',
  },
  {
    form: 'call',
    methods: ['is_relative_to'],
    validates: 'receiver',
    receiverFrom: ['resolve', 'os.path.realpath', 'os.path.abspath'],
    kinds: ['path'],
    label: 'resolved and checked to stay under a base directory',
  },
  {
    // a constant prefix that fixes scheme and host up to the first "/" after them
    form: 'call',
    methods: ['startswith'],
    validates: 'receiver',
    when: [{ all: [{ arg: 0, is: 'string', matches: '^https?://[^/?#@]+/' }] }],
    kinds: ['url', 'redirect'],
    label: 'checked to start with a fixed scheme and host',
  },
  {
    form: 'call',
    calls: ['django.utils.http.url_has_allowed_host_and_scheme', 'django.utils.http.is_safe_url'],
    validates: 0,
    kinds: ['redirect', 'url'],
    label: 'checked to point at an allowed host',
  },
];

/** Calls whose result carries no data of their arguments (a count, a truth value, a position). */
const OPAQUE_RESULTS: PropagatorSpec[] = [
  {
    calls: [
      'len',
      'isinstance',
      'issubclass',
      'callable',
      'type',
      'os.path.exists',
      'os.path.isfile',
      'os.path.isdir',
      'os.path.islink',
      'os.path.isabs',
      'os.path.getsize',
      'os.path.getmtime',
      'hmac.compare_digest',
      'secrets.compare_digest',
      'mimetypes.guess_type',
    ],
    from: [0, 1],
    to: 'none',
  },
  {
    methods: [
      'startswith',
      'endswith',
      'isdigit',
      'isdecimal',
      'isnumeric',
      'isalnum',
      'isalpha',
      'isidentifier',
      'isspace',
      'islower',
      'isupper',
      'count',
      'find',
      'rfind',
      'index',
      'rindex',
      'exists',
      'is_file',
      'is_dir',
    ],
    from: ['receiver', 0],
    to: 'none',
  },
];

/** Container and store writes: the argument taints the receiver. */
const RECEIVER_WRITES: PropagatorSpec[] = [
  {
    methods: ['append', 'add', 'appendleft', 'put', 'put_nowait', 'push'],
    from: [0],
    to: 'receiver',
  },
  { methods: ['extend', 'extendleft', 'update'], from: [0], to: 'receiver' },
  { methods: ['insert', 'setdefault'], from: [1], to: 'receiver' },
  // configparser's set(section, option, value), a cache's set(key, value): what is read back later
  { methods: ['set'], from: [1, 2], to: 'receiver' },
  {
    methods: ['write', 'writelines'],
    receiver: 'buf|buffer|stringio|bytesio|out|sio',
    from: [0],
    to: 'receiver',
  },
];

/** Decoders: what an encoder made harmless becomes harmful again. */
const DECODERS: PropagatorSpec[] = [
  {
    calls: [
      'base64.b64decode',
      'base64.urlsafe_b64decode',
      'base64.standard_b64decode',
      'base64.b32decode',
      'base64.b16decode',
      'base64.decodebytes',
      'binascii.unhexlify',
      'binascii.a2b_base64',
      'codecs.decode',
      'html.unescape',
      'urllib.parse.unquote',
      'urllib.parse.unquote_plus',
      'urllib.unquote',
      'urllib.unquote_plus',
      'json.loads',
      'ast.literal_eval',
      'xml.sax.saxutils.unescape',
    ],
    from: [0],
    to: 'result',
    undoes: '*',
  },
];

export const PYTHON_SANITIZERS: Partial<TaintSpec> = {
  sanitizers: SANITIZERS,
  validators: VALIDATORS,
  propagators: [...OPAQUE_RESULTS, ...RECEIVER_WRITES, ...DECODERS],
  noReturn: [
    'flask.abort',
    'werkzeug.exceptions.abort',
    'sys.exit',
    'os._exit',
    'os.abort',
    'exit',
    'quit',
    'builtins.exit',
  ],
};
