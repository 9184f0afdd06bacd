import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'unsafe-deserialization',
  title: 'Untrusted data is deserialized with a loader that can run code',
  description:
    'Follows request data and other untrusted input into pickle, dill, marshal, shelve, jsonpickle, pandas.read_pickle, numpy.load(allow_pickle=True), torch.load and yaml.load with an unsafe loader.',
  cwe: [502],
  severity: 'error',
  confidence: 'high',
  tags: ['deserialization', 'pickle', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) reaches {{sink}} in `{{callee}}`; a crafted payload runs code while it is loaded.',
  },
  help: {
    why: "A pickle is a program for pickle's virtual machine: its REDUCE opcode calls any importable function with any arguments, so `pickle.loads(data)` on bytes from a client runs `os.system(...)` before any type check. The same holds for libraries built on pickle and for YAML loaders that construct arbitrary Python objects.",
    fix: 'Exchange data in a format that cannot express code: `json.loads()`, `yaml.safe_load()`, msgpack or Protocol Buffers. If pickled data must travel through a client, authenticate it with an HMAC checked by `hmac.compare_digest()` before loading, or restrict globals with an `Unpickler.find_class` allow-list.',
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['deserialization'],
});
