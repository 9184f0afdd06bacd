import type {
  PropagatorSpec,
  SanitizerSpec,
  TaintSpec,
  ValidatorSpec,
} from '../../../engine/dataflow/spec.js';
import { TEXT_TO_NUMBER } from '../facts.js';
import { positionsFrom } from './sources.js';

/**
 * What makes untrusted data harmless in C and C++ and for which sink kinds only (an SQL escape does not
 * make a shell command safe), the checks that validate a value where they hold, and how taint moves
 * through the C library where the engine's default (the result carries the taint of every argument,
 * nothing is written into arguments) is wrong: copies and formats into buffers, appends to strings.
 */

/**
 * sqlite3's printf whose every directive is `%q`/`%Q`/`%w` (quoting for SQL) or numeric: the values
 * are escaped. A single `%s` (or `%z`) pastes text as is, and the call is then an ordinary format.
 */
const SQLITE_QUOTING_FORMAT =
  '^(?:[^%]|%%|%[-+ #0!]*[0-9*]*(?:\\.[0-9*]+)?(?:ll|l|hh|h|z|j|t)?[qQwdiuxXoc])*$';

const SANITIZERS: SanitizerSpec[] = [
  {
    // A number cannot carry the syntax of any language.
    label: 'converted to a number',
    calls: [
      ...TEXT_TO_NUMBER,
      ...TEXT_TO_NUMBER.filter((n) => n.startsWith('sto')).map((n) => `std::${n}`),
      'std::to_string',
      'to_string',
      'std::to_wstring',
      'QString::number',
      'QByteArray::number',
      'ntohl',
      'ntohs',
      'htonl',
      'htons',
      'be16toh',
      'be32toh',
      'be64toh',
      'le16toh',
      'le32toh',
      'le64toh',
    ],
    kinds: '*',
  },
  {
    // QString, QByteArray and QVariant conversions: toInt(&ok) returns 0 on failure.
    label: 'converted to a number',
    methods: [
      'toInt',
      'toUInt',
      'toLong',
      'toULong',
      'toLongLong',
      'toULongLong',
      'toShort',
      'toUShort',
      'toDouble',
      'toFloat',
      'toBool',
    ],
    kinds: '*',
  },
  {
    label: 'quoted for the shell',
    calls: ['g_shell_quote'],
    kinds: ['command'],
  },
  {
    label: 'escaped for SQL',
    calls: ['PQescapeLiteral', 'PQescapeIdentifier', 'PQescapeByteaConn', 'PQescapeBytea'],
    kinds: ['sql'],
  },
  {
    // QSqlDriver::escapeIdentifier / formatValue; libpqxx esc / quote / quote_name
    label: 'escaped for SQL',
    methods: ['escapeIdentifier', 'formatValue', 'esc', 'esc_raw', 'quote', 'quote_name'],
    kinds: ['sql'],
  },
  {
    // mysql_real_escape_string(conn, to, from, length)
    label: 'escaped for SQL',
    calls: ['mysql_real_escape_string', 'mysql_real_escape_string_quote', 'PQescapeStringConn'],
    intoArgs: [1],
    fromArgs: [2],
    kinds: ['sql'],
  },
  {
    // mysql_escape_string(to, from, length), PQescapeString(to, from, length)
    label: 'escaped for SQL',
    calls: ['mysql_escape_string', 'mysql_hex_string', 'PQescapeString'],
    intoArgs: [0],
    fromArgs: [1],
    kinds: ['sql'],
  },
  {
    label: 'quoted for SQL by `%q`',
    calls: ['sqlite3_mprintf'],
    when: [{ all: [{ arg: 0, is: 'string', matches: SQLITE_QUOTING_FORMAT }] }],
    kinds: ['sql'],
  },
  {
    // sqlite3_snprintf(size, buffer, format, ...)
    label: 'quoted for SQL by `%q`',
    calls: ['sqlite3_snprintf'],
    when: [{ all: [{ arg: 2, is: 'string', matches: SQLITE_QUOTING_FORMAT }] }],
    intoArgs: [1],
    fromArgs: positionsFrom(3),
    kinds: ['sql'],
  },
];

