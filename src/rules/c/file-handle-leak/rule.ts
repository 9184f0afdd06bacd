import { defineCRule } from '../../../engine/rule-api.js';
import {
  acquisitions,
  BORROWING_CALLS,
  findLeaks,
  leakReports,
  type Leak,
} from '../../../languages/c/leaks.js';

/** Functions returning a FILE*, DIR* or similar handle (NULL on failure), with their release. */
const STREAMS = [
  'fopen',
  'fopen64',
  'fdopen',
  'freopen',
  'popen',
  'tmpfile',
  'opendir',
  'fdopendir',
  'setmntent',
];
const STREAM_RELEASES = new Set(['fclose', 'pclose', 'closedir', 'endmntent']);

/** Functions returning a file descriptor (-1 on failure). */
const DESCRIPTORS = [
  'open',
  'open64',
  'openat',
  'creat',
  'socket',
  'accept',
  'accept4',
  'dup',
  'epoll_create',
  'epoll_create1',
  'eventfd',
  'timerfd_create',
  'signalfd',
  'inotify_init',
  'inotify_init1',
  'memfd_create',
  'mkstemp',
  'mkostemp',
  'shm_open',
];
const DESCRIPTOR_RELEASES = new Set(['close', 'closesocket']);

export default defineCRule({
  name: 'file-handle-leak',
  title: 'File handle or descriptor leaked on a return path',
  description:
    'Finds FILE*, DIR* streams and file descriptors opened into a local variable that are neither closed nor handed over on a path that returns from the function.',
  cwe: [775, 404],
  severity: 'warning',
  confidence: 'high',
  tags: ['resource-lifetime', 'filesystem'],
  messages: {
    default:
      '`{{variable}}` (opened by `{{how}}` on line {{line}}) is still open when this return leaves the function; the handle is lost.',
    atEnd:
      '`{{variable}}` opened here by `{{how}}` is neither closed nor handed over before the function ends; the handle is lost.',
  },
  help: {
    why: 'A process can hold only a limited number of open files (often 1024). Each leaked descriptor or stream stays open until the process exits; when an attacker can trigger the leaking path repeatedly (a failed parse, a rejected client), the process runs out of descriptors and can no longer accept connections or open files. Leaked descriptors are also inherited by child processes.',
    fix: 'Close the handle on every path that does not hand it over (`fclose(fp)`, `close(fd)`, `closedir(d)`), preferably through one cleanup label. In C++ wrap it in an RAII type (`std::ifstream`, `QFile`, a `unique_ptr` with a closing deleter).',
  },
  inTests: 'skip',
  requires: [
    'open',
    'socket',
    'accept',
    'dup',
    'create',
    'tmpfile',
    'mkstemp',
    'mkostemp',
    'inotify',
    'eventfd',
    'signalfd',
    'setmntent',
  ],
  *detect(ctx) {
    const leaks: Leak[] = [
      ...findLeaks(acquisitions(ctx, STREAMS), {
        style: 'pointer',
        releases: STREAM_RELEASES,
        borrows: BORROWING_CALLS,
      }),
      ...findLeaks(acquisitions(ctx, DESCRIPTORS), {
        style: 'descriptor',
        releases: DESCRIPTOR_RELEASES,
        borrows: BORROWING_CALLS,
      }),
    ];
    yield* leakReports(leaks);
  },
});
