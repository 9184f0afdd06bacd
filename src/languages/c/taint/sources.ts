import type { SourceSpec, TaintSpec } from '../../../engine/dataflow/spec.js';

/**
 * Where untrusted data enters a C or C++ program, as data for the dataflow engine (names as the C
 * lowering writes them: plain C names, `std::x`, `Class::method` for calls on a receiver of known type).
 *
 * Confidence policy (the same as Python's): data from the network (sockets, TLS reads, Qt sockets and
 * network replies, URL queries, the request variables a CGI program reads with `getenv`) gives findings at the rule's confidence. Data the
 * user running the program controls or that comes from the machine itself (the command line, the
 * environment, standard input, files and file descriptors) is `local`: its findings are notes with low
 * confidence, because they matter only for programs run by others or with more privileges than their
 * caller (setuid programs, services started with arguments from a request, CGI programs).
 *
 * Out-parameter sources name the arguments they fill (`intoArgs`); their result is a count and stays
 * clean unless `result` says otherwise (`fgets` and `gets` return the buffer).
 */

/** `n, n+1, ..., 15`: the variadic destinations of `scanf`-style calls, as argument positions. */
export function positionsFrom(n: number, last = 15): number[] {
  return Array.from({ length: last - n + 1 }, (_, i) => n + i);
}

/**
 * QIODevice reads: `readAll()`, `readLine()`, `read(n)` and `peek(n)` return the data; `read(buffer, n)`,
 * `readLine(buffer, n)` and `peek(buffer, n)` fill their first argument (a number there is not written).
 */
const QT_READ_METHODS = ['readAll', 'readLine', 'read', 'peek'];
const QT_READS = { intoArgs: [0], result: true } as const;

function qtReads(classes: readonly string[]): string[] {
  return classes.flatMap((c) => QT_READ_METHODS.map((m) => `${c}::${m}`));
}

const COMMAND_LINE: SourceSpec[] = [
  {
    label: 'command-line arguments',
    local: true,
    parameters: { functions: ['main', 'wmain', '_tmain'], positions: [1] },
  },
  {
    // WinMain(hInstance, hPrevInstance, lpCmdLine, nShowCmd)
    label: 'command-line arguments',
    local: true,
    parameters: { functions: ['WinMain', 'wWinMain', '_tWinMain'], positions: [2] },
  },
  { label: 'command-line arguments', local: true, values: ['optarg'] },
  {
    label: 'command-line arguments',
    local: true,
    calls: [
      'GetCommandLineA',
      'GetCommandLineW',
      'GetCommandLine',
      'CommandLineToArgvW',
      'QCoreApplication::arguments',
      'QApplication::arguments',
      'QGuiApplication::arguments',
    ],
  },
  {
    label: 'command-line arguments',
    local: true,
    methods: ['arguments'],
    receiver: '(qApp|app|application|QCoreApplication::instance\\(\\))$',
  },
];

const ENVIRONMENT: SourceSpec[] = [
  {
    label: 'environment variables',
    local: true,
    parameters: { functions: ['main', 'wmain', '_tmain'], positions: [2] },
  },
  { label: 'environment variables', local: true, values: ['environ', '_environ', '__environ'] },
  {
    label: 'environment variables',
    local: true,
    calls: [
      'getenv',
      'std::getenv',
      'secure_getenv',
      '__secure_getenv',
      '_wgetenv',
      '_tgetenv',
      'g_getenv',
      'qgetenv',
      'qEnvironmentVariable',
      'QProcessEnvironment::value',
    ],
  },
  {
    // GetEnvironmentVariable(name, buffer, size), _dupenv_s(&buffer, &len, name)
    label: 'environment variables',
    local: true,
    calls: ['GetEnvironmentVariableA', 'GetEnvironmentVariableW', 'GetEnvironmentVariable'],
    intoArgs: [1],
  },
  {
    label: 'environment variables',
    local: true,
    calls: ['_dupenv_s', '_wdupenv_s', 'getenv_s', '_wgetenv_s'],
    intoArgs: [0, 1],
  },
  {
    // QProcessEnvironment::systemEnvironment().value("X"), env.value("X") on an untyped receiver
    label: 'environment variables',
    local: true,
    methods: ['value'],
    receiver: '(systemEnvironment\\(\\)|env|environment)$',
  },
];

