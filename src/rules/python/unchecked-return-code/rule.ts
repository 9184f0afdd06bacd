import type { SgNode } from '@ast-grep/napi';
import { definePythonRule } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { isFalsy, stringValue, unwrap } from '../../../languages/python/expr.js';
import { leadingText, soleAssignment } from '../../../languages/python/flow-helpers.js';

/** Programs whose failure leaves a security control unapplied. */
const SECURITY_PROGRAMS = new Set([
  'chmod',
  'chown',
  'chgrp',
  'setfacl',
  'chattr',
  'iptables',
  'ip6tables',
  'iptables-restore',
  'ip6tables-restore',
  'nft',
  'ufw',
  'firewall-cmd',
  'mount',
  'umount',
  'useradd',
  'usermod',
  'userdel',
  'groupadd',
  'groupmod',
  'gpasswd',
  'passwd',
  'chpasswd',
  'openssl',
  'gpg',
  'gpg2',
  'setenforce',
  'setsebool',
  'restorecon',
  'systemctl',
  'ssh-keygen',
  'shred',
  'update-ca-certificates',
  'setcap',
  'cryptsetup',
]);

/** Prefixes that run the real program: `sudo -n chmod ...`. */
const WRAPPERS = new Set(['sudo', 'doas', 'nice', 'ionice', 'nohup', 'timeout', 'env']);

/** The words of a command: list elements (None for non-literal ones) or the split leading text. */
function commandWords(cmd: SgNode, depth = 0): (string | null)[] | undefined {
  const n = unwrap(cmd);
  const k = n.kind();
  if (k === 'list' || k === 'tuple') {
    return n
      .namedChildren()
      .filter((c) => c.kind() !== 'comment')
      .map((c) => stringValue(c) ?? null);
  }
  if (k === 'identifier' && depth === 0) {
    const v = soleAssignment(n);
    if (v !== undefined && (v.kind() === 'list' || v.kind() === 'tuple')) return commandWords(v, 1);
  }
  const text = leadingText(n);
  if (text === undefined) return undefined;
  return text.trim().split(/\s+/);
}

/** The security-relevant program a command runs, if it is one. */
function securityProgram(words: readonly (string | null)[]): string | undefined {
  let i = 0;
  for (;;) {
    const w = words[i];
    if (w === null || w === undefined) return undefined;
    const base = w.split('/').pop() ?? w;
    if (!WRAPPERS.has(base)) break;
    i++;
    // options of the wrapper, and env's VAR=value pairs
    while (/^-|=/.test(words[i] ?? '')) i++;
  }
  const word = words[i];
  if (word === null || word === undefined) return undefined;
  const program = word.split('/').pop() ?? word;
  if (SECURITY_PROGRAMS.has(program)) return program;
  if (program === 'rm') {
    // rm of a path with -r/-f: a failed delete leaves data behind that was meant to be destroyed.
    const flags = words.slice(i + 1).filter((w): w is string => w?.startsWith('-') === true);
    if (flags.some((f) => /^-[a-zA-Z]*[rRf]|^--(recursive|force)$/.test(f))) return 'rm';
  }
  return undefined;
}

export default definePythonRule({
  name: 'unchecked-return-code',
  title: 'Exit status of a security-relevant command is ignored',
  description:
    'Finds os.system, subprocess.call and subprocess.run (without check=True) running chmod, chown, iptables, useradd, openssl and similar commands whose exit status is discarded.',
  cwe: [252],
  severity: 'warning',
  confidence: 'high',
  tags: ['error-handling', 'subprocess'],
  messages: {
    default:
      '`{{callee}}` runs `{{program}}` and discards its exit status: if the command fails, the program carries on as if {{effect}}.',
  },
  help: {
    why: 'os.system, subprocess.call and subprocess.run report failure only through their return value. When it is ignored, a chmod that failed leaves a key file readable by everyone, a firewall rule that was rejected leaves the port open, and a user that was not locked stays active, while the program logs success.',
    fix: 'Use `subprocess.run([...], check=True)` or `subprocess.check_call([...])`, which raise CalledProcessError on a non-zero exit, or test the return code and stop: `if subprocess.call([...]) != 0: raise RuntimeError(...)`. Prefer the Python API where one exists (`os.chmod`, `os.chown`).',
  },
  // os.system or a call resolved through the subprocess module (as substrings starting with rarer
  // letters, found faster).
  requires: ['ystem', 'bprocess'],
  *detect(ctx) {
    for (const call of ctx.calls('os.system', 'subprocess.call', 'subprocess.run')) {
      if (call.node.parent()?.kind() !== 'expression_statement') continue;
      const isRun = call.callee.includes('subprocess.run');
      if (isRun) {
        if (call.hasKwargsSplat) continue;
        const check = call.keywords.get('check');
        if (check !== undefined && !isFalsy(check)) continue;
      }
      const isSystem = call.callee.includes('os.system');
      const cmd = arg(call, 0, isSystem ? 'command' : 'args');
      if (cmd === undefined) continue;
      const words = commandWords(cmd);
      if (words === undefined) continue;
      const program = securityProgram(words);
      if (program === undefined) continue;
      yield {
        node: call.node,
        data: { callee: call.calleeText, program, effect: `\`${program}\` had succeeded` },
      };
    }
  },
});
