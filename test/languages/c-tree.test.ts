// The plain C/C++ tree (src/languages/c/tree.ts) must be the tree ast-grep gives for the same grammar:
// every node's kind, named-ness, range, field and children, on every C/C++ fixture and crash-corpus file
// and on hand-written oddities. The rules were written against ast-grep's nodes, so any difference here
// would silently change what they find.
import c from '@ast-grep/lang-c';
import cpp from '@ast-grep/lang-cpp';
import { parse, registerDynamicLanguage, type SgNode } from '@ast-grep/napi';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyntaxNode } from '../../src/core/syntax.js';
import { parseC, type CGrammar } from '../../src/languages/c/tree.js';
import { listFiles, readText } from '../helpers/fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** A node as a line of text: kind, named-ness, field, range (index, line, column) and child count. */
function describeNode(n: SyntaxNode | SgNode, field: string): string {
  const r = n.range();
  const at = (p: { line: number; column: number; index: number }): string =>
    `${String(p.index)}@${String(p.line)}:${String(p.column)}`;
  return `${String(n.kind())}${n.isNamed() ? '' : '~'} ${field} ${at(r.start)}-${at(r.end)} ${String(n.children().length)}`;
}

/** Pre-order listing; fields are found by asking the parent for each field its kind can have. */
function listing(
  root: SyntaxNode | SgNode,
  fieldsOf: (n: SyntaxNode | SgNode) => Map<number, string>,
): string[] {
  const out: string[] = [];
  const visit = (n: SyntaxNode | SgNode, field: string): void => {
    out.push(describeNode(n, field));
    const fields = fieldsOf(n);
    n.children().forEach((c, i) => {
      visit(c, fields.get(i) ?? '-');
    });
  };
  visit(root, '-');
  return out;
}

const FIELD_NAMES = [
  'name',
  'type',
  'declarator',
  'value',
  'body',
  'parameters',
  'arguments',
  'function',
  'left',
  'right',
  'operator',
  'condition',
  'consequence',
  'alternative',
  'initializer',
  'update',
  'argument',
  'field',
  'index',
  'size',
  'path',
  'label',
  'scope',
  'prefix',
  'default_value',
  'designator',
];

/** Child positions that fill each field, found through `field`/`fieldChildren` (both trees answer). */
function fieldsBy(n: SyntaxNode | SgNode): Map<number, string> {
  const kids = n.children();
  const map = new Map<number, string>();
  for (const name of FIELD_NAMES) {
    let children: (SyntaxNode | SgNode)[];
    try {
      children = (n as SyntaxNode).fieldChildren(name);
    } catch {
      continue; // ast-grep rejects a field its node kind does not have
    }
    for (const c of children) {
      const i = kids.findIndex(
        (k) =>
          k.range().start.index === c.range().start.index &&
          k.kind() === c.kind() &&
          k.range().end.index === c.range().end.index,
      );
      if (i >= 0 && !map.has(i)) map.set(i, name);
    }
  }
  return map;
}

/** Whether the parser had to recover: ERROR nodes or invented (zero-width) tokens. */
function recovered(root: SyntaxNode | SgNode): boolean {
  return (
    root.find({ rule: { kind: 'ERROR' } }) !== null ||
    root.findAll({ rule: { regex: '^$' } }).some((n) => n.id() !== root.id())
  );
}

/**
 * Same tree, node for node. Where the parser had to recover from a syntax error, the two trees come from
 * different tree-sitter runtimes whose error recovery may differ, so only the fact of recovery is compared.
 */
// ast-grep's builds of the same grammars, the reference the plain tree is compared with (test only).
registerDynamicLanguage({ c, cpp });

function compare(grammar: CGrammar, source: string): void {
  const sg = parse(grammar, source).root();
  const plain = parseC(grammar, source).root;
  if (recovered(sg)) {
    expect(recovered(plain)).toBe(true);
    return;
  }
  expect(recovered(plain)).toBe(false);
  const expected = listing(sg, fieldsBy);
  const actual = listing(plain, fieldsBy);
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    if (actual[i] !== expected[i])
      expect(`${String(i)}: ${String(actual[i])}`).toBe(`${String(i)}: ${String(expected[i])}`);
  }
}

const files = [join('src', 'rules', 'c'), join('test', 'crash-corpus'), 'examples']
  .flatMap((dir) => listFiles(join(ROOT, dir)).map((f) => join(dir, f)))
  .filter((f) => /\.(c|h|cc|cpp|hpp)$/.test(f));

describe('plain C/C++ tree matches ast-grep', () => {
  it('finds C/C++ files to compare', () => {
    expect(files.length).toBeGreaterThan(60);
  });
  for (const file of files) {
    it(file, () => {
      const source = readText(join(ROOT, file));
      compare(/\.(c|h)$/.test(file) ? 'c' : 'cpp', source);
    });
  }
  const oddities: [CGrammar, string, string][] = [
    ['c', 'empty', ''],
    ['c', 'whitespace only', '\n\n  \r\n'],
    ['c', 'leading and trailing blanks', '\n\n  int x;  \n\n'],
    ['c', 'non-ASCII and astral characters', 'char *s = "é😀"; /* ü */ int y = f("😀", y);\n'],
    ['c', 'CRLF and lone CR', 'int a;\r\nint b;\rint c;\r\n'],
    ['c', 'syntax errors', 'int f( { return ; } } int g() { x = ; if (a b) }'],
    ['c', 'missing tokens', 'int f() { return g(1, 2 }'],
    ['c', 'a macro hiding a declarator', '#define A(x) x\nstatic void A(1) die(int f) { g(f); }\n'],
    [
      'cpp',
      'templates',
      'template <typename T> class A : public B<T> { T x; }; auto l = [&](int a) { return a; };',
    ],
    ['c', 'NUL byte', 'int a;\u0000int b;'],
  ];
  for (const [grammar, name, source] of oddities) {
    it(`oddity: ${name}`, () => {
      compare(grammar, source);
    });
  }
});

describe('queries on the plain tree', () => {
  const src = 'int f(){ char *s = "x"; return sizeof(a + (b)); }\n/* c */ int x;';
  const { root } = parseC('c', src);

  it('find and findAll include the node itself and search in source order', () => {
    const ids = root.findAll({ rule: { kind: 'identifier' } }).map((n) => n.text());
    expect(ids).toEqual(['f', 's', 'a', 'b', 'x']);
    const a = root.find({ rule: { kind: 'identifier', regex: '^a$' } });
    expect(a?.findAll({ rule: { kind: 'identifier' } }).map((n) => n.text())).toEqual(['a']);
  });

  it('has looks at every descendant, inside at every ancestor, neither at the node itself', () => {
    const ret = root.find({ rule: { kind: 'return_statement' } });
    expect(ret?.has({ rule: { kind: 'parenthesized_expression' } })).toBe(true);
    expect(ret?.has({ rule: { kind: 'return_statement' } })).toBe(false);
    const b = root.find({ rule: { kind: 'identifier', regex: '^b$' } });
    expect(b?.inside({ rule: { kind: 'sizeof_expression' } })).toBe(true);
    expect(b?.inside({ rule: { kind: 'identifier' } })).toBe(false);
  });

  it('matches a regular expression against the node text', () => {
    const found = root.findAll({ rule: { regex: '^c' } }).map((n) => n.kind());
    expect(found).toEqual(['declaration', 'primitive_type']);
  });
});
