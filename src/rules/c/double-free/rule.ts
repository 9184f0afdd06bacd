import { defineCRule } from '../../../engine/rule-api.js';
import { danglingPointers } from '../../../languages/c/dangling.js';
import { lineOf } from '../../../languages/c/leaks.js';

export default defineCRule({
  name: 'double-free',
  title: 'Double free: memory released twice',
  description:
    'Finds a pointer released by free() or delete on a path where it was already released and not reassigned since.',
  cwe: [415],
  severity: 'error',
  confidence: 'high',
  tags: ['memory'],
  messages: {
    default:
      '`{{variable}}` is released here although it was already released on line {{line}} on this path.',
  },
  help: {
    why: "Releasing the same block twice corrupts the allocator's bookkeeping: the block can be handed out twice, so two objects share memory, and heap metadata that attackers control is written. Double frees on error paths are a classic route to arbitrary code execution.",
    fix: 'Give each allocation one owner that releases it once; set the pointer to NULL right after `free(p)` (freeing NULL is harmless) and make cleanup labels free only what is still owned. In C++ use `std::unique_ptr` instead of manual delete.',
  },
  requires: ['free', 'delete'],
  *detect(ctx) {
    for (const d of danglingPointers(ctx).doubleReleases) {
      const call = d.occurrence.call?.node ?? d.occurrence.node;
      yield { node: call, data: { variable: d.variable, line: lineOf(d.release) } };
    }
  },
});
