import type { CompiledSpec } from './compiled.js';
import type {
  Call,
  ClassIR,
  ConstValue,
  Expr,
  FunctionIR,
  IrNode,
  ModuleIR,
  Stmt,
  Target,
} from './ir.js';
import type {
  ArgCondition,
  CallCondition,
  HandlerSpec,
  SinkSpec,
  SourceSpec,
  ValidatorSpec,
} from './spec.js';
import type { TaintFinding, TaintStep } from './trace.js';
import {
  CLEAN,
  constVal,
  deep,
  joinVal,
  makeFlow,
  readPart,
  sameVal,
  tainted,
  truthy,
  unionFlows,
  withStep,
  without,
  type AVal,
  type Flow,
  type Origin,
  type Step,
} from './values.js';

/**
 * The taint analysis: an abstract interpreter over the structured intermediate form. Each function is
 * analysed once per round with its parameters as symbolic flows; the result is both its findings (real
 * sources reaching sinks) and its summary (which parameters reach the return value, attributes of
 * `self`, or sinks), applied at every call of the function in the same file. Branches are analysed
 * separately and joined; loops are iterated to a fixed point (bounded); constant conditions follow only
 * the live branch. Rounds repeat while class fields learn new flows (bounded).
 */

type State = Map<string, AVal>;

interface SummarySink {
  flow: Flow;
  kind: string;
  label: string;
  node: IrNode;
  callee: string;
}

interface Summary {
  ret: AVal;
  sinks: SummarySink[];
  selfWrites: Map<string, AVal>;
  /** Parameters the function validates on every path that returns (it aborts otherwise). */
  validates: Map<number, readonly string[] | '*'>;
  /** Parameters validated wherever the function returns a true value (`return host in HOSTS`). */
  predicates: Map<number, readonly string[] | '*'>;
  /**
   * C/C++ out-parameters: what the function writes through a pointer or reference parameter
   * (`Param.out`), as the flows it leaves there beyond the caller's own (`fgets(out, ...)`).
   */
  outWrites: Map<number, AVal>;
}

interface Loop {
  breaks: State[];
  continues: State[];
}

class Frame {
  returns: AVal[] = [];
  loops: Loop[] = [];
  tries: State[][] = [];
  /** Per enclosing `try`: values converted by a cast in its body (`int(x)`), with the cast call. */
  casts: { e: Expr; at: IrNode; label: string }[][] = [];
  sinks: SummarySink[] = [];
  /** Keys of `sinks` (see TaintAnalysis.sinkKey): an identical entry is recorded once. */
  sinkKeys = new Set<string>();
  selfWrites = new Map<string, AVal>();
  /** States where the function returns (or falls off its end). */
  exits: State[] = [];
  /** `return <expr>` statements with the state before them and the returned value. */
  returnTests: { expr: Expr; st: State; v: AVal }[] = [];
  /** Local names assigned in the function (a reassigned parameter says nothing about the argument). */
  reassigned = new Set<string>();
  /** C/C++ `goto`: the states jumping to each label, joined where the label is reached. */
  labels = new Map<string, State[]>();
  /** Labels passed in the current run of the body, and whether a `goto` jumped back to one. */
  labelsSeen = new Set<string>();
  backward = false;
  /** C pointers into another variable (`char *p = buf;`, `p = &buf[n]`): p -> buf. */
  aliases = new Map<string, string>();
  aborted = false;
  constructor(
    readonly fn: FunctionIR | undefined,
    readonly handlers: readonly HandlerSpec[],
  ) {}
}

/** Limits that keep the analysis cheap on any input. */
const MAX_LOOP_ITERATIONS = 8;
const MAX_SUMMARY_DEPTH = 8;
const MAX_ROUNDS = 3;
/** Runs of a function body while `goto`s jump back to labels already passed. */
const MAX_GOTO_RUNS = 3;
const MAX_WORK = 400_000;

class BudgetExceeded extends Error {}

export class TaintAnalysis {
  private readonly findings = new Map<string, TaintFinding>();
  private summaries = new Map<FunctionIR, Summary | 'pending'>();
  private readonly classFields = new Map<string, Map<string, readonly Flow[]>>();
  private readonly classAttrs = new Map<string, State>();
  private readonly handlerCache = new Map<FunctionIR, HandlerSpec[]>();
  private globals: State = new Map();
  private readonly classes = new Map<string, ClassIR>();
  private readonly topFunctions = new Map<string, FunctionIR>();
  private readonly functionsById = new Map<string, FunctionIR>();
  private readonly origins = new Map<unknown, Map<string, Origin>>();
  private nextOrigin = 1;
  private readonly nodeIds = new Map<IrNode, number>();
  private readonly stepIds = new WeakMap<Step, number>();
  private readonly stepKeys = new Map<string, number>();
  private frame: Frame;
  private summaryDepth = 0;
  private work = 0;
  private classFieldsChanged = false;
  /** C: file-scope variables that learned a flow from a function writing them (this round). */
  private globalsChanged = false;
  private readonly learnedGlobals = new Set<string>();

  constructor(
    private readonly mod: ModuleIR,
    private readonly spec: CompiledSpec,
    private readonly mayHoldSource: (fn: FunctionIR) => boolean = () => true,
    private readonly isEntry: (fn: FunctionIR) => boolean = () => false,
  ) {
    for (const c of mod.classes) this.classes.set(c.name, c);
    for (const f of mod.functions) if (!f.id.includes('.')) this.topFunctions.set(f.name, f);
    for (const f of mod.functions) this.functionsById.set(f.id, f);
    this.frame = new Frame(undefined, []);
  }

  run(): TaintFinding[] {
    try {
      const modState: State = new Map();
      this.frame = new Frame(undefined, []);
      // Functions called from the module body see the globals assigned so far.
      this.globals = modState;
      const end = this.exec(this.mod.body, modState);
      this.globals = end ?? modState;
      // Roots: functions that may hold a source. A tainted global makes every function a root; class
      // fields that learn a flow make every method of the class one. Others are analysed when called.
      const roots = new Set<FunctionIR>();
      const taintedGlobal = [...this.globals.values()].some((v) => deep(v).length > 0);
      for (const fn of this.mod.functions) {
        if (taintedGlobal || this.isRoot(fn)) roots.add(fn);
      }
      for (let round = 0; round < MAX_ROUNDS; round++) {
        this.summaries = new Map();
        this.classFieldsChanged = false;
        this.globalsChanged = false;
        for (const fn of roots) this.summary(fn);
        let grew = false;
        if (this.globalsGrew()) {
          // A file-scope variable written with untrusted data: the functions naming it read it.
          const names = [...this.learnedGlobals];
          for (const fn of this.mod.functions) {
            if (roots.has(fn)) continue;
            const text = fn.at.text();
            if (names.some((n) => new RegExp(`\\b${n}\\b`).test(text))) {
              roots.add(fn);
              grew = true;
            }
          }
        }
        for (const fn of this.mod.functions) {
          if (fn.className !== undefined && this.classFields.has(fn.className) && !roots.has(fn)) {
            roots.add(fn);
            grew = true;
          }
        }
        if (!this.changed() && !grew) break;
      }
    } catch (e) {
      if (!(e instanceof BudgetExceeded)) throw e;
    }
    return [...this.findings.values()];
  }

  private isRoot(fn: FunctionIR): boolean {
    return this.handlersOf(fn).length > 0 || this.mayHoldSource(fn) || this.hasParamSources(fn);
  }

  // ------------------------------------------------------------------ origins and reporting

  private origin(anchor: unknown, key: string, make: (id: number) => Origin): Origin {
    let byKey = this.origins.get(anchor);
    if (byKey === undefined) {
      byKey = new Map();
      this.origins.set(anchor, byKey);
    }
    let o = byKey.get(key);
    if (o === undefined) {
      o = make(this.nextOrigin++);
      byKey.set(key, o);
    }
    return o;
  }

  private sourceFlow(node: IrNode, label: string): Flow {
    const o = this.origin(node, label, (id) => ({ id, kind: 'source', label, node }));
    return makeFlow(o, [], null);
  }

  /**
   * C/C++: a parameter of a function nothing in the file calls, as a source (`uncalledParameters`),
   * already clean for every sink kind but the source's own.
   */
  private entryFlow(fn: FunctionIR, p: FunctionIR['params'][number], src: SourceSpec): Flow {
    const label = src.label
      .replaceAll('{{param}}', p.name)
      .replaceAll(
        '{{function}}',
        fn.className === undefined ? fn.name : `${fn.className}::${fn.name}`,
      );
    const o = this.origin(p.at, label, (id) => ({
      id,
      kind: 'source',
      label,
      node: p.at,
      spec: src,
    }));
    const kinds = new Set<string>(src.uncalledParameters?.kinds ?? []);
    const others = [...new Set(this.spec.spec.sinks.map((k) => k.kind))].filter(
      (k) => !kinds.has(k),
    );
    return makeFlow(o, others, null);
  }

  /** Whether the parameters of `fn` are `uncalledParameters` sources. */
  private entryParams(fn: FunctionIR, handlers: readonly HandlerSpec[]): boolean {
    return (
      this.spec.uncalledParamSources.length > 0 &&
      handlers.length === 0 &&
      !this.hasParamSources(fn) &&
      this.isEntry(fn)
    );
  }

  private hasParamSources(fn: FunctionIR): boolean {
    return this.spec.paramSources.some((s) => s.parameters?.functions.includes(fn.name) === true);
  }

  private paramFlow(fn: FunctionIR, index: number, path?: string): Flow {
    const o = this.origin(fn, `${String(index)}.${path ?? ''}`, (id) =>
      path === undefined
        ? { id, kind: 'param', fn, index }
        : { id, kind: 'param', fn, index, path },
    );
    return makeFlow(o, [], null);
  }

  /** Identifies a summary sink by content: flow key, sink, and the trace's steps (hash-consed). */
  private sinkKey(f: Flow, kind: string, label: string, node: IrNode, callee: string): string {
    return `${f.key}|${kind}|${String(this.nodeId(node))}|${label}|${callee}|${String(this.stepId(f.steps))}`;
  }

  /** The same number for structurally equal step lists (node, message, and the same earlier steps). */
  private stepId(step: Step | null): number {
    if (step === null) return 0;
    let id = this.stepIds.get(step);
    if (id === undefined) {
      const key = `${String(this.nodeId(step.node))}|${step.message}|${String(this.stepId(step.prev))}`;
      id = this.stepKeys.get(key);
      if (id === undefined) {
        id = this.stepKeys.size + 1;
        this.stepKeys.set(key, id);
      }
      this.stepIds.set(step, id);
    }
    return id;
  }

  private nodeId(node: IrNode): number {
    let id = this.nodeIds.get(node);
    if (id === undefined) {
      id = this.nodeIds.size + 1;
      this.nodeIds.set(node, id);
    }
    return id;
  }

  private report(
    kind: string,
    label: string,
    node: IrNode,
    callee: string,
    flows: readonly Flow[],
  ): void {
    for (const f of flows) {
      if (f.cleaned.includes(kind)) continue;
      if (f.origin.kind === 'source' && excludedSink(f.origin.spec, label)) continue;
      if (f.origin.kind === 'param') {
        // The same sink reached by an identical flow (same origin, cleaning and trace) again, e.g. from
        // each call of a summary, would only be instantiated again with the same result: keep one.
        const key = this.sinkKey(f, kind, label, node, callee);
        if (this.frame.sinkKeys.has(key)) continue;
        this.frame.sinkKeys.add(key);
        this.frame.sinks.push({ flow: f, kind, label, node, callee });
        continue;
      }
      // One finding per sink and kind (the shortest trace is kept), however many sources reach it; a
      // source in the code wins over a parameter of an uncalled function (a guess about its callers).
      const key = `${String(this.nodeId(node))}|${kind}`;
      const existing = this.findings.get(key);
      if (existing !== undefined) {
        const guess = f.origin.spec !== undefined;
        const existingGuess = existing.sourceSpec !== undefined;
        if (guess && !existingGuess) continue;
        if (guess === existingGuess && existing.trace.length <= (f.steps?.len ?? 0) + 2) continue;
      }
      this.findings.set(key, {
        kind,
        sinkNode: node,
        sinkLabel: label,
        callee,
        sourceNode: f.origin.node,
        sourceLabel: f.origin.label,
        ...(f.origin.spec !== undefined ? { sourceSpec: f.origin.spec } : {}),
        trace: buildTrace(f, node, label, callee),
      });
    }
  }