const STANDARD_INPUT: SourceSpec[] = [
  {
    label: 'standard input',
    local: true,
    values: ['std::cin', 'cin', 'std::wcin', 'wcin'],
  },
  {
    label: 'standard input',
    local: true,
    calls: ['gets', '_getws', 'gets_s'],
    intoArgs: [0],
    result: true,
  },
  { label: 'standard input', local: true, calls: ['getchar', 'getwchar', '_getch', '_getche'] },
  {
    label: 'standard input',
    local: true,
    calls: ['scanf', 'wscanf', 'scanf_s', 'wscanf_s', 'vscanf'],
    intoArgsFrom: 1,
  },
];

/**
 * Files, pipes and descriptors: data the program reads from its environment. Whether a descriptor is a
 * socket is not known from the call, so `read()` counts as local input like a file; `recv()` is network.
 */
const FILES: SourceSpec[] = [
  {
    label: 'data read from a file or stream',
    local: true,
    calls: ['fgets', 'fgetws', '_fgetts'],
    intoArgs: [0],
    result: true,
  },
  {
    label: 'data read from a file or stream',
    local: true,
    calls: ['fread', 'fread_s'],
    intoArgs: [0],
  },
  {
    // POSIX getline(&line, &n, f) and getdelim(&line, &n, delim, f) fill argument 0; C++
    // std::getline(stream, s) fills argument 1. With `using namespace std` both spell `getline`, so
    // one entry marks both positions (the stream, or the size, carrying the taint is harmless).
    label: 'data read from a file or stream',
    local: true,
    calls: ['getline', 'std::getline', 'getdelim', '__getdelim'],
    intoArgs: [0, 1],
  },
  {
    label: 'data read from a file or stream',
    local: true,
    calls: ['fgetc', 'getc', 'fgetwc', 'getwc', 'getc_unlocked', 'fgetc_unlocked'],
  },
  {
    label: 'data read from a file or stream',
    local: true,
    calls: ['fscanf', 'fwscanf', 'fscanf_s', 'vfscanf'],
    intoArgsFrom: 2,
  },
  {
    label: 'data read from a file descriptor',
    local: true,
    calls: ['read', 'pread', 'pread64', '_read', 'readv'],
    intoArgs: [1],
  },
  {
    // ReadFile(h, buffer, size, &read, overlapped)
    label: 'data read from a file or pipe',
    local: true,
    calls: ['ReadFile', 'ReadFileEx', 'ReadConsoleA', 'ReadConsoleW', 'ReadConsole'],
    intoArgs: [1],
  },
  {
    // QTextStream reads lines; a QIODevice may be a file as often as a socket, like read() on a descriptor
    ...QT_READS,
    label: 'data read from a file or stream',
    local: true,
    calls: [...qtReads(['QFile', 'QIODevice']), 'QTextStream::readLine', 'QTextStream::readAll'],
  },
];

/**
 * CGI: the web server passes the request in environment variables. Listed before the general
 * environment entries, which would otherwise name the flow (the first matching source does).
 */
const CGI_VARIABLE =
  '^(QUERY_STRING|HTTP_[A-Z0-9_]+|CONTENT_TYPE|CONTENT_LENGTH|PATH_INFO|PATH_TRANSLATED|REQUEST_URI|REQUEST_METHOD|REMOTE_USER|REMOTE_IDENT|SERVER_NAME)$';

