// The executable entry point (bin/secreview.js imports this file).
import { main } from './program.js';

process.exitCode = await main(process.argv.slice(2));
