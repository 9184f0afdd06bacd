export * from './errors.js';
export * from './finding.js';
export * from './language.js';
export * from './pillars.js';
export * from './result.js';
export * from './rule-meta.js';
export * from './severity.js';
export * from './compare.js';
