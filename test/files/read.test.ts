import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  codingDeclaration,
  countInvalidUtf8,
  decodeSource,
  readSource,
} from '../../src/files/read.js';
import { tempDir } from './tmp.js';

const MB = 1024 * 1024;

async function fileWith(name: string, bytes: string | Uint8Array): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, bytes);
  return path;
}

describe('readSource', () => {
  it('reads UTF-8 as is, without notes', async () => {
    const path = await fileWith('app.py', 'name = "café ☕"\n');
    expect(await readSource(path, MB)).toEqual({
      ok: true,
      source: 'name = "café ☕"\n',
      notes: [],
    });
  });

  it('strips a UTF-8 byte order mark', async () => {
    const path = await fileWith('bom.py', Buffer.from('\uFEFFimport os\n', 'utf8'));
    const r = await readSource(path, MB);
    expect(r).toEqual({ ok: true, source: 'import os\n', notes: [] });
  });

  it('skips a .py file with a NUL byte in its first 8 KiB as binary', async () => {
    const bytes = Buffer.concat([Buffer.from('x = 1\n'), Buffer.from([0, 1, 2, 3])]);
    const r = await readSource(await fileWith('blob.py', bytes), MB);
    expect(r).toEqual({
      ok: false,
      reason: 'binary',
      detail: 'binary file (NUL byte at offset 6)',
    });
  });

  it('does not call a file binary for a NUL byte after the first 8 KiB', async () => {
    const bytes = Buffer.concat([Buffer.from('#'.repeat(9000) + '\n'), Buffer.from([0])]);
    const r = await readSource(await fileWith('late.py', bytes), MB);
    expect(r.ok).toBe(true);
  });

  it('re-checks the size limit', async () => {
    const r = await readSource(await fileWith('big.py', 'x = 1\n'.repeat(400)), 1024);
    expect(r).toEqual({
      ok: false,
      reason: 'too-large',
      detail: '2.3 KiB exceeds the 1 KiB limit',
    });
  });

  it('honours a latin-1 coding declaration', async () => {
    const bytes = Buffer.concat([
      Buffer.from('# -*- coding: latin-1 -*-\nname = "'),
      Buffer.from([0xe9, 0xe8]), // é è in ISO-8859-1
      Buffer.from('"\n'),
    ]);
    const r = await readSource(await fileWith('legacy.py', bytes), MB);
    expect(r).toEqual({
      ok: true,
      source: '# -*- coding: latin-1 -*-\nname = "éè"\n',
      notes: ['decoded as latin-1 per its coding declaration'],
    });
  });

  it('honours a vim-style cp1252 declaration on the second line below a shebang', async () => {
    const bytes = Buffer.concat([
      Buffer.from('#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nprice = "'),
      Buffer.from([0x80]), // € in windows-1252
      Buffer.from('"\n'),
    ]);
    const r = await readSource(await fileWith('euro.py', bytes), MB);
    expect(r.ok && r.source.includes('price = "€"')).toBe(true);
    expect(r.ok && r.notes).toEqual(['decoded as cp1252 per its coding declaration']);
  });

  it('decodes invalid UTF-8 without a declaration with replacement characters and says so', async () => {
    const bytes = Buffer.concat([
      Buffer.from('s = "'),
      Buffer.from([0xff, 0xfe, 0xe9]),
      Buffer.from('"\n'),
    ]);
    const r = await readSource(await fileWith('broken.py', bytes), MB);
    expect(r).toEqual({
      ok: true,
      source: 's = "\uFFFD\uFFFD\uFFFD"\n',
      notes: ['3 bytes are not valid UTF-8; decoded with replacement characters'],
    });
  });

  it('falls back to replacement characters when the declared encoding is unknown', async () => {
    const bytes = Buffer.concat([
      Buffer.from('# coding: klingon\ns = "'),
      Buffer.from([0xe9]),
      Buffer.from('"\n'),
    ]);
    const r = await readSource(await fileWith('alien.py', bytes), MB);
    expect(r.ok && r.notes).toEqual([
      'its coding declaration names an unsupported encoding (klingon)',
      '1 byte is not valid UTF-8; decoded with replacement characters',
    ]);
  });

  it('reports a missing file as unreadable with the OS message and no absolute path', async () => {
    const dir = await tempDir();
    const r = await readSource(join(dir, 'gone.py'), MB);
    expect(r).toEqual({
      ok: false,
      reason: 'unreadable',
      detail: 'no such file or directory (ENOENT)',
    });
  });

  it('reports a folder or a named pipe as not a regular file, without blocking', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'pkg.py'));
    execFileSync('mkfifo', [join(dir, 'pipe.py')]);
    expect(await readSource(join(dir, 'pkg.py'), MB)).toMatchObject({
      ok: false,
      reason: 'not-a-regular-file',
    });
    expect(await readSource(join(dir, 'pipe.py'), MB)).toMatchObject({
      ok: false,
      reason: 'not-a-regular-file',
    });
  });
});

