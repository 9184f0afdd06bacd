// The executable entry point (bin/secreview.js imports this file).
import { main } from './program.js';

// A reader that stops early (`secreview scan . | head`) closes the pipe: that is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2));
