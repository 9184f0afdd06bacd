import { defineCRule } from '../../../engine/rule-api.js';
import { danglingPointers } from '../../../languages/c/dangling.js';
import { lineOf } from '../../../languages/c/leaks.js';

export default defineCRule({
  name: 'use-after-free',
  title: 'Use after free: a pointer used after the memory was released',
  description:
    'Finds a pointer that is dereferenced or passed to a function after free() or delete released its memory, on some path of the same function, before it is reassigned.',
  cwe: [416],
  severity: 'error',
  confidence: 'high',
  tags: ['memory'],
  messages: {
    default:
      '`{{variable}}` is used here after its memory was released on line {{line}}; it still points to freed memory on this path.',
  },
  help: {
    why: 'Freed memory is handed out again by the allocator. Reading through a dangling pointer returns whatever now lives there; writing through it, or calling through a function pointer in it, corrupts another object. Attackers shape the heap so that their data occupies the freed block, which turns a use after free into code execution.',
    fix: 'Release memory only after its last use, and set the pointer to NULL right after `free(p)` so later uses fail visibly (and `free(NULL)` is harmless). In C++ hold owned memory in `std::unique_ptr` or a container; never keep raw pointers to objects whose lifetime you do not control.',
  },
  requires: ['free', 'delete'],
  *detect(ctx) {
    for (const u of danglingPointers(ctx).uses) {
      yield { node: u.occurrence.node, data: { variable: u.variable, line: lineOf(u.release) } };
    }
  },
});
