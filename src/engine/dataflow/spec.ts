import type { Confidence, Severity } from '../../core/severity.js';

/**
 * Taint specifications: plain data that tells the (language-neutral) dataflow engine where untrusted data
 * enters, where it does harm, what makes it harmless and how it moves through library calls. One spec
 * per language (built from per-framework pieces); the engine interprets it, rules only pick sink kinds.
 *
 * Names are matched AFTER import resolution: `import subprocess as sp; sp.run(...)` is `subprocess.run`,
 * `from flask import request; request.args` is `flask.request.args`. Builtins keep their bare name
 * (`input`, `eval`, `open`). Method names match the last segment of a call on any receiver
 * (`cur.execute(...)` is method `execute`), optionally narrowed by a regular expression on the
 * receiver's source text (`receiver: 'cursor|cur|conn|db'`).
 *
 * Fields, briefly:
 * - SourceSpec: `calls` (result untrusted), `methods` (+`receiver`), `values` (a qualified value such as
 *   `flask.request.args`, `sys.argv`, `os.environ`: reading it, or any attribute, subscript or method
 *   call on it, is untrusted), `selfAttributes` (e.g. `self.path` in a subclass of
 *   `http.server.BaseHTTPRequestHandler`); `label` names the source in traces ("Flask request
 *   arguments").
 * - HandlerSpec: framework handler functions (Flask/FastAPI routes by decorator method name, Django
 *   views by a first parameter named `request`, WSGI `environ`) whose parameters are untrusted, either
 *   wholesale or only through some attributes (`request.GET`, `request.body` ...).
 * - SinkSpec: a callee (`calls` or `methods` + `receiver`), the dangerous `args` positions and
 *   `keywords` (absent: every argument), the sink `kind` (`command`, `sql` ...), `onlyWhen` (the call is
 *   a sink only when a condition holds, e.g. `shell=True`) and `safeWhen` (a safe API form, e.g. a list
 *   argument with a constant program and no shell). Conditions are a disjunction of conjunctions of
 *   argument tests. `stores` makes writes to an attribute a sink (`resp.headers[k] = v`), `handlerReturn`
 *   the value returned by a framework handler (an HTML response).
 * - SanitizerSpec: a callee whose RESULT is clean for the listed sink `kinds` (`'*'`: every kind, for
 *   casts such as `int()`); `html.escape` only for `html`, `shlex.quote` only for `command`.
 * - ValidatorSpec: a condition that cleans the checked value on the branch where it holds (allow-list
 *   membership `x in ALLOWED`, `re.fullmatch(p, x)`, `x.isdigit()`,
 *   `os.path.realpath(p).startswith(base)`); when the other branch leaves the function (`return`,
 *   `raise`, `abort()`), the value is clean after the `if`.
 * - PropagatorSpec: how taint moves through a library call when the default is wrong. Default: the
 *   result of an unknown call is tainted by its receiver and all its arguments, and no argument taints
 *   the receiver. Propagators add receiver writes (`lst.append(x)`, `d.update(x)`) or cut flows (`len(x)`
 *   returns a clean number: `to: 'none'`).
 * - noReturn: calls that never return (`flask.abort`, `sys.exit`), so a branch ending in one does not
 *   reach the code after it.
 *
 * C and C++ (fields added for out-parameters, see `c.ts` and ARCHITECTURE.md): sources and propagators
 * may write into arguments (`fgets(buf, n, f)`, `strcpy(dst, src)`): `SourceSpec.intoArgs`/`intoArgsFrom`/
 * `result`, `PropagatorSpec.toArgs`/`fromArgsFrom`/`append`, `SanitizerSpec.intoArgs`/`fromArgs`;
 * `SinkSpec.argsFrom` for variadic sinks (`execl`); `SourceSpec.parameters` for `main(argc, argv)`.
 * C names use `::` (`QProcess::execute`, `std::getline`).
 *
 * After this interface was agreed it may only be extended compatibly (new optional fields).
 */

/** A sink kind: what the sink does with the data. Rules select findings by kind. */
export type SinkKind =
  | 'command'
  | 'sql'
  | 'code'
  | 'path'
  | 'url'
  | 'redirect'
  | 'deserialization'
  | 'template'
  | 'html'
  | 'ldap'
  | 'xpath'
  | 'header'
  | 'log'
  | 'trust-boundary'
  | 'xml'
  | (string & {});

/** A callee: qualified names, or method names on any receiver (optionally narrowed by the receiver). */
export interface CalleeSpec {
  /** Qualified names after import resolution: `subprocess.run`, `eval`, `flask.request.get_json`. */
  calls?: readonly string[];
  /** Method names on any receiver: `execute` matches `cur.execute(...)`. */
  methods?: readonly string[];
  /** Regular expression (source text, case-insensitive) the receiver's text must match for `methods`. */
  receiver?: string;
}

