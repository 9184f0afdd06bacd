/**
 * Finds catastrophic backtracking in a Python regular expression, by analysing the pattern text.
 *
 * A backtracking engine (Python's `re`) tries every way a repeated sub-pattern can split the input
 * before it gives up. When one iteration of a repeat `(R)*` can match the same text in several ways, or
 * texts of several lengths made of the same character, a run of n such characters splits in
 * exponentially many ways; if the rest of the pattern then fails, all of them are tried:
 * `(a+)+$`, `(\w+\s?)*$`, `(a|a)*$`, `(.*,)+x` on a long run of `a`s, word characters or commas.
 *
 * The analysis projects each repeat body onto single characters: for a character c it counts, for
 * each length k, in how many ways the body matches c^k (saturating at 2). A repeat is ambiguous when,
 * for some c, its body matches c^k in two ways for some k, or matches c^k for two different k >= 1.
 * That is exactly the situation above, and it is cheap and precise: `(\w+\.)*` (each iteration must end
 * in a dot that \w cannot match) and `(?:[^"\\]|\\.)*` are correctly left alone. Ambiguity that needs
 * two different characters (`(ab|abab)*`) is not found.
 *
 * A finding also requires that something after the repeat can fail (a `$`, a required character, or a
 * full match), since otherwise the first, greedy attempt succeeds and nothing is retried.
 */

/** A finite stand-in for the character universe: ASCII plus a non-ASCII letter, space and symbol. */
const UNIVERSE: readonly number[] = [
  ...Array.from({ length: 128 }, (_, i) => i),
  0xe9, // é: \w in str patterns
  0x2028, // line separator: \s
  0x20ac, // €: neither
];
const U = UNIVERSE.length;

type CharSet = readonly boolean[];

type Node =
  | { t: 'empty'; canFail: boolean }
  | { t: 'chars'; set: CharSet }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | {
      t: 'repeat';
      body: Node;
      min: number;
      max: number;
      possessive: boolean;
      start: number;
      end: number;
    }
  | { t: 'opaque' };

interface Flags {
  i: boolean;
  s: boolean;
  x: boolean;
}

class ParseError extends Error {}

const MAX_DEPTH = 60;
const MAX_PATTERN = 4000;

function setOf(pred: (cp: number) => boolean): CharSet {
  return UNIVERSE.map(pred);
}

/**
 * Sets are never modified once built, so the common ones are built once: single characters (with and
 * without case folding), `.` and the class escapes.
 */
const setCache = new Map<string, CharSet>();
function cachedSet(key: string, pred: (cp: number) => boolean): CharSet {
  let set = setCache.get(key);
  if (set === undefined) {
    set = setOf(pred);
    if (setCache.size < 4096) setCache.set(key, set);
  }
  return set;
}

const isDigit = (cp: number): boolean => cp >= 0x30 && cp <= 0x39;
const isWord = (cp: number): boolean =>
  isDigit(cp) ||
  (cp >= 0x41 && cp <= 0x5a) ||
  (cp >= 0x61 && cp <= 0x7a) ||
  cp === 0x5f ||
  cp === 0xe9;
const isSpace = (cp: number): boolean =>
  (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x20) || cp === 0x2028;

function foldCase(cp: number): number[] {
  const ch = String.fromCodePoint(cp);
  return [ch.toLowerCase().codePointAt(0) ?? cp, ch.toUpperCase().codePointAt(0) ?? cp];
}

