/**
 * A forgiving JSON reader for model answers: accepts comments, trailing or doubled commas, single-quoted
 * strings and bare keys, and reads as much as it can of a value cut off at the end of the text
 * (truncated output). In a truncated array, the last, incomplete element is dropped; in a truncated
 * object, complete members are kept, as are members whose value is a partial array or object.
 */

export interface TolerantResult {
  value: unknown;
  /** False when the text ended inside the value. */
  complete: boolean;
  /** Index just after the value (or the text length when incomplete). */
  end: number;
  /** Repairs that were needed (comments, trailing commas, quotes). */
  repairs: string[];
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at offset ${position}`);
    this.name = 'JsonSyntaxError';
  }
}

interface Partial_ {
  value: unknown;
  complete: boolean;
}

const WORDS: Record<string, unknown> = { true: true, false: false, null: null };

class Reader {
  pos: number;
  readonly repairs = new Set<string>();

  constructor(
    readonly text: string,
    start: number,
  ) {
    this.pos = start;
  }

  eof(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  skipSpace(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\uFEFF') {
        this.pos++;
      } else if (c === '/' && this.text[this.pos + 1] === '/') {
        this.repairs.add('comments');
        const nl = this.text.indexOf('\n', this.pos);
        this.pos = nl === -1 ? this.text.length : nl + 1;
      } else if (c === '/' && this.text[this.pos + 1] === '*') {
        this.repairs.add('comments');
        const close = this.text.indexOf('*/', this.pos + 2);
        this.pos = close === -1 ? this.text.length : close + 2;
      } else {
        return;
      }
    }
  }

  value(): Partial_ {
    this.skipSpace();
    if (this.eof()) return { value: undefined, complete: false };
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || c === "'") return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    const word = /^[A-Za-z_][\w]*/.exec(this.text.slice(this.pos, this.pos + 16))?.[0];
    if (word !== undefined && word in WORDS) {
      this.pos += word.length;
      return { value: WORDS[word], complete: true };
    }
    if (word !== undefined && this.pos + word.length >= this.text.length) {
      // A keyword cut off by the end of the text ("tr").
      this.pos = this.text.length;
      return { value: undefined, complete: false };
    }
    throw new JsonSyntaxError(`unexpected character ${JSON.stringify(c)}`, this.pos);
  }

  /**
   * Reads the members of an object or array up to `close`, tolerating extra and trailing commas.
   * `member` reads one member and returns false when the text ended inside it.
   */
  sequence(close: string, member: () => boolean): boolean {
    this.pos++;
    let expectComma = false;
    let afterComma = false;
    for (;;) {
      this.skipSpace();
      if (this.eof()) return false;
      const c = this.peek();
      if (c === close) {
        if (!expectComma && afterComma) this.repairs.add('trailing commas');
        this.pos++;
        return true;
      }
      if (c === ',') {
        this.pos++;
        if (!expectComma) this.repairs.add('extra commas');
        expectComma = false;
        afterComma = true;
        continue;
      }
      if (expectComma) throw new JsonSyntaxError(`expected "," or "${close}"`, this.pos);
      afterComma = false;
      if (!member()) return false;
      expectComma = true;
    }
  }

  object(): Partial_ {
    const out: Record<string, unknown> = {};
    const complete = this.sequence('}', () => {
      const key = this.key();
      if (!key.complete) return false;
      this.skipSpace();
      if (this.eof()) return false;
      if (this.peek() !== ':') throw new JsonSyntaxError('expected ":"', this.pos);
      this.pos++;
      const member = this.value();
      // A cut-off container keeps what it read; a cut-off scalar ("expla") is dropped.
      if (member.complete || (member.value !== null && typeof member.value === 'object'))
        out[String(key.value)] = member.value;
      return member.complete;
    });
    return { value: out, complete };
  }

  key(): Partial_ {
    const c = this.peek();
    if (c === '"' || c === "'") return this.string();
    const bare = /^[A-Za-z_$][\w$-]*/.exec(this.text.slice(this.pos, this.pos + 128))?.[0];
    if (bare === undefined) throw new JsonSyntaxError('expected a key', this.pos);
    this.repairs.add('unquoted keys');
    this.pos += bare.length;
    return { value: bare, complete: !this.eof() };
  }

  array(): Partial_ {
    const out: unknown[] = [];
    const complete = this.sequence(']', () => {
      const element = this.value();
      // A cut-off element is dropped: only complete claims are recovered.
      if (element.complete) out.push(element.value);
      return element.complete;
    });
    return { value: out, complete };
  }

  string(): Partial_ {
    const quote = this.peek();
    if (quote === "'") this.repairs.add('single quotes');
    this.pos++;
    let out = '';
    for (;;) {
      if (this.eof()) return { value: out, complete: false };
      const c = this.text[this.pos] ?? '';
      this.pos++;
      if (c === quote) return { value: out, complete: true };
      if (c !== '\\') {
        out += c;
        continue;
      }
      if (this.eof()) return { value: out, complete: false };
      const e = this.text[this.pos] ?? '';
      this.pos++;
      if (e === 'u') {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          if (this.pos + 4 > this.text.length) return { value: out, complete: false };
          throw new JsonSyntaxError('bad \\u escape', this.pos);
        }
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 4;
      } else {
        out += ESCAPES[e] ?? e;
      }
    }
  }

  number(): Partial_ {
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 64));
    if (!m) {
      if (this.pos + 1 >= this.text.length) {
        this.pos = this.text.length;
        return { value: undefined, complete: false };
      }
      throw new JsonSyntaxError('bad number', this.pos);
    }
    this.pos += m[0].length;
    return { value: Number(m[0]), complete: !this.eof() };
  }
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
};

/** Reads one JSON value starting at `start` (which must be `{` or `[` after optional whitespace). */
export function readTolerantJson(text: string, start = 0): TolerantResult {
  const reader = new Reader(text, start);
  const result = reader.value();
  return {
    value: result.value,
    complete: result.complete,
    end: reader.pos,
    repairs: [...reader.repairs],
  };
}
