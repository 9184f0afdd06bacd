import type { CallCondition, SinkSpec, TaintSpec } from '../../../engine/dataflow/spec.js';

/**
 * Where untrusted data does harm, by sink kind, with the dangerous argument positions and the safe API
 * forms that are not sinks. Rules pick kinds (`python/command-injection` reports `command`).
 */

/** Calls that always hand their first argument to a shell. */
export const SHELL_COMMAND_CALLS = [
  'os.system',
  'os.popen',
  'os.popen2',
  'os.popen3',
  'os.popen4',
  'popen2.popen2',
  'popen2.popen3',
  'popen2.popen4',
  'popen2.Popen3',
  'popen2.Popen4',
  'commands.getoutput',
  'commands.getstatusoutput',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'asyncio.create_subprocess_shell',
];

const SUBPROCESS = [
  'subprocess.run',
  'subprocess.call',
  'subprocess.Popen',
  'subprocess.check_call',
  'subprocess.check_output',
];

/** `os.exec*(path, ...)`: the program is the first argument. */
const EXEC = ['execl', 'execle', 'execlp', 'execlpe', 'execv', 'execve', 'execvp', 'execvpe'].map(
  (f) => `os.${f}`,
);
/** `os.spawn*(mode, path, ...)`: the program is the second argument. */
const SPAWN = [
  'spawnl',
  'spawnle',
  'spawnlp',
  'spawnlpe',
  'spawnv',
  'spawnve',
  'spawnvp',
  'spawnvpe',
].map((f) => `os.${f}`);

/** A fixed program in an argument list, without a shell: the arguments cannot become commands. */
const LIST_WITHOUT_SHELL: CallCondition = {
  all: [
    { keyword: 'shell', is: 'not-true' },
    { arg: 0, keyword: 'args', is: 'list-constant-head' },
  ],
};

const COMMAND: SinkSpec[] = [
  {
    kind: 'command',
    label: 'shell command',
    calls: SHELL_COMMAND_CALLS,
    args: [0],
    keywords: ['command', 'cmd'],
  },
  {
    kind: 'command',
    label: 'OS command',
    calls: SUBPROCESS,
    args: [0],
    keywords: ['args'],
    safeWhen: [LIST_WITHOUT_SHELL],
  },
  {
    kind: 'command',
    label: 'program to execute',
    calls: [...EXEC, 'os.posix_spawn', 'os.posix_spawnp'],
    args: [0],
    keywords: ['path', 'file'],
  },
  {
    kind: 'command',
    label: 'program to execute',
    calls: SPAWN,
    args: [1],
    keywords: ['path', 'file'],
  },
  {
    kind: 'command',
    label: 'program to execute',
    calls: ['asyncio.create_subprocess_exec'],
    args: [0],
    keywords: ['program'],
  },
  {
    kind: 'command',
    label: 'remote shell command',
    methods: ['exec_command'],
    args: [0],
    keywords: ['command'],
  },
];

/** Constructors of SQL statement objects from text. */
export const SQL_TEXT_OBJECTS = [
  'sqlalchemy.text',
  'sqlalchemy.sql.text',
  'sqlalchemy.sql.expression.text',
  'django.db.models.expressions.RawSQL',
  'django.db.models.RawSQL',
];

const SQL: SinkSpec[] = [
  {
    kind: 'sql',
    label: 'SQL statement',
    methods: ['execute', 'executemany', 'executescript', 'exec_driver_sql', 'execute_sql'],
    args: [0],
    keywords: ['sql', 'statement', 'operation', 'query'],
  },
  {
    kind: 'sql',
    label: 'SQL query',
    methods: ['fetch', 'fetchrow', 'fetchval'],
    receiver: '(conn|connection|pool|db|database)$',
    args: [0],
    keywords: ['query'],
  },
  {
    kind: 'sql',
    label: 'raw SQL query',
    methods: ['raw'],
    receiver: 'objects|manager',
    args: [0],
    keywords: ['raw_query'],
  },
  {
    kind: 'sql',
    label: 'raw SQL fragment',
    methods: ['extra'],
    keywords: ['where', 'select', 'tables', 'order_by'],
  },
  {
    kind: 'sql',
    label: 'SQL text',
    calls: [...SQL_TEXT_OBJECTS, 'pandas.read_sql', 'pandas.read_sql_query'],
    args: [0],
    keywords: ['sql', 'text'],
  },
];