/** Recursive-descent parser for Python's regex syntax, enough to find repeats and what they match. */
class Parser {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly src: string,
    private readonly flags: Flags,
  ) {}

  parse(): Node {
    this.globalFlags();
    const node = this.alternation();
    if (this.pos < this.src.length) throw new ParseError('unbalanced )');
    return node;
  }

  /** `(?x)` and friends at the start apply to the whole pattern. */
  private globalFlags(): void {
    const m = /^\(\?([aiLmsux]+)\)/.exec(this.src);
    if (m === null) return;
    const f = m[1] ?? '';
    if (f.includes('i')) this.flags.i = true;
    if (f.includes('s')) this.flags.s = true;
    if (f.includes('x')) this.flags.x = true;
    this.pos = m[0].length;
  }

  private peek(): string {
    return this.src.charAt(this.pos);
  }

  private skipVerbose(): void {
    if (!this.flags.x) return;
    for (;;) {
      const c = this.peek();
      if (c === '#') {
        while (this.pos < this.src.length && this.peek() !== '\n') this.pos++;
      } else if (c !== '' && /\s/.test(c)) {
        this.pos++;
      } else {
        return;
      }
    }
  }

  private alternation(): Node {
    if (++this.depth > MAX_DEPTH) throw new ParseError('too deep');
    const options: Node[] = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      options.push(this.sequence());
    }
    this.depth--;
    const [only] = options;
    return options.length === 1 && only !== undefined ? only : { t: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    for (;;) {
      this.skipVerbose();
      const c = this.peek();
      if (c === '' || c === '|' || c === ')') break;
      const start = this.pos;
      const atom = this.atom();
      items.push(this.quantified(atom, start));
    }
    const [only] = items;
    return items.length === 1 && only !== undefined ? only : { t: 'seq', items };
  }

  private quantified(atom: Node, start: number): Node {
    let node = atom;
    for (;;) {
      this.skipVerbose();
      const c = this.peek();
      let min: number;
      let max: number;
      if (c === '*' || c === '+' || c === '?') {
        this.pos++;
        min = c === '+' ? 1 : 0;
        max = c === '?' ? 1 : Infinity;
      } else if (c === '{') {
        const m = /^\{(\d*)(,?)(\d*)\}/.exec(this.src.slice(this.pos));
        if (m === null || (m[1] === '' && m[2] === '')) return node;
        this.pos += m[0].length;
        min = m[1] === '' ? 0 : Number(m[1]);
        max = m[2] === '' ? min : m[3] === '' ? Infinity : Number(m[3]);
      } else {
        return node;
      }
      let possessive = false;
      if (this.peek() === '?') this.pos++;
      else if (this.peek() === '+') {
        possessive = true;
        this.pos++;
      }
      node = { t: 'repeat', body: node, min, max, possessive, start, end: this.pos };
    }
  }

  private atom(): Node {
    const c = this.peek();
    this.pos++;
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return { t: 'chars', set: this.charClass() };
      case '.': {
        const dotAll = this.flags.s;
        return { t: 'chars', set: cachedSet(`.${String(dotAll)}`, (cp) => dotAll || cp !== 0x0a) };
      }
      case '^':
      case '$':
        return { t: 'empty', canFail: true };
      case '\\':
        return this.escape(false);
      default:
        return { t: 'chars', set: this.literal(c.codePointAt(0) ?? 0) };
    }
  }

  private literal(cp: number): CharSet {
    const cps = this.flags.i ? foldCase(cp) : [cp];
    return cachedSet(`${this.flags.i ? 'i' : 'c'}${String(cp)}`, (x) => cps.includes(x));
  }

  private group(): Node {
    let atomic = false;
    let look = false;
    const saved = { ...this.flags };
    if (this.peek() === '?') {
      this.pos++;
      const rest = this.src.slice(this.pos);
      let m: RegExpExecArray | null;
      if (rest.startsWith(':')) this.pos++;
      else if (rest.startsWith('>')) {
        atomic = true;
        this.pos++;
      } else if ((m = /^P<\w+>/.exec(rest)) !== null) this.pos += m[0].length;
      else if ((m = /^<\w+>/.exec(rest)) !== null) this.pos += m[0].length;
      else if ((m = /^P=\w+\)/.exec(rest)) !== null) {
        this.pos += m[0].length;
        return { t: 'opaque' };
      } else if (rest.startsWith('#')) {
        const close = this.src.indexOf(')', this.pos);
        if (close === -1) throw new ParseError('unterminated comment');
        this.pos = close + 1;
        return { t: 'empty', canFail: false };
      } else if ((m = /^(=|!|<=|<!)/.exec(rest)) !== null) {
        look = true;
        this.pos += m[0].length;
      } else if (rest.startsWith('(')) {
        // Conditional group: parsed for balance, judged as unknown.
        this.alternation();
        if (this.peek() !== ')') throw new ParseError('unbalanced (');
        this.pos++;
        return { t: 'opaque' };
      } else if ((m = /^([aiLmsux]*)(?:-([imsx]+))?:/.exec(rest)) !== null) {
        const on = m[1] ?? '';
        const off = m[2] ?? '';
        for (const f of ['i', 's', 'x'] as const) {
          if (on.includes(f)) this.flags[f] = true;
          if (off.includes(f)) this.flags[f] = false;
        }
        this.pos += m[0].length;
      } else {
        throw new ParseError('unknown group');
      }
    }
    const body = this.alternation();
    if (this.peek() !== ')') throw new ParseError('unbalanced (');
    this.pos++;
    Object.assign(this.flags, saved);
    if (look) return { t: 'empty', canFail: true };
    // Nothing backtracks into an atomic group, so it cannot multiply the ways to match.
    return atomic ? { t: 'opaque' } : body;
  }

  private charClass(): CharSet {
    const member: boolean[] = new Array<boolean>(U).fill(false);
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.pos++;
    }
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === '') throw new ParseError('unterminated class');
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      const lo = this.classItem();
      if (
        typeof lo === 'number' &&
        this.peek() === '-' &&
        this.src.charAt(this.pos + 1) !== ']' &&
        this.src.charAt(this.pos + 1) !== ''
      ) {
        this.pos++;
        const hi = this.classItem();
        if (typeof hi !== 'number') throw new ParseError('bad range');
        UNIVERSE.forEach((cp, i) => {
          const cps = this.flags.i ? foldCase(cp) : [cp];
          if (cps.some((x) => x >= lo && x <= hi)) member[i] = true;
        });
      } else if (typeof lo === 'number') {
        const set = this.literal(lo);
        set.forEach((b, i) => {
          if (b) member[i] = true;
        });
      } else {
        lo.forEach((b, i) => {
          if (b) member[i] = true;
        });
      }
    }
    return negate ? member.map((b) => !b) : member;
  }

  /** One class member: a code point, or a set for `\d`, `\w`, `\s` and their negations. */
  private classItem(): number | CharSet {
    const c = this.peek();
    this.pos++;
    if (c !== '\\') return c.codePointAt(0) ?? 0;
    const e = this.escape(true);
    if (e.t === 'chars') {
      const idx = e.set.findIndex(Boolean);
      const count = e.set.filter(Boolean).length;
      // A single escaped character (\n, \], \x41) acts as a code point in ranges.
      if (count === 1 && this.lastEscapeCp !== undefined) return this.lastEscapeCp;
      if (count === 1 && idx >= 0) return UNIVERSE[idx] ?? 0;
      return e.set;
    }
    return setOf(() => false);
  }

  private lastEscapeCp: number | undefined;

  private escape(inClass: boolean): Node {
    this.lastEscapeCp = undefined;
    const c = this.peek();
    if (c === '') throw new ParseError('trailing backslash');
    this.pos++;
    const classes: Record<string, (cp: number) => boolean> = {
      d: isDigit,
      D: (cp) => !isDigit(cp),
      w: isWord,
      W: (cp) => !isWord(cp),
      s: isSpace,
      S: (cp) => !isSpace(cp),
    };
    const cls = classes[c];
    if (cls !== undefined) return { t: 'chars', set: cachedSet(`\\${c}`, cls) };
    if (!inClass && 'AbBZ'.includes(c)) return { t: 'empty', canFail: true };
    if (!inClass && /[1-9]/.test(c)) {
      while (/[0-9]/.test(this.peek())) this.pos++;
      return { t: 'opaque' };
    }
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7, b: 8 };
    let cp: number;
    const hex = /^(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/.exec(
      this.src.slice(this.pos - 1),
    );
    if (simple[c] !== undefined) cp = simple[c];
    else if (hex !== null) {
      cp = parseInt(hex[0].slice(1), 16);
      this.pos += hex[0].length - 1;
    } else if (c === '0') {
      const oct = /^[0-7]{0,2}/.exec(this.src.slice(this.pos))?.[0] ?? '';
      cp = parseInt(`0${oct}`, 8);
      this.pos += oct.length;
    } else if (c === 'N') {
      const close = this.src.indexOf('}', this.pos);
      if (close === -1) throw new ParseError('bad \\N');
      this.pos = close + 1;
      cp = 0x20ac;
    } else {
      cp = c.codePointAt(0) ?? 0;
    }
    this.lastEscapeCp = cp;
    return { t: 'chars', set: this.literal(cp) };
  }
}