export interface SourceSpec extends CalleeSpec {
  /** Shown in traces: "Flask request arguments", "command-line arguments". */
  label: string;
  /**
   * Qualified values whose every read is untrusted, with whatever is taken from them (attribute,
   * subscript, method call, iteration): `flask.request.args`, `sys.argv`, `os.environ`.
   */
  values?: readonly string[];
  /**
   * `self.<attribute>` reads in methods of classes deriving from one of `bases` (qualified names or bare
   * class names as written): `self.path`, `self.headers`, `self.rfile` in an http.server handler.
   */
  selfAttributes?: { bases: readonly string[]; attributes: readonly string[] };
  /**
   * Data the user running the program controls (command line, environment, standard input): findings
   * from it are reported as notes with low confidence. Added by the spec author.
   */
  local?: boolean;
  /**
   * The call writes untrusted data into these arguments (out-parameters): `fgets(buf, n, f)` -> [0],
   * `recv(s, buf, len, 0)` -> [1]. The argument's variable (or `s.f` path) is overwritten when the
   * argument names it whole (`buf`, `&x`), joined when it names a part (`buf + n`, `&buf[i]`, `*p`).
   */
  intoArgs?: readonly number[];
  /** ...and into every argument from this position on (`scanf("%s", buf)` -> 1). */
  intoArgsFrom?: number;
  /** The call's result is untrusted too. Default: true without `intoArgs`/`intoArgsFrom`, false with them. */
  result?: boolean;
  /**
   * Parameters of functions with these names are untrusted: `main(argc, argv)` ->
   * `{ functions: ['main'], positions: [1] }` (0-based). The source node is the parameter.
   */
  parameters?: { functions: readonly string[]; positions: readonly number[] };
  /**
   * C/C++: the parameters of a function nothing in the file refers to (an entry point or exported API
   * whose callers are out of sight) are untrusted, for these sink kinds only. Where the file calls the
   * function, its callers' arguments decide instead. Number-typed parameters stay clean; so do the
   * parameters of functions that already have parameter sources (`main`). `label` may name the
   * parameter and its function with `{{param}}` and `{{function}}`. The runner decides which functions
   * are uncalled (`analyzeTaint`'s `isEntry`). `excludeTypes`: a regular expression on the
   * parameter's type name (`Param.annotation`) for handles that carry no text (`QSqlDatabase`);
   * `excludeSinks`: sink labels not reported from them (a function running the program its caller
   * names does what it is for).
   */
  uncalledParameters?: {
    kinds: readonly SinkKind[];
    excludeTypes?: string;
    excludeSinks?: readonly string[];
  };
  /**
   * Findings from this source are reported with this severity and confidence instead of the rule's
   * (a guess about unseen callers is not worth a rule's full confidence). `local` takes precedence.
   */
  report?: { severity: Severity; confidence: Confidence };
  /**
   * The call is this source only when one of these holds (`getenv("QUERY_STRING")`: CGI request data);
   * among matching sources of a call, the first listed names the flow.
   */
  when?: readonly CallCondition[];
}

/** Framework handler functions whose parameters carry request data. */
export interface HandlerSpec {
  label: string;
  /** A name for the framework (`flask`); sinks may refer to it in `handlerReturn`. */
  framework: string;
  /** The file must import one of these top-level modules for the spec to apply (`flask`). */
  imports: readonly string[];
  /** A decorator whose call's method name is one of these marks a handler (`route`, `get`, `post`). */
  decorators?: readonly string[];
  /** Or: a function whose first parameter (after `self`) has one of these names (`request`, `environ`). */
  firstParam?: readonly string[];
  /**
   * Parameters that carry request data: all (except `self`/`cls`), only the first, or all but the first
   * (`rest`: Django URL arguments after `request`, whose first parameter another spec covers). Default 'all'.
   * (`rest` added by the spec author; see src/languages/python/taint/README.md.)
   */
  params?: 'all' | 'first' | 'rest';
  /** Parameters whose default value is a call of one of these method names are not request data (`Depends`). */
  excludeDefaults?: readonly string[];
  /** Parameters whose annotation text matches this regular expression are not request data (`Session`). */
  excludeAnnotations?: string;
  /**
   * Route converters whose values are not request text: a parameter declared in the decorator's route
   * string with one of them (`"/items/<int:item_id>"`) is not request data. Added by the spec author.
   */
  cleanConverters?: readonly string[];
  /**
   * When present, the parameter is an object of which only these attributes are untrusted
   * (`GET`, `POST`, `body`, `COOKIES`, `META`, `FILES`, `headers`, `path`); absent: the whole value is.
   */
  attributes?: readonly string[];
}

