import type {
  ArgCondition,
  CalleeSpec,
  CallCondition,
  SinkSpec,
  TaintSpec,
} from '../../../engine/dataflow/spec.js';

/**
 * Where untrusted data does harm in C and C++, by sink kind (`command`, `sql`, `format`), with the
 * dangerous argument positions and the safe API forms that are not sinks. Rules pick kinds
 * (`c/command-injection` reports `command`).
 */

/**
 * Programs that run their arguments as commands or code: shells (with `-c`, or a script path), `env`,
 * `sudo`/`su`/`doas`, `xargs`, `ssh` (the remote shell runs the rest), Windows' `cmd`/PowerShell and script
 * hosts, and script interpreters (`python -c`, a script path). Matched against the whole program path.
 */
export const SHELL_PROGRAM =
  '^(?:.*[\\\\/])?(?:sh|bash|dash|zsh|ksh|mksh|ash|csh|tcsh|fish|busybox|env|sudo|su|doas|xargs|ssh|cmd|command|powershell|pwsh|wscript|cscript|python[0-9.]*|perl|ruby|node|php|lua|tclsh|wish)(?:\\.exe)?$';

/** The program argument is a constant naming a shell or interpreter. */
const SHELL_AT = (arg: number): ArgCondition => ({ arg, is: 'string', matches: SHELL_PROGRAM });

/** Calls that hand one string to a shell (`/bin/sh -c` or `cmd.exe /c`): the command's position. */
const SHELL_STRING: SinkSpec[] = [
  {
    kind: 'command',
    label: 'shell command',
    calls: [
      'system',
      'std::system',
      '_wsystem',
      '_tsystem',
      'popen',
      '_popen',
      '_wpopen',
      '_tpopen',
      'WinExec',
    ],
    args: [0],
  },
  {
    // GLib and Boost.Process split the line like a shell would and run its first word.
    kind: 'command',
    label: 'command line',
    calls: [
      'g_spawn_command_line_sync',
      'g_spawn_command_line_async',
      'boost::process::system',
      'boost::process::spawn',
      'boost::process::child',
      'bp::system',
      'bp::spawn',
      'bp::child',
    ],
    args: [0],
  },
  {
    // wordexp() expands like a shell, `$(...)` and backquotes included, unless WRDE_NOCMD is given.
    kind: 'command',
    label: 'word expansion with command substitution',
    calls: ['wordexp'],
    args: [0],
    safeWhen: [{ all: [{ arg: 2, is: 'present', resolvesTo: ['WRDE_NOCMD'] }] }],
  },
];

/**
 * A call running a program: the program argument is always a sink (a client-chosen path runs any
 * executable); the arguments it receives (`args`, or every argument from `argsFrom`) only when the
 * program is a constant naming a shell or an interpreter. A constant program that is not one receives
 * each argument as one word, whatever it contains.
 */
function programSinks(
  callee: CalleeSpec,
  program: number,
  argv: { args: number[] } | { argsFrom: number },
  label = 'program to execute',
): SinkSpec[] {
  return [
    { ...callee, kind: 'command', label, args: [program] },
    {
      ...callee,
      ...argv,
      kind: 'command',
      label: 'command run by a shell',
      onlyWhen: [{ all: [SHELL_AT(program)] }],
    },
  ];
}

/**
 * Windows process creation (`CreateProcess(application, commandLine, ...)`): with no application the
 * command line's first word is the program; with a constant program that is not `cmd.exe` the line is
 * only its arguments.
 */
function processCreationSinks(calls: string[], program: number): SinkSpec[] {
  return [
    { calls, kind: 'command', label: 'program to execute', args: [program] },
    {
      calls,
      kind: 'command',
      label: 'command line',
      args: [program + 1],
      safeWhen: [{ all: [{ arg: program, is: 'string', matches: `^(?!${SHELL_PROGRAM})` }] }],
    },
  ];
}

/** `execl(path, arg0, ..., NULL)`: the arguments as a list. */
export const EXEC_ARGUMENT_LIST = [
  'execl',
  'execlp',
  'execle',
  '_execl',
  '_execlp',
  '_execle',
  '_wexecl',
  '_wexeclp',
];
/** `execv(path, argv)`: the arguments as a vector. */
export const EXEC_ARGUMENT_VECTOR = [
  'execv',
  'execvp',
  'execvpe',
  'execve',
  '_execv',
  '_execvp',
  '_execve',
  '_wexecv',
  '_wexecvp',
];