/** Lengths 0..K are tracked exactly (with counts saturating at 2); longer matches only as `long`. */
const K = 12;

interface Profile {
  /** counts[k]: in how many ways (0, 1, 2 = "several") the node matches c^k. */
  counts: number[];
  /** Matches c^k for infinitely many k. */
  long: boolean;
  /** Contains something not analysed (backreference, atomic group): no conclusions. */
  opaque: boolean;
}

const sat = (n: number): number => (n > 2 ? 2 : n);
const zeros = (): number[] => new Array<number>(K + 1).fill(0);
const nonEmpty = (p: Profile): boolean => p.long || p.counts.some((n) => n > 0);

function concat(a: Profile, b: Profile): Profile {
  const counts = zeros();
  for (let i = 0; i <= K; i++) {
    if ((a.counts[i] ?? 0) === 0) continue;
    for (let j = 0; i + j <= K; j++) {
      counts[i + j] = sat((counts[i + j] ?? 0) + (a.counts[i] ?? 0) * (b.counts[j] ?? 0));
    }
  }
  return {
    counts,
    long: (a.long && nonEmpty(b)) || (b.long && nonEmpty(a)),
    opaque: a.opaque || b.opaque,
  };
}

function union(a: Profile, b: Profile): Profile {
  return {
    counts: a.counts.map((n, i) => sat(n + (b.counts[i] ?? 0))),
    long: a.long || b.long,
    opaque: a.opaque || b.opaque,
  };
}

