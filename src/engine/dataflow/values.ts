import type { Call, ConstValue, Expr, FunctionIR, IrNode } from './ir.js';
import type { SourceSpec } from './spec.js';

/**
 * The abstract values of the taint analysis: a value carries the flows of untrusted data that may be
 * in it, a compile-time constant when one is known, and the known parts of a container or object
 * (list positions, constant dictionary keys, attributes), so that reading a part back yields exactly
 * what was stored there.
 */

/** Where a flow started: a source in the code, or a parameter of the function being summarised. */
export type Origin =
  | {
      readonly id: number;
      readonly kind: 'source';
      readonly label: string;
      readonly node: IrNode;
      /** The spec entry, when findings from it are reported differently (`SourceSpec.report`). */
      readonly spec?: SourceSpec;
    }
  | {
      readonly id: number;
      readonly kind: 'param';
      /** The function whose parameter this is (a closure can see its enclosing function's). */
      readonly fn: FunctionIR;
      readonly index: number;
      readonly path?: string;
    };

/** A trace step, as a linked list from the newest to the oldest (sharing tails between flows). */
export interface Step {
  readonly node: IrNode;
  readonly message: string;
  readonly prev: Step | null;
  readonly len: number;
}

/** Sink kinds a flow has been made safe for ('*' would be dropped instead). */
export type Cleaned = readonly string[];

export interface Flow {
  readonly origin: Origin;
  readonly cleaned: Cleaned;
  readonly steps: Step | null;
  /** origin + cleaned: flows with the same key are interchangeable (the first trace is kept). */
  readonly key: string;
}

export interface AVal {
  /** Taint of the value as a whole (and of any part not listed in `p`). */
  readonly t: readonly Flow[];
  /** A known compile-time constant (wrapped, since null is a constant). */
  readonly c?: { readonly v: ConstValue };
  /** Known parts: `i:0` list/tuple positions, `k:name` constant keys, `.attr` attributes. */
  readonly p?: ReadonlyMap<string, AVal>;
  /** Known length of a list or tuple display (for `append`). */
  readonly len?: number;
  /** A sequence display (list/tuple), for safe-form tests such as a constant program name. */
  readonly seq?: boolean;
  /** The constant text a string built at run time starts with (`"https://api.example.com/" + x`). */
  readonly prefix?: string;
  /** A tuple display (a handler's `(body, status)`). */
  readonly tuple?: boolean;
  /** A dictionary display (a web framework serialises it as JSON, not HTML). */
  readonly map?: boolean;
  /** The library call that produced the value (`etree.XMLParser(resolve_entities=False)`). */
  readonly madeBy?: Call;
  /** The variable passed as first argument to the call that produced the value (`url` in `urlparse(url)`). */
  readonly viaArg?: Expr;
  /** An instance of a class defined in the file. */
  readonly cls?: string;
  /** A class defined in the file (the value of its name). */
  readonly classRef?: string;
  /** A function or lambda defined in the file. */
  readonly fn?: FunctionIR;
  /** For a nested function: the enclosing function's variables when it was defined. */
  readonly env?: ReadonlyMap<string, AVal>;
  /** The qualified name of the library call that produced the value (`os.path.realpath`). */
  readonly via?: string;
  /** A framework request object of which only these attributes carry data of `label`. */
  readonly attrSource?: { readonly label: string; readonly attributes: readonly string[] };
  /** The receiver parameter of a method of this class (`self`). */
  readonly selfOf?: string;
  /**
   * The result of a source call itself (`getchar()`): stored in a C arithmetic variable it stays
   * tainted (a character read into an `int`), where a number computed from input would not.
   */
  readonly fromSource?: boolean;
}

export const CLEAN: AVal = { t: [] };

export const MAX_FLOWS = 8;
export const MAX_STEPS = 24;

export function constVal(v: ConstValue): AVal {
  return { t: [], c: { v } };
}

export function makeFlow(origin: Origin, cleaned: Cleaned, steps: Step | null): Flow {
  return { origin, cleaned, steps, key: `${String(origin.id)}|${cleaned.join(',')}` };
}

export function withStep(flows: readonly Flow[], node: IrNode, message: string): Flow[] {
  return flows.map((f) => {
    if (f.steps !== null && f.steps.len >= MAX_STEPS) return f;
    if (f.steps !== null && f.steps.node === node) return f;
    const steps: Step = { node, message, prev: f.steps, len: (f.steps?.len ?? 0) + 1 };
    return { ...f, steps };
  });
}

/** Union of flow lists, deduplicated by key (the first trace wins), at most MAX_FLOWS. */
export function unionFlows(...lists: (readonly Flow[])[]): readonly Flow[] {
  let nonEmpty: readonly Flow[] | undefined;
  let count = 0;
  for (const l of lists) {
    if (l.length > 0) {
      nonEmpty = l;
      count++;
    }
  }
  if (count === 0) return [];
  if (count === 1 && nonEmpty !== undefined) return nonEmpty;
  const seen = new Set<string>();
  const out: Flow[] = [];
  for (const l of lists) {
    for (const f of l) {
      if (seen.has(f.key)) continue;
      seen.add(f.key);
      out.push(f);
      if (out.length >= MAX_FLOWS) return out;
    }
  }
  return out;
}