const PROGRAMS: SinkSpec[] = [
  // execl(path, arg0, ..., NULL), execv(path, argv)
  ...programSinks({ calls: EXEC_ARGUMENT_LIST }, 0, { argsFrom: 1 }),
  ...programSinks({ calls: EXEC_ARGUMENT_VECTOR }, 0, { args: [1] }),
  // posix_spawn(&pid, path, file_actions, attr, argv, envp)
  ...programSinks({ calls: ['posix_spawn', 'posix_spawnp'] }, 1, { args: [4] }),
  // _spawnl(mode, cmdname, arg0, ...), _spawnv(mode, cmdname, argv)
  ...programSinks(
    {
      calls: [
        '_spawnl',
        '_spawnlp',
        '_spawnle',
        '_spawnv',
        '_spawnvp',
        '_spawnve',
        '_wspawnl',
        '_wspawnv',
      ],
    },
    1,
    { argsFrom: 2 },
  ),
  ...processCreationSinks(['CreateProcessA', 'CreateProcessW', 'CreateProcess'], 0),
  // CreateProcessAsUser(token, application, commandLine, ...)
  ...processCreationSinks(
    ['CreateProcessAsUserA', 'CreateProcessAsUserW', 'CreateProcessAsUser'],
    1,
  ),
  // ShellExecute(hwnd, operation, file, parameters, directory, show): the file is opened or run.
  ...programSinks(
    { calls: ['ShellExecuteA', 'ShellExecuteW', 'ShellExecute'] },
    2,
    { args: [3] },
    'program or document to open',
  ),
];

/**
 * Qt's QProcess: `start(command)` (Qt 5), `startDetached(command)` and `execute(command)` split one
 * string into a program and arguments; `start(program, arguments)` runs a shell's `-c` argument. A
 * process object whose type is not declared in the file (a member declared in a header) is recognised by
 * its name.
 */
const QT: SinkSpec[] = [
  ...qtProgramSinks({ calls: ['QProcess::start', 'QProcess::startDetached', 'QProcess::execute'] }),
  ...qtProgramSinks({ methods: ['start', 'startDetached'], receiver: '(proc|process)\\w*$' }),
  {
    kind: 'command',
    label: 'command line',
    calls: ['QProcess::startCommand'],
    methods: ['startCommand'],
    args: [0],
  },
  {
    kind: 'command',
    label: 'program to execute',
    calls: ['QProcess::setProgram'],
    methods: ['setProgram'],
    args: [0],
  },
];

/**
 * `start(program, arguments)`: the first argument is only the program; alone (`start(command)`, Qt 5)
 * it is a command line split into a program and its arguments.
 */
function qtProgramSinks(callee: CalleeSpec): SinkSpec[] {
  const withArguments: CallCondition[] = [{ all: [{ arg: 1, is: 'present' }] }];
  const alone: CallCondition[] = [{ all: [{ arg: 1, is: 'absent' }] }];
  return [
    ...programSinks(callee, 0, { args: [1] }).map((sink) =>
      sink.label === 'program to execute' ? { ...sink, onlyWhen: withArguments } : sink,
    ),
    { ...callee, kind: 'command', label: 'command line', args: [0], onlyWhen: alone },
  ];
}

/** libpqxx transaction methods running SQL text. */
const PQXX_EXEC = ['exec', 'exec0', 'exec1', 'exec_n', 'query', 'query01', 'query1', 'query_value'];