const CGI: SourceSpec[] = [
  {
    label: 'CGI request data',
    calls: [
      'getenv',
      'std::getenv',
      'secure_getenv',
      '_wgetenv',
      'g_getenv',
      'qgetenv',
      'qEnvironmentVariable',
    ],
    when: [{ all: [{ arg: 0, is: 'string', matches: CGI_VARIABLE }] }],
  },
  {
    label: 'CGI request data',
    calls: ['GetEnvironmentVariableA', 'GetEnvironmentVariableW', 'GetEnvironmentVariable'],
    when: [{ all: [{ arg: 0, is: 'string', matches: CGI_VARIABLE }] }],
    intoArgs: [1],
  },
];

const NETWORK: SourceSpec[] = [
  {
    label: 'data received from the network',
    calls: [
      'recv',
      'recvfrom',
      'recvmsg',
      'WSARecv',
      'WSARecvFrom',
      'SSL_read',
      'SSL_read_ex',
      'SSL_peek',
      'BIO_read',
      'BIO_gets',
      'gnutls_record_recv',
      'mbedtls_ssl_read',
    ],
    intoArgs: [1],
  },
  {
    ...QT_READS,
    label: 'data received from the network',
    calls: [
      ...qtReads([
        'QTcpSocket',
        'QSslSocket',
        'QAbstractSocket',
        'QLocalSocket',
        'QNetworkReply',
        'QWebSocket',
      ]),
      'QNetworkReply::rawHeader',
      'QNetworkDatagram::data',
    ],
  },
  {
    // A socket or reply whose type is not declared in the file (a member, `sender()`).
    ...QT_READS,
    label: 'data received from the network',
    methods: [...QT_READ_METHODS, 'rawHeader'],
    receiver:
      '(sock|socket|reply|client|peer|connection|conn)\\w*(\\(\\))?$|Q(Tcp|Ssl|Local|Abstract)Socket|QNetworkReply',
  },
  {
    // QUdpSocket::readDatagram(data, maxSize, &host, &port)
    label: 'data received from the network',
    calls: ['QUdpSocket::readDatagram'],
    methods: ['readDatagram'],
    intoArgs: [0],
  },
  {
    label: 'URL query parameters',
    calls: [
      'QUrlQuery::queryItemValue',
      'QUrlQuery::allQueryItemValues',
      'QUrlQuery::queryItems',
      'QUrlQuery::query',
      'QUrlQuery::toString',
      'QUrl::query',
    ],
    methods: ['queryItemValue', 'allQueryItemValues'],
  },
  {
    label: 'HTTP request data',
    calls: [
      'QHttpServerRequest::body',
      'QHttpServerRequest::query',
      'QHttpServerRequest::url',
      'QHttpServerRequest::value',
      'QHttpServerRequest::headers',
    ],
  },
];

/**
 * The parameters of a function nothing in the file calls (an entry point, an exported API): their values
 * come from callers out of sight, so a command or SQL statement built from them is reported, as a
 * warning with medium confidence. Functions the file calls get their callers' arguments instead.
 * Handles (database connections, processes, files) carry no text.
 */
const UNCALLED_PARAMETERS: SourceSpec[] = [
  {
    label: 'parameter `{{param}}` of `{{function}}`, a function nothing in this file calls',
    uncalledParameters: {
      kinds: ['command', 'sql'],
      excludeTypes:
        '^(?:QSqlDatabase|QSqlQuery|QProcess|sqlite3|sqlite3_stmt|MYSQL|MYSQL_STMT|PGconn|FILE|SQLHSTMT|SQLHDBC|SQLHANDLE|HANDLE|SQLite::Database|pqxx::\\w+)$',
      // A wrapper running the program its caller names (`execv(path, argv)`) does what it is for.
      excludeSinks: ['program to execute', 'program or document to open'],
    },
    report: { severity: 'warning', confidence: 'medium' },
  },
];

export const C_SOURCES: Partial<TaintSpec> = {
  sources: [
    ...CGI,
    ...NETWORK,
    ...COMMAND_LINE,
    ...ENVIRONMENT,
    ...STANDARD_INPUT,
    ...FILES,
    ...UNCALLED_PARAMETERS,
  ],
};
