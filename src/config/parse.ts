import {
  findNodeAtLocation,
  parseTree,
  printParseErrorCode,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

/*
 * Reads a configuration file's text as plain data, keeping enough of the syntax tree to say on which line a
 * key is, so that every error can name the file, the key path and the line. JSON (no comments), JSONC
 * (comments and trailing commas) and YAML (core schema: no custom tags, nothing executable).
 */

export type ConfigSyntax = 'json' | 'jsonc' | 'yaml';
export type KeyPath = readonly (string | number)[];

export interface ParsedText {
  data: unknown;
  /** The 1-based line of a key (or of the value at an array index), when the path exists. */
  lineOf: (path: KeyPath) => number | undefined;
}

/** A syntax error: its message and 1-based line. */
export class ConfigSyntaxError extends Error {
  override readonly name = 'ConfigSyntaxError';
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

export function syntaxOf(file: string): ConfigSyntax | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.jsonc')) return 'jsonc';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return undefined;
}

function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const JSON_ERROR_TEXT: Record<string, string> = {
  InvalidCommentToken: 'comments are not allowed in .json files (use .jsonc)',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing } is expected',
  CloseBracketExpected: 'a closing ] is expected',
  ColonExpected: 'a colon is expected',
  EndOfFileExpected: 'unexpected text after the end of the data',
};

function parseJson(text: string, syntax: 'json' | 'jsonc'): ParsedText {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, {
    disallowComments: syntax === 'json',
    allowTrailingComma: syntax === 'jsonc',
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (first !== undefined || tree === undefined) {
    const code = first === undefined ? 'ValueExpected' : printParseErrorCode(first.error);
    const message = JSON_ERROR_TEXT[code] ?? code;
    throw new ConfigSyntaxError(
      message,
      first === undefined ? undefined : lineAtOffset(text, first.offset),
    );
  }
  const lineOf = (path: KeyPath): number | undefined => {
    const node: JsonNode | undefined = findNodeAtLocation(tree, [...path]);
    if (node === undefined) return undefined;
    // For an object member, point at its key rather than its value.
    const at = node.parent?.type === 'property' ? (node.parent.children?.[0] ?? node) : node;
    return lineAtOffset(text, at.offset);
  };
  return { data: jsonValue(tree), lineOf };
}

/** The value of a parse tree (jsonc-parser's getNodeValue, without prototype keys surprises). */
function jsonValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k !== undefined && v !== undefined) out[String(k.value)] = jsonValue(v);
      }
      return { ...out };
    }
    case 'array':
      return (node.children ?? []).map(jsonValue);
    default:
      return node.value;
  }
}

function parseYaml(text: string): ParsedText {
  const counter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: counter,
    prettyErrors: false,
    uniqueKeys: true,
    schema: 'core',
    merge: false,
  });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    const line = counter.linePos(problem.pos[0]).line;
    const message = problem.message.split('\n')[0] ?? problem.message;
    throw new ConfigSyntaxError(message.replace(/ at line \d+, column \d+:?$/, ''), line);
  }
  const lineOf = (path: KeyPath): number | undefined => {
    let node: unknown = doc.contents;
    let at: YamlNode | undefined;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (pair === undefined) return undefined;
        at = isScalar(pair.key) ? pair.key : undefined;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined || item === null) return undefined;
        node = item;
        at = item as YamlNode;
      } else {
        return undefined;
      }
    }
    const offset = (at ?? (doc.contents as YamlNode | null))?.range?.[0];
    return offset === undefined ? undefined : counter.linePos(offset).line;
  };
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  return { data: data ?? {}, lineOf };
}

/** Parses a configuration file's text; throws ConfigSyntaxError with the line of the first problem. */
export function parseConfigText(text: string, syntax: ConfigSyntax): ParsedText {
  const body = text.replace(/^\uFEFF/, '');
  return syntax === 'yaml' ? parseYaml(body) : parseJson(body, syntax);
}