/** C client libraries: where the SQL text is. */
const SQL: SinkSpec[] = [
  {
    kind: 'sql',
    label: 'SQL statement',
    calls: [
      'sqlite3_exec',
      'sqlite3_prepare',
      'sqlite3_prepare_v2',
      'sqlite3_prepare_v3',
      'sqlite3_prepare16',
      'sqlite3_prepare16_v2',
      'sqlite3_prepare16_v3',
      'sqlite3_get_table',
      'mysql_query',
      'mysql_real_query',
      'mysql_send_query',
      'mysql_stmt_prepare',
      'PQexec',
      'PQexecParams',
      'PQsendQuery',
      'PQsendQueryParams',
      'SQLExecDirect',
      'SQLExecDirectA',
      'SQLExecDirectW',
      'SQLPrepare',
      'SQLPrepareA',
      'SQLPrepareW',
    ],
    args: [1],
  },
  {
    // PQprepare(conn, name, query, nParams, types)
    kind: 'sql',
    label: 'SQL statement',
    calls: ['PQprepare', 'PQsendPrepare'],
    args: [2],
  },
  {
    kind: 'sql',
    label: 'SQL statement',
    calls: [
      'QSqlQuery',
      'QSqlQuery::exec',
      'QSqlQuery::prepare',
      'QSqlDatabase::exec',
      'QSqlQueryModel::setQuery',
    ],
    args: [0],
  },
  {
    // A query or database object whose type is not declared in the file; `exec()` without arguments
    // (a dialog, an event loop, a prepared query) has nothing to check.
    kind: 'sql',
    label: 'SQL statement',
    methods: ['exec', 'prepare', 'setQuery'],
    receiver: '(query|qry|db|database|sql|model)\\w*(\\(\\))?$',
    args: [0],
  },
  {
    // libpqxx transactions and SQLiteCpp databases
    kind: 'sql',
    label: 'SQL statement',
    calls: [
      ...['work', 'transaction', 'nontransaction', 'transaction_base'].flatMap((t) =>
        PQXX_EXEC.map((m) => `pqxx::${t}::${m}`),
      ),
      'SQLite::Database::exec',
      'SQLite::Database::execAndGet',
    ],
    methods: PQXX_EXEC,
    receiver: '(txn|tx|trx|transaction|work)$',
    args: [0],
  },
  {
    // SQLite::Statement query(db, sql)
    kind: 'sql',
    label: 'SQL statement',
    calls: ['SQLite::Statement'],
    args: [1],
  },
];

/** printf-style functions: the position of the format argument. */
export const FORMAT_ARGUMENT: Readonly<Record<string, number>> = {
  printf: 0,
  vprintf: 0,
  wprintf: 0,
  vwprintf: 0,
  _tprintf: 0,
  printw: 0,
  printk: 0,
  g_printf: 0,
  g_strdup_printf: 0,
  g_print: 0,
  g_error: 0,
  g_warning: 0,
  g_message: 0,
  g_critical: 0,
  g_debug: 0,
  warn: 0,
  warnx: 0,
  vwarn: 0,
  vwarnx: 0,
  scanf: 0,
  wscanf: 0,
  fprintf: 1,
  vfprintf: 1,
  fwprintf: 1,
  vfwprintf: 1,
  _ftprintf: 1,
  dprintf: 1,
  vdprintf: 1,
  sprintf: 1,
  vsprintf: 1,
  _stprintf: 1,
  wsprintf: 1,
  wsprintfA: 1,
  wsprintfW: 1,
  asprintf: 1,
  vasprintf: 1,
  syslog: 1,
  vsyslog: 1,
  err: 1,
  errx: 1,
  verr: 1,
  verrx: 1,
  wprintw: 1,
  fscanf: 1,
  sscanf: 1,
  snprintf: 2,
  vsnprintf: 2,
  swprintf: 2,
  vswprintf: 2,
  _snprintf: 2,
  _vsnprintf: 2,
  mvprintw: 2,
  StringCchPrintfA: 2,
  StringCchPrintfW: 2,
  StringCbPrintfA: 2,
  StringCbPrintfW: 2,
};

/** Qt's printf-style message functions (`qWarning(msg)`; the stream form `qWarning() << msg` is safe). */
export const QT_MESSAGE_FUNCTIONS = ['qDebug', 'qInfo', 'qWarning', 'qCritical', 'qFatal'];

function formatSinks(): SinkSpec[] {
  const byPosition = new Map<number, string[]>();
  for (const [name, at] of Object.entries(FORMAT_ARGUMENT)) {
    const names = byPosition.get(at) ?? [];
    names.push(name);
    byPosition.set(at, names);
  }
  byPosition.get(0)?.push(...QT_MESSAGE_FUNCTIONS);
  return [...byPosition].map(([at, calls]) => ({
    kind: 'format',
    label: 'format string',
    calls,
    args: [at],
  }));
}

export const C_SINKS: Partial<TaintSpec> = {
  sinks: [...SHELL_STRING, ...PROGRAMS, ...QT, ...SQL, ...formatSinks()],
};