/** The body's matches with the empty match removed: engines stop a repeat on an empty iteration. */
function nonEmptyPart(p: Profile): Profile {
  return { ...p, counts: p.counts.map((n, i) => (i === 0 ? 0 : n)) };
}

function profile(node: Node, c: number): Profile {
  switch (node.t) {
    case 'empty': {
      const counts = zeros();
      counts[0] = 1;
      return { counts, long: false, opaque: false };
    }
    case 'chars': {
      const counts = zeros();
      if (node.set[c] === true) counts[1] = 1;
      return { counts, long: false, opaque: false };
    }
    case 'opaque':
      return { counts: zeros(), long: false, opaque: true };
    case 'seq':
      return node.items.reduce(
        (acc, item) => concat(acc, profile(item, c)),
        profile({ t: 'empty', canFail: false }, c),
      );
    case 'alt':
      return node.options.map((o) => profile(o, c)).reduce(union);
    case 'repeat': {
      // A possessive repeat never gives characters back, so it matches a run in one way only.
      if (node.possessive) return { counts: zeros(), long: false, opaque: true };
      const body = profile(node.body, c);
      const iter = nonEmptyPart(body);
      const min = body.counts[0] !== 0 ? 0 : node.min;
      let power = profile({ t: 'empty', canFail: false }, c);
      let total: Profile = { counts: zeros(), long: false, opaque: body.opaque };
      const limit = Math.min(node.max, K + 1);
      for (let n = 0; n <= limit; n++) {
        if (n >= min) total = union(total, power);
        power = concat(power, iter);
      }
      total.long = (body.long && node.max >= 1) || (node.max === Infinity && nonEmpty(iter));
      // Beyond the tracked lengths: a range still means several lengths; an exact count is unknown.
      if (node.min > K && nonEmpty(iter)) {
        if (node.max > node.min) total.long = true;
        else total.opaque = true;
      }
      return total;
    }
  }
}

/** True when one iteration of the body can match runs of one character in more than one way. */
function ambiguousFor(body: Node, c: number): boolean {
  const p = nonEmptyPart(profile(body, c));
  if (p.opaque) return false;
  if (p.long) return true;
  let lengths = 0;
  for (let k = 1; k <= K; k++) {
    const n = p.counts[k] ?? 0;
    if (n >= 2) return true;
    if (n > 0) lengths++;
  }
  return lengths >= 2;
}

/** Whether the node can fail to match at some position (so that the engine backtracks). */
function canFail(node: Node): boolean {
  switch (node.t) {
    case 'empty':
      return node.canFail;
    case 'chars':
    case 'opaque':
      return true;
    case 'seq':
      return node.items.some(canFail);
    case 'alt':
      return node.options.every(canFail);
    case 'repeat':
      return node.min > 0 && canFail(node.body);
  }
}