  /** Whether the last call evaluated never returns (read through a method: it changes during eval). */
  private aborted(): boolean {
    return this.frame.aborted;
  }

  /** Read through a method: `summary` changes it. */
  private globalsGrew(): boolean {
    return this.globalsChanged;
  }

  private changed(): boolean {
    return this.classFieldsChanged || this.globalsChanged;
  }

  private tick(): void {
    if (++this.work > MAX_WORK) throw new BudgetExceeded('dataflow work budget exceeded');
  }

  // ------------------------------------------------------------------ functions and summaries

  private summary(fn: FunctionIR, env?: ReadonlyMap<string, AVal>): Summary | undefined {
    const cached = this.summaries.get(fn);
    if (cached === 'pending') return undefined;
    // A closure is analysed with the variables it captured, each time (not cached).
    if (cached !== undefined && env === undefined) return cached;
    if (this.summaryDepth >= MAX_SUMMARY_DEPTH) return undefined;
    this.summaries.set(fn, 'pending');
    const saved = this.frame;
    this.summaryDepth++;
    try {
      const handlers = this.handlersOf(fn);
      this.frame = new Frame(fn, handlers);
      const st = this.entryState(fn, handlers, env);
      const frame = this.frame;
      let end = this.exec(fn.body, new Map(st));
      // A `goto` back to a label already passed: run the body again, the label now joining that state.
      for (let run = 1; frame.backward && run < MAX_GOTO_RUNS; run++) {
        if (end !== null) frame.exits.push(end);
        frame.backward = false;
        frame.labelsSeen.clear();
        end = this.exec(fn.body, new Map(st));
      }
      if (end !== null) frame.exits.push(end);
      let ret = CLEAN;
      if (frame.returns.length > 0) {
        ret = frame.returns.reduce((a, b) => joinVal(a, b));
      } else ret = constVal(null);
      // C/C++: a function returning an arithmetic type returns a number.
      if (fn.scalarReturn === true && ret.c === undefined) ret = CLEAN;
      const s: Summary = {
        ret,
        sinks: frame.sinks,
        selfWrites: frame.selfWrites,
        validates: this.validatedParams(fn, frame.exits, frame),
        predicates: this.predicateParams(fn, frame),
        outWrites: this.outWrites(fn, frame.exits),
      };
      if (env === undefined) this.summaries.set(fn, s);
      else if (cached === undefined) this.summaries.delete(fn);
      else this.summaries.set(fn, cached);
      if (fn.className !== undefined) this.learnClassFields(fn.className, frame.selfWrites);
      if (fn.globals !== undefined && fn.globals.size > 0)
        this.learnGlobals(fn.globals, frame.exits);
      return s;
    } finally {
      this.summaryDepth--;
      this.frame = saved;
    }
  }

  /** Parameters whose value is validated (cleaned, not reassigned) wherever the function returns. */
  private validatedParams(
    fn: FunctionIR,
    exits: readonly State[],
    frame: Frame,
  ): Map<number, readonly string[] | '*'> {
    const out = new Map<number, readonly string[] | '*'>();
    if (exits.length === 0) return out;
    fn.params.forEach((p, i) => {
      if (p.star !== undefined || frame.reassigned.has(p.name)) return;
      if (i === 0 && this.hasReceiver(fn)) return;
      let kinds = '*' as readonly string[] | '*';
      for (const exit of exits) {
        const v = exit.get(p.name);
        if (v === undefined) return;
        const own = deep(v).filter(
          (f) =>
            f.origin.kind === 'param' &&
            f.origin.fn === fn &&
            f.origin.index === i &&
            f.origin.path === undefined,
        );
        for (const f of own) {
          const prev: readonly string[] | '*' = kinds;
          kinds = prev === '*' ? f.cleaned : prev.filter((k) => f.cleaned.includes(k));
        }
      }
      if (kinds === '*' || kinds.length > 0) out.set(i, kinds);
    });
    return out;
  }

  /**
   * What the function leaves in its out-parameters: per pointer/reference parameter, the join over the
   * exits of its value without the parameter's own flow; absent when nothing new is there.
   */
  private outWrites(fn: FunctionIR, exits: readonly State[]): Map<number, AVal> {
    const out = new Map<number, AVal>();
    fn.params.forEach((p, i) => {
      if (p.out !== true) return;
      let acc: AVal | undefined;
      for (const exit of exits) {
        const v = exit.get(p.name);
        if (v === undefined) continue;
        const flows = deep(v).filter(
          (f) => !(f.origin.kind === 'param' && f.origin.fn === fn && f.origin.index === i),
        );
        if (flows.length === 0) continue;
        const written: AVal = { t: flows };
        acc = acc === undefined ? written : joinVal(acc, written);
      }
      if (acc !== undefined) out.set(i, acc);
    });
    return out;
  }

  /** Parameters validated in the state where each possibly-true returned value is true. */
  private predicateParams(fn: FunctionIR, frame: Frame): Map<number, readonly string[] | '*'> {
    const states: State[] = [];
    for (const r of frame.returnTests) {
      if (r.v.c !== undefined && !truthy(r.v.c.v)) continue;
      states.push(r.v.c !== undefined ? r.st : this.refine(r.expr, new Map(r.st), true));
    }
    return this.validatedParams(fn, states, frame);
  }

  private learnClassFields(cls: string, writes: ReadonlyMap<string, AVal>): void {
    for (const [attr, v] of writes) {
      const real = deep(v).filter((f) => f.origin.kind === 'source');
      if (real.length === 0) continue;
      let fields = this.classFields.get(cls);
      if (fields === undefined) {
        fields = new Map();
        this.classFields.set(cls, fields);
      }
      const before = fields.get(attr) ?? [];
      const after = unionFlows(before, real);
      if (after.length !== before.length) {
        fields.set(attr, after);
        this.classFieldsChanged = true;
      }
    }
  }

  /**
   * C: what a function leaves in file-scope variables it writes (`recv(s, g_buf, ...)`) is seen by the
   * other functions of the file (real sources only; rounds repeat while these grow).
   */
  private learnGlobals(names: ReadonlySet<string>, exits: readonly State[]): void {
    for (const exit of exits) {
      for (const [name, v] of exit) {
        if (!names.has(name)) continue;
        const real = deep(v).filter((f) => f.origin.kind === 'source');
        if (real.length === 0) continue;
        const before = this.globals.get(name);
        const flows = before === undefined ? [] : deep(before);
        const after = unionFlows(flows, real);
        if (after.length === flows.length) continue;
        this.globals.set(name, before === undefined ? { t: after } : { ...before, t: after });
        this.learnedGlobals.add(name);
        this.globalsChanged = true;
      }
    }
  }

  private handlersOf(fn: FunctionIR): HandlerSpec[] {
    let out = this.handlerCache.get(fn);
    if (out === undefined) {
      out = this.findHandlers(fn);
      this.handlerCache.set(fn, out);
    }
    return out;
  }

  private findHandlers(fn: FunctionIR): HandlerSpec[] {
    const out: HandlerSpec[] = [];
    for (const h of this.spec.handlers) {
      if (h.imports.length > 0 && !h.imports.some((m) => this.mod.imports.has(m))) continue;
      if (h.decorators !== undefined && h.decorators.length > 0) {
        const hit = fn.decorators.some((d) => {
          const callee = d.k === 'call' ? d.callee : d;
          const name = callee.k === 'attr' ? callee.name : callee.k === 'name' ? callee.name : '';
          return h.decorators?.includes(name) === true;
        });
        if (hit) out.push(h);
        continue;
      }
      if (h.firstParam !== undefined) {
        const first = this.userParams(fn)[0];
        if (first !== undefined && h.firstParam.includes(first.name)) out.push(h);
      }
    }
    return out;
  }

