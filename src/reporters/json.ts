import type { ScanResult } from '../core/result.js';
import type { Reporter } from './common.js';

/** The ScanResult itself is the public JSON API (schema/result.schema.json); nothing is added or dropped. */
export const renderJson: Reporter = (result: ScanResult): string =>
  `${JSON.stringify(result, null, 2)}\n`;
