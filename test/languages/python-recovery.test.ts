import { describe, expect, it } from 'vitest';
import { parse } from '@ast-grep/napi';
import { ensureGrammars } from '../../src/languages/grammar.js';
import { mayHaveMissingTokens } from '../../src/languages/python/recovery.js';

/** Zero-width nodes: the tokens tree-sitter invented while recovering. */
function inventedTokens(source: string): number {
  ensureGrammars();
  const root = parse('python', source).root();
  return root.findAll({ rule: { regex: '^$' } }).filter((n) => n.id() !== root.id()).length;
}

const VALID = [
  'x = 1\n',
  'def f(a, b):\n    return {"k": [a, (b,)]}\n',
  'if x:\n    pass\nelse:\n    y = 2\n',
  'class A: pass\n',
  "s = \"(: [ {\"  # ) ] }\nt = '''\n:\n(\n'''\n",
  'total = (1 +\n         2)\nif total:\n\n    # comment at the wrong depth\n  # another\n    total += 1\n',
  'x = 1 + \\\n    2\n',
  'for i in range(3):\r\n    print(i)\r\n',
  'd = {\n    "a":\n        1,\n}\n',
  'def g():\n\tif True:\n\t\treturn 1\n',
  'f = lambda: 0\nm = x[1:2]\n',
  '',
];

const DAMAGED = [
  'print(1\n',
  'x = [1, 2\ny = 3\n',
  'def f():\n',
  'def f():',
  'def f():\n# only a comment\nx = 1\n',
  'if a:\nb = 1\n',
  'class A:\n    def m(self):\n    pass\n',
  'x = (1, 2]]\n',
  's = "open\n',
  'y = {"a": 1\n',
];

describe('mayHaveMissingTokens', () => {
  it.each(VALID)('rules out invented tokens in valid code %#', (source) => {
    expect(inventedTokens(source)).toBe(0);
    expect(mayHaveMissingTokens(source)).toBe(false);
  });

  it.each(DAMAGED)('does not rule them out in damaged code %#', (source) => {
    expect(mayHaveMissingTokens(source)).toBe(true);
  });

  it('never rules out a file in which the parser invented a token', () => {
    for (const source of DAMAGED) {
      if (inventedTokens(source) > 0) expect(mayHaveMissingTokens(source)).toBe(true);
    }
    expect(DAMAGED.filter((s) => inventedTokens(s) > 0).length).toBeGreaterThan(4);
  });
});
