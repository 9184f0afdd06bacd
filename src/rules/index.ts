import type { AnyRule } from '../engine/rule-api.js';
import { cRules } from './c/index.js';
import { pythonRules } from './python/index.js';

/** Every rule secreview has, all languages. */
export const ALL_RULES: readonly AnyRule[] = [...pythonRules, ...cRules];