/** A test of one argument (by position and/or keyword) of a call. */
export interface ArgCondition {
  /** Position of the argument (0-based, receiver excluded). */
  arg?: number;
  /** Keyword of the argument (checked first when both are given). */
  keyword?: string;
  /**
   * - `true` / `false`: a constant with that truth value; `not-true`: absent or not a true constant;
   * - `present` / `absent`;
   * - `constant`: a compile-time constant (literal or name bound only to constants);
   * - `list`: a list or tuple display; `list-constant-head`: a list or tuple whose first element is a
   *   constant (a fixed program);
   * - `string`: a string literal or constant string;
   * - `prefix`: a string that starts with constant text (a constant, or an f-string, `+` or `%`
   *   concatenation whose leading parts are constants); with `matches`, that text is tested
   *   (`^https?://[^/]+/` for a fixed host, `^/(?![/\\])` for a local redirect).
   */
  is:
    | 'true'
    | 'false'
    | 'not-true'
    | 'present'
    | 'absent'
    | 'constant'
    | 'list'
    | 'list-constant-head'
    | 'string'
    | 'prefix';
  /**
   * Also: the argument is a dotted name resolving to one of these qualified names
   * (`Loader=yaml.SafeLoader`). Added by the spec author.
   */
  resolvesTo?: readonly string[];
  /**
   * Also: the argument is a constant string matching this regular expression (case-insensitive)
   * (`mimetype="text/plain"`). Added by the spec author.
   */
  matches?: string;
  /**
   * Also: the argument is the result of a call of one of `calls` (directly, or through a name assigned
   * from it in the same function or at module level) whose own arguments satisfy `all`:
   * `parser=etree.XMLParser(resolve_entities=True)`. Added by the spec author.
   */
  madeBy?: { calls: readonly string[]; all: readonly ArgCondition[] };
}

/** All of these argument tests hold. */
export interface CallCondition {
  all: readonly ArgCondition[];
}

export interface SinkSpec extends CalleeSpec {
  kind: SinkKind;
  /** Shown in the sink step of a trace: "OS command", "SQL query". Default: the kind. */
  label?: string;
  /** Dangerous positional arguments. With neither `args` nor `keywords`, every argument is. */
  args?: readonly number[];
  /** Dangerous keyword arguments (the keyword form of a positional: `args` for subprocess.run). */
  keywords?: readonly string[];
  /** The receiver itself is dangerous (`tainted_template.render()`). */
  receiverIsSink?: boolean;
  /** The call is a sink only when one of these holds (`shell=True`). */
  onlyWhen?: readonly CallCondition[];
  /** The call is not a sink when one of these holds (a safe API form). */
  safeWhen?: readonly CallCondition[];
  /**
   * Writes into `<x>.<attribute>[...] = v` are sinks for the written value (`headers` for
   * `resp.headers["X"] = v`; replacing the attribute, `self.headers = parse(...)`, is not). A sink
   * spec with `stores` needs no callee.
   */
  stores?: readonly string[];
  /** Values returned by handlers of these frameworks (HandlerSpec.framework) are sinks (HTML bodies). */
  handlerReturn?: readonly string[];
  /**
   * Writes into these qualified values are sinks for the written value: `session["user"] = v` and
   * `session.user = v` with `flask.session`. Added by the spec author.
   */
  storesInto?: readonly string[];
  /**
   * With `stores`/`storesInto`: the subscript key of the write is a sink too (`session[name] = True` lets
   * the client choose which entry it overwrites). Added by the spec author.
   */
  storesKey?: boolean;
  /** Also: every argument from this position on is dangerous (`execl(path, arg0, ...)` -> 1). */
  argsFrom?: number;
}

export interface SanitizerSpec extends CalleeSpec {
  /** Sink kinds the result is safe for; `'*'` for every kind (a cast to int). */
  kinds: readonly SinkKind[] | '*';
  /** Shown in traces: "escaped for HTML". Default: "sanitized by `<callee>`". */
  label?: string;
  /**
   * The call sanitizes only when one of these holds (`request.args.get("n", type=int)` returns an int).
   * Added by the spec author.
   */
  when?: readonly CallCondition[];
  /**
   * The sanitized value is written into these arguments (out-parameters):
   * `mysql_real_escape_string(conn, to, from, n)` -> [1]; the call's result is then not a cleaned copy.
   */
  intoArgs?: readonly number[];
  /** With `intoArgs`: the arguments the sanitized value is made from (default: every other argument). */
  fromArgs?: readonly number[];
}