const CODE: SinkSpec[] = [
  {
    kind: 'code',
    label: 'Python code evaluation',
    calls: ['eval', 'exec', 'builtins.eval', 'builtins.exec', 'execfile'],
    args: [0],
    keywords: ['source', 'expression'],
  },
  {
    kind: 'code',
    label: 'Python code compilation',
    calls: ['compile', 'builtins.compile'],
    args: [0],
    keywords: ['source'],
  },
];

const FILE_CALLS_FIRST_ARG = [
  'open',
  'builtins.open',
  'io.open',
  'codecs.open',
  'os.open',
  'os.remove',
  'os.unlink',
  'os.rmdir',
  'os.removedirs',
  'os.mkdir',
  'os.makedirs',
  'os.listdir',
  'os.scandir',
  'os.walk',
  'os.chmod',
  'os.chown',
  'os.truncate',
  'os.utime',
  'os.symlink',
  'os.link',
  'os.rename',
  'os.renames',
  'os.replace',
  'shutil.copy',
  'shutil.copy2',
  'shutil.copyfile',
  'shutil.copytree',
  'shutil.copymode',
  'shutil.move',
  'shutil.rmtree',
  'shutil.unpack_archive',
  'tarfile.open',
  'zipfile.ZipFile',
  'fileinput.FileInput',
  'flask.send_file',
  'flask.helpers.send_file',
  'starlette.responses.FileResponse',
  'fastapi.responses.FileResponse',
  'aiofiles.open',
];

const PATH: SinkSpec[] = [
  {
    kind: 'path',
    label: 'file path',
    calls: FILE_CALLS_FIRST_ARG,
    args: [0],
    keywords: ['file', 'path', 'name', 'src', 'filename', 'path_or_file', 'filename_or_fp'],
  },
  {
    kind: 'path',
    label: 'destination path',
    calls: [
      'os.rename',
      'os.renames',
      'os.replace',
      'os.symlink',
      'os.link',
      'shutil.copy',
      'shutil.copy2',
      'shutil.copyfile',
      'shutil.copytree',
      'shutil.move',
    ],
    args: [1],
    keywords: ['dst'],
  },
  {
    // send_from_directory joins the file name safely under the directory; the directory is the risk.
    kind: 'path',
    label: 'directory served from',
    calls: ['flask.send_from_directory', 'flask.helpers.send_from_directory'],
    args: [0],
    keywords: ['directory'],
  },
  {
    kind: 'path',
    label: 'file path',
    methods: [
      'read_text',
      'read_bytes',
      'write_text',
      'write_bytes',
      'unlink',
      'rmdir',
      'mkdir',
      'touch',
      'iterdir',
      'symlink_to',
    ],
    receiverIsSink: true,
    args: [],
  },
  {
    kind: 'path',
    label: 'file path',
    methods: ['open'],
    receiver: 'path|file|dir|folder|target|dest|^p$',
    receiverIsSink: true,
    args: [],
  },
  { kind: 'path', label: 'saved file path', methods: ['save'], args: [0], keywords: ['dst'] },
];

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/**
 * A URL whose constant beginning already fixes scheme and host (`f"{API_BASE}/users/{uid}"` with
 * `API_BASE = "https://api.example.com"`): the client chooses only the path, so the host is not theirs.
 */
function fixedHost(arg: number): CallCondition {
  return { all: [{ arg, is: 'prefix', matches: '^https?://[^/?#@]+/' }] };
}

