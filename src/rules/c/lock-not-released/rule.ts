import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CCallSite } from '../../../engine/rule-api.js';
import { compact } from '../../../languages/c/expr.js';
import { exitStates, solveForward, type FlowNode } from '../../../languages/c/flow.js';
import { lineOf } from '../../../languages/c/leaks.js';
import { flowOf } from '../../../languages/c/lifetime.js';

/** Plain lock functions (lock object as first argument) and their releases. */
const PLAIN_ACQUIRE = [
  'pthread_mutex_lock',
  'pthread_spin_lock',
  'pthread_rwlock_rdlock',
  'pthread_rwlock_wrlock',
  'mtx_lock',
  'EnterCriticalSection',
  'AcquireSRWLockExclusive',
  'AcquireSRWLockShared',
  'g_mutex_lock',
  'g_rec_mutex_lock',
  'spin_lock',
  'spin_lock_irqsave',
  'spin_lock_bh',
  'mutex_lock',
  'read_lock',
  'write_lock',
];
const PLAIN_RELEASE = [
  'pthread_mutex_unlock',
  'pthread_spin_unlock',
  'pthread_rwlock_unlock',
  'mtx_unlock',
  'LeaveCriticalSection',
  'ReleaseSRWLockExclusive',
  'ReleaseSRWLockShared',
  'g_mutex_unlock',
  'g_rec_mutex_unlock',
  'spin_unlock',
  'spin_unlock_irqrestore',
  'spin_unlock_bh',
  'mutex_unlock',
  'read_unlock',
  'write_unlock',
];
/** Member functions of lock objects (QMutex, QReadWriteLock, std::mutex). */
const MEMBER_ACQUIRE = ['lock', 'lockForRead', 'lockForWrite'];
const MEMBER_RELEASE = ['unlock'];

interface LockEvent {
  call: CCallSite;
  key: string;
  acquire: boolean;
  flow: FlowNode;
}

const HELD = 1;
const FREE = 2;

function lockKey(call: CCallSite): string | undefined {
  if (call.receiver !== null) return compact(call.receiver.text());
  const first = call.args[0];
  if (first === undefined) return undefined;
  return compact(first.text())
    .replace(/^&/, '')
    .replace(/^\((.*)\)$/, '$1');
}

/** Whether a branch on a lock call's result takes `label` when locking failed. */
function failedOn(cond: SyntaxNode, call: SyntaxNode, label: 'true' | 'false'): boolean {
  let c = cond;
  while (c.kind() === 'parenthesized_expression' || c.kind() === 'condition_clause') {
    const inner = c.kind() === 'condition_clause' ? c.field('value') : c.namedChildren()[0];
    if (inner === null || inner === undefined) return false;
    c = inner;
  }
  if (c.id() === call.id()) return label === 'true';
  if (c.kind() === 'binary_expression') {
    const op = c.field('operator')?.text();
    const other =
      c.field('left')?.id() === call.id()
        ? c.field('right')
        : c.field('right')?.id() === call.id()
          ? c.field('left')
          : null;
    if (other?.text() !== '0') return false;
    if (op === '!=') return label === 'true';
    if (op === '==') return label === 'false';
  }
  return false;
}

export default defineCRule({
  name: 'lock-not-released',
  title: 'Lock not released on every path, or locked twice',
  description:
    'Finds a mutex or critical section locked in a function that unlocks it on some paths but returns with it still held on another, and a lock taken again while already held.',
  cwe: [667, 764],
  severity: 'warning',
  confidence: 'high',
  tags: ['concurrency', 'resource-lifetime'],
  messages: {
    default:
      '`{{lock}}` (locked on line {{line}}) is still held when this return leaves the function; other threads waiting for it block forever.',
    atEnd: '`{{lock}}` locked here is not released on every path to the end of the function.',
    twice:
      '`{{lock}}` is locked again here while it is already held (locked on line {{line}}); a non-recursive lock deadlocks.',
  },
  help: {
    why: 'A lock that stays held after a function returns blocks every other thread that needs it: the service hangs, which an attacker who can trigger the early-return path (an invalid request, a failed allocation) can cause at will. Locking a non-recursive mutex twice in the same thread deadlocks immediately or, for some implementations, is undefined behaviour.',
    fix: 'Release the lock on every path, through one unlock before a single return (`goto out;`), or use a scoped guard that unlocks automatically: `QMutexLocker`, `std::lock_guard`, `std::unique_lock`, `g_autoptr(GMutexLocker)`.',
  },
  requires: ['lock', 'CriticalSection', 'SRWLock'],
  *detect(ctx) {
    const events = new Map<number, LockEvent[]>();
    const add = (call: CCallSite, acquire: boolean): void => {
      const key = lockKey(call);
      if (key === undefined) return;
      const fn = ctx.enclosingFunction(call.node);
      const flow = fn === undefined ? null : flowOf(fn);
      const node = flow?.graph.nodeOf(call.node);
      if (fn === undefined || node === undefined) return;
      const list = events.get(fn.node.id()) ?? [];
      list.push({ call, key, acquire, flow: node });
      events.set(fn.node.id(), list);
    };
    for (const c of ctx.calls(...PLAIN_ACQUIRE)) add(c, true);
    for (const c of ctx.calls(...PLAIN_RELEASE)) add(c, false);
    for (const c of ctx.methodCalls(...MEMBER_ACQUIRE))
      if (c.receiver !== null && c.args.length === 0) add(c, true);
    for (const c of ctx.methodCalls(...MEMBER_RELEASE))
      if (c.receiver !== null && c.args.length === 0) add(c, false);

    for (const fn of ctx.functions()) {
      const list = events.get(fn.node.id());
      const flow = list === undefined ? null : flowOf(fn);
      if (list === undefined || flow === null) continue;
      for (const acq of list.filter((e) => e.acquire)) {
        const same = list.filter((e) => e.key === acq.key);
        // A function that never unlocks is a lock wrapper (`foo_lock()`): it returns holding by design.
        if (!same.some((e) => !e.acquire)) continue;
        const byNode = new Map<number, LockEvent[]>();
        for (const e of same) byNode.set(e.flow.index, [...(byNode.get(e.flow.index) ?? []), e]);
        const twice: LockEvent[] = [];
        const after = solveForward(
          flow.graph,
          acq.flow.index,
          HELD,
          (node, state) => {
            let s = state;
            for (const e of byNode.get(node.index) ?? []) {
              if (e.acquire && s === HELD && e !== acq) twice.push(e);
              s = e.acquire ? HELD : FREE;
            }
            return s;
          },
          (node, label, state) =>
            node.index === acq.flow.index &&
            node.ast !== null &&
            failedOn(node.ast, acq.call.node, label)
              ? FREE
              : state,
        );
        const data = { lock: acq.key, line: lineOf(acq.call.node) };
        for (const e of exitStates(flow.graph, after)) {
          if ((e.state & HELD) === 0) continue;
          if (e.fallsOffEnd || e.node.ast === null)
            yield { node: acq.call.node, messageId: 'atEnd', data };
          else yield { node: e.node.ast, data };
        }
        for (const e of new Set(twice)) yield { node: e.call.node, messageId: 'twice', data };
      }
    }
  },
});
