import { defineCRule } from '../../../engine/rule-api.js';

/** Functions that cannot be called safely: nothing tells them the size of the buffer they fill. */
const DANGEROUS: Readonly<Record<string, string>> = {
  gets: 'fgets(buf, sizeof buf, stdin)',
  _getws: 'fgetws(buf, sizeof buf / sizeof buf[0], stdin)',
  _getts: '_fgetts(buf, sizeof buf / sizeof buf[0], stdin)',
};

export default defineCRule({
  name: 'inherently-dangerous-function',
  title: 'Inherently dangerous function gets() used',
  description:
    'Finds calls to gets and its wide-character variants, which read a line of any length into a buffer whose size they are never told.',
  cwe: [242],
  severity: 'error',
  confidence: 'high',
  tags: ['memory', 'buffer-overflow'],
  messages: {
    default:
      '`{{fn}}` reads a line of any length into `{{dst}}` and cannot be used safely; use `{{fix}}`.',
  },
  help: {
    why: '`gets` has no parameter for the buffer size, so any line longer than the buffer overwrites memory after it. Whoever controls the input (a user, a pipe, a file) controls the overflow. C11 removed `gets` from the language for this reason.',
    fix: 'Use `fgets(buf, sizeof buf, stdin)` and strip the trailing newline, `getline()` to allocate as needed, or `gets_s(buf, sizeof buf)` where Annex K is available.',
  },
  requires: ['gets', '_getws', '_getts'],
  *detect(ctx) {
    for (const call of ctx.calls(...Object.keys(DANGEROUS))) {
      yield {
        node: call.node,
        data: {
          fn: call.name,
          dst: call.args[0]?.text() ?? 'the buffer',
          fix: DANGEROUS[call.name] ?? 'fgets',
        },
      };
    }
  },
});