const URL: SinkSpec[] = [
  {
    kind: 'url',
    label: 'URL fetched by the server',
    calls: [
      ...HTTP_VERBS.map((v) => `requests.${v}`),
      ...HTTP_VERBS.map((v) => `httpx.${v}`),
      'urllib.request.urlopen',
      'urllib.request.Request',
      'urllib.request.urlretrieve',
      'urllib.urlopen',
      'urllib.urlretrieve',
      'urllib2.urlopen',
      'urllib2.Request',
      'http.client.HTTPConnection',
      'http.client.HTTPSConnection',
      'httplib.HTTPConnection',
      'httplib.HTTPSConnection',
      'aiohttp.request',
    ],
    args: [0],
    keywords: ['url', 'host'],
    safeWhen: [fixedHost(0)],
  },
  {
    kind: 'url',
    label: 'URL fetched by the server',
    calls: ['requests.request', 'httpx.request', 'httpx.stream'],
    args: [1],
    keywords: ['url'],
    safeWhen: [fixedHost(1)],
  },
  {
    kind: 'url',
    label: 'URL fetched by the server',
    methods: HTTP_VERBS,
    receiver: '(session|sess|client|http|requests|httpx)$',
    args: [0],
    keywords: ['url'],
    safeWhen: [fixedHost(0)],
  },
  {
    kind: 'url',
    label: 'URL fetched by the server',
    methods: ['request', 'urlopen', 'stream'],
    receiver: '(session|sess|client|http|pool|manager|poolmanager)$',
    args: [1],
    keywords: ['url'],
    safeWhen: [fixedHost(1)],
  },
];

/** Redirect responses, by their target. */
export const REDIRECT_CALLS = [
  'flask.redirect',
  'werkzeug.utils.redirect',
  'django.shortcuts.redirect',
  'django.http.HttpResponseRedirect',
  'django.http.HttpResponsePermanentRedirect',
  'django.http.response.HttpResponseRedirect',
  'django.http.response.HttpResponsePermanentRedirect',
  'starlette.responses.RedirectResponse',
  'fastapi.responses.RedirectResponse',
];

const REDIRECT: SinkSpec[] = [
  {
    kind: 'redirect',
    label: 'redirect target',
    calls: REDIRECT_CALLS,
    args: [0],
    keywords: ['location', 'to', 'redirect_to', 'url'],
    // A constant local path (`"/search?q=" + q`) keeps the redirect on this site; `"/" + page` does not
    // (`page = "/evil.example"` makes `//evil.example`).
    safeWhen: [{ all: [{ arg: 0, is: 'prefix', matches: '^/[^/\\\\]' }] }],
  },
];

const PICKLE_LIKE = ['pickle', 'cPickle', '_pickle', 'dill', 'cloudpickle', 'marshal'].flatMap(
  (m) => [`${m}.load`, `${m}.loads`],
);

/** yaml.load is safe with these loaders only. */
const SAFE_YAML_LOADERS = [
  'yaml.SafeLoader',
  'yaml.CSafeLoader',
  'yaml.BaseLoader',
  'yaml.CBaseLoader',
  'yaml.loader.SafeLoader',
  'yaml.cyaml.CSafeLoader',
];

const DESERIALIZATION: SinkSpec[] = [
  {
    kind: 'deserialization',
    label: 'deserialized data',
    calls: [
      ...PICKLE_LIKE,
      'pickle.Unpickler',
      'jsonpickle.decode',
      'jsonpickle.loads',
      'jsonpickle.unpickler.decode',
      'pandas.read_pickle',
      'yaml.unsafe_load',
      'yaml.unsafe_load_all',
    ],
    args: [0],
    keywords: ['data', 'file', 'string', 's', 'stream', 'filepath_or_buffer'],
  },
  {
    kind: 'deserialization',
    label: 'YAML document loaded with an unsafe loader',
    calls: ['yaml.load', 'yaml.load_all'],
    args: [0],
    keywords: ['stream'],
    safeWhen: [
      { all: [{ keyword: 'Loader', arg: 1, is: 'present', resolvesTo: SAFE_YAML_LOADERS }] },
    ],
  },
  {
    kind: 'deserialization',
    label: 'shelf file (pickled values)',
    calls: ['shelve.open'],
    args: [0],
    keywords: ['filename'],
  },
  {
    kind: 'deserialization',
    label: 'pickled NumPy data',
    calls: ['numpy.load'],
    args: [0],
    keywords: ['file'],
    onlyWhen: [{ all: [{ keyword: 'allow_pickle', is: 'true' }] }],
  },
  {
    kind: 'deserialization',
    label: 'PyTorch checkpoint (a pickle)',
    calls: ['torch.load'],
    args: [0],
    keywords: ['f'],
    safeWhen: [{ all: [{ keyword: 'weights_only', is: 'true' }] }],
  },
];