/** Characters that behave differently somewhere in the pattern: one representative per class. */
function representatives(root: Node): number[] {
  const sets: CharSet[] = [];
  const stack: Node[] = [root];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (n.t === 'chars') sets.push(n.set);
    else if (n.t === 'seq') stack.push(...n.items);
    else if (n.t === 'alt') stack.push(...n.options);
    else if (n.t === 'repeat') stack.push(n.body);
  }
  const seen = new Map<string, number>();
  for (let i = 0; i < U; i++) {
    const sig = sets.map((s) => (s[i] === true ? '1' : '0')).join('');
    if (!seen.has(sig)) seen.set(sig, i);
  }
  // The class of characters no set contains cannot make anything ambiguous.
  const none = '0'.repeat(sets.length);
  seen.delete(none);
  return [...seen.values()];
}

export interface Backtracking {
  /** The repeated sub-pattern, as written. */
  fragment: string;
  /** 'exponential' for an unbounded repeat, 'polynomial' for a large bounded one (`(.*a){10}`). */
  growth: 'exponential' | 'polynomial';
}

export interface PatternFlags {
  ignoreCase?: boolean;
  dotAll?: boolean;
  verbose?: boolean;
  /** The pattern must match the whole input (`re.fullmatch`): its end can always fail. */
  fullMatch?: boolean;
}

/**
 * Returns the first repeat of `pattern` that can backtrack catastrophically, or undefined when there is
 * none or the pattern cannot be parsed.
 */
export function findCatastrophicBacktracking(
  pattern: string,
  options: PatternFlags = {},
): Backtracking | undefined {
  if (pattern.length > MAX_PATTERN || !/[*+}]/.test(pattern)) return undefined;
  // The same patterns recur across files (and the answer depends only on the text and the flags).
  const key = `${options.ignoreCase === true ? 'i' : '-'}${options.dotAll === true ? 's' : '-'}${
    options.verbose === true ? 'x' : '-'
  }${options.fullMatch === true ? 'f' : '-'}${pattern}`;
  const known = verdicts.get(key);
  if (known !== undefined) return known === null ? undefined : { ...known };
  const verdict = analyse(pattern, options);
  if (verdicts.size >= 2048) verdicts.clear();
  verdicts.set(key, verdict ?? null);
  return verdict === undefined ? undefined : { ...verdict };
}

const verdicts = new Map<string, Backtracking | null>();

function analyse(pattern: string, options: PatternFlags): Backtracking | undefined {
  let root: Node;
  try {
    root = new Parser(pattern, {
      i: options.ignoreCase === true,
      s: options.dotAll === true,
      x: options.verbose === true,
    }).parse();
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
  const chars = representatives(root);
  // Walk repeats outermost first, remembering what follows each one.
  const stack: { node: Node; after: Node[] }[] = [{ node: root, after: [] }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node, after } = top;
    if (node.t === 'seq') {
      node.items.forEach((item, i) => {
        stack.push({ node: item, after: [...node.items.slice(i + 1), ...after] });
      });
    } else if (node.t === 'alt') {
      for (const o of node.options) stack.push({ node: o, after });
    } else if (node.t === 'repeat') {
      const hit = judgeRepeat(node, after, chars, options.fullMatch === true);
      if (hit !== undefined) return { ...hit, fragment: pattern.slice(node.start, node.end) };
      stack.push({ node: node.body, after: [node, ...after] });
    }
  }
  return undefined;
}

function judgeRepeat(
  node: Extract<Node, { t: 'repeat' }>,
  after: readonly Node[],
  chars: readonly number[],
  fullMatch: boolean,
): Omit<Backtracking, 'fragment'> | undefined {
  if (node.possessive || node.max < 2) return undefined;
  if (!fullMatch && !after.some(canFail)) return undefined;
  const unbounded = node.max === Infinity;
  for (const c of chars) {
    if (!ambiguousFor(node.body, c)) continue;
    if (unbounded) return { growth: 'exponential' };
    // A bounded repeat multiplies the work by at most (input length)^max, and only when an iteration
    // can grow with the input.
    if (node.max >= 3 && profile(node.body, c).long) return { growth: 'polynomial' };
  }
  return undefined;
}
