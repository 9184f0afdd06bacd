import type { Call } from './ir.js';
import type {
  CalleeSpec,
  HandlerSpec,
  PropagatorSpec,
  SanitizerSpec,
  SinkSpec,
  SourceSpec,
  TaintSpec,
  ValidatorSpec,
} from './spec.js';

/** A spec indexed for lookups by qualified name and by method name; built once per spec object. */
export interface CompiledSpec {
  readonly spec: TaintSpec;
  readonly sinks: CalleeIndex<SinkSpec>;
  readonly sources: CalleeIndex<SourceSpec>;
  readonly sanitizers: CalleeIndex<SanitizerSpec>;
  readonly propagators: CalleeIndex<PropagatorSpec>;
  readonly callValidators: CalleeIndex<Extract<ValidatorSpec, { form: 'call' }>>;
  readonly membership: readonly Extract<ValidatorSpec, { form: 'membership' }>[];
  readonly equality: readonly Extract<ValidatorSpec, { form: 'equality' }>[];
  readonly values: readonly { value: string; spec: SourceSpec }[];
  readonly selfAttributes: readonly SourceSpec[];
  /** Sources that are parameters of functions with given names (`main`'s `argv`). */
  readonly paramSources: readonly SourceSpec[];
  /** C/C++: sources that are the parameters of functions nothing in the file calls. */
  readonly uncalledParamSources: readonly SourceSpec[];
  readonly stores: ReadonlyMap<string, readonly SinkSpec[]>;
  readonly storesInto: readonly SinkSpec[];
  readonly handlerReturns: readonly SinkSpec[];
  readonly handlers: readonly HandlerSpec[];
  readonly noReturn: ReadonlySet<string>;
}

export class CalleeIndex<S extends CalleeSpec> {
  private readonly byName = new Map<string, S[]>();
  private readonly byMethod = new Map<string, { spec: S; receiver?: RegExp }[]>();

  constructor(specs: readonly S[]) {
    for (const s of specs) {
      for (const n of s.calls ?? []) push(this.byName, n, s);
      const receiver = s.receiver === undefined ? undefined : new RegExp(s.receiver, 'i');
      for (const m of s.methods ?? []) {
        push(this.byMethod, m, receiver === undefined ? { spec: s } : { spec: s, receiver });
      }
    }
  }

  get empty(): boolean {
    return this.byName.size === 0 && this.byMethod.size === 0;
  }

  /** Specs matching a call: by any resolved name, or by method name with a matching receiver. */
  match(call: Call): S[] {
    let out: S[] | undefined;
    for (const n of call.names) {
      const found = this.byName.get(n);
      if (found === undefined) continue;
      (out ??= []).push(...found);
      // C/C++: the most specific name that has a spec decides (`std::getline` before `getline`).
      if (call.firstNameWins === true) return out;
    }
    const byMethod = call.method === '' ? undefined : this.byMethod.get(call.method);
    if (byMethod !== undefined) {
      const recvText = call.receiverText;
      for (const { spec, receiver } of byMethod) {
        if (receiver !== undefined && (call.receiver === undefined || !receiver.test(recvText))) {
          continue;
        }
        if (out?.includes(spec) !== true) (out ??= []).push(spec);
      }
    }
    return out ?? [];
  }

  names(): string[] {
    return [...this.byName.keys(), ...this.byMethod.keys()];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

const compiledCache = new WeakMap<TaintSpec, CompiledSpec>();

export function compileSpec(spec: TaintSpec): CompiledSpec {
  const cached = compiledCache.get(spec);
  if (cached !== undefined) return cached;
  const stores = new Map<string, SinkSpec[]>();
  for (const s of spec.sinks) for (const a of s.stores ?? []) push(stores, a, s);
  const compiled: CompiledSpec = {
    spec,
    sinks: new CalleeIndex(spec.sinks),
    sources: new CalleeIndex(spec.sources),
    sanitizers: new CalleeIndex(spec.sanitizers),
    propagators: new CalleeIndex(spec.propagators),
    callValidators: new CalleeIndex(
      spec.validators.filter(
        (v): v is Extract<ValidatorSpec, { form: 'call' }> => v.form === 'call',
      ),
    ),
    membership: spec.validators.filter(
      (v): v is Extract<ValidatorSpec, { form: 'membership' }> => v.form === 'membership',
    ),
    equality: spec.validators.filter(
      (v): v is Extract<ValidatorSpec, { form: 'equality' }> => v.form === 'equality',
    ),
    values: spec.sources.flatMap((s) => (s.values ?? []).map((value) => ({ value, spec: s }))),
    selfAttributes: spec.sources.filter((s) => s.selfAttributes !== undefined),
    paramSources: spec.sources.filter((s) => s.parameters !== undefined),
    uncalledParamSources: spec.sources.filter((s) => s.uncalledParameters !== undefined),
    stores,
    storesInto: spec.sinks.filter((s) => (s.storesInto?.length ?? 0) > 0),
    handlerReturns: spec.sinks.filter((s) => (s.handlerReturn?.length ?? 0) > 0),
    handlers: spec.handlers,
    noReturn: new Set(spec.noReturn ?? []),
  };
  compiledCache.set(spec, compiled);
  return compiled;
}