const TEMPLATE: SinkSpec[] = [
  {
    kind: 'template',
    label: 'template source',
    calls: [
      'flask.render_template_string',
      'flask.templating.render_template_string',
      'jinja2.Template',
      'jinja2.environment.Template',
      'django.template.Template',
      'django.template.base.Template',
      'tornado.template.Template',
    ],
    args: [0],
    keywords: ['source', 'template_string'],
  },
  {
    kind: 'template',
    label: 'template source',
    calls: ['mako.template.Template'],
    args: [0],
    keywords: ['text'],
  },
  {
    kind: 'template',
    label: 'template source',
    methods: ['from_string'],
    receiver: 'env|jinja|engine',
    args: [0],
    keywords: ['source', 'template_code'],
  },
];

/** A response declared as something other than HTML. */
const NOT_HTML = '^(?!\\s*text/html)';

const MAKE_RESPONSE = ['flask.make_response', 'flask.helpers.make_response'];
const RESPONSE_CLASSES = [
  'flask.Response',
  'flask.wrappers.Response',
  'werkzeug.wrappers.Response',
  'django.http.HttpResponse',
  'django.http.response.HttpResponse',
];
const HTML_RESPONSE_CLASSES = [
  'starlette.responses.HTMLResponse',
  'fastapi.responses.HTMLResponse',
];

/** Calls that build an HTTP response object from a body (the sink is there, not where it is returned). */
export const RESPONSE_BUILDERS = [...MAKE_RESPONSE, ...RESPONSE_CLASSES, ...HTML_RESPONSE_CLASSES];

const HTML: SinkSpec[] = [
  { kind: 'html', label: 'HTML response body', handlerReturn: ['flask'] },
  {
    kind: 'html',
    label: 'HTML response body',
    calls: MAKE_RESPONSE,
    args: [0],
  },
  {
    kind: 'html',
    label: 'HTML response body',
    calls: RESPONSE_CLASSES,
    args: [0],
    keywords: ['response', 'content'],
    safeWhen: [
      { all: [{ keyword: 'mimetype', is: 'string', matches: NOT_HTML }] },
      { all: [{ keyword: 'content_type', is: 'string', matches: NOT_HTML }] },
    ],
  },
  {
    kind: 'html',
    label: 'HTML response body',
    calls: HTML_RESPONSE_CLASSES,
    args: [0],
    keywords: ['content'],
  },
  {
    // Starlette's plain Response is HTML only when declared so
    kind: 'html',
    label: 'HTML response body',
    calls: ['starlette.responses.Response', 'fastapi.responses.Response', 'fastapi.Response'],
    args: [0],
    keywords: ['content'],
    onlyWhen: [
      { all: [{ arg: 2, keyword: 'media_type', is: 'string', matches: '^\\s*text/html' }] },
    ],
  },
  {
    kind: 'html',
    label: 'markup marked safe',
    calls: [
      'markupsafe.Markup',
      'flask.Markup',
      'jinja2.Markup',
      'django.utils.safestring.mark_safe',
      'django.utils.safestring.SafeString',
      'django.utils.html.format_html',
    ],
    args: [0],
  },
  { kind: 'html', label: 'HTTP response body', methods: ['write'], receiver: 'wfile', args: [0] },
];

const LDAP_RECEIVER = '(conn|connection|ldap\\w*|ld|^l|^c|server|directory)$';

const LDAP: SinkSpec[] = [
  {
    kind: 'ldap',
    label: 'LDAP search',
    methods: ['search_s', 'search_st', 'search_ext', 'search_ext_s', 'search_subtree_s'],
    args: [0, 2],
    keywords: ['base', 'filterstr'],
  },
  {
    kind: 'ldap',
    label: 'LDAP search',
    methods: ['search', 'paged_search'],
    receiver: LDAP_RECEIVER,
    args: [0, 1],
    keywords: ['search_base', 'search_filter'],
  },
];

