// Every rule must survive hostile input: empty, binary-looking, broken syntax, huge lines, deep nesting.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../src/engine/analyze.js';
import { languageByPath } from '../src/languages/index.js';
import { ALL_RULES } from '../src/rules/index.js';
import { listFiles, readText } from './helpers/fixtures.js';

const CORPUS = join(import.meta.dirname, 'crash-corpus');

function generated(): [string, string][] {
  const depth = 3000;
  return [
    ['empty.py', ''],
    ['only-newlines.py', '\n\n\n\r\n\r'],
    ['nul-and-control.py', 'x = "\u0000\u0001\u0002"\n\u0007\u001b[31m\n'],
    ['huge-line.py', `x = "${'A'.repeat(1_000_000)}"\n`],
    [
      'huge-expression.py',
      `total = ${Array.from({ length: 20_000 }, (_, i) => String(i)).join(' + ')}\n`,
    ],
    ['deep-parens.py', `x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n`],
    ['deep-lists.py', `x = ${'['.repeat(depth)}${']'.repeat(depth)}\n`],
    ['deep-calls.py', `x = ${'f('.repeat(depth)}1${')'.repeat(depth)}\n`],
    [
      'deep-blocks.py',
      Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}if x${String(i)}:\n`).join('') +
        `${' '.repeat(400)}os.system(cmd)\n`,
    ],
    ['deep-binops.py', `q = "a"${' + x'.repeat(depth)}\n`],
    ['unterminated-string.py', 'x = "abc\nos.system(x\n'],
    ['unbalanced.py', 'def f(:\n  return ]]]\nclass :\n  def\n'],
    ['tabs-and-spaces.py', 'if x:\n\tif y:\n        pass\n\t  eval(z)\n'],
    ['replacement-chars.py', 'x = "\uFFFD\uFFFD"\neval(x)\n'],
    ['surrogates-and-emoji.py', 'name = "😀👍🏽"; exec(f"{name}")\n'],
    ['only-comment.py', '# ' + '#'.repeat(50_000)],
    ...generatedNative(depth),
  ];
}

/** C and C++ oddities: generated sizes and depths that stress the parser, the flow graph and the rules. */
function generatedNative(depth: number): [string, string][] {
  const nestedIfs =
    'void f(char *p, int x) {\n' +
    Array.from({ length: 500 }, (_, i) => `if (x > ${String(i)}) {\n`).join('') +
    'free(p);\n' +
    '}\n'.repeat(500) +
    'p[0] = 0;\n}\n';
  const elseChain =
    'int g(int x) {\n  char *b = malloc(4);\n' +
    Array.from(
      { length: 2000 },
      (_, i) => `  ${i === 0 ? '' : 'else '}if (x == ${String(i)}) return ${String(i)};\n`,
    ).join('') +
    '  free(b);\n  return 0;\n}\n';
  const gotos =
    'int h(int x) {\n  FILE *fp = fopen("a", "r");\n' +
    Array.from(
      { length: 500 },
      (_, i) => `l${String(i)}: if (x-- > 0) goto l${String((i * 7) % 500)};\n`,
    ).join('') +
    '  return 0;\n}\n';
  return [
    ['empty.c', ''],
    ['empty.hpp', ''],
    ['huge-line.c', `const char *s = "${'A'.repeat(1_000_000)}";\n`],
    ['huge-line-calls.cpp', `void f() { ${'g(x); '.repeat(50_000)} }\n`],
    ['deep-parens.c', `int x = ${'('.repeat(depth)}1${')'.repeat(depth)};\n`],
    ['deep-blocks.c', `void f(void) ${'{'.repeat(depth)} free(p); ${'}'.repeat(depth)}\n`],
    ['deep-calls.cpp', `auto x = ${'f('.repeat(depth)}1${')'.repeat(depth)};\n`],
    ['deep-templates.cpp', `${'std::vector<'.repeat(500)}int${'>'.repeat(500)} v;\n`],
    ['nested-ifs.c', nestedIfs],
    ['else-chain.c', elseChain],
    ['goto-maze.c', gotos],
    [
      'unbalanced-braces.c',
      'int f(void) {\n  if (x) {\n    free(p);\n  p->x = 1;\n#if A\n}\n#endif\n',
    ],
    ['unterminated-comment.cpp', 'void f() { /* free(p);\n delete p;\n'],
    ['nul-bytes.c', 'int x = 1;\u0000\u0000 free(p); free(p);\n'],
  ];
}

const inputs: [string, string][] = [
  ...generated(),
  ...listFiles(CORPUS).map((f): [string, string] => [f, readText(join(CORPUS, f))]),
];

describe('crash corpus', () => {
  for (const [name, source] of inputs) {
    it(`survives ${name}`, () => {
      const result = analyzeSource(name, source, languageByPath(name)?.id ?? 'python', ALL_RULES);
      expect(result.errors).toEqual([]);
      for (const f of result.findings) {
        expect(f.location.start.line).toBeGreaterThanOrEqual(1);
        expect(f.location.start.column).toBeGreaterThanOrEqual(1);
      }
    });
  }
});