/** Every flow in a value, its parts included (using the value as a whole: passing it, formatting it). */
export function deep(v: AVal, depth = 0): readonly Flow[] {
  if (v.p === undefined || v.p.size === 0 || depth > 4) return v.t;
  const lists: (readonly Flow[])[] = [v.t];
  for (const part of v.p.values()) lists.push(deep(part, depth + 1));
  return unionFlows(...lists);
}

export function tainted(flows: readonly Flow[]): AVal {
  return flows.length === 0 ? CLEAN : { t: flows };
}

/** Reads a part: what was stored at that key, plus whatever taints unknown parts. */
export function readPart(v: AVal, key: string): AVal {
  const part = v.p?.get(key);
  if (part === undefined) return v.t.length === 0 ? CLEAN : { t: v.t };
  if (v.t.length === 0) return part;
  return { ...part, t: unionFlows(part.t, v.t) };
}

export function joinVal(a: AVal, b: AVal, depth = 0): AVal {
  if (a === b) return a;
  const t = unionFlows(a.t, b.t);
  const out: {
    t: readonly Flow[];
    c?: { v: ConstValue };
    p?: Map<string, AVal>;
    len?: number;
    seq?: boolean;
    map?: boolean;
    prefix?: string;
    viaArg?: Expr;
    madeBy?: Call;
    cls?: string;
    classRef?: string;
    fn?: FunctionIR;
    via?: string;
    attrSource?: NonNullable<AVal['attrSource']>;
    selfOf?: string;
    fromSource?: boolean;
  } = { t };
  if (a.c !== undefined && b.c?.v === a.c.v) out.c = a.c;
  if ((a.p !== undefined || b.p !== undefined) && depth < 4) {
    const p = new Map<string, AVal>();
    const keys = new Set<string>([...(a.p?.keys() ?? []), ...(b.p?.keys() ?? [])]);
    for (const k of keys) p.set(k, joinVal(readPart(a, k), readPart(b, k), depth + 1));
    out.p = p;
  } else if (a.p !== undefined || b.p !== undefined) {
    out.t = unionFlows(deep(a), deep(b));
  }
  if (a.len !== undefined && a.len === b.len) out.len = a.len;
  if (a.seq === true && b.seq === true) out.seq = true;
  if (a.map === true && b.map === true) out.map = true;
  const pa = a.prefix ?? (typeof a.c?.v === 'string' ? a.c.v : undefined);
  const pb = b.prefix ?? (typeof b.c?.v === 'string' ? b.c.v : undefined);
  if (pa !== undefined && pb !== undefined && out.c === undefined) {
    let i = 0;
    while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
    if (i > 0) out.prefix = pa.slice(0, i);
  }
  if (a.viaArg !== undefined && a.viaArg === b.viaArg) out.viaArg = a.viaArg;
  if (a.madeBy !== undefined && a.madeBy === b.madeBy) out.madeBy = a.madeBy;
  if (a.cls !== undefined && a.cls === b.cls) out.cls = a.cls;
  if (a.classRef !== undefined && a.classRef === b.classRef) out.classRef = a.classRef;
  if (a.fn !== undefined && a.fn === b.fn) out.fn = a.fn;
  if (a.via !== undefined && a.via === b.via) out.via = a.via;
  const as: AVal['attrSource'] = a.attrSource ?? b.attrSource;
  if (as !== undefined) out.attrSource = as;
  if (a.selfOf !== undefined && a.selfOf === b.selfOf) out.selfOf = a.selfOf;
  if (a.fromSource === true && b.fromSource === true) out.fromSource = true;
  return out;
}

function sameFlows(a: readonly Flow[], b: readonly Flow[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  const keys = new Set(a.map((f) => f.key));
  return b.every((f) => keys.has(f.key));
}

export function sameVal(a: AVal, b: AVal, depth = 0): boolean {
  if (a === b) return true;
  if (!sameFlows(a.t, b.t)) return false;
  if ((a.c === undefined) !== (b.c === undefined)) return false;
  if (a.c !== undefined && b.c !== undefined && a.c.v !== b.c.v) return false;
  if (a.len !== b.len || a.cls !== b.cls || a.fn !== b.fn) return false;
  if (a.attrSource !== b.attrSource) return false;
  const ap = a.p?.size ?? 0;
  const bp = b.p?.size ?? 0;
  if (ap !== bp) return false;
  if (ap === 0 || depth > 4) return true;
  for (const [k, v] of a.p ?? []) {
    const w = b.p?.get(k);
    if (w === undefined || !sameVal(v, w, depth + 1)) return false;
  }
  return true;
}

/** Python truthiness of a constant. */
export function truthy(v: ConstValue): boolean {
  return !(v === false || v === null || v === 0 || v === '');
}

/** A copy of a value without some of its facts (after a write that invalidates them). */
export function without(v: AVal, ...keys: readonly (keyof AVal)[]): AVal {
  // Facts are tested with `=== undefined` everywhere, so an undefined property is an absent one.
  const out: Record<string, unknown> = { ...v };
  for (const k of keys) out[k] = undefined;
  return out as unknown as AVal;
}
