/**
 * The Python taint specification: sources, framework handlers, sinks, sanitizers, validators and
 * propagators for the standard library, Flask, Django and FastAPI, as data for the dataflow engine.
 *
 * Note to the engine's maintainers: these specs use optional fields added to
 * `src/engine/dataflow/spec.ts` by the spec author (all backward compatible):
 * - `HandlerSpec.params: 'rest'` (Django URL arguments after `request`);
 * - `ArgCondition.resolvesTo` (`Loader=yaml.SafeLoader`) and `ArgCondition.matches`
 *   (`mimetype="text/plain"`), both in addition to `is`;
 * - `SinkSpec.storesInto` (`session["user"] = v` with `flask.session`);
 * - the membership validator's `through` (`urlparse(url).netloc in ALLOWED_HOSTS` validates `url`), with
 *   `attributes` (only netloc/hostname) and `sameAs` (a host compared with another URL's host);
 * - `ArgCondition.madeBy` (the `parser` argument was built by `etree.XMLParser(resolve_entities=True)`);
 * - `SinkSpec.storesKey` (the key of `session[name] = v` is a sink: trust-boundary `/flag`);
 * - `SanitizerSpec.when` (`request.args.get("n", type=int)` is a number: sql precision `/typed-get`);
 * - `HandlerSpec.cleanConverters` (`@app.route("/items/<int:item_id>")`: sql flask_sqlite `/item`);
 * - `SourceSpec.local` (command line, environment, standard input), which `defineTaintRule` reports as
 *   notes with low confidence (a small edit in src/engine/dataflow/rule.ts);
 * - `when` on call validators (`url.startswith("https://api.example.com/")`: ssrf `/prefix-checked`;
 *   a small edit in `refineCall` of src/engine/dataflow/engine.ts);
 * - `PropagatorSpec.undoes` (decoders such as `base64.b64decode` and `html.unescape` give back what an
 *   encoder sanitized: `b64decode(b64encode(x))` is as dangerous as `x`).
 * Fixture cases that only a later engine feature could settle are marked `todook`/`todoruleid` with
 * the reason on the next line.
 */
import { mergeSpecs, type TaintSpec } from '../../../engine/dataflow/spec.js';
import { PYTHON_SANITIZERS } from './sanitizers.js';
import { PYTHON_SINKS } from './sinks.js';
import { PYTHON_SOURCES } from './sources.js';

export const PYTHON_TAINT_SPEC: TaintSpec = mergeSpecs(
  PYTHON_SOURCES,
  PYTHON_SINKS,
  PYTHON_SANITIZERS,
);