const XPATH: SinkSpec[] = [
  { kind: 'xpath', label: 'XPath query', methods: ['xpath'], args: [0], keywords: ['_path'] },
  {
    kind: 'xpath',
    label: 'XPath query',
    calls: ['lxml.etree.XPath', 'lxml.etree.ETXPath'],
    args: [0],
    keywords: ['path'],
  },
  {
    kind: 'xpath',
    label: 'ElementTree path query',
    methods: ['find', 'findall', 'findtext', 'iterfind'],
    receiver: '(tree|root|doc|document|dom|xml|elem|element|node|etree|getroot\\(\\))$',
    args: [0],
    keywords: ['path', 'match'],
  },
];

const HEADER: SinkSpec[] = [
  { kind: 'header', label: 'HTTP response header', stores: ['headers'] },
  {
    kind: 'header',
    label: 'HTTP response header',
    methods: ['add', 'set', 'setdefault', 'add_header', 'extend'],
    receiver: 'headers$',
  },
  { kind: 'header', label: 'HTTP response header', methods: ['send_header'], args: [0, 1] },
  {
    kind: 'header',
    label: 'HTTP response headers',
    methods: ['start_response'],
    args: [1],
    keywords: ['headers'],
  },
];

const LOG_LEVELS = [
  'debug',
  'info',
  'warning',
  'warn',
  'error',
  'critical',
  'exception',
  'fatal',
  'log',
];

const LOG: SinkSpec[] = [
  { kind: 'log', label: 'log message', calls: LOG_LEVELS.map((l) => `logging.${l}`) },
  { kind: 'log', label: 'log message', methods: LOG_LEVELS, receiver: 'log' },
];

const TRUST_BOUNDARY: SinkSpec[] = [
  { kind: 'trust-boundary', label: 'session store', stores: ['session'], storesKey: true },
  {
    kind: 'trust-boundary',
    label: 'session store',
    storesInto: ['flask.session'],
    storesKey: true,
  },
  {
    kind: 'trust-boundary',
    label: 'session store',
    methods: ['update', 'setdefault', '__setitem__'],
    receiver: '(^|\\.)session$',
  },
];

const LXML_PARSERS = [
  'lxml.etree.XMLParser',
  'lxml.etree.XMLPullParser',
  'lxml.etree.ETCompatXMLParser',
  'lxml.objectify.makeparser',
];

/** A parser built to resolve external entities or to fetch them over the network. */
const RESOLVING_PARSER: CallCondition[] = [
  {
    all: [
      {
        arg: 1,
        keyword: 'parser',
        is: 'present',
        madeBy: { calls: LXML_PARSERS, all: [{ keyword: 'resolve_entities', is: 'true' }] },
      },
    ],
  },
  {
    all: [
      {
        arg: 1,
        keyword: 'parser',
        is: 'present',
        madeBy: { calls: LXML_PARSERS, all: [{ keyword: 'no_network', is: 'false' }] },
      },
    ],
  },
];

const XML: SinkSpec[] = [
  {
    kind: 'xml',
    label: 'XML document parsed with external entities',
    calls: [
      'lxml.etree.fromstring',
      'lxml.etree.XML',
      'lxml.etree.parse',
      'lxml.etree.XMLID',
      'lxml.objectify.fromstring',
      'lxml.objectify.parse',
    ],
    args: [0],
    keywords: ['text', 'source'],
    onlyWhen: RESOLVING_PARSER,
  },
  {
    kind: 'xml',
    label: 'XML document parsed with external entities',
    calls: ['lxml.etree.iterparse'],
    args: [0],
    keywords: ['source'],
    onlyWhen: [{ all: [{ keyword: 'resolve_entities', is: 'true' }] }],
  },
  {
    kind: 'xml',
    label: 'XML document parsed with entity expansion',
    calls: ['xmltodict.parse'],
    args: [0],
    keywords: ['xml_input'],
    onlyWhen: [{ all: [{ keyword: 'disable_entities', is: 'false' }] }],
  },
];

export const PYTHON_SINKS: Partial<TaintSpec> = {
  sinks: [
    ...COMMAND,
    ...SQL,
    ...CODE,
    ...PATH,
    ...URL,
    ...REDIRECT,
    ...DESERIALIZATION,
    ...TEMPLATE,
    ...HTML,
    ...LDAP,
    ...XPATH,
    ...HEADER,
    ...LOG,
    ...TRUST_BOUNDARY,
    ...XML,
  ],
};
