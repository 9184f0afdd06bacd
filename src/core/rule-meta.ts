import type { LanguageId } from './language.js';
import type { PillarId } from './pillars.js';
import type { Confidence, Severity } from './severity.js';

export type RuleStatus = 'stable' | 'experimental';

/** How a rule behaves in test code (tests/, test_*.py, conftest.py ...). */
export type TestCodePolicy = 'report' | 'lower' | 'skip';

export interface RuleMeta {
  /** `<language>/<kebab-name>`, stable forever, equal to the rule's folder path under src/rules. */
  id: string;
  language: LanguageId;
  title: string;
  /** One sentence: what the rule finds. */
  description: string;
  /** CWE ids, most specific weakness first. Never a category or a view. */
  cwe: readonly number[];
  severity: Severity;
  confidence: Confidence;
  status: RuleStatus;
  tags: readonly string[];
  /** Message templates; `{{name}}` is replaced with detection data. `default` is required. */
  messages: Readonly<Record<string, string>> & { readonly default: string };
  help: { why: string; fix: string };
  inTests: TestCodePolicy;
  /** Audit rules are off unless asked for (--audit). */
  enabledByDefault: boolean;
  /**
   * The rule can only report in a file whose text contains at least one of these substrings (a module
   * name its matches must import, a method name it looks for). Lets the engine skip it in other files
   * without parsing work. Empty: always run.
   */
  requires: readonly string[];
}

/** What a report needs to know about a rule that ran: copied into every ScanResult. */
export interface RuleDescriptor {
  id: string;
  language: LanguageId;
  title: string;
  description: string;
  cwes: number[];
  cweNames: string[];
  pillar: PillarId;
  pillarName: string;
  severity: Severity;
  confidence: Confidence;
  status: RuleStatus;
  tags: string[];
  help: { why: string; fix: string };
}