  /** The route string of a decorator declares the parameter with a converter such as `<int:name>`. */
  private convertedParam(fn: FunctionIR, name: string, converters: readonly string[]): boolean {
    for (const d of fn.decorators) {
      const route = d.k === 'call' ? d.args[0] : undefined;
      if (route?.k !== 'const' || typeof route.value !== 'string') continue;
      for (const m of route.value.matchAll(/<(\w+)(?:\([^)]*\))?:(\w+)>/g)) {
        if (m[2] === name && m[1] !== undefined && converters.includes(m[1])) return true;
      }
    }
    return false;
  }

  /** Parameters other than the receiver of a method. */
  private userParams(fn: FunctionIR): FunctionIR['params'] {
    return this.hasReceiver(fn) ? fn.params.slice(1) : fn.params;
  }

  private hasReceiver(fn: FunctionIR): boolean {
    return fn.className !== undefined && !fn.isStatic;
  }

  private entryState(
    fn: FunctionIR,
    handlers: readonly HandlerSpec[],
    env?: ReadonlyMap<string, AVal>,
  ): State {
    const st: State = new Map(env ?? []);
    const recv = this.hasReceiver(fn);
    const entry = env === undefined && this.entryParams(fn, handlers);
    fn.params.forEach((p, i) => {
      if (recv && i === 0 && fn.className !== undefined) {
        st.set(p.name, { t: [this.paramFlow(fn, 0)], selfOf: fn.className, cls: fn.className });
        return;
      }
      if (fn.scalars?.has(p.name) === true) {
        st.set(p.name, CLEAN);
        return;
      }
      let v: AVal = { t: [this.paramFlow(fn, i)] };
      const userIndex = recv ? i - 1 : i;
      for (const src of this.spec.paramSources) {
        const ps = src.parameters;
        if (ps?.functions.includes(fn.name) === true && ps.positions.includes(userIndex)) {
          v = { ...v, t: unionFlows(v.t, [this.sourceFlow(p.at, src.label)]) };
        }
      }
      if (entry && !p.name.startsWith('<') && p.star === undefined) {
        for (const src of this.spec.uncalledParamSources) {
          const exclude = src.uncalledParameters?.excludeTypes;
          if (exclude !== undefined && new RegExp(exclude).test(p.annotation ?? '')) continue;
          v = { ...v, t: unionFlows(v.t, [this.entryFlow(fn, p, src)]) };
        }
      }
      for (const h of handlers) {
        if (h.cleanConverters !== undefined && this.convertedParam(fn, p.name, h.cleanConverters)) {
          continue;
        }
        const mode = h.params ?? 'all';
        if (mode === 'first' && userIndex !== 0) continue;
        if (mode === 'rest' && userIndex === 0) continue;
        if (p.default?.k === 'call' && h.excludeDefaults?.includes(p.default.method) === true) {
          continue;
        }
        if (
          h.excludeAnnotations !== undefined &&
          p.annotation !== undefined &&
          new RegExp(h.excludeAnnotations).test(p.annotation)
        ) {
          continue;
        }
        if (h.attributes !== undefined && userIndex === 0 && h.firstParam !== undefined) {
          v = { ...v, attrSource: { label: h.label, attributes: h.attributes } };
        } else {
          v = { ...v, t: unionFlows(v.t, [this.sourceFlow(p.at, h.label)]) };
        }
      }
      st.set(p.name, v);
    });
    return st;
  }

  // ------------------------------------------------------------------ statements

  private exec(stmts: readonly Stmt[], st: State | null): State | null {
    let cur = st;
    for (const s of stmts) {
      if (cur === null) {
        // Nothing falls through to here; only a label (C `goto` target) is reached again.
        if (s.k !== 'label') continue;
        this.frame.labelsSeen.add(s.label);
        const jumped = joinStates(this.frame.labels.get(s.label) ?? []);
        cur = jumped === null ? null : new Map(jumped);
        continue;
      }
      cur = this.stmt(s, cur);
      const tries = this.frame.tries;
      if (cur !== null && tries.length > 0) tries[tries.length - 1]?.push(new Map(cur));
    }
    return cur;
  }

  private stmt(s: Stmt, st: State): State | null {
    this.tick();
    this.frame.aborted = false;
    switch (s.k) {
      case 'assign': {
        const v = this.eval(s.value, st);
        for (const t of s.targets) {
          this.assign(t, v, st, s.at);
          this.noteAlias(t, s.value);
        }
        return this.aborted() ? null : st;
      }
      case 'augassign': {
        const old = this.evalTarget(s.target, st);
        const v = this.eval(s.value, st);
        const combined = this.binop(s.op, old, v);
        this.assign(s.target, combined, st, s.at);
        return st;
      }
      case 'expr':
        this.eval(s.value, st);
        return this.aborted() ? null : st;
      case 'if':
        return this.ifStmt(s.test, s.then, s.else, st);
      case 'while':
        return this.whileStmt(s, st);
      case 'for':
        return this.forStmt(s, st);
      case 'return': {
        const v = s.value === undefined ? constVal(null) : this.eval(s.value, st);
        if (s.value !== undefined) this.checkReturnSink(v, s.at);
        this.frame.returns.push(v);
        this.frame.exits.push(st);
        if (s.value !== undefined)
          this.frame.returnTests.push({ expr: s.value, st: new Map(st), v });
        return null;
      }
      case 'raise':
        if (s.value !== undefined) this.eval(s.value, st);
        return null;
      case 'break':
        this.frame.loops[this.frame.loops.length - 1]?.breaks.push(st);
        return null;
      case 'continue':
        this.frame.loops[this.frame.loops.length - 1]?.continues.push(st);
        return null;
      case 'try':
        return this.tryStmt(s, st);
      case 'with': {
        for (const item of s.items) {
          const v = this.eval(item.value, st);
          if (item.target !== undefined) this.assign(item.target, v, st, item.value.at);
        }
        return this.exec(s.body, st);
      }
      case 'def':
        // A nested function keeps the enclosing variables it may read (a closure).
        st.set(
          s.fn.name,
          this.frame.fn === undefined ? { t: [], fn: s.fn } : { t: [], fn: s.fn, env: new Map(st) },
        );
        return st;
      case 'class': {
        st.set(lastSegment(s.cls.name), { t: [], classRef: s.cls.name });
        this.classAttribute(s.cls.name, '');
        return st;
      }
      case 'switch':
        return this.switchStmt(s, st);
      case 'goto': {
        const frame = this.frame;
        const states = frame.labels.get(s.label);
        if (states === undefined) frame.labels.set(s.label, [new Map(st)]);
        else states.push(new Map(st));
        if (frame.labelsSeen.has(s.label)) frame.backward = true;
        return null;
      }
      case 'label': {
        this.frame.labelsSeen.add(s.label);
        const jumped = this.frame.labels.get(s.label);
        return jumped === undefined ? st : (joinStates([st, ...jumped]) ?? st);
      }
      case 'pass':
        return st;
    }
  }

  /**
   * C/C++ `switch`: each case is entered from the switch (or falls through from the case before);
   * `break` leaves the switch, `continue` belongs to the enclosing loop.
   */
  private switchStmt(s: Extract<Stmt, { k: 'switch' }>, st: State): State | null {
    this.eval(s.test, st);
    if (this.frame.aborted) return null;
    const loop: Loop = { breaks: [], continues: [] };
    const loops = this.frame.loops;
    loops.push(loop);
    let fall: State | null = null;
    try {
      for (const body of s.cases) fall = this.exec(body, joinStates([new Map(st), fall]));
    } finally {
      loops.pop();
    }
    const outer = loops[loops.length - 1];
    if (outer !== undefined) outer.continues.push(...loop.continues);
    return joinStates([fall, ...loop.breaks, ...(s.hasDefault ? [] : [st])]);
  }

  private ifStmt(
    test: Expr,
    then: readonly Stmt[],
    orelse: readonly Stmt[],
    st: State,
  ): State | null {
    const t = this.eval(test, st);
    if (this.frame.aborted) return null;
    if (t.c !== undefined) return this.exec(truthy(t.c.v) ? then : orelse, st);
    const a = this.exec(then, this.refine(test, new Map(st), true));
    const b = this.exec(orelse, this.refine(test, st, false));
    return joinStates([a, b]);
  }

  private whileStmt(s: Extract<Stmt, { k: 'while' }>, st: State): State | null {
    if (s.doWhile === true) return this.doWhileStmt(s, st);
    // While the condition is a known constant (`i = 0; while i < 1: ...; i += 1`), run the body
    // exactly, iteration by iteration; fall back to the fixed point when it stops being one.
    const unrolled: State[] = [];
    let cur: State | null = st;
    for (let i = 0; s.fixpoint !== true && i < MAX_LOOP_ITERATIONS && cur !== null; i++) {
      const t = this.eval(s.test, cur);
      if (t.c === undefined) break;
      if (!truthy(t.c.v)) return joinStates([this.exec(s.orelse, cur), ...unrolled]);
      const loop: Loop = { breaks: [], continues: [] };
      this.frame.loops.push(loop);
      let out: State | null;
      try {
        out = this.exec(s.body, new Map(cur));
      } finally {
        this.frame.loops.pop();
      }
      unrolled.push(...loop.breaks);
      cur = joinStates([out, ...loop.continues]);
    }
    if (cur === null) return joinStates(unrolled);
    const start = cur;
    const { head, breaks: more } = this.iterate(start, (h) => {
      const t = this.eval(s.test, h);
      if (t.c !== undefined && !truthy(t.c.v)) return 'stop';
      return this.exec(s.body, this.refine(s.test, new Map(h), true));
    });
    const breaks = [...unrolled, ...more];
    const t = this.eval(s.test, head);
    const exit =
      t.c !== undefined && truthy(t.c.v) ? null : this.refine(s.test, new Map(head), false);
    return joinStates([this.exec(s.orelse, exit), ...breaks]);
  }

  /** C `do body while (test);`: the body runs first; `do { ... } while (0)` runs it once. */
  private doWhileStmt(s: Extract<Stmt, { k: 'while' }>, st: State): State | null {
    if (s.test.k === 'const' && !truthy(s.test.value)) {
      const loop: Loop = { breaks: [], continues: [] };
      this.frame.loops.push(loop);
      let out: State | null;
      try {
        out = this.exec(s.body, st);
      } finally {
        this.frame.loops.pop();
      }
      return joinStates([out, ...loop.continues, ...loop.breaks]);
    }
    let round = 0;
    const { head, breaks } = this.iterate(
      st,
      (h) => {
        if (round++ === 0) return this.exec(s.body, new Map(h));
        const t = this.eval(s.test, h);
        if (t.c !== undefined && !truthy(t.c.v)) return 'stop';
        return this.exec(s.body, this.refine(s.test, new Map(h), true));
      },
      true,
    );
    const t = this.eval(s.test, head);
    const exit =
      t.c !== undefined && truthy(t.c.v) ? null : this.refine(s.test, new Map(head), false);
    return joinStates([exit, ...breaks]);
  }

  private forStmt(s: Extract<Stmt, { k: 'for' }>, st: State): State | null {
    const iter = this.eval(s.iter, st);
    const elem = this.elementOf(iter);
    // Over a constant non-empty range or display the body runs at least once: no path skips it.
    const nonEmpty = (iter.len ?? 0) > 0 || nonEmptyRange(s.iter, (e) => this.eval(e, st));
    const { head, breaks } = this.iterate(
      st,
      (h) => {
        const body = new Map(h);
        this.assign(s.target, elem, body, s.at, 'iterated into');
        return this.exec(s.body, body);
      },
      nonEmpty,
    );
    return joinStates([this.exec(s.orelse, head), ...breaks]);
  }

  /**
   * Runs a loop body from the loop head until the head state no longer changes (at most
   * MAX_LOOP_ITERATIONS rounds); returns the final head and the states at `break`.
   */
  private iterate(
    st: State,
    body: (head: State) => State | null | 'stop',
    atLeastOnce = false,
  ): { head: State; breaks: State[] } {
    const loop: Loop = { breaks: [], continues: [] };
    this.frame.loops.push(loop);
    let head = st;
    try {
      for (let i = 0; i < MAX_LOOP_ITERATIONS; i++) {
        const out = body(head);
        if (out === 'stop') break;
        const next =
          i === 0 && atLeastOnce
            ? joinStates([out, ...loop.continues])
            : joinStates([head, out, ...loop.continues]);
        loop.continues = [];
        if (next === null || sameState(next, head)) break;
        head = next;
      }
    } finally {
      this.frame.loops.pop();
    }
    return { head, breaks: loop.breaks };
  }

  private tryStmt(s: Extract<Stmt, { k: 'try' }>, st: State): State | null {
    this.frame.tries.push([new Map(st)]);
    this.frame.casts.push([]);
    let bodyOut: State | null;
    let snaps: State[];
    let casts: { e: Expr; at: IrNode; label: string }[];
    try {
      bodyOut = this.exec(s.body, st);
    } finally {
      snaps = this.frame.tries.pop() ?? [];
      casts = this.frame.casts.pop() ?? [];
    }
    const entry = joinStates(snaps) ?? new Map<string, AVal>();
    const outs: (State | null)[] = [];
    for (const h of s.handlers) {
      const e = new Map(entry);
      if (h.name !== undefined) e.set(h.name, CLEAN);
      outs.push(this.exec(h.body, e));
    }
    // `try: int(x)` / `except ValueError: return`: when every handler leaves, the code after the
    // try runs only if the cast succeeded, so `x` is a number there.
    if (bodyOut !== null && s.handlers.length > 0 && outs.every((o) => o === null)) {
      for (const c of casts) bodyOut = this.clean(c.e, bodyOut, '*', c.at, c.label);
    }
    outs.push(this.exec(s.orelse, bodyOut));
    const merged = joinStates(outs);
    if (s.finally.length === 0) return merged;
    if (merged === null) {
      this.exec(s.finally, new Map(entry));
      return null;
    }
    return this.exec(s.finally, merged);
  }

  // ------------------------------------------------------------------ assignment

  private assign(t: Target, v: AVal, st: State, at: IrNode, verb = 'assigned to'): void {
    switch (t.k) {
      case 'name': {
        this.frame.reassigned.add(t.name);
        if (this.frame.fn?.scalars?.has(t.name) === true && v.fromSource !== true) {
          // C/C++: a variable of an arithmetic type holds a number, which carries no syntax (but
          // `int c = getchar()` holds a character straight from the source).
          st.set(t.name, v.c !== undefined ? constVal(v.c.v) : CLEAN);
          return;
        }
        const flows = v.t.length === 0 ? v.t : withStep(v.t, at, `${verb} \`${t.name}\``);
        st.set(t.name, v.p === undefined && flows === v.t ? v : this.stepAll(v, flows));
        return;
      }
      case 'attr': {
        // `x.headers = parse(...)` replaces an attribute; only `x.headers[k] = v` writes into it.
        this.checkStoresInto(t.obj, v, [], t.at);
        const objText = exprPath(t.obj);
        const stepped = this.stepAll(
          v,
          // C++ members are written `this->name`.
          withStep(
            v.t,
            at,
            `stored in \`${objText ?? '…'}${objText === 'this' ? '->' : '.'}${t.name}\``,
          ),
        );
        this.update(t.obj, st, (o) => withPart(o, `.${t.name}`, stepped));
        if (t.obj.k === 'name') {
          const o = st.get(t.obj.name);
          if (o?.selfOf !== undefined) {
            const prev = this.frame.selfWrites.get(t.name);
            this.frame.selfWrites.set(
              t.name,
              prev === undefined ? stepped : joinVal(prev, stepped),
            );
          }
        }
        return;
      }
      case 'index': {
        // The key is written too: a client-chosen key can overwrite any entry.
        const keyVal = this.eval(t.index, st);
        const keyFlows = deep(keyVal);
        if (t.obj.k === 'attr') this.checkStoreSink(t.obj.name, v, keyFlows, t.at);
        this.checkStoresInto(t.obj, v, keyFlows, t.at);
        const key = this.keyOf(keyVal);
        const objText = exprPath(t.obj) ?? '…';
        const stepped = this.stepAll(v, withStep(v.t, at, `stored in \`${objText}[…]\``));
        this.update(t.obj, st, (o) =>
          key === undefined
            ? { ...without(o, 'c'), t: unionFlows(o.t, deep(stepped)) }
            : withPart(o, key, stepped),
        );
        return;
      }
      case 'tuple': {
        const star = t.items.findIndex((x) => x.k === 'star');
        t.items.forEach((item, i) => {
          if (item.k === 'star') {
            this.assign(item.target, { t: deep(v), seq: true }, st, at, verb);
            return;
          }
          const part =
            star === -1 || i < star
              ? readPart(v, `i:${String(i)}`)
              : v.len !== undefined
                ? readPart(v, `i:${String(v.len - (t.items.length - i))}`)
                : tainted(deep(v));
          this.assign(item, v.p === undefined ? tainted(v.t) : part, st, at, verb);
        });
        return;
      }
      case 'star':
        this.assign(t.target, { t: deep(v), seq: true }, st, at, verb);
        return;
      case 'other':
        return;
    }
  }

  /**
   * C: after `p = buf`, `p = &buf[i]` or `p = buf + n` (p not a number), `p` points into `buf`;
   * any other assignment to `p` ends that.
   */
  private noteAlias(t: Target, value: Expr): void {
    const pointers = this.frame.fn?.pointers;
    if (pointers === undefined || t.k !== 'name' || !pointers.has(t.name)) return;
    const base = lvalueBase(value);
    if (base.k === 'name' && base.name === t.name) return; // `p = p + 1`: still into the same object
    if (base.k === 'name' && this.frame.fn?.scalars?.has(base.name) !== true) {
      this.frame.aliases.set(t.name, base.name);
    } else this.frame.aliases.delete(t.name);
  }

  /** A copy of v whose own flows are `flows` (parts keep theirs). */
  private stepAll(v: AVal, flows: readonly Flow[]): AVal {
    return flows === v.t ? v : { ...v, t: flows };
  }

  /** Applies `f` to the value an lvalue expression denotes, writing it back (names and attributes). */
  private update(e: Expr, st: State, f: (v: AVal) => AVal, depth = 0): void {
    if (depth > 4) return;
    if (e.k === 'name') {
      st.set(e.name, f(this.lookup(e, st)));
      return;
    }
    if (e.k === 'attr') {
      this.update(
        e.obj,
        st,
        (o) => withPart(o, `.${e.name}`, f(this.readAttr(o, e.name, e.at))),
        depth + 1,
      );
      if (e.obj.k === 'name') {
        const o = st.get(e.obj.name);
        if (o?.selfOf !== undefined) {
          const written = o.p?.get(`.${e.name}`);
          if (written !== undefined) this.frame.selfWrites.set(e.name, written);
        }
      }
      return;
    }
    if (e.k === 'index') {
      const key = this.keyOf(this.eval(e.index, st));
      if (key !== undefined) {
        this.update(e.obj, st, (o) => withPart(o, key, f(readPart(o, key))), depth + 1);
        return;
      }
      // An unknown element (`reqs[i].name = v`): what is written joins the whole container.
      this.update(
        e.obj,
        st,
        (o) => {
          const added = deep(f(tainted(deep(o))));
          return added.length === 0 ? o : { ...without(o, 'c'), t: unionFlows(o.t, added) };
        },
        depth + 1,
      );
    }
  }

  private evalTarget(t: Target, st: State): AVal {
    switch (t.k) {
      case 'name':
        return this.lookup({ name: t.name, at: t.at }, st);
      case 'attr':
        return this.readAttr(this.eval(t.obj, st), t.name, t.at);
      case 'index': {
        const key = this.keyOf(this.eval(t.index, st));
        const o = this.eval(t.obj, st);
        return key === undefined ? tainted(deep(o)) : readPart(o, key);
      }
      default:
        return CLEAN;
    }
  }

  private keyOf(v: AVal): string | undefined {
    if (v.c === undefined) return undefined;
    const c = v.c.v;
    if (typeof c === 'number') return `i:${String(c)}`;
    return `k:${String(c)}`;
  }

  // ------------------------------------------------------------------ expressions

  private lookup(
    e: { name: string; qn?: string; imported?: boolean; at: IrNode },
    st: State,
  ): AVal {
    const local = st.get(e.name);
    if (local !== undefined) {
      // C: a pointer or reference into another variable also reads what that variable holds now.
      const alias = this.frame.aliases.size === 0 ? undefined : this.frame.aliases.get(e.name);
      return alias === undefined ? local : this.throughAlias(local, alias, st);
    }
    const g = this.frame.fn === undefined ? undefined : this.globals.get(e.name);
    if (g !== undefined) return g;
    const fn = this.topFunctions.get(e.name);
    if (fn !== undefined) return { t: [], fn };
    const cls = this.classes.get(e.name);
    if (cls !== undefined) return { t: [], classRef: cls.name };
    if (e.qn !== undefined) {
      const src = this.valueSource(e.qn, e.at);
      if (src !== undefined) return src;
    }
    return CLEAN;
  }

  /** `local` joined with the taint the variables it points into (`p -> buf`) hold now. */
  private throughAlias(local: AVal, alias: string, st: State): AVal {
    let flows = deep(local);
    let next: string | undefined = alias;
    for (let i = 0; next !== undefined && i < 4; i++) {
      const target = st.get(next) ?? this.globals.get(next);
      if (target !== undefined) flows = unionFlows(flows, deep(target));
      next = this.frame.aliases.get(next);
    }
    return flows.length === deep(local).length ? local : { ...without(local, 'c'), t: flows };
  }

  private valueSource(qn: string, at: IrNode): AVal | undefined {
    for (const { value, spec } of this.spec.values) {
      if (qn === value || qn.startsWith(`${value}.`) || qn.startsWith(`${value}::`)) {
        return { t: [this.sourceFlow(at, spec.label)] };
      }
    }
    return undefined;
  }

  eval(e: Expr, st: State): AVal {
    switch (e.k) {
      case 'const':
        return constVal(e.value);
      case 'name':
        return this.lookup(e, st);
      case 'attr': {
        if (e.qn !== undefined && !(e.obj.k === 'name' && st.has(e.obj.name))) {
          const src = this.valueSource(e.qn, e.at);
          if (src !== undefined) return src;
        }
        const o = this.eval(e.obj, st);
        return this.readAttr(o, e.name, e.at);
      }
      case 'index': {
        const o = this.eval(e.obj, st);
        const key = this.keyOf(this.eval(e.index, st));
        if (key !== undefined) {
          if (o.c !== undefined && typeof o.c.v === 'string') return CLEAN;
          if (key.startsWith('i:-') && o.len !== undefined) {
            return readPart(o, `i:${String(o.len + Number(key.slice(2)))}`);
          }
          return readPart(o, key);
        }
        return tainted(deep(o));
      }
      case 'slice': {
        const o = this.eval(e.obj, st);
        return o.c !== undefined ? CLEAN : tainted(deep(o));
      }
      case 'call':
        return this.call(e, st);
      case 'binop':
        return this.binop(e.op, this.eval(e.left, st), this.eval(e.right, st));
      case 'unop': {
        const v = this.eval(e.operand, st);
        if (e.op === 'not') return v.c !== undefined ? constVal(!truthy(v.c.v)) : CLEAN;
        if (v.c !== undefined && typeof v.c.v === 'number') {
          return constVal(e.op === '-' ? -v.c.v : e.op === '~' ? ~v.c.v : v.c.v);
        }
        return tainted(deep(v));
      }
      case 'compare': {
        const vals = e.operands.map((o) => this.eval(o, st));
        return foldCompare(e.ops, vals);
      }
      case 'bool': {
        let acc: AVal | undefined;
        const parts: AVal[] = [];
        let cur = st;
        for (const v of e.values) {
          const val = this.eval(v, cur);
          if (val.c !== undefined) {
            const isTrue = truthy(val.c.v);
            // `a and b`: a falsy constant decides; `a or b`: a truthy one does.
            if ((e.op === 'and' && !isTrue) || (e.op === 'or' && isTrue)) {
              acc = parts.length === 0 ? val : undefined;
              if (acc !== undefined) return acc;
              parts.push(val);
              break;
            }
            continue;
          }
          parts.push(val);
          cur = this.refine(v, new Map(cur), e.op === 'and');
        }
        if (parts.length === 0) {
          const last = e.values.at(-1);
          return last === undefined ? CLEAN : this.eval(last, st);
        }
        return parts.reduce((a, b) => joinVal(a, b));
      }
      case 'cond': {
        const t = this.eval(e.test, st);
        if (t.c !== undefined) return this.eval(truthy(t.c.v) ? e.then : e.else, st);
        return joinVal(
          this.eval(e.then, this.refine(e.test, new Map(st), true)),
          this.eval(e.else, this.refine(e.test, new Map(st), false)),
        );
      }
      case 'list':
      case 'tuple':
      case 'set':
        return e.k === 'tuple'
          ? { ...this.display(e.items, true, st), tuple: true }
          : this.display(e.items, e.k !== 'set', st);
      case 'dict': {
        let t: readonly Flow[] = [];
        const p = new Map<string, AVal>();
        for (const { key, value } of e.entries) {
          const v = this.eval(value, st);
          if (key === null) {
            t = unionFlows(t, deep(v));
            continue;
          }
          const k = this.keyOf(this.eval(key, st));
          if (k === undefined) t = unionFlows(t, deep(v), deep(this.eval(key, st)));
          else p.set(k, v);
        }
        return { t, p, map: true };
      }
      case 'format': {
        const vals = e.parts.map((p) => this.eval(p, st));
        if (vals.every((v) => v.c !== undefined)) {
          return constVal(vals.map((v) => String(v.c?.v)).join(''));
        }
        const flows = unionFlows(...vals.map((v) => deep(v)));
        const prefix = leadingText(vals);
        return prefix === undefined ? tainted(flows) : { t: flows, prefix };
      }
      case 'lambda':
        // Like a nested `def`: a lambda sees the variables of the function it is written in.
        return this.frame.fn === undefined ? { t: [], fn: e.fn } : { t: [], fn: e.fn, env: st };
      case 'comp':
        return this.comprehension(e, st);
      case 'walrus': {
        const v = this.eval(e.value, st);
        st.set(
          e.target,
          v.t.length === 0 ? v : { ...v, t: withStep(v.t, e.at, `assigned to \`${e.target}\``) },
        );
        return v;
      }
      case 'star':
        return tainted(deep(this.eval(e.value, st)));
      case 'yield': {
        // A generator's callers iterate what it yields: yielded values join its return value.
        if (e.value !== undefined) {
          const v = this.eval(e.value, st);
          const flows = deep(v);
          if (flows.length > 0) this.frame.returns.push({ t: withStep(flows, e.at, 'yielded') });
        }
        return CLEAN;
      }
      case 'assign': {
        let v = this.eval(e.value, st);
        if (e.op !== undefined) v = this.binop(e.op, this.evalTarget(e.target, st), v);
        this.assign(e.target, v, st, e.at);
        if (e.op === undefined) this.noteAlias(e.target, e.value);
        return v;
      }
      case 'op':
        return tainted(unionFlows(...e.operands.map((o) => deep(this.eval(o, st)))));
    }
  }

  private display(items: readonly Expr[], ordered: boolean, st: State): AVal {
    let t: readonly Flow[] = [];
    const p = new Map<string, AVal>();
    let known = ordered;
    items.forEach((item, i) => {
      if (item.k === 'star') {
        known = false;
        t = unionFlows(t, deep(this.eval(item.value, st)));
        return;
      }
      const v = this.eval(item, st);
      if (known) p.set(`i:${String(i)}`, v);
      else t = unionFlows(t, deep(v));
    });
    if (!ordered) return { t };
    return known ? { t, p, len: items.length, seq: true } : { t, p, seq: true };
  }

  private comprehension(e: Extract<Expr, { k: 'comp' }>, st: State): AVal {
    const inner = new Map(st);
    for (const g of e.gens) {
      const iter = this.eval(g.iter, inner);
      this.assign(g.target, this.elementOf(iter), inner, g.iter.at, 'iterated into');
      for (const c of g.conds) {
        this.eval(c, inner);
        const refined = this.refine(c, inner, true);
        if (refined !== inner) {
          inner.clear();
          for (const [k, v] of refined) inner.set(k, v);
        }
      }
    }
    const elt = this.eval(e.elt, inner);
    const val = e.value === undefined ? CLEAN : this.eval(e.value, inner);
    return { t: unionFlows(deep(elt), deep(val)), seq: e.kind === 'list' };
  }

  private elementOf(iter: AVal): AVal {
    if (iter.c !== undefined) return CLEAN;
    return tainted(deep(iter));
  }

  private binop(op: string, a: AVal, b: AVal): AVal {
    if (a.c !== undefined && b.c !== undefined) {
      const folded = foldBinop(op, a.c.v, b.c.v);
      if (folded !== undefined) return constVal(folded);
    }
    if (
      op === '+' &&
      a.seq === true &&
      b.seq === true &&
      a.len !== undefined &&
      a.p !== undefined
    ) {
      // list concatenation keeps the left positions
      return { t: unionFlows(a.t, deep(b)), p: a.p, seq: true };
    }
    const flows = unionFlows(deep(a), deep(b));
    const prefix =
      op === '+'
        ? leadingText([a, b])
        : op === '%' && typeof a.c?.v === 'string'
          ? nonEmpty(a.c.v.split('%')[0])
          : undefined;
    return prefix === undefined ? tainted(flows) : { t: flows, prefix };
  }

  /** `obj.name`: a known attribute, a framework request attribute, a class field, or the object's taint. */
  private readAttr(o: AVal, name: string, at: IrNode): AVal {
    const key = `.${name}`;
    const part = o.p?.get(key);
    if (part !== undefined) return readPart(o, key);
    if (o.attrSource !== undefined) {
      if (o.attrSource.attributes.includes(name)) {
        return { t: unionFlows([this.sourceFlow(at, o.attrSource.label)], o.t) };
      }
    }
    if (o.selfOf !== undefined) {
      const cls = this.classes.get(o.selfOf);
      for (const src of this.spec.selfAttributes) {
        const sa = src.selfAttributes;
        if (sa === undefined || !sa.attributes.includes(name) || cls === undefined) continue;
        if (this.derivesFrom(cls, sa.bases)) return { t: [this.sourceFlow(at, src.label)] };
      }
      const field = this.classFields.get(o.selfOf)?.get(name) ?? [];
      const symbolic = o.t.flatMap((f) =>
        f.origin.kind === 'param' && f.origin.path === undefined
          ? [this.paramFlow(f.origin.fn, f.origin.index, name)]
          : [],
      );
      const dflt = this.classAttribute(o.selfOf, name);
      return tainted(unionFlows(symbolic, field, dflt === undefined ? [] : deep(dflt)));
    }
    if (o.cls !== undefined) {
      const dflt = this.classAttribute(o.cls, name);
      if (dflt !== undefined)
        return o.t.length === 0 ? dflt : { ...dflt, t: unionFlows(dflt.t, o.t) };
    }
    if (o.t.length === 0) return CLEAN;
    // Attributes of a parameter are followed one level, so summaries can say which attribute flows.
    const flows = o.t.map((f) =>
      f.origin.kind === 'param' && f.origin.path === undefined
        ? { ...this.paramFlow(f.origin.fn, f.origin.index, name), steps: f.steps }
        : f,
    );
    return tainted(flows);
  }

  /** A class-level attribute (its default value), from the class or a base class in the file. */
  private classAttribute(cls: string, name: string, depth = 0): AVal | undefined {
    const c = this.classes.get(cls);
    if (c === undefined || depth > 8) return undefined;
    let attrs = this.classAttrs.get(cls);
    if (attrs === undefined) {
      attrs = new Map();
      this.classAttrs.set(cls, attrs);
      const saved = this.frame;
      this.frame = new Frame(undefined, []);
      try {
        attrs = this.exec(c.body, attrs) ?? attrs;
        this.classAttrs.set(cls, attrs);
      } finally {
        this.frame = saved;
      }
    }
    const own = attrs.get(name);
    if (own !== undefined) return own;
    for (const b of c.bases) {
      if (b === cls) continue;
      const found = this.classAttribute(b, name, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private derivesFrom(cls: ClassIR, bases: readonly string[], depth = 0): boolean {
    if (depth > 8) return false;
    for (const b of cls.bases) {
      if (bases.includes(b) || bases.includes(lastSegment(b))) return true;
      const local = this.classes.get(b);
      if (local !== undefined && local !== cls && this.derivesFrom(local, bases, depth + 1))
        return true;
    }
    return false;
  }

  // ------------------------------------------------------------------ calls

  private call(c: Call, st: State): AVal {
    const recv = c.receiver === undefined ? undefined : this.eval(c.receiver, st);
    const calleeVal = c.callee.k === 'name' ? this.lookup(c.callee, st) : undefined;
    const args = c.args.map((a) => this.eval(a, st));
    const kws = new Map<string, AVal>();
    for (const k of c.keywords) kws.set(k.name, this.eval(k.value, st));
    const splats = c.kwsplats.map((s) => this.eval(s, st));

    // `getattr(obj, "name")` with a constant name reads that attribute.
    if (c.names.includes('getattr') && calleeVal?.fn === undefined) {
      const obj = args[0];
      const name = args[1]?.c?.v;
      if (obj !== undefined && typeof name === 'string' && c.args.length <= 3) {
        const read = this.readAttr(obj, name, c.at);
        const dflt = args[2];
        return dflt === undefined ? read : joinVal(read, dflt);
      }
    }

    // A function or method the lowering resolved statically (C++ methods of the file).
    const resolved = c.resolved === undefined ? undefined : this.functionsById.get(c.resolved);
    if (resolved !== undefined) {
      const self = this.hasReceiver(resolved) ? (recv ?? CLEAN) : undefined;
      return this.applySummary(resolved, c, self, args, kws, st);
    }

    // A function, method or class of this file: apply its summary.
    if (calleeVal?.fn !== undefined) {
      return this.applySummary(calleeVal.fn, c, undefined, args, kws, st, calleeVal.env);
    }
    if (calleeVal?.classRef !== undefined)
      return this.construct(calleeVal.classRef, c, args, kws, st);
    if (recv !== undefined) {
      const clsName = recv.cls ?? recv.selfOf;
      if (clsName !== undefined) {
        const m = this.method(clsName, c.method);
        if (m !== undefined) return this.applySummary(m, c, recv, args, kws, st);
      }
      if (recv.classRef !== undefined) {
        const m = this.method(recv.classRef, c.method);
        if (m !== undefined) return this.applySummary(m, c, undefined, args, kws, st);
      }
    }
    return this.libraryCall(c, recv, args, kws, splats, st);
  }

  private method(cls: string, name: string, depth = 0): FunctionIR | undefined {
    const c = this.classes.get(cls);
    if (c === undefined || depth > 8) return undefined;
    const m = c.methods.find((f) => f.name === name);
    if (m !== undefined) return m;
    for (const b of c.bases) {
      const found = this.classes.has(b) && b !== cls ? this.method(b, name, depth + 1) : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private construct(cls: string, c: Call, args: AVal[], kws: Map<string, AVal>, st: State): AVal {
    const instance: AVal = { t: [], cls };
    // Python's `__init__`, or a C++ constructor (a method named after its class).
    const init = this.method(cls, '__init__') ?? this.method(cls, cls);
    if (init === undefined) {
      // A dataclass-style class: arguments bind its annotated fields in order, or by keyword.
      const fields = this.classes.get(cls)?.fields ?? [];
      const p = new Map<string, AVal>();
      let rest: readonly Flow[] = [];
      args.forEach((a, i) => {
        const f = fields[i];
        if (f === undefined || c.args.slice(0, i + 1).some((x) => x.k === 'star')) {
          rest = unionFlows(rest, deep(a));
        } else p.set(`.${f}`, a);
      });
      for (const [k, v] of kws) {
        if (fields.includes(k)) p.set(`.${k}`, v);
        else rest = unionFlows(rest, deep(v));
      }
      return { ...instance, t: rest, p };
    }
    const sum = this.summary(init);
    const actuals = this.actuals(init, instance, args, kws, st);
    if (sum === undefined) {
      return { ...instance, t: unionFlows(...actuals.map((a) => deep(a))) };
    }
    this.reportSummarySinks(sum, actuals, c, init);
    let p = new Map<string, AVal>();
    for (const [attr, v] of sum.selfWrites)
      p = new Map(p).set(`.${attr}`, this.instantiate(v, actuals, c, init));
    return { ...instance, p };
  }

  /** The actual value of each parameter of `fn` at a call. */
  private actuals(
    fn: FunctionIR,
    self: AVal | undefined,
    args: readonly AVal[],
    kws: ReadonlyMap<string, AVal>,
    st: State,
  ): AVal[] {
    const out: AVal[] = [];
    let next = 0;
    const positional = [...args];
    fn.params.forEach((p, i) => {
      if (i === 0 && self !== undefined && this.hasReceiver(fn)) {
        out.push(self);
        return;
      }
      if (p.star === 'args') {
        out.push(tainted(unionFlows(...positional.slice(next).map((a) => deep(a)))));
        next = positional.length;
        return;
      }
      if (p.star === 'kwargs') {
        const rest = [...kws]
          .filter(([k]) => !fn.params.some((q) => q.name === k))
          .map(([, v]) => deep(v));
        out.push(tainted(unionFlows(...rest)));
        return;
      }
      const kw = kws.get(p.name);
      if (kw !== undefined) {
        out.push(kw);
        return;
      }
      const a = positional[next];
      if (a !== undefined) {
        next++;
        out.push(a);
        return;
      }
      out.push(p.default === undefined ? CLEAN : this.eval(p.default, st));
    });
    return out;
  }

  private applySummary(
    fn: FunctionIR,
    c: Call,
    self: AVal | undefined,
    args: AVal[],
    kws: Map<string, AVal>,
    st: State,
    env?: ReadonlyMap<string, AVal>,
  ): AVal {
    const actuals = this.actuals(fn, self, args, kws, st);
    const sum = this.summary(fn, env);
    if (sum === undefined) {
      // Recursion or depth bound: everything passed in may come back out.
      return tainted(
        withStep(
          unionFlows(...actuals.map((a) => deep(a))),
          c.at,
          `returned from \`${fn.name}()\``,
        ),
      );
    }
    this.reportSummarySinks(sum, actuals, c, fn);
    this.applyValidation(fn, sum, c, self !== undefined, st);
    for (const [i, written] of sum.outWrites) {
      const pos = self !== undefined && this.hasReceiver(fn) ? i - 1 : i;
      const a = c.args[pos];
      if (a === undefined) continue;
      const v = this.instantiate(written, actuals, c, fn);
      if (v.t.length === 0) continue;
      const name = exprPath(lvalueBase(a)) ?? '…';
      this.writeInto(
        a,
        { t: withStep(v.t, c.at, `written into \`${name}\` by \`${fn.name}()\``) },
        st,
        true,
      );
    }
    let newSelf = self;
    if (self !== undefined && c.receiver !== undefined && sum.selfWrites.size > 0) {
      for (const [attr, v] of sum.selfWrites) {
        const val = this.instantiate(v, actuals, c, fn);
        newSelf = withPart(newSelf ?? self, `.${attr}`, val);
        if (isLvalue(c.receiver)) this.update(c.receiver, st, (o) => withPart(o, `.${attr}`, val));
      }
    }
    // A method returning `self` (a builder) returns the receiver with what it stored.
    if (newSelf !== undefined && sum.ret.selfOf !== undefined) return newSelf;
    const ret = this.instantiate(sum.ret, actuals, c, fn);
    return ret.t.length === 0
      ? ret
      : { ...ret, t: withStep(ret.t, c.at, `returned from \`${fn.name}()\``) };
  }

  /** `check(host)` that aborts unless `host` is valid: the caller's `host` is clean after the call. */
  private applyValidation(fn: FunctionIR, sum: Summary, c: Call, bound: boolean, st: State): void {
    for (const [i, kinds] of sum.validates) {
      const p = fn.params[i];
      if (p === undefined) continue;
      const pos = bound && this.hasReceiver(fn) ? i - 1 : i;
      const byKeyword = c.keywords.find((k) => k.name === p.name)?.value;
      const positional = c.args.slice(0, pos + 1).some((a) => a.k === 'star')
        ? undefined
        : c.args[pos];
      const arg = byKeyword ?? positional;
      if (arg === undefined || !isLvalue(arg)) continue;
      const cleaned = this.clean(arg, st, kinds, c.at, `validated by \`${fn.name}()\``);
      st.clear();
      for (const [k, v] of cleaned) st.set(k, v);
    }
  }

  private reportSummarySinks(
    sum: Summary,
    actuals: readonly AVal[],
    c: Call,
    fn: FunctionIR,
  ): void {
    for (const s of sum.sinks) {
      const flows = this.instantiateFlows([s.flow], actuals, c, fn);
      this.report(s.kind, s.label, s.node, s.callee, flows);
    }
  }

  /** Replaces the callee's parameter flows in a value with the actual arguments' flows. */
  private instantiate(v: AVal, actuals: readonly AVal[], c: Call, fn: FunctionIR, depth = 0): AVal {
    const t = this.instantiateFlows(v.t, actuals, c, fn);
    let p: Map<string, AVal> | undefined;
    if (v.p !== undefined && depth < 4) {
      p = new Map();
      for (const [k, part] of v.p) p.set(k, this.instantiate(part, actuals, c, fn, depth + 1));
    }
    const out: AVal = { t };
    return {
      ...out,
      ...(v.c !== undefined ? { c: v.c } : {}),
      ...(p !== undefined ? { p } : {}),
      ...(v.len !== undefined ? { len: v.len } : {}),
      ...(v.seq !== undefined ? { seq: v.seq } : {}),
      ...(v.cls !== undefined ? { cls: v.cls } : {}),
      ...(v.via !== undefined ? { via: v.via } : {}),
    };
  }

  private instantiateFlows(
    flows: readonly Flow[],
    actuals: readonly AVal[],
    c: Call,
    fn: FunctionIR,
  ): readonly Flow[] {
    if (flows.length === 0) return flows;
    const out: Flow[] = [];
    for (const f of flows) {
      if (f.origin.kind !== 'param' || f.origin.fn !== fn) {
        out.push(f);
        continue;
      }
      const actual = actuals[f.origin.index];
      if (actual === undefined) continue;
      const src = f.origin.path === undefined ? actual : this.readAttr(actual, f.origin.path, c.at);
      const incoming = withStep(deep(src), c.at, `passed to \`${fn.name}()\``);
      for (const a of incoming) {
        const cleaned = [...new Set([...a.cleaned, ...f.cleaned])].sort();
        out.push(makeFlow(a.origin, cleaned, appendSteps(a.steps, f.steps)));
      }
    }
    return unionFlows(out);
  }

  private libraryCall(
    c: Call,
    recv: AVal | undefined,
    args: readonly AVal[],
    kws: ReadonlyMap<string, AVal>,
    splats: readonly AVal[],
    st: State,
  ): AVal {
    this.checkSinks(c, recv, args, kws, splats);
    if (c.names.some((n) => this.spec.noReturn.has(n))) this.frame.aborted = true;
    const via = c.names[0] ?? c.method;
    const first0 = c.args[0];
    const viaArg = first0 !== undefined && isLvalue(first0) ? first0 : undefined;

    const sources = this.spec.sources
      .match(c)
      .filter((s) => s.when === undefined || s.when.some((w) => this.holds(w, c, args, kws)));
    const first = sources[0];
    if (first !== undefined) {
      let result = false;
      for (const src of sources) {
        const into = argPositions(src.intoArgs, src.intoArgsFrom, c.args.length);
        // C/C++ out-parameters: `fgets(buf, n, f)` writes the data into `buf`.
        for (const i of into) {
          const a = c.args[i];
          if (a !== undefined) this.writeInto(a, { t: [this.sourceFlow(c.at, src.label)] }, st);
        }
        if (src.result ?? into.length === 0) result = true;
      }
      return result
        ? { t: [this.sourceFlow(c.at, first.label)], via, fromSource: true }
        : { t: [], via };
    }

    // C/C++: a library call given `&x` may change `x`: it is no longer a known constant.
    for (const a of c.args) {
      if (a.k === 'unop' && a.op === '&' && isLvalue(a.operand)) {
        this.update(a.operand, st, (old) => (old.c === undefined ? old : without(old, 'c')));
      }
    }

    const inputs = (): readonly Flow[] =>
      unionFlows(
        recv === undefined ? [] : deep(recv),
        ...args.map((a) => deep(a)),
        ...[...kws.values()].map((v) => deep(v)),
        ...splats.map((s) => deep(s)),
      );

    const sanitizers = this.spec.sanitizers
      .match(c)
      .filter((s) => s.when === undefined || s.when.some((w) => this.holds(w, c, args, kws)));
    const intoSanitizer = sanitizers.find((s) => s.intoArgs !== undefined);
    if (intoSanitizer !== undefined) {
      // `escape(dst, src)`: a cleaned copy of the inputs goes into `dst`; the result is a status.
      const into = intoSanitizer.intoArgs ?? [];
      const fromIdx =
        intoSanitizer.fromArgs ?? c.args.map((_, i) => i).filter((i) => !into.includes(i));
      const label = intoSanitizer.label ?? `sanitized by \`${c.text}\``;
      const kinds = intoSanitizer.kinds;
      const flows =
        kinds === '*'
          ? []
          : unionFlows(...fromIdx.map((i) => deep(args[i] ?? CLEAN))).map((f) =>
              makeFlow(f.origin, [...new Set([...f.cleaned, ...kinds])].sort(), f.steps),
            );
      for (const i of into) {
        const a = c.args[i];
        if (a !== undefined)
          this.writeInto(a, { t: withStep(flows, c.at, `${label} (\`${c.text}()\`)`) }, st);
      }
      return { t: [], via };
    }
    if (sanitizers.length > 0) {
      const cast = sanitizers.find((s) => s.kinds === '*');
      if (cast !== undefined) {
        const arg = c.args[0];
        const open = this.frame.casts[this.frame.casts.length - 1];
        if (open !== undefined && arg !== undefined && isLvalue(arg)) {
          open.push({
            e: arg,
            at: c.at,
            label: `${cast.label ?? 'converted'} (\`${c.text}()\` succeeded)`,
          });
        }
        return { t: [], via };
      }
      const kinds = new Set<string>(sanitizers.flatMap((s) => (s.kinds === '*' ? [] : s.kinds)));
      const label = sanitizers[0]?.label ?? `sanitized by \`${c.text}\``;
      const flows = inputs().map((f) =>
        makeFlow(f.origin, [...new Set([...f.cleaned, ...kinds])].sort(), f.steps),
      );
      return { t: withStep(flows, c.at, `${label} (\`${c.text}()\`)`), via };
    }

    // Container methods modelled precisely on a receiver whose parts are known.
    if (recv !== undefined && c.receiver !== undefined) {
      const native = this.containerMethod(c, recv, args, st);
      if (native !== undefined) return native;
    }

    let result: AVal | undefined;
    for (const p of this.spec.propagators.match(c)) {
      const from = unionFlows(
        ...p.from.map((src) =>
          src === 'receiver'
            ? recv === undefined
              ? []
              : deep(recv)
            : typeof src === 'number'
              ? deep(args[src] ?? CLEAN)
              : deep(kws.get(src) ?? CLEAN),
        ),
        ...(p.fromArgsFrom === undefined ? [] : args.slice(p.fromArgsFrom).map((a) => deep(a))),
      );
      // C/C++ out-parameters: `strcpy(dst, src)` copies into `dst`, `strcat` appends to it.
      for (const i of p.toArgs ?? []) {
        const a = c.args[i];
        if (a === undefined) continue;
        const name = exprPath(lvalueBase(a)) ?? '…';
        const verb = p.append === true ? 'appended to' : 'copied into';
        const v = { t: withStep(from, c.at, `${verb} \`${name}\` by \`${c.text}()\``) };
        this.writeInto(a, v, st, p.append === true);
      }
      if (p.to === 'none') result ??= { t: [], via };
      else if (p.to === 'result') {
        const undone = p.undoes;
        const passed =
          undone === undefined
            ? from
            : withStep(
                from.map((f) =>
                  makeFlow(
                    f.origin,
                    undone === '*' ? [] : f.cleaned.filter((k) => !undone.includes(k)),
                    f.steps,
                  ),
                ),
                c.at,
                `decoded by \`${c.text}()\``,
              );
        result = { t: unionFlows(result?.t ?? [], passed), via };
      } else if (c.receiver !== undefined && from.length > 0) {
        const stepped = withStep(from, c.at, `added to \`${c.receiverText}\``);
        this.update(c.receiver, st, (o) => ({ ...without(o, 'c'), t: unionFlows(o.t, stepped) }));
      }
    }
    if (result !== undefined) return result;
    const flows = inputs();
    // `"https://host/{}".format(x)` starts with the text before the first field.
    if (c.method === 'format' && recv !== undefined && typeof recv.c?.v === 'string') {
      const prefix = nonEmpty(recv.c.v.split('{')[0]);
      if (prefix !== undefined) return { t: flows, via, prefix };
    }
    return viaArg === undefined
      ? { t: flows, via, madeBy: c }
      : { t: flows, via, viaArg, madeBy: c };
  }

  /**
   * A write through an argument (C/C++ out-parameters): the variable or `s.f` path the argument
   * names is overwritten when it names it whole (`buf`, `&x`, `s.f`), joined when it names a part
   * (`buf + n`, `&buf[i]`, `*p`, `buf[i]`) or when `append` is set. Other arguments are ignored.
   */
  private writeInto(a: Expr, v: AVal, st: State, append = false): void {
    let e = a;
    let weak = append;
    for (let depth = 0; depth < 8; depth++) {
      if (e.k === 'unop' && (e.op === '&' || e.op === '*')) {
        if (e.op === '*') weak = true;
        e = e.operand;
      } else if (e.k === 'binop' && (e.op === '+' || e.op === '-')) {
        weak = true;
        e = e.left;
      } else if (e.k === 'index' && !(e.index.k === 'const' && isLvalue(e.obj))) {
        weak = true;
        e = e.obj;
      } else break;
    }
    if (!isLvalue(e)) {
      // `recv(s, reqs[i].name, ...)`: a part of an element of unknown position.
      if (e.k !== 'attr' && e.k !== 'index') return;
      weak = true;
    }
    if (e.k === 'name') {
      this.frame.reassigned.add(e.name);
      if (this.frame.fn?.scalars?.has(e.name) === true) {
        st.set(e.name, CLEAN); // a number was written (`scanf("%d", &n)`)
        return;
      }
      // A write through `p` after `char *p = buf;` lands in `buf` too.
      let alias = this.frame.aliases.get(e.name);
      for (let i = 0; alias !== undefined && i < 4; i++) {
        const into = alias;
        this.update({ k: 'name', name: into, at: e.at }, st, (old) =>
          v.t.length === 0
            ? old
            : { ...without(old, 'c', 'prefix'), t: unionFlows(deep(old), v.t) },
        );
        alias = this.frame.aliases.get(into);
      }
    }
    this.update(e, st, (old) =>
      weak ? { ...without(old, 'c', 'prefix'), t: unionFlows(deep(old), v.t) } : v,
    );
  }

  private containerMethod(c: Call, recv: AVal, args: readonly AVal[], st: State): AVal | undefined {
    const target = c.receiver;
    if (target === undefined) return undefined;
    const arg0 = args[0];
    switch (c.method) {
      case 'get': {
        // A read from a known dictionary: the value stored there (whoever chose the key).
        if (
          (recv.p === undefined && recv.map !== true) ||
          arg0 === undefined ||
          c.args.length > 2
        ) {
          return undefined;
        }
        const key = this.keyOf(arg0);
        const dflt = args[1] ?? constVal(null);
        if (key === undefined) return tainted(unionFlows(deep(recv), deep(dflt)));
        return recv.p?.has(key) === true ? readPart(recv, key) : joinVal(readPart(recv, key), dflt);
      }
      case 'append': {
        if (arg0 === undefined || c.args.length !== 1 || !isLvalue(target)) return undefined;
        const stepped =
          arg0.t.length === 0
            ? arg0
            : { ...arg0, t: withStep(arg0.t, c.at, `appended to \`${c.receiverText}\``) };
        this.update(target, st, (o) =>
          o.seq === true && o.len !== undefined
            ? { ...withPart(o, `i:${String(o.len)}`, stepped), len: o.len + 1 }
            : { ...without(o, 'c'), t: unionFlows(o.t, deep(stepped)) },
        );
        return constVal(null);
      }
      case 'extend':
      case 'update':
      case 'add':
      case 'insert':
      case 'appendleft': {
        if (!isLvalue(target) || args.length === 0) return undefined;
        const flows = unionFlows(...args.map((a) => deep(a)));
        if (flows.length > 0) {
          const stepped = withStep(flows, c.at, `added to \`${c.receiverText}\``);
          // Positions after an insert are unknown: the list collapses to its union (conservative).
          this.update(target, st, (o) =>
            c.method === 'insert' || c.method === 'appendleft'
              ? { t: unionFlows(deep(o), stepped), seq: true }
              : { ...without(o, 'c', 'len'), t: unionFlows(o.t, stepped) },
          );
        }
        return constVal(null);
      }
      case 'copy':
        return args.length === 0 ? recv : undefined;
      case 'remove':
      case 'reverse':
      case 'sort':
      case 'clear': {
        if (!isLvalue(target)) return undefined;
        this.update(target, st, (o) => reorder(c.method, o, arg0));
        return constVal(null);
      }
      case 'pop': {
        // Positions are known: take the element and shift the rest down.
        if (recv.seq !== true || recv.len === undefined || recv.len === 0 || !isLvalue(target)) {
          return undefined;
        }
        const len = recv.len;
        let idx = len - 1;
        if (arg0 !== undefined) {
          if (arg0.c === undefined || typeof arg0.c.v !== 'number') return undefined;
          idx = arg0.c.v < 0 ? len + arg0.c.v : arg0.c.v;
        }
        if (idx < 0 || idx >= len) return undefined;
        const taken = readPart(recv, `i:${String(idx)}`);
        const p = new Map<string, AVal>();
        for (let j = 0; j < len; j++) {
          if (j === idx) continue;
          p.set(`i:${String(j < idx ? j : j - 1)}`, readPart(recv, `i:${String(j)}`));
        }
        this.update(target, st, () => ({ t: recv.t, p, len: len - 1, seq: true }));
        return taken;
      }
      default:
        return undefined;
    }
  }

  // ------------------------------------------------------------------ sinks

  private checkSinks(
    c: Call,
    recv: AVal | undefined,
    args: readonly AVal[],
    kws: ReadonlyMap<string, AVal>,
    splats: readonly AVal[],
  ): void {
    const sinks = this.spec.sinks.match(c);
    for (const s of sinks) {
      if (s.onlyWhen !== undefined && !s.onlyWhen.some((cond) => this.holds(cond, c, args, kws)))
        continue;
      if (s.safeWhen?.some((cond) => this.holds(cond, c, args, kws)) === true) continue;
      const values: AVal[] = [];
      if (s.argsFrom !== undefined) values.push(...args.slice(s.argsFrom));
      const all = s.args === undefined && s.keywords === undefined && s.argsFrom === undefined;
      if (all) {
        values.push(...args, ...kws.values(), ...splats);
      } else {
        const starAt = c.args.findIndex((a) => a.k === 'star');
        for (const i of s.args ?? []) {
          const v = args[i];
          if (v !== undefined && (starAt === -1 || i < starAt)) values.push(v);
          else if (starAt !== -1) values.push(...args.slice(starAt));
        }
        for (const k of s.keywords ?? []) {
          const v = kws.get(k);
          if (v !== undefined) values.push(v);
        }
        if (splats.length > 0) values.push(...splats);
      }
      if (s.receiverIsSink === true && recv !== undefined) values.push(recv);
      if (values.length === 0) continue;
      const flows = unionFlows(...values.map((v) => deep(v)));
      this.report(s.kind, sinkLabel(s), c.at, c.text, flows);
    }
  }

  private holds(
    cond: CallCondition,
    c: Call,
    args: readonly AVal[],
    kws: ReadonlyMap<string, AVal>,
  ): boolean {
    return cond.all.every((a) => this.argHolds(a, c, args, kws));
  }

  private argHolds(
    a: ArgCondition,
    c: Call,
    args: readonly AVal[],
    kws: ReadonlyMap<string, AVal>,
  ): boolean {
    let v: AVal | undefined;
    let expr: Expr | undefined;
    if (a.keyword !== undefined && kws.has(a.keyword)) {
      v = kws.get(a.keyword);
      expr = c.keywords.find((k) => k.name === a.keyword)?.value;
    } else if (a.arg !== undefined && c.args.slice(0, a.arg + 1).every((x) => x.k !== 'star')) {
      v = args[a.arg];
      expr = c.args[a.arg];
    }
    let ok: boolean;
    switch (a.is) {
      case 'true':
        ok = v?.c !== undefined && truthy(v.c.v);
        break;
      case 'false':
        ok = v?.c !== undefined && !truthy(v.c.v);
        break;
      case 'not-true':
        ok = v === undefined ? c.kwsplats.length === 0 : v.c !== undefined && !truthy(v.c.v);
        break;
      case 'present':
        ok = v !== undefined;
        break;
      case 'absent':
        ok = v === undefined;
        break;
      case 'constant':
        ok = v !== undefined && isConstant(v);
        break;
      case 'list':
        ok = v?.seq === true;
        break;
      case 'list-constant-head': {
        const head = v?.seq === true ? v.p?.get('i:0') : undefined;
        ok = v?.t.length === 0 && head?.c !== undefined;
        break;
      }
      case 'string':
        ok = v?.c !== undefined && typeof v.c.v === 'string';
        break;
      case 'prefix':
        ok = v !== undefined && prefixOf(v) !== undefined;
        break;
    }
    if (ok && a.resolvesTo !== undefined) {
      const names = expr === undefined ? [] : qualifiedNames(expr);
      ok = names.some((n) => a.resolvesTo?.includes(n) === true);
    }
    if (ok && a.madeBy !== undefined) {
      const made = v?.madeBy;
      const by = a.madeBy;
      ok =
        made !== undefined &&
        made.names.some((n) => by.calls.includes(n)) &&
        by.all.every((cond) =>
          this.argHolds(cond, made, this.constArgs(made), this.constKws(made)),
        );
    }
    if (ok && a.matches !== undefined) {
      const text = a.is === 'prefix' ? (v === undefined ? undefined : prefixOf(v)) : v?.c?.v;
      ok = typeof text === 'string' && new RegExp(a.matches, 'i').test(text);
    }
    return ok;
  }

  /** The arguments of a call that produced a value, evaluated on their own (they are usually constants). */
  private constArgs(c: Call): AVal[] {
    return c.args.map((a) => (a.k === 'const' ? constVal(a.value) : this.eval(a, new Map())));
  }

  private constKws(c: Call): Map<string, AVal> {
    const out = new Map<string, AVal>();
    for (const k of c.keywords) {
      out.set(
        k.name,
        k.value.k === 'const' ? constVal(k.value.value) : this.eval(k.value, new Map()),
      );
    }
    return out;
  }

  private checkStoreSink(attr: string, v: AVal, keyFlows: readonly Flow[], at: IrNode): void {
    const sinks = this.spec.stores.get(attr);
    if (sinks === undefined) return;
    for (const s of sinks) {
      const flows = s.storesKey === true ? unionFlows(deep(v), keyFlows) : deep(v);
      if (flows.length === 0) continue;
      this.report(s.kind, sinkLabel(s), at, at.text().split('=')[0]?.trim() ?? attr, flows);
    }
  }

  private checkStoresInto(obj: Expr, v: AVal, keyFlows: readonly Flow[], at: IrNode): void {
    if (this.spec.storesInto.length === 0) return;
    const qn =
      obj.k === 'name'
        ? obj.imported === true
          ? obj.qn
          : undefined
        : obj.k === 'attr'
          ? obj.qn
          : undefined;
    if (qn === undefined) return;
    for (const s of this.spec.storesInto) {
      if (s.storesInto?.includes(qn) !== true) continue;
      const flows = s.storesKey === true ? unionFlows(deep(v), keyFlows) : deep(v);
      if (flows.length > 0) this.report(s.kind, sinkLabel(s), at, exprPath(obj) ?? qn, flows);
    }
  }

  private checkReturnSink(v: AVal, at: IrNode): void {
    const handlers = this.frame.handlers;
    if (handlers.length === 0 || this.spec.handlerReturns.length === 0) return;
    // A dict or list returned from a handler is serialised as JSON by the frameworks, not as HTML.
    if (v.tuple === true && v.p !== undefined) {
      this.checkReturnSink(readPart(v, 'i:0'), at);
      return;
    }
    if (v.map === true || v.seq === true) return;
    const flows = deep(v);
    if (flows.length === 0) return;
    for (const s of this.spec.handlerReturns) {
      if (!handlers.some((h) => s.handlerReturn?.includes(h.framework) === true)) continue;
      this.report(s.kind, sinkLabel(s), at, 'return', flows);
    }
  }

  // ------------------------------------------------------------------ validators (branch refinement)

  /** The state where `test` has the given truth: validated values are cleaned, compared ones fixed. */
  private refine(test: Expr, st: State, truth: boolean): State {
    switch (test.k) {
      case 'unop':
        return test.op === 'not' ? this.refine(test.operand, st, !truth) : st;
      case 'bool': {
        const conj = (test.op === 'and') === truth;
        if (conj) {
          let cur = st;
          for (const v of test.values) cur = this.refine(v, cur, truth);
          return cur;
        }
        // `a or b` is false / `a and b` is true... here: one of the operands decides: join the cases.
        const cases: State[] = [];
        let prefix = st;
        for (const v of test.values) {
          cases.push(this.refine(v, new Map(prefix), truth));
          prefix = this.refine(v, new Map(prefix), !truth);
        }
        return joinStates(cases) ?? st;
      }
      case 'compare':
        return this.refineCompare(test, st, truth);
      case 'call':
        // A C-style validator (`strcmp(x, "a")`) validates where its result is zero (false).
        return this.refineCall(test, st, truth ? 'nonzero' : 'zero');
      case 'assign':
        // `if ((p = f(x)) != NULL)`, `if (!(ok = valid(x)))`: the assigned value decides.
        return this.refine(test.value, st, truth);
      case 'walrus':
        return st;
      default:
        return st;
    }
  }

  private refineCompare(test: Extract<Expr, { k: 'compare' }>, st: State, truth: boolean): State {
    if (test.ops.length !== 1) return st;
    const op = test.ops[0];
    const [left, right] = test.operands;
    if (left === undefined || right === undefined) return st;
    // `strcmp(x, "a") == 0`, `0 != strncmp(...)`: a call whose result is compared with zero.
    if (op === '==' || op === '!=') {
      const zeroLeft = left.k === 'const' && left.value === 0;
      const zeroRight = right.k === 'const' && right.value === 0;
      const call =
        zeroRight && left.k === 'call' ? left : zeroLeft && right.k === 'call' ? right : undefined;
      if (call !== undefined)
        return this.refineCall(call, st, (op === '==') === truth ? 'zero' : 'nonzero');
    }
    if ((op === 'in' && truth) || (op === 'not in' && !truth)) {
      const coll = this.eval(right, st);
      if (deep(coll).length > 0) return st;
      let out = st;
      for (const m of this.spec.membership) {
        if (m.through === undefined) {
          if (isLvalue(left))
            out = this.clean(
              left,
              out,
              m.kinds,
              test.at,
              m.label ?? 'checked against an allow-list',
            );
          continue;
        }
        // `urlparse(url).netloc in ALLOWED`: validates `url` (the call's first argument).
        const inner = this.throughArg(left, m, st);
        if (inner !== undefined && isLvalue(inner)) {
          out = this.clean(
            inner,
            out,
            m.kinds,
            test.at,
            m.label ?? 'checked against an allow-list',
          );
        }
      }
      return out;
    }
    if ((op === '==' && truth) || (op === '!=' && !truth) || (op === 'is' && truth)) {
      // `urlparse(target).netloc == urlparse(request.host_url).netloc`: the target stays on that host.
      for (const m of this.spec.membership) {
        if (m.sameAs !== true) continue;
        const l = this.throughArg(left, m, st);
        const r = this.throughArg(right, m, st);
        if (l === undefined || r === undefined) continue;
        let out = st;
        for (const side of [l, r]) {
          if (isLvalue(side)) {
            out = this.clean(side, out, m.kinds, test.at, "host compared with another URL's host");
          }
        }
        return out;
      }
      const l = this.eval(left, st);
      const r = this.eval(right, st);
      if (r.c !== undefined && isLvalue(left) && l.c === undefined) {
        const out = new Map(st);
        this.update(left, out, () => constVal(r.c?.v ?? null));
        return out;
      }
      if (l.c !== undefined && isLvalue(right) && r.c === undefined) {
        const out = new Map(st);
        this.update(right, out, () => constVal(l.c?.v ?? null));
        return out;
      }
    }
    return st;
  }

  /**
   * The `x` of `urlparse(x).netloc` (or of `p.netloc` after `p = urlparse(x)`) for a validator with
   * `through`; undefined when `e` is not such a read, or reads an attribute the validator does not trust.
   */
  private throughArg(
    e: Expr,
    m: Extract<ValidatorSpec, { form: 'membership' }>,
    st: State,
  ): Expr | undefined {
    let base: Expr = e;
    let attribute: string | undefined;
    while (base.k === 'attr' || base.k === 'index') {
      attribute = base.k === 'attr' ? base.name : undefined;
      base = base.obj;
    }
    if (
      m.attributes !== undefined &&
      (attribute === undefined || !m.attributes.includes(attribute))
    )
      return undefined;
    if (base.k === 'call' && base.names.some((n) => m.through?.includes(n) === true))
      return base.args[0];
    if (base.k === 'name') {
      const v = st.get(base.name);
      if (v?.via !== undefined && m.through?.includes(v.via) === true) return v.viaArg;
    }
    return undefined;
  }

  /** The state where call `c` returned a nonzero (true) or a zero (false) result. */
  private refineCall(c: Call, st: State, result: 'nonzero' | 'zero' = 'nonzero'): State {
    let out = st;
    // A predicate of this file (`if is_known(host):`): what it validates when it returns true.
    const local = c.callee.k === 'name' ? this.lookup(c.callee, st).fn : undefined;
    if (local !== undefined && result === 'nonzero') {
      const sum = this.summary(local);
      for (const [i, kinds] of sum?.predicates ?? []) {
        const arg = c.keywords.find((k) => k.name === local.params[i]?.name)?.value ?? c.args[i];
        if (arg !== undefined && isLvalue(arg)) {
          out = this.clean(arg, out, kinds, c.at, `checked by \`${local.name}()\``);
        }
      }
    }
    for (const v of this.spec.callValidators.match(c)) {
      if ((v.whenResult ?? 'nonzero') !== result) continue;
      // `when` (added by the spec author): the validating call counts only in these forms.
      if (v.when !== undefined) {
        const args = c.args.map((a) => this.eval(a, st));
        const kws = new Map<string, AVal>();
        for (const k of c.keywords) kws.set(k.name, this.eval(k.value, st));
        if (!v.when.some((w) => this.holds(w, c, args, kws))) continue;
      }
      if (v.pattern !== undefined) {
        const p = this.eval(c.args[v.pattern.arg] ?? { k: 'const', value: null, at: c.at }, st);
        if (
          p.c === undefined ||
          typeof p.c.v !== 'string' ||
          !safePattern(p.c.v, v.pattern.fullMatch === true)
        ) {
          continue;
        }
      }
      const label = v.label ?? `validated by \`${c.text}()\``;
      if (v.receiverConstantList === true) {
        const list = c.receiver === undefined ? undefined : this.eval(c.receiver, out);
        if (list?.seq !== true || deep(list).length > 0) continue;
      }
      if (v.validates === 'receiver') {
        const r = c.receiver;
        if (r === undefined) continue;
        if (v.receiverFrom !== undefined) {
          if (r.k === 'call' && r.names.some((n) => v.receiverFrom?.includes(n) === true)) {
            const inner = r.args[0];
            if (inner !== undefined && isLvalue(inner))
              out = this.clean(inner, out, v.kinds, c.at, label);
            continue;
          }
          const rv = isLvalue(r) ? this.eval(r, out) : undefined;
          if (rv?.via === undefined || !v.receiverFrom.includes(rv.via)) continue;
        }
        if (isLvalue(r)) out = this.clean(r, out, v.kinds, c.at, label);
        continue;
      }
      const target = c.args[v.validates];
      if (target !== undefined && isLvalue(target))
        out = this.clean(target, out, v.kinds, c.at, label);
    }
    return out;
  }

  private clean(
    e: Expr,
    st: State,
    kinds: readonly string[] | '*',
    at: IrNode,
    label: string,
  ): State {
    const out = new Map(st);
    this.update(e, out, (v) => {
      if (kinds === '*')
        return v.c !== undefined ? v : { t: [], ...(v.via !== undefined ? { via: v.via } : {}) };
      const flows = deep(v).map((f) =>
        makeFlow(f.origin, [...new Set([...f.cleaned, ...kinds])].sort(), f.steps),
      );
      return { ...without(v, 'p', 'c'), t: withStep(flows, at, label) };
    });
    return out;
  }
}

// ------------------------------------------------------------------ helpers

function lastSegment(name: string): string {
  const i = name.lastIndexOf('.');
  return i === -1 ? name : name.slice(i + 1);
}

function withPart(o: AVal, key: string, v: AVal): AVal {
  const p = new Map(o.p ?? []);
  p.set(key, v);
  return { ...without(o, 'c'), p };
}

/** The variable (or attribute path) an out-parameter argument writes to: `buf` in `&buf[i]`, `buf + n`. */
function lvalueBase(e: Expr, depth = 0): Expr {
  if (depth > 8) return e;
  if (e.k === 'unop' && (e.op === '&' || e.op === '*')) return lvalueBase(e.operand, depth + 1);
  if (e.k === 'binop' && (e.op === '+' || e.op === '-')) return lvalueBase(e.left, depth + 1);
  if (e.k === 'index') return lvalueBase(e.obj, depth + 1);
  return e;
}

/** Positions `list` plus every position from `from` on, among `count` arguments. */
function argPositions(
  list: readonly number[] | undefined,
  from: number | undefined,
  count: number,
): number[] {
  const out = [...(list ?? [])];
  if (from !== undefined) for (let i = from; i < count; i++) if (!out.includes(i)) out.push(i);
  return out;
}

function isLvalue(e: Expr): boolean {
  if (e.k === 'name') return true;
  if (e.k === 'attr') return isLvalue(e.obj);
  if (e.k === 'index') return isLvalue(e.obj) && e.index.k === 'const';
  return false;
}

function exprPath(e: Expr): string | undefined {
  if (e.k === 'name') return e.name;
  if (e.k === 'attr') {
    const o = exprPath(e.obj);
    return o === undefined ? undefined : `${o}.${e.name}`;
  }
  return undefined;
}

function qualifiedNames(e: Expr): string[] {
  if (e.k === 'name') return e.qn === undefined ? [e.name] : [e.qn];
  if (e.k === 'attr') {
    if (e.qn !== undefined) return [e.qn];
    const p = exprPath(e);
    return p === undefined ? [] : [p];
  }
  return [];
}

function isConstant(v: AVal, depth = 0): boolean {
  if (v.c !== undefined) return true;
  if (v.t.length > 0 || v.p === undefined || depth > 4) return false;
  for (const part of v.p.values()) if (!isConstant(part, depth + 1)) return false;
  return v.seq === true;
}

/** The constant text a value starts with: the whole constant, or the known prefix of a built string. */
function prefixOf(v: AVal): string | undefined {
  if (v.c !== undefined) return typeof v.c.v === 'string' ? v.c.v : undefined;
  return v.prefix;
}

/** The constant text at the start of a concatenation of these values, if the first one starts with some. */
function leadingText(vals: readonly AVal[]): string | undefined {
  let out = '';
  for (const v of vals) {
    if (v.c !== undefined) {
      out += String(v.c.v);
      continue;
    }
    if (v.prefix !== undefined) out += v.prefix;
    break;
  }
  return out === '' ? undefined : out;
}

/**
 * A list after `remove(v)`, `reverse()`, `sort()` or `clear()`: positions stay exact when they are
 * known (removing a constant that no earlier unknown element could equal, reversing); otherwise the list
 * becomes the union of its elements (conservative).
 */
function reorder(method: string, o: AVal, arg: AVal | undefined): AVal {
  if (method === 'clear') return { t: [], p: new Map(), len: 0, seq: true };
  const len = o.len;
  const collapsed: AVal = { t: deep(o), seq: true };
  if (o.seq !== true || len === undefined || o.t.length > 0) return collapsed;
  const at = (j: number): AVal => readPart(o, `i:${String(j)}`);
  if (method === 'reverse') {
    const p = new Map<string, AVal>();
    for (let j = 0; j < len; j++) p.set(`i:${String(len - 1 - j)}`, at(j));
    return { t: [], p, len, seq: true };
  }
  if (method !== 'remove' || arg?.c === undefined) return collapsed;
  for (let j = 0; j < len; j++) {
    const part = at(j);
    if (part.c === undefined) return collapsed;
    if (part.c.v !== arg.c.v) continue;
    const p = new Map<string, AVal>();
    for (let k = 0; k < len; k++) if (k !== j) p.set(`i:${String(k < j ? k : k - 1)}`, at(k));
    return { t: [], p, len: len - 1, seq: true };
  }
  return o;
}

/** `range(n)` / `range(a, b)` with constants that make it non-empty. */
function nonEmptyRange(e: Expr, evaluate: (e: Expr) => AVal): boolean {
  if (e.k !== 'call' || !e.names.includes('range') || e.args.length === 0 || e.args.length > 2) {
    return false;
  }
  const nums = e.args.map((a) => evaluate(a).c?.v);
  if (!nums.every((n) => typeof n === 'number')) return false;
  const [a, b] = nums.length === 1 ? [0, nums[0]] : [nums[0], nums[1]];
  return typeof a === 'number' && typeof b === 'number' && b > a;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

function sinkLabel(s: SinkSpec): string {
  return s.label ?? `${s.kind} sink`;
}

function safePattern(p: string, fullMatch: boolean): boolean {
  if (/(^|[^\\])\.[*+]/.test(p)) return false;
  return fullMatch || /(\$|\\Z)$/.test(p);
}

function joinStates(states: readonly (State | null)[]): State | null {
  const live = states.filter((s): s is State => s !== null);
  if (live.length === 0) return null;
  if (live.length === 1) return live[0] ?? null;
  const out: State = new Map(live[0]);
  for (const s of live.slice(1)) {
    for (const [k, v] of s) {
      const prev = out.get(k);
      out.set(k, prev === undefined ? v : joinVal(prev, v));
    }
  }
  return out;
}

function sameState(a: State, b: State): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined || !sameVal(v, w)) return false;
  }
  return true;
}

/** Steps taken inside a callee, appended after the caller's steps. */
function appendSteps(base: Step | null, tail: Step | null): Step | null {
  if (tail === null) return base;
  const list: Step[] = [];
  for (let s: Step | null = tail; s !== null; s = s.prev) list.push(s);
  let cur = base;
  for (let i = list.length - 1; i >= 0; i--) {
    const s = list[i];
    if (s === undefined) continue;
    if ((cur?.len ?? 0) >= 24) break;
    cur = { node: s.node, message: s.message, prev: cur, len: (cur?.len ?? 0) + 1 };
  }
  return cur;
}

function foldBinop(op: string, a: ConstValue, b: ConstValue): ConstValue | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return b === 0 ? undefined : a / b;
      case '//':
        return b === 0 ? undefined : Math.floor(a / b);
      case '%':
        return b === 0 ? undefined : ((a % b) + b) % b;
      case '**':
        return a ** b;
      case '<<':
        return a << b;
      case '>>':
        return a >> b;
      case '&':
        return a & b;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      default:
        return undefined;
    }
  }
  if (typeof a === 'string' && typeof b === 'string' && op === '+') return a + b;
  if (typeof a === 'string' && typeof b === 'number' && op === '*')
    return a.repeat(Math.max(0, Math.min(b, 1000)));
  return undefined;
}

