// Copies runtime data files that tsc does not emit into dist/.
import { copyFileSync, mkdirSync } from 'node:fs';

const assets = [['src/cwe/NOTICE.md', 'dist/cwe/NOTICE.md']];
for (const [from, to] of assets) {
  mkdirSync(to.slice(0, to.lastIndexOf('/')), { recursive: true });
  copyFileSync(from, to);
}
