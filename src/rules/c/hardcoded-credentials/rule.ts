import { defineCRule } from '../../../engine/rule-api.js';
import { secretLiterals } from '../../../languages/c/credential-helpers.js';

export default defineCRule({
  name: 'hardcoded-credentials',
  title: 'Hard-coded password, token or secret in the source',
  description:
    'Finds string literals given to password, token and secret macros, variables, fields and initialisers, and literals passed as the password of mysql_real_connect, PQsetdbLogin, LogonUser, SQLConnect, libcurl, libssh and Qt setPassword.',
  cwe: [798, 259],
  severity: 'error',
  confidence: 'medium',
  tags: ['secrets', 'credentials'],
  messages: {
    default: 'A {{kind}} is written into the source as a literal (`{{name}}`).',
    api: 'A literal {{kind}} is passed to `{{name}}`.',
  },
  help: {
    why: 'A credential in the source is in every copy of it: the repository and its history, build logs, packages, and binaries, where `strings` shows it. It cannot be rotated without a release, it is the same on every installation, and anyone who reads the code or the binary can log in with it.',
    fix: 'Read credentials at run time from a protected configuration file, the environment, or a secret store (systemd credentials, libsecret/keychain, a vault), and rotate the one that was committed. For defaults, require the operator to set a value on first run.',
  },
  // Test fixtures log in to test servers with test passwords (as python/hardcoded-password).
  inTests: 'skip',
  requires: ['"'],
  *detect(ctx) {
    for (const s of secretLiterals(ctx)) {
      if (s.kind === 'key') continue;
      yield {
        node: s.node,
        messageId: s.viaApi ? 'api' : 'default',
        data: { kind: s.kind === 'password' ? 'password' : 'secret token', name: s.name },
        confidence: s.viaApi ? 'high' : 'medium',
      };
    }
  },
});