function foldCompare(ops: readonly string[], vals: readonly AVal[]): AVal {
  let result = true;
  for (let i = 0; i < ops.length; i++) {
    const a = vals[i]?.c;
    const b = vals[i + 1]?.c;
    if (a === undefined || b === undefined) return CLEAN;
    const r = compareConst(ops[i] ?? '', a.v, b.v);
    if (r === undefined) return CLEAN;
    result &&= r;
  }
  return constVal(result);
}

function compareConst(op: string, a: ConstValue, b: ConstValue): boolean | undefined {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case 'is':
      return a === null && b === null ? true : a === b && typeof a === 'boolean' ? true : undefined;
    case 'is not':
      return a === null && b === null ? false : undefined;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    if (op === '<') return a < b;
    if (op === '<=') return a <= b;
    if (op === '>') return a > b;
    if (op === '>=') return a >= b;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    if (op === 'in') return b.includes(a);
    if (op === 'not in') return !b.includes(a);
  }
  return undefined;
}

/** A sink the source does not report (`uncalledParameters.excludeSinks`). */
function excludedSink(spec: SourceSpec | undefined, label: string): boolean {
  return spec?.uncalledParameters?.excludeSinks?.includes(label) === true;
}

function excerpt(node: IrNode, max = 60): string {
  const t = node.text().replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function buildTrace(f: Flow, sink: IrNode, label: string, callee: string): TaintStep[] {
  const steps: Step[] = [];
  for (let s = f.steps; s !== null; s = s.prev) steps.push(s);
  steps.reverse();
  const origin = f.origin;
  const out: TaintStep[] = [];
  if (origin.kind === 'source') {
    out.push({
      kind: 'source',
      node: origin.node,
      message: `${origin.label}: \`${excerpt(origin.node)}\``,
    });
  }
  for (const s of steps) out.push({ kind: 'step', node: s.node, message: s.message });
  out.push({ kind: 'sink', node: sink, message: `reaches ${label} \`${callee}\`` });
  return out;
}

/** Runs the analysis of one module with one compiled spec. */
/**
 * Runs the analysis of one module with one compiled spec. `mayHoldSource` may exclude functions that
 * cannot contain a source from being analysed on their own (they still are when called).
 */
export function analyzeTaint(
  mod: ModuleIR,
  spec: CompiledSpec,
  mayHoldSource?: (fn: FunctionIR) => boolean,
  isEntry?: (fn: FunctionIR) => boolean,
): TaintFinding[] {
  return new TaintAnalysis(mod, spec, mayHoldSource, isEntry).run();
}
