// A stand-in review worker for the pool tests: it speaks the pool's protocol and misbehaves on request.
// A task whose path contains "crash" kills the thread, "hang" never answers, anything else is "analysed".
import { setTimeout } from 'node:timers';
import { parentPort } from 'node:worker_threads';

const queue = [];
let busy = false;

function answer(req) {
  if (req.task.path.includes('crash')) process.exit(3);
  if (req.task.path.includes('hang')) {
    busy = true; // never answers, never takes the next request
    return;
  }
  parentPort.postMessage({
    id: req.id,
    outcome: {
      kind: 'skipped',
      skipped: { path: req.task.path, reason: 'ignored', detail: 'fake' },
    },
  });
}

parentPort.on('message', (req) => {
  queue.push(req);
  setTimeout(() => {
    while (!busy && queue.length > 0) answer(queue.shift());
  }, 1);
});
