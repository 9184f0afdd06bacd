import { isUtf8 } from 'node:buffer';
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import type { SkipReason } from '../core/result.js';
import { osErrorDetail } from './os-error.js';
import { describeTooLarge } from './size.js';

export type ReadOutcome =
  { ok: true; source: string; notes: string[] } | { ok: false; reason: SkipReason; detail: string };

export interface DecodedSource {
  source: string;
  /** How the bytes were decoded, when it was not plain UTF-8. */
  notes: string[];
}

/** A NUL byte this early means the file is not source text (git looks at the same window). */
const BINARY_WINDOW = 8 * 1024;

/** Opening never waits on a pipe swapped in after the check; Windows has no such flag. */
const NONBLOCK = 'O_NONBLOCK' in constants ? constants.O_NONBLOCK : 0;

/**
 * Reads a source file for review. Never throws: a file that cannot be reviewed comes back with the reason
 * ('binary', 'too-large', 'not-a-regular-file', 'unreadable') and a detail for the report.
 */
export async function readSource(absPath: string, maxFileSize: number): Promise<ReadOutcome> {
  let handle: FileHandle | undefined;
  try {
    // Checked before opening: opening a named pipe would block until someone writes to it.
    const before = await stat(absPath);
    if (!before.isFile())
      return { ok: false, reason: 'not-a-regular-file', detail: 'not a regular file' };
    if (before.size > maxFileSize) return tooLarge(before.size, maxFileSize);
    handle = await open(absPath, constants.O_RDONLY | NONBLOCK);
    const st = await handle.stat();
    if (!st.isFile())
      return { ok: false, reason: 'not-a-regular-file', detail: 'not a regular file' };
    if (st.size > maxFileSize) return tooLarge(st.size, maxFileSize);
    const bytes = await handle.readFile();
    // The file may have grown since it was discovered.
    if (bytes.length > maxFileSize) return tooLarge(bytes.length, maxFileSize);
    const nul = bytes.subarray(0, BINARY_WINDOW).indexOf(0);
    if (nul !== -1) {
      return { ok: false, reason: 'binary', detail: `binary file (NUL byte at offset ${nul})` };
    }
    return { ok: true, ...decodeSource(bytes) };
  } catch (e) {
    return { ok: false, reason: 'unreadable', detail: osErrorDetail(e) };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function tooLarge(size: number, limit: number): ReadOutcome {
  return { ok: false, reason: 'too-large', detail: describeTooLarge(size, limit) };
}

/**
 * Turns the bytes of a source file into text: a UTF-8 BOM is dropped; valid UTF-8 is taken as is; else a
 * PEP 263 coding declaration in the first two lines is honoured when the encoding is known; else the
 * bytes are decoded as UTF-8 with replacement characters. Each fallback is noted for the report.
 */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (isUtf8(body)) return { source: Buffer.from(body).toString('utf8'), notes: [] };
  const notes: string[] = [];
  // A BOM says UTF-8 whatever a declaration says (Python rejects a file where the two disagree).
  const declared = hasBom ? undefined : codingDeclaration(body);
  if (declared !== undefined && !isUtf8Name(declared)) {
    const decoded = decodeAs(body, declared);
    if (decoded !== undefined) {
      return { source: decoded, notes: [`decoded as ${declared} per its coding declaration`] };
    }
    notes.push(`its coding declaration names an unsupported encoding (${declared})`);
  }
  const invalid = countInvalidUtf8(body);
  const source = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
  notes.push(
    invalid === 1
      ? '1 byte is not valid UTF-8; decoded with replacement characters'
      : `${invalid} bytes are not valid UTF-8; decoded with replacement characters`,
  );
  return { source, notes };
}

/** Python's own pattern (PEP 263): `# -*- coding: latin-1 -*-`, `# vim: set fileencoding=cp1252 :`. */
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK_OR_COMMENT = /^[ \t\f]*(?:#.*)?$/;

/** The encoding a coding declaration in the first two lines names, as written. */
export function codingDeclaration(bytes: Uint8Array): string | undefined {
  // Declarations are ASCII; latin1 maps every byte to one character, so nothing is lost or shifted.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const [first = '', second] = head.split(/\r\n|\r|\n/, 2);
  const m = CODING.exec(first);
  if (m !== null) return m[1];
  // The second line counts only below a comment or blank first line (a shebang, usually).
  if (second === undefined || !BLANK_OR_COMMENT.test(first)) return undefined;
  return CODING.exec(second)?.[1];
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

function isUtf8Name(name: string): boolean {
  // ASCII is a subset: a file declared ASCII with other bytes in it is broken the same way.
  return /^(utf-?8(-sig)?|ascii|us-ascii)$/.test(normalise(name));
}

/** Python's names for ISO-8859-1; the WHATWG decoder would read those labels as windows-1252. */
const LATIN1 = /^(latin-?1|iso-?8859-1|iso8859-1|iso-latin-1|l1|cp819|8859)(-.*)?$/;

/** Python codec names that the WHATWG encoding standard spells differently. */
const PYTHON_ALIASES: ReadonlyMap<string, string> = new Map([
  ['cp936', 'gbk'],
  ['ms936', 'gbk'],
  ['cp932', 'shift_jis'],
  ['ms932', 'shift_jis'],
  ['mskanji', 'shift_jis'],
  ['sjis', 'shift_jis'],
  ['shift-jis', 'shift_jis'],
  ['cp949', 'euc-kr'],
  ['cp950', 'big5'],
  ['eucjp', 'euc-jp'],
  ['euckr', 'euc-kr'],
  ['latin-2', 'iso-8859-2'],
  ['latin2', 'iso-8859-2'],
  ['koi8-r', 'koi8-r'],
]);

function decodeAs(bytes: Uint8Array, declared: string): string | undefined {
  const name = normalise(declared);
  if (LATIN1.test(name)) return Buffer.from(bytes).toString('latin1');
  for (const label of [PYTHON_ALIASES.get(name), name, declared]) {
    if (label === undefined) continue;
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(label);
    } catch {
      continue; // Not a label this runtime knows: try the next spelling.
    }
    return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
  }
  return undefined;
}

/**
 * Windows-1252 differs from ISO-8859-1 in 0x80-0x9F (€, curly quotes, dashes). Node's TextDecoder
 * decodes it as ISO-8859-1 since 20.18.3 (nodejs/node#56542, #60888), so the 32 differences are mapped
 * here; the five bytes Windows leaves undefined stay C1 controls, as in the WHATWG table.
 */
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes).toString('latin1');
  return latin1.replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH.charAt(c.charCodeAt(0) - 0x80));
}

/** Bytes that are not part of a well-formed UTF-8 sequence (RFC 3629: no overlongs, no surrogates). */
export function countInvalidUtf8(bytes: Uint8Array): number {
  let invalid = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] ?? 0;
    let len = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) len = 1;
    else if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    }
    if (len === 0 || i + len > n || !continues(bytes, i, len, lo, hi)) {
      invalid++;
      i++;
    } else {
      i += len;
    }
  }
  return invalid;
}

function continues(bytes: Uint8Array, i: number, len: number, lo: number, hi: number): boolean {
  for (let k = 1; k < len; k++) {
    const c = bytes[i + k] ?? 0;
    if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return false;
  }
  return true;
}
