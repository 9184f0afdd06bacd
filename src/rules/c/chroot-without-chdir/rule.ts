import { defineCRule } from '../../../engine/rule-api.js';
import { compact } from '../../../languages/c/expr.js';

export default defineCRule({
  name: 'chroot-without-chdir',
  title: 'chroot() without changing the working directory into the jail',
  description:
    'Finds chroot calls not followed by chdir("/") (or preceded by chdir into the same directory) in the same function, which leaves the working directory outside the jail.',
  cwe: [243],
  severity: 'error',
  confidence: 'high',
  tags: ['privileges', 'filesystem'],
  messages: {
    default:
      '`chroot({{dir}})` is not followed by `chdir("/")`; the working directory stays outside the jail and relative paths still reach the whole file system.',
  },
  help: {
    why: 'chroot() changes what "/" means but not the current directory. A process whose working directory is outside the new root can still open "../../etc/shadow" relative to it, so the jail does not contain it; attackers who gain code execution in the jailed process walk straight out.',
    fix: 'Call `chdir("/")` right after a successful chroot (or `chdir(dir)` before `chroot(".")`), check both results, then drop root privileges: a process still running as root can escape any chroot.',
  },
  requires: ['chroot'],
  *detect(ctx) {
    for (const call of ctx.calls('chroot')) {
      const dir = call.args[0];
      if (dir === undefined) continue;
      const fn = ctx.enclosingFunction(call.node);
      const at = call.node.range().start.index;
      const dirText = compact(dir.text());
      const chdirs = ctx
        .calls('chdir')
        .filter((c) => ctx.enclosingFunction(c.node)?.node.id() === fn?.node.id());
      const ok = chdirs.some((c) => {
        const target = c.args[0];
        if (target === undefined) return false;
        const before = c.node.range().start.index < at;
        const value = ctx.stringValue(target);
        if (!before) return value === '/';
        return ctx.stringValue(dir) === '.' || compact(target.text()) === dirText;
      });
      if (!ok) yield { node: call.node, data: { dir: dir.text() } };
    }
  },
});