/**
 * Whole-string comparisons with a literal. `strncmp`/`memcmp` compare a prefix only
 * (`strncmp(mode, "full", 4) == 0` holds for `"full; rm -rf ~"`) and do not validate.
 */
const STRING_EQUALS = [
  'strcmp',
  'strcasecmp',
  '_stricmp',
  'stricmp',
  'wcscmp',
  '_wcsicmp',
  'lstrcmpA',
  'lstrcmpW',
  'lstrcmp',
  'lstrcmpiA',
  'lstrcmpiW',
  'lstrcmpi',
  'g_strcmp0',
  'g_ascii_strcasecmp',
];

const VALIDATORS: ValidatorSpec[] = [
  // `name == "fast"` on std::string / QString: where it holds, name is that constant.
  { form: 'equality', kinds: '*', label: 'compared with a constant' },
  {
    form: 'call',
    calls: STRING_EQUALS,
    validates: 0,
    whenResult: 'zero',
    when: [{ all: [{ arg: 1, is: 'string' }] }],
    kinds: '*',
    label: 'compared with a constant',
  },
  {
    form: 'call',
    calls: STRING_EQUALS,
    validates: 1,
    whenResult: 'zero',
    when: [{ all: [{ arg: 0, is: 'string' }] }],
    kinds: '*',
    label: 'compared with a constant',
  },
  {
    // `static const QStringList known = {"a", "b"}; if (!known.contains(x)) return;`
    form: 'call',
    methods: ['contains'],
    validates: 0,
    receiverConstantList: true,
    kinds: '*',
    label: 'checked against an allow-list',
  },
  {
    // std::string::compare("literal") == 0
    form: 'call',
    methods: ['compare'],
    validates: 'receiver',
    whenResult: 'zero',
    when: [{ all: [{ arg: 0, is: 'string' }] }],
    kinds: '*',
    label: 'compared with a constant',
  },
];

/** Copies into a buffer: the destination's old content is replaced. */
const COPIES: PropagatorSpec[] = [
  {
    calls: [
      'strcpy',
      'wcscpy',
      '_tcscpy',
      '_mbscpy',
      'lstrcpy',
      'lstrcpyA',
      'lstrcpyW',
      'stpcpy',
      'strncpy',
      'wcsncpy',
      '_tcsncpy',
      'stpncpy',
      'lstrcpyn',
      'lstrcpynA',
      'lstrcpynW',
      'memcpy',
      'wmemcpy',
      'memmove',
      'wmemmove',
      'mempcpy',
      'memccpy',
    ],
    from: [1],
    to: 'result',
    toArgs: [0],
  },
  { calls: ['strlcpy', 'wcslcpy', 'g_strlcpy'], from: [1], to: 'none', toArgs: [0] },
  {
    // strcpy_s(dst, size, src), memcpy_s(dst, size, src, count)
    calls: [
      'strcpy_s',
      'wcscpy_s',
      'strncpy_s',
      'wcsncpy_s',
      'memcpy_s',
      'memmove_s',
      'StringCchCopyA',
      'StringCchCopyW',
      'StringCbCopyA',
      'StringCbCopyW',
    ],
    from: [2],
    to: 'none',
    toArgs: [0],
  },
  {
    calls: ['CopyMemory', 'RtlCopyMemory', 'MoveMemory', 'RtlMoveMemory'],
    from: [1],
    to: 'none',
    toArgs: [0],
  },
  // bcopy(src, dst, n)
  { calls: ['bcopy'], from: [0], to: 'none', toArgs: [1] },
];

/** Appends to a buffer: the destination keeps what it held. */
const APPENDS: PropagatorSpec[] = [
  {
    calls: [
      'strcat',
      'wcscat',
      '_tcscat',
      '_mbscat',
      'lstrcat',
      'lstrcatA',
      'lstrcatW',
      'strncat',
      'wcsncat',
      '_tcsncat',
    ],
    from: [1],
    to: 'result',
    toArgs: [0],
    append: true,
  },
  { calls: ['strlcat', 'wcslcat', 'g_strlcat'], from: [1], to: 'none', toArgs: [0], append: true },
  {
    calls: [
      'strcat_s',
      'wcscat_s',
      'strncat_s',
      'wcsncat_s',
      'StringCchCatA',
      'StringCchCatW',
      'StringCbCatA',
      'StringCbCatW',
    ],
    from: [2],
    to: 'none',
    toArgs: [0],
    append: true,
  },
];

