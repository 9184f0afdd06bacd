import { parse } from '@ast-grep/napi';
import { describe, expect, it } from 'vitest';
import { ensureGrammars } from '../../src/languages/grammar.js';
import { collectImports, resolveDotted } from '../../src/languages/python/imports.js';
import { literalValue } from '../../src/languages/python/expr.js';

function imports(src: string) {
  ensureGrammars();
  return collectImports(parse('python', src).root());
}

describe('Python import resolution', () => {
  it('resolves module aliases and from-imports', () => {
    const t = imports('import subprocess as sp\nfrom os import system as run\nimport os.path\n');
    expect(resolveDotted('sp.Popen', t)).toEqual(['subprocess.Popen']);
    expect(resolveDotted('run', t)).toEqual(['os.system']);
    expect(resolveDotted('os.path.join', t)).toEqual(['os.path.join']);
    expect(resolveDotted('eval', t)).toEqual(['eval']);
  });

  it('keeps the try-branch binding over an except ImportError fallback', () => {
    const t = imports(
      'try:\n    from secrets import randbits\nexcept ImportError:\n    from random import getrandbits as randbits\n',
    );
    expect(resolveDotted('randbits', t)).toEqual(['secrets.randbits']);
  });

  it('lets the later of two bindings win, whatever the statement kinds', () => {
    const later = imports('from lxml import etree\nimport xml.etree.ElementTree as etree\n');
    expect(resolveDotted('etree.parse', later)).toEqual(['xml.etree.ElementTree.parse']);
    const earlier = imports('import xml.etree.ElementTree as etree\nfrom lxml import etree\n');
    expect(resolveDotted('etree.parse', earlier)).toEqual(['lxml.etree.parse']);
  });

  it('offers star-import candidates', () => {
    const t = imports('from os import *\n');
    expect(resolveDotted('system', t)).toEqual(['system', 'os.system']);
  });
});

describe('Python literals', () => {
  function value(expr: string) {
    ensureGrammars();
    const node = parse('python', `x = ${expr}\n`)
      .root()
      .find({ rule: { kind: 'assignment' } });
    const right = node?.field('right');
    return right ? literalValue(right) : undefined;
  }
  it.each([
    ['0o755', 0o755],
    ['0777', 0o777],
    ['0x1F', 31],
    ['1_000', 1000],
    ['-3', -3],
    ['True', true],
    ['None', null],
    ['"abc"', 'abc'],
  ])('%s', (src, expected) => {
    expect(value(src)).toBe(expected);
  });
});
