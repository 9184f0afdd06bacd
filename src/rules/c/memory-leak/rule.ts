import { defineCRule } from '../../../engine/rule-api.js';
import {
  acquisitions,
  BORROWING_CALLS,
  findLeaks,
  HEAP_ALLOCATORS,
  leakReports,
} from '../../../languages/c/leaks.js';

export default defineCRule({
  name: 'memory-leak',
  title: 'Memory leak: heap memory not freed on a return path',
  description:
    'Finds heap memory held only by a local pointer (malloc, calloc, realloc, strdup, new) that is neither freed nor handed over on a path that returns from the function.',
  cwe: [401],
  severity: 'warning',
  confidence: 'high',
  tags: ['memory', 'resource-lifetime'],
  messages: {
    default:
      '`{{variable}}` (allocated by `{{how}}` on line {{line}}) is still held when this return leaves the function; the memory is lost.',
    atEnd:
      '`{{variable}}` allocated here by `{{how}}` is neither freed nor handed over before the function ends; the memory is lost.',
  },
  help: {
    why: 'Memory that is no longer reachable can never be freed. A leak on an error path is triggered as often as an attacker can trigger the error (a malformed request, a failed lookup), so a long-running service grows until it is killed or stops serving: a denial of service.',
    fix: 'Free the memory on every path that does not hand it over: before each early return, or by jumping to one cleanup label (`goto out;`) that frees what was allocated. In C++ hold it in `std::unique_ptr`, `std::vector` or a Qt container instead of a raw pointer.',
  },
  inTests: 'skip',
  requires: ['alloc', 'strdup', 'strndup', 'new'],
  *detect(ctx) {
    const acqs = acquisitions(ctx, HEAP_ALLOCATORS, true);
    const leaks = findLeaks(acqs, {
      style: 'pointer',
      releases: new Set(['free', 'delete']),
      borrows: BORROWING_CALLS,
    });
    yield* leakReports(leaks);
  },
});
