/** What the file name and the `#include` lines of a C or C++ file tell about it. */

/** Header endings shared by C and C++: the content decides (see `looksLikeCpp`). */
export const AMBIGUOUS_HEADER_EXTENSIONS: readonly string[] = ['h'];

/**
 * C and C++ library functions that parse text into a number, by plain name (C++'s `std::stoi` family is
 * listed without `std::`). Their result carries no syntax of any language, and its value is whatever the
 * text said.
 */
export const TEXT_TO_NUMBER: readonly string[] = [
  'atoi',
  'atol',
  'atoll',
  'atof',
  '_wtoi',
  '_wtol',
  '_ttoi',
  'strtol',
  'strtoll',
  'strtoul',
  'strtoull',
  'strtod',
  'strtof',
  'strtold',
  'strtoimax',
  'strtoumax',
  'strtonum',
  'wcstol',
  'wcstoul',
  'wcstoll',
  'wcstoull',
  'wcstod',
  'stoi',
  'stol',
  'stoll',
  'stoul',
  'stoull',
  'stof',
  'stod',
  'stold',
];

/** Included headers (by the path as written, without <> or quotes) that name a framework or library. */
const FRAMEWORK_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/^Qt\w*\/|^Q[A-Z]\w*$|^q\w+\.h$/, 'Qt'],
  [/^QtTest\b|^QTest$|^QSignalSpy$/, 'Qt Test'],
  [/^openssl\//, 'OpenSSL'],
  [/^gnutls\//, 'GnuTLS'],
  [/^mbedtls\//, 'Mbed TLS'],
  [
    /^(unistd|fcntl|pthread|dirent|dlfcn|poll|pwd|grp|termios|syslog|netdb|signal|spawn)\.h$|^(sys|arpa|netinet)\//,
    'POSIX',
  ],
  [/^(windows|winsock2|ws2tcpip|windef|winbase|shlwapi)\.h$/i, 'Win32'],
  [/^glib\.h$|^glib\/|^gio\//, 'GLib'],
  [/^boost\//, 'Boost'],
  [/^curl\/curl\.h$/, 'libcurl'],
  [/^sqlite3\.h$/, 'SQLite'],
  [/^(mysql|mariadb)\//, 'MySQL client'],
  [/^libpq-fe\.h$/, 'libpq'],
  [/^zlib\.h$/, 'zlib'],
  [/^gtest\/|^gmock\//, 'GoogleTest'],
  [/^catch2?\/|^catch\.hpp$/, 'Catch2'],
  [/^CUnit\/|^check\.h$|^cmocka\.h$/, 'C unit testing'],
];

/** Frameworks recognised from the file's includes, sorted, each named once. */
export function recogniseCFrameworks(includes: readonly string[]): string[] {
  const found = new Set<string>();
  for (const inc of includes) {
    for (const [pattern, name] of FRAMEWORK_PATTERNS) if (pattern.test(inc)) found.add(name);
  }
  return [...found].sort();
}

const TEST_DIRS = new Set([
  'test',
  'tests',
  'testing',
  'autotests',
  'unittests',
  'unittest',
  'testsuite',
]);
const TEST_FILE =
  /^(test_|tst_).+|.+_(test|tests|unittest|unittests)\.[A-Za-z+]+$|^.+(Test|Tests)\.(c|cc|cpp|cxx|c\+\+)$/;

/**
 * Test code by path, the way C and C++ projects lay it out: tests/ and autotests/ folders (KDE, Qt),
 * `test_x.c`, `x_test.cc` and `x_unittest.cc` (GoogleTest, Chromium), `tst_x.cpp` (Qt Test), `XTest.cpp`.
 */
export function isCTestPath(path: string): boolean {
  const parts = path.split('/');
  const base = parts[parts.length - 1] ?? '';
  if (TEST_FILE.test(base)) return true;
  return parts.slice(0, -1).some((d) => TEST_DIRS.has(d.toLowerCase()));
}

/** Lines inside `#if(def) __cplusplus` blocks: C headers keep `extern "C" {` there for C++ callers. */
function withoutCplusplusBlocks(lines: readonly string[]): string[] {
  const out: string[] = [];
  // A stack of "inside a __cplusplus-only region" flags, one per open #if.
  const stack: boolean[] = [];
  for (const line of lines) {
    const directive = /^\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b(.*)$/.exec(line);
    if (directive !== null) {
      const [, kw = '', rest = ''] = directive;
      if (kw === 'if' || kw === 'ifdef' || kw === 'ifndef') {
        const cpp = rest.includes('__cplusplus') && kw !== 'ifndef' && !/!\s*defined/.test(rest);
        stack.push(cpp || (stack[stack.length - 1] ?? false));
      } else if (kw === 'endif') {
        stack.pop();
      } else if (stack.length > 0) {
        // #else / #elif of a __cplusplus test leaves the C++-only region.
        stack[stack.length - 1] = stack[stack.length - 2] ?? false;
      }
      continue;
    }
    if (!(stack[stack.length - 1] ?? false)) out.push(line);
  }
  return out;
}

const CPP_CONSTRUCT =
  /^\s*class\s+\w+[^;(]*(\{|:[^:])|^\s*struct\s+\w+\s*:\s*((public|private|protected)\s+)?\w|^\s*namespace\b|^\s*template\s*<|^\s*using\s+(namespace\b|\w+\s*=)|^\s*(public|private|protected)\s*:|\w::~?\w|^\s*#\s*include\s*<(iostream|string|vector|map|memory|algorithm|functional|utility|cstdio|cstdlib|cstring|Q[A-Z]\w*)>|\b(nullptr|constexpr|static_cast|reinterpret_cast|dynamic_cast|const_cast|virtual|operator\s*\W)\b|\bQ_OBJECT\b/m;

/**
 * Whether a header's text uses C++: classes with bodies or bases, namespaces, templates, access labels,
 * `::`, C++ standard or Qt headers, C++ keywords. Comments, string literals and `#ifdef __cplusplus`
 * regions (where C headers keep their `extern "C"` guards) are ignored first.
 */
export function looksLikeCpp(source: string): boolean {
  const stripped = source
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
  return CPP_CONSTRUCT.test(withoutCplusplusBlocks(stripped.split('\n')).join('\n'));
}