describe('codingDeclaration', () => {
  const decl = (text: string): string | undefined => codingDeclaration(Buffer.from(text));

  it('finds PEP 263 declarations on the first two lines', () => {
    expect(decl('# -*- coding: latin-1 -*-\n')).toBe('latin-1');
    expect(decl('# coding=utf-8\n')).toBe('utf-8');
    expect(decl('#!/usr/bin/python\n# -*- coding: iso-8859-15 -*-\n')).toBe('iso-8859-15');
    expect(decl('\n# vim: set fileencoding=cp1252 :\n')).toBe('cp1252');
  });

  it('ignores declarations below code or past the second line', () => {
    expect(decl('import os\n# coding: latin-1\n')).toBeUndefined();
    expect(decl('#\n#\n# coding: latin-1\n')).toBeUndefined();
    expect(decl('s = "coding: latin-1"\n')).toBeUndefined();
  });
});

describe('decodeSource', () => {
  it('lets a BOM win over a contradicting declaration', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('# coding: latin-1\ns = "'),
      Buffer.from([0xe9]),
      Buffer.from('"\n'),
    ]);
    expect(decodeSource(bytes).notes).toEqual([
      '1 byte is not valid UTF-8; decoded with replacement characters',
    ]);
  });

  it('treats a declared UTF-8 file with bad bytes like an undeclared one', () => {
    const bytes = Buffer.concat([Buffer.from('# coding: utf-8\n'), Buffer.from([0xc0, 0x80])]);
    expect(decodeSource(bytes).notes).toEqual([
      '2 bytes are not valid UTF-8; decoded with replacement characters',
    ]);
  });

  it('decodes other encodings the runtime knows (shift_jis via a Python alias)', () => {
    const bytes = Buffer.concat([
      Buffer.from('# coding: cp932\ns = "'),
      Buffer.from([0x82, 0xa0]),
      Buffer.from('"\n'),
    ]);
    const r = decodeSource(bytes);
    expect(r.source).toContain('s = "あ"');
    expect(r.notes).toEqual(['decoded as cp932 per its coding declaration']);
  });

  it('maps all of windows-1252 0x80-0x9F, which Node itself decodes as latin-1', () => {
    const high = Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i));
    const bytes = Buffer.concat([Buffer.from('# coding: windows-1252\n'), high]);
    const text = decodeSource(bytes).source.slice('# coding: windows-1252\n'.length);
    expect(text).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ');
  });
});

describe('countInvalidUtf8', () => {
  it.each([
    [[0x61, 0x62], 0],
    [[0xe2, 0x82, 0xac], 0], // €
    [[0xf0, 0x9f, 0x98, 0x80], 0], // 😀
    [[0xc0, 0x80], 2], // overlong NUL
    [[0xed, 0xa0, 0x80], 3], // a UTF-16 surrogate
    [[0xe2, 0x82], 2], // truncated at the end
    [[0xe2, 0x41], 1], // truncated before ASCII
    [[0xf5, 0x80, 0x80, 0x80], 4], // beyond U+10FFFF
    [[0x80], 1], // lone continuation
  ])('%j has %d invalid bytes', (bytes, n) => {
    expect(countInvalidUtf8(Uint8Array.from(bytes))).toBe(n);
  });
});
