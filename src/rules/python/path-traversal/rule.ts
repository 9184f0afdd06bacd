import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'path-traversal',
  title: 'Untrusted data used as a file path (path traversal)',
  description:
    'Follows request data and other untrusted input into file system paths (open, os, shutil, pathlib, send_file) that are not reduced to a file name or checked to stay under a base directory.',
  cwe: [22],
  severity: 'error',
  confidence: 'high',
  tags: ['path', 'file', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) reaches the {{sink}} of `{{callee}}` without being confined to a directory.',
  },
  help: {
    why: 'A path from the client can contain `../` sequences or be absolute (`os.path.join(base, "/etc/passwd")` discards `base`), so it reads, overwrites or deletes files outside the intended directory: configuration, keys, source code.',
    fix: 'Reduce the value to a file name with `werkzeug.utils.secure_filename()` or `os.path.basename()`, serve files with `send_from_directory(BASE, name)`, or resolve the joined path with `os.path.realpath()` and check that it starts with the base directory (plus a separator) before using it.',
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['path'],
});