/** Formatting into a buffer: the format and every value flow into the destination. */
const FORMATS: PropagatorSpec[] = [
  {
    calls: [
      'sprintf',
      'vsprintf',
      'wsprintf',
      'wsprintfA',
      'wsprintfW',
      '_stprintf',
      'std::sprintf',
    ],
    from: [],
    fromArgsFrom: 1,
    to: 'none',
    toArgs: [0],
  },
  {
    calls: [
      'snprintf',
      'vsnprintf',
      '_snprintf',
      '_vsnprintf',
      '_snwprintf',
      'swprintf',
      'vswprintf',
      'sprintf_s',
      'swprintf_s',
      'g_snprintf',
      'StringCchPrintfA',
      'StringCchPrintfW',
      'StringCbPrintfA',
      'StringCbPrintfW',
      'std::snprintf',
    ],
    from: [],
    fromArgsFrom: 2,
    to: 'none',
    toArgs: [0],
  },
  // asprintf(&out, format, ...)
  { calls: ['asprintf', 'vasprintf'], from: [], fromArgsFrom: 1, to: 'none', toArgs: [0] },
  // sqlite3_snprintf(size, buffer, format, ...) when it does not quote
  { calls: ['sqlite3_snprintf'], from: [], fromArgsFrom: 2, to: 'result', toArgs: [1] },
  // sscanf(text, format, &a, buf): the parsed pieces come from the text
  {
    calls: ['sscanf', 'swscanf', 'sscanf_s', 'std::sscanf'],
    from: [0],
    to: 'none',
    toArgs: positionsFrom(2),
  },
];

/** C++ strings and containers changed in place by a method: the argument joins the receiver. */
const RECEIVER_WRITES: PropagatorSpec[] = [
  {
    methods: ['append', 'push_back', 'push_front', 'prepend', 'emplace_back', 'assign'],
    from: [0],
    to: 'receiver',
  },
  // insert(position, text), replace(position, length, text) / QString::replace(before, after)
  { methods: ['insert'], from: [0, 1], to: 'receiver' },
  { methods: ['replace'], from: [1, 2], to: 'receiver' },
];

/** Calls whose result carries none of their arguments' text: a length, a comparison, a test. */
const OPAQUE_RESULTS: PropagatorSpec[] = [
  {
    calls: [
      'strlen',
      'wcslen',
      'strnlen',
      '_tcslen',
      'lstrlenA',
      'lstrlenW',
      'strcmp',
      'strncmp',
      'strcasecmp',
      'strncasecmp',
      '_stricmp',
      '_strnicmp',
      'wcscmp',
      'wcsncmp',
      'memcmp',
      'strcoll',
      'strspn',
      'strcspn',
      'wcsspn',
      'wcscspn',
      'isalnum',
      'isalpha',
      'isdigit',
      'isxdigit',
      'isspace',
      'ispunct',
      'isprint',
      'isupper',
      'islower',
      'iscntrl',
      'isgraph',
      'iswalnum',
      'iswalpha',
      'iswdigit',
    ],
    from: [0, 1],
    to: 'none',
  },
  {
    methods: [
      'size',
      'length',
      'isEmpty',
      'empty',
      'isNull',
      'count',
      'indexOf',
      'lastIndexOf',
      'contains',
      'startsWith',
      'endsWith',
      'compare',
    ],
    from: ['receiver', 0],
    to: 'none',
  },
];

export const C_SANITIZERS: Partial<TaintSpec> = {
  sanitizers: SANITIZERS,
  validators: VALIDATORS,
  propagators: [...COPIES, ...APPENDS, ...FORMATS, ...RECEIVER_WRITES, ...OPAQUE_RESULTS],
  noReturn: [
    'exit',
    '_exit',
    '_Exit',
    'abort',
    'quick_exit',
    'std::exit',
    'std::abort',
    'std::quick_exit',
    'std::terminate',
    'err',
    'errx',
    'verr',
    'verrx',
    'ExitProcess',
    'pthread_exit',
    'longjmp',
    'siglongjmp',
    'qFatal',
    'g_error',
    '__assert_fail',
  ],
};
