// The public library API. Everything else is internal.
export { scan, DEFAULT_MAX_FILE_SIZE, type ScanOptions } from './api/scan.js';
export type { LlmScanOptions } from './api/llm-step.js';
export { allRules } from './api/rules.js';
export { review, type ChangeSource, type ReviewOptions } from './api/review.js';
export { ruleCatalog } from './api/scan-policy.js';
export { findConfigFile, loadConfig, type LoadConfigOptions } from './config/load.js';
export {
  ConfigError,
  resolveConfig,
  type ResolvedConfig,
  type RuleCatalogEntry,
} from './config/resolve.js';
export type { PathPolicy, RulePolicy, RuleSetting } from './config/policy.js';
export {
  createBaseline,
  parseBaseline,
  renderBaseline,
  staleEntries,
  type Baseline,
  type BaselineEntry,
} from './baseline/baseline.js';
export { VERSION } from './api/version.js';
export * from './core/index.js';
