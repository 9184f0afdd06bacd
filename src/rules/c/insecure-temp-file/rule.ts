import { defineCRule } from '../../../engine/rule-api.js';

/** Functions that hand out a temporary file name without creating the file. */
const NAME_ONLY = [
  'tmpnam',
  'tmpnam_r',
  'tempnam',
  'mktemp',
  '_tempnam',
  '_wtempnam',
  '_mktemp',
  '_wmktemp',
];

export default defineCRule({
  name: 'insecure-temp-file',
  title: 'Insecure temporary file: a name handed out before the file exists',
  description:
    'Finds tmpnam, tempnam and mktemp, which return a temporary file name without creating the file, so another local user can create it first.',
  cwe: [377],
  severity: 'warning',
  confidence: 'high',
  tags: ['filesystem', 'race-condition'],
  messages: {
    default:
      '`{{callee}}()` returns a temporary file name without creating the file; another local user can create it, or a symlink with that name, before this program opens it.',
  },
  help: {
    why: 'Every local user can create entries in /tmp. Between the moment tmpnam/tempnam/mktemp pick a name and the moment the program opens it, an attacker can create that file with permissions they control, or a symlink to a file the program may write, and the program then writes its data there or overwrites the target with its own privileges.',
    fix: 'Create the file and its name in one step: `int fd = mkstemp(template)` (or `mkostemp`, `tmpfile()`, `mkdtemp` for a directory; `QTemporaryFile` in Qt). Open with O_CREAT|O_EXCL when a name must be chosen by hand.',
  },
  requires: ['tmpnam', 'tempnam', 'mktemp'],
  *detect(ctx) {
    for (const call of ctx.calls(...NAME_ONLY)) {
      yield { node: call.node, data: { callee: call.name } };
    }
  },
});