export type ValidatorSpec =
  | {
      /** `x in ALLOWED` / `x not in ALLOWED` with a constant or module-level collection. */
      form: 'membership';
      kinds: readonly SinkKind[] | '*';
      label?: string;
      /**
       * Also validates `x` when the checked value is an attribute of one of these calls of `x` (directly
       * or through a name): `urlparse(x).netloc in ALLOWED_HOSTS`. Added by the spec author.
       */
      through?: readonly string[];
      /**
       * With `through`: only these attributes of the call's result count (`netloc`, `hostname`): checking
       * `urlparse(x).scheme` against an allow-list says nothing about the host.
       */
      attributes?: readonly string[];
      /**
       * With `through`: `urlparse(x).netloc == urlparse(y).netloc` (or `!=` on the failing branch) also
       * validates `x`: its host is that of another URL, typically this site's own.
       */
      sameAs?: boolean;
    }
  | {
      /** `x == "literal"`: x is that constant where it holds. */
      form: 'equality';
      kinds: readonly SinkKind[] | '*';
      label?: string;
    }
  | (CalleeSpec & {
      /** A call whose truth validates one argument or the receiver: `re.fullmatch(p, x)`, `x.isdigit()`. */
      form: 'call';
      kinds: readonly SinkKind[] | '*';
      /** What the call validates: an argument position, or the receiver (`x.isdigit()`). */
      validates: number | 'receiver';
      /**
       * The validating call's argument at this position must be a constant regular expression anchored
       * at the end (`$` or `\Z`) unless `fullMatch` is set (re.fullmatch).
       */
      pattern?: { arg: number; fullMatch?: boolean };
      /**
       * For `validates: 'receiver'`: the receiver must be a call of one of these (or a name assigned
       * from one): `os.path.realpath(p).startswith(base)` validates `p` and the realpath value.
       */
      receiverFrom?: readonly string[];
      /**
       * The call validates only when its receiver is a list display of constants in this file
       * (`static const QStringList known = {"a", "b"}; if (known.contains(x))`).
       */
      receiverConstantList?: boolean;
      /**
       * C-style validators: the call validates where its result is zero (`strcmp(x, "a") == 0`,
       * `!strcmp(x, "a")`) rather than nonzero (the default, `if (is_safe(x))`).
       */
      whenResult?: 'zero' | 'nonzero';
      /**
       * The validating call counts only when one of these holds (`url.startswith(prefix)` with a
       * constant prefix that ends the host part: `"https://api.example.com/"`). Added by the spec author.
       */
      when?: readonly CallCondition[];
      label?: string;
    });

export interface PropagatorSpec extends CalleeSpec {
  /** Where taint comes from: argument positions, keyword names, or `'receiver'`. */
  from: readonly (number | string)[];
  /** Where it goes: the call's result, the receiver (`lst.append(x)`), or nowhere (`len(x)`). */
  to: 'result' | 'receiver' | 'none';
  /**
   * The call undoes an encoding: the flows it passes on lose their sanitizations for these kinds
   * (`base64.b64decode` after `b64encode`, `html.unescape` after `html.escape`). Added by the spec author.
   */
  undoes?: readonly SinkKind[] | '*';
  /** Also: taint from every argument from this position on (`sprintf(dst, fmt, ...)` -> 1). */
  fromArgsFrom?: number;
  /**
   * Taint also goes into these arguments, as out-parameters (`strcpy(dst, src)` -> [0]); the flow goes to
   * `to` as well (`'none'` when the result is a count).
   */
  toArgs?: readonly number[];
  /** With `toArgs`: the destination keeps what it held (`strcat`) instead of being replaced (`strcpy`). */
  append?: boolean;
}

/** A language's complete specification. */
export interface TaintSpec {
  sources: readonly SourceSpec[];
  handlers: readonly HandlerSpec[];
  sinks: readonly SinkSpec[];
  sanitizers: readonly SanitizerSpec[];
  validators: readonly ValidatorSpec[];
  propagators: readonly PropagatorSpec[];
  /** Calls that never return (`flask.abort`, `sys.exit`, `django.http.Http404` raised ...). */
  noReturn?: readonly string[];
}

/** Merges per-framework pieces into one spec. */
export function mergeSpecs(...parts: readonly Partial<TaintSpec>[]): TaintSpec {
  return {
    sources: parts.flatMap((p) => p.sources ?? []),
    handlers: parts.flatMap((p) => p.handlers ?? []),
    sinks: parts.flatMap((p) => p.sinks ?? []),
    sanitizers: parts.flatMap((p) => p.sanitizers ?? []),
    validators: parts.flatMap((p) => p.validators ?? []),
    propagators: parts.flatMap((p) => p.propagators ?? []),
    noReturn: parts.flatMap((p) => p.noReturn ?? []),
  };
}
