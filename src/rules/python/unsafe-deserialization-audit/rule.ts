import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { isConstantValue, isFalsy, isTrue, unwrap } from '../../../languages/python/expr.js';
import {
  boundValues,
  excerpt,
  isLocalFileOpen,
  isLocalFileRead,
  isLocalPath,
  readsRequestData,
  type Resolver,
} from '../../../languages/python/injection-helpers.js';

/** Modules whose load functions run pickle's object-reconstruction protocol. */
const PICKLE_MODULES = ['pickle', 'cPickle', '_pickle', 'dill', 'cloudpickle'];
const PICKLE_CALLS = PICKLE_MODULES.flatMap((m) => [`${m}.load`, `${m}.loads`, `${m}.Unpickler`]);
const JSONPICKLE_CALLS = ['jsonpickle.decode', 'jsonpickle.loads', 'jsonpickle.unpickler.decode'];
const MARSHAL_CALLS = ['marshal.load', 'marshal.loads'];
const PANDAS_CALLS = ['pandas.read_pickle'];
const NUMPY_CALLS = ['numpy.load'];
const TORCH_CALLS = ['torch.load'];
const SHELVE_CALLS = ['shelve.open', 'shelve.DbfilenameShelf'];

/** Calls that read from the network, whose result is attacker-reachable bytes. */
const NETWORK =
  /\.(recv|recvfrom|recv_into|read_message|get_message|blpop|brpop|lpop|rpop)\(|\bsocket\b|\bwebsocket\b/;

type Origin = 'local-file' | 'request' | 'unknown';

/** Where the bytes or file handed to a loader come from, as far as the surrounding code shows. */
function originOf(node: SgNode, resolve: Resolver): Origin {
  const n = unwrap(node);
  if (readsRequestData(n) || NETWORK.test(n.text())) return 'request';
  if (isLocalFileRead(n, resolve) || isLocalFileOpen(n, resolve) || isLocalPath(n)) {
    return 'local-file';
  }
  if (n.kind() === 'identifier') {
    const values = boundValues(n);
    if (values.some((v) => readsRequestData(v) || NETWORK.test(v.text()))) return 'request';
    if (
      values.length > 0 &&
      values.every(
        (v) => isLocalFileOpen(v, resolve) || isLocalFileRead(v, resolve) || isLocalPath(v),
      )
    ) {
      return 'local-file';
    }
  }
  // `open(path, "rb")` or `Path(path)` of a path that is not fixed in the source.
  return 'unknown';
}

/** `pickle.loads(pickle.dumps(obj))`: the deep-copy idiom round-trips the program's own object. */
function isOwnDump(node: SgNode, resolve: Resolver): boolean {
  const n = unwrap(node);
  if (n.kind() !== 'call') return false;
  const fn = n.field('function');
  return (
    fn !== null &&
    resolve(fn).some(
      (x) => x.endsWith('.dumps') && PICKLE_CALLS.includes(x.replace(/dumps$/, 'loads')),
    )
  );
}

function graded(call: CallSite, source: SgNode, resolve: Resolver, messageId: string): Detection {
  const origin = originOf(source, resolve);
  return {
    node: call.node,
    messageId,
    data: { callee: call.calleeText, source: excerpt(source) },
    ...(origin === 'local-file' ? { severity: 'warning' as const } : {}),
  };
}

export default definePythonRule({
  name: 'unsafe-deserialization-audit',
  title: 'Deserialization of data with pickle-based loaders that can run arbitrary code',
  description:
    'Finds pickle, marshal, shelve, jsonpickle, pandas.read_pickle, numpy.load(allow_pickle=True) and torch.load calls that deserialize data which is not a constant.',
  cwe: [502],
  severity: 'error',
  confidence: 'low',
  enabledByDefault: false,
  tags: ['audit', 'deserialization', 'pickle'],
  messages: {
    default: '`{{callee}}` unpickles `{{source}}`; loading a crafted pickle runs arbitrary code.',
    marshal:
      '`{{callee}}` loads marshal data from `{{source}}`; marshal is not designed for untrusted input.',
    shelve:
      '`{{callee}}` opens a shelf at `{{source}}`; its values are pickles that run code when read.',
    numpy:
      '`{{callee}}` is called with allow_pickle=True on `{{source}}`, so object arrays are unpickled.',
    torch:
      '`{{callee}}` loads `{{source}}` without weights_only=True; a checkpoint is a pickle that can run code.',
    torchExplicit:
      '`{{callee}}` loads `{{source}}` with weights_only=False; a checkpoint is a pickle that can run code.',
  },
  help: {
    why: "A pickle is a program for pickle's virtual machine: its REDUCE opcode calls any importable function with any arguments, so `pickle.loads(data)` on bytes an attacker controls runs `os.system(...)` before any type check. The same holds for everything built on pickle (dill, cloudpickle, jsonpickle, shelve, pandas.read_pickle, numpy object arrays, PyTorch checkpoints); marshal is documented as unsafe for untrusted data.",
    fix: 'Exchange data in a format that cannot express code: `json`, `msgpack`, Protocol Buffers, or `numpy.load(path)` with the default allow_pickle=False. Load model weights with `torch.load(path, weights_only=True)` or `safetensors`. When pickle is unavoidable, accept it only from a trusted store and authenticate it first (HMAC over the bytes, compared with `hmac.compare_digest`), or restrict globals with an `Unpickler.find_class` allow-list.',
  },
  inTests: 'lower',
  // Calls resolved through pickle, cPickle, _pickle, cloudpickle, jsonpickle, pandas.read_pickle
  // (`pickle`, `Pickle`), dill, marshal, numpy, torch or shelve.
  requires: ['pickle', 'Pickle', 'dill', 'marshal', 'numpy', 'torch', 'shelve'],
  *detect(ctx) {
    const resolve = ctx.resolve;
    for (const call of ctx.calls(...PICKLE_CALLS, ...JSONPICKLE_CALLS)) {
      const source =
        arg(call, 0, call.method === 'loads' ? 'data' : 'file') ?? arg(call, 0, 'string');
      if (source === undefined || isConstantValue(source) || isOwnDump(source, resolve)) continue;
      yield graded(call, source, resolve, 'default');
    }
    for (const call of ctx.calls(...MARSHAL_CALLS)) {
      const source = arg(call, 0);
      if (source === undefined || isConstantValue(source)) continue;
      // marshal builds code objects but never runs them; malformed input crashes the interpreter.
      const d = graded(call, source, resolve, 'marshal');
      yield { ...d, severity: 'warning' };
    }
    for (const call of ctx.calls(...PANDAS_CALLS)) {
      const source = arg(call, 0, 'filepath_or_buffer');
      if (source === undefined) continue;
      yield graded(call, source, resolve, 'default');
    }
    for (const call of ctx.calls(...SHELVE_CALLS)) {
      const source = arg(call, 0, 'filename');
      // A shelf at a fixed path is the program's own storage.
      if (source === undefined || isLocalPath(source)) continue;
      const d = graded(call, source, resolve, 'shelve');
      yield { ...d, severity: 'warning' };
    }
    for (const call of ctx.calls(...NUMPY_CALLS)) {
      if (!isTrue(call.keywords.get('allow_pickle'))) continue;
      const source = arg(call, 0, 'file');
      if (source === undefined) continue;
      yield graded(call, source, resolve, 'numpy');
    }
    for (const call of ctx.calls(...TORCH_CALLS)) {
      const weightsOnly = call.keywords.get('weights_only');
      if (weightsOnly !== undefined && !isFalsy(weightsOnly)) continue;
      if (call.hasKwargsSplat && weightsOnly === undefined) continue;
      const source = arg(call, 0, 'f');
      if (source === undefined) continue;
      // PyTorch 2.6 made weights_only=True the default; an explicit False is unambiguous.
      const explicit = weightsOnly !== undefined;
      const d = graded(call, source, resolve, explicit ? 'torchExplicit' : 'torch');
      yield explicit ? d : { ...d, severity: 'warning' };
    }
  },
});
