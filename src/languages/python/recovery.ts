/**
 * Whether tree-sitter may have had to invent tokens (MISSING nodes) to parse this Python source. Finding
 * invented tokens means visiting every node of the tree and reading its text, which costs about a fifth
 * of the parse; the parser only invents a token where the text leaves a bracket unclosed, closes one
 * that was never opened, or ends a line with `:` and gives the block no indented line. This scan finds
 * those shapes in one pass over the characters, ignoring strings and comments, so the engine runs the
 * full census only for files that can have invented tokens. It may say yes without cause (that costs
 * time only). It misses rarer recoveries that leave no ERROR node either, such as an identifier invented
 * after `obj.(`: on 6,000 damaged copies of standard-library modules, 5 of 934 files with invented tokens
 * were missed; every file with an ERROR node is counted regardless (scratch check, not a test).
 */
export function mayHaveMissingTokens(source: string): boolean {
  const n = source.length;
  const closers: number[] = [];
  /** Indentation of the current logical line, or -1 before its first significant character. */
  let lineIndent = -1;
  let indent = 0;
  /** After a logical line ending in `:`, the indentation the next line must exceed. */
  let blockAfter = -1;
  let last = 0;
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === NEWLINE || c === CR) {
      if (closers.length === 0) {
        if (lineIndent >= 0 && last === COLON) blockAfter = lineIndent;
        lineIndent = -1;
        indent = 0;
      }
      i++;
      continue;
    }
    if (lineIndent < 0 && (c === SPACE || c === TAB || c === FORM_FEED)) {
      indent += c === TAB ? 8 - (indent % 8) : 1;
      i++;
      continue;
    }
    if (c === HASH) {
      while (i < n && source.charCodeAt(i) !== NEWLINE && source.charCodeAt(i) !== CR) i++;
      continue;
    }
    if (c === BACKSLASH) {
      // A line continuation joins the next line to this one; any other backslash is stray text.
      i += source.charCodeAt(i + 1) === CR && source.charCodeAt(i + 2) === NEWLINE ? 3 : 2;
      continue;
    }
    if (lineIndent < 0) {
      lineIndent = closers.length === 0 ? indent : lineIndent;
      if (blockAfter >= 0) {
        if (lineIndent <= blockAfter) return true;
        blockAfter = -1;
      }
    }
    if (c === QUOTE || c === APOSTROPHE) {
      i = skipString(source, i, c);
      if (i < 0) return true;
      last = c;
      continue;
    }
    if (c === OPEN_PAREN) closers.push(CLOSE_PAREN);
    else if (c === OPEN_BRACKET) closers.push(CLOSE_BRACKET);
    else if (c === OPEN_BRACE) closers.push(CLOSE_BRACE);
    else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      if (closers.pop() !== c) return true;
    }
    if (c !== SPACE && c !== TAB && c !== FORM_FEED) last = c;
    i++;
  }
  return closers.length > 0 || blockAfter >= 0 || (lineIndent >= 0 && last === COLON);
}

/** The index after the string starting at `start`, or -1 when it is not closed. */
function skipString(source: string, start: number, quote: number): number {
  const n = source.length;
  const triple = source.charCodeAt(start + 1) === quote && source.charCodeAt(start + 2) === quote;
  let i = start + (triple ? 3 : 1);
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === BACKSLASH) {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (!triple) return i + 1;
      if (source.charCodeAt(i + 1) === quote && source.charCodeAt(i + 2) === quote) return i + 3;
    } else if (!triple && (c === NEWLINE || c === CR)) return -1;
    i++;
  }
  return -1;
}

const TAB = 9;
const NEWLINE = 10;
const FORM_FEED = 12;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const APOSTROPHE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const COLON = 58;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
