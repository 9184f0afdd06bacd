// The public library API. Everything else is internal.
export { scan, DEFAULT_MAX_FILE_SIZE, type ScanOptions } from './api/scan.js';
export type { LlmScanOptions } from './api/llm-step.js';
export { allRules } from './api/rules.js';
export { VERSION } from './api/version.js';
export * from './core/index.js';
