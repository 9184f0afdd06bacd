import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/engine/analyze.js';
import { cAdapter } from '../../src/languages/c/adapter.js';
import type { CContext } from '../../src/languages/c/context.js';
import { isCTestPath, looksLikeCpp, recogniseCFrameworks } from '../../src/languages/c/facts.js';
import { ensureGrammars } from '../../src/languages/grammar.js';
import { languageByPath, refineLanguage } from '../../src/languages/index.js';

function context(src: string, grammar: 'c' | 'cpp' = 'c', path = 'x.c'): CContext {
  ensureGrammars();
  const adapter = grammar === 'c' ? cAdapter : languageByPath('x.cpp');
  if (adapter === undefined) throw new Error('no adapter');
  return adapter.load(src, path).ctx as CContext;
}

describe('C/C++ language detection', () => {
  it('maps file endings to C or C++', () => {
    expect(languageByPath('a/b.c')?.id).toBe('c');
    expect(languageByPath('a/b.h')?.id).toBe('c');
    for (const f of ['x.cpp', 'x.cc', 'x.cxx', 'x.hpp', 'x.hh', 'x.C++']) {
      expect(languageByPath(f)?.id, f).toBe('cpp');
    }
  });

  it('reviews a .h file as C++ only when it uses C++', () => {
    expect(refineLanguage('c', 'w.h', 'class Widget : public QObject {\n  Q_OBJECT\n};\n')).toBe(
      'cpp',
    );
    expect(refineLanguage('c', 'n.h', 'namespace app { int f(); }\n')).toBe('cpp');
    expect(refineLanguage('c', 't.h', 'template <typename T> T max(T a, T b);\n')).toBe('cpp');
    expect(refineLanguage('c', 'q.h', 'int x = std::max(1, 2);\n')).toBe('cpp');
    // A C header with the usual C++ guard, a struct and comments mentioning classes stays C.
    const cHeader =
      '#ifdef __cplusplus\nextern "C" {\n#endif\n/* class Foo is not here */\nstruct point { int x; };\n' +
      'const char *s = "namespace";\n#ifdef __cplusplus\n}\n#endif\n';
    expect(looksLikeCpp(cHeader)).toBe(false);
    expect(refineLanguage('c', 'c.h', cHeader)).toBe('c');
    // A .c file is C whatever it contains.
    expect(refineLanguage('c', 'odd.c', 'class X {};')).toBe('c');
  });

  it('records the refined language and runs the shared C rule pack on C++ headers', async () => {
    const { ALL_RULES } = await import('../../src/rules/index.js');
    const rule = ALL_RULES.filter((r) => r.meta.id === 'c/insecure-temp-file');
    const r = analyzeSource(
      'inc/tmp.h',
      'namespace a {\ninline void f(char *b) { tmpnam(b); }\n}\n',
      'c',
      rule,
    );
    expect(r.file.language).toBe('cpp');
    expect(r.findings.map((f) => f.ruleId)).toEqual(['c/insecure-temp-file']);
  });

  it('recognises test code the way C and C++ projects lay it out', () => {
    for (const p of [
      'tests/a.c',
      'src/autotests/x.cpp',
      'test_io.c',
      'io_test.cc',
      'tst_widget.cpp',
      'lib/parser_unittest.cc',
      'ParserTest.cpp',
    ]) {
      expect(isCTestPath(p), p).toBe(true);
    }
    for (const p of ['src/test.c', 'src/contest.c', 'latest/x.c', 'src/testing_mode.c']) {
      expect(isCTestPath(p), p).toBe(false);
    }
  });

  it('recognises frameworks from includes', () => {
    expect(recogniseCFrameworks(['QProcess', 'openssl/evp.h', 'unistd.h', 'stdio.h'])).toEqual([
      'OpenSSL',
      'POSIX',
      'Qt',
    ]);
  });
});

describe('C rule context', () => {
  it('indexes plain and member calls', () => {
    const ctx = context(
      'void f() { strcpy(a, b); ::system(c); std::free(p); q.exec(); r->start(x, y); QProcess::execute(cmd); }',
      'cpp',
      'x.cpp',
    );
    expect(ctx.calls('strcpy').map((c) => c.args.length)).toEqual([2]);
    expect(ctx.calls('system')).toHaveLength(1);
    expect(ctx.calls('free')[0]?.qualifier).toBe('std');
    expect(ctx.methodCalls('exec')[0]?.receiver?.text()).toBe('q');
    expect(ctx.methodCalls('start')[0]?.arrow).toBe(true);
    expect(ctx.methodCalls('execute')[0]?.qualifier).toBe('QProcess');
    expect(ctx.calls('execute')).toHaveLength(0);
  });

  it('knows literal strings, macros and constants', () => {
    const src =
      '#define FMT "%s: %d\\n"\n#define SIZE (64)\nstatic const char greeting[] = "hi";\n' +
      'void f(char *user) { printf(FMT, a); printf("a" PRIu64 "b", x); printf(user); printf(greeting); char buf[SIZE * 2]; }';
    const ctx = context(src);
    const formats = ctx.calls('printf').map((c) => c.args[0]);
    expect(formats.map((f) => (f === undefined ? undefined : ctx.isLiteralString(f)))).toEqual([
      true,
      true,
      false,
      true,
    ]);
    const first = formats[0];
    expect(first === undefined ? undefined : ctx.stringValue(first)).toBe('%s: %d\\n');
    const fn = ctx.functions()[0];
    const buf = fn?.locals().find((d) => d.name === 'buf');
    const size = buf?.arraySizes[0];
    expect(size === undefined || size === null ? undefined : ctx.constantValue(size)).toBe(128);
  });

  it('describes functions, K&R parameters and declarations', () => {
    const ctx = context('int old(a, b) int a; char *b; { char *p = b, q[4]; return a; }');
    const fn = ctx.functions()[0];
    expect(fn?.name).toBe('old');
    expect(fn?.params.map((p) => [p.name, p.pointerDepth])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(fn?.locals().map((d) => [d.name, d.pointerDepth, d.arraySizes.length])).toEqual([
      ['p', 1, 0],
      ['q', 0, 1],
    ]);
  });
});
