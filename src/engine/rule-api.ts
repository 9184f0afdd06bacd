import type { Located } from '../core/syntax.js';
import type { LanguageId } from '../core/language.js';
import type { RuleMeta, RuleStatus, TestCodePolicy } from '../core/rule-meta.js';
import type { Confidence, Severity } from '../core/severity.js';
import type { CContext } from '../languages/c/context.js';
import type { PythonContext } from '../languages/python/context.js';

/**
 * What a rule returns: where, and which message. The engine turns it into a Finding (CWE, pillar,
 * snippet, fingerprint): rules detect, the engine describes, reporters present.
 */
export interface Detection {
  /** The node to report; its range is the finding's location. */
  node: Located;
  /** Ends the reported range at this node instead (for a construct spanning several nodes). */
  endNode?: Located;
  /** A key of the rule's `messages`; `default` when absent. */
  messageId?: string;
  /** Values for `{{name}}` placeholders in the message. */
  data?: Readonly<Record<string, string | number>>;
  /** Per-occurrence overrides of the rule's defaults (e.g. lower confidence for a weaker signal). */
  severity?: Severity;
  confidence?: Confidence;
  /** A dataflow trace (source, steps, sink); the engine turns each node into a location. */
  trace?: readonly DetectionStep[];
}

/** One step of a detection's trace, located by a node of the parsed file. */
export interface DetectionStep {
  kind: 'source' | 'step' | 'sink';
  node: Located;
  message: string;
}

export interface Rule<Ctx = unknown> {
  readonly meta: RuleMeta;
  readonly detect: (ctx: Ctx) => Iterable<Detection>;
}

/** A rule of any language, as the engine holds them. */
export type AnyRule = Rule<never>;

export interface RuleSpec<Ctx> {
  /** `<kebab-name>`; the language prefix is added: `python/command-injection`. */
  name: string;
  title: string;
  description: string;
  cwe: readonly number[];
  severity: Severity;
  confidence: Confidence;
  status?: RuleStatus;
  tags?: readonly string[];
  messages: Readonly<Record<string, string>> & { readonly default: string };
  help: { why: string; fix: string };
  /** Default 'report'. */
  inTests?: TestCodePolicy;
  /** Default true; audit rules set false. */
  enabledByDefault?: boolean;
  /**
   * Substrings of which at least one must occur in the file for the rule to be able to report (see
   * RuleMeta.requires). Only list true necessary conditions: a module name that every reported call must
   * resolve through, a method name every match has. Fixtures run through the same check.
   */
  requires?: readonly string[];
  detect: (ctx: Ctx) => Iterable<Detection>;
}

function defineRule<Ctx>(language: LanguageId, spec: RuleSpec<Ctx>): Rule<Ctx> {
  const meta: RuleMeta = {
    id: `${language}/${spec.name}`,
    language,
    title: spec.title,
    description: spec.description,
    cwe: spec.cwe,
    severity: spec.severity,
    confidence: spec.confidence,
    status: spec.status ?? 'stable',
    tags: spec.tags ?? [],
    messages: spec.messages,
    help: spec.help,
    inTests: spec.inTests ?? 'report',
    enabledByDefault: spec.enabledByDefault ?? true,
    requires: spec.requires ?? [],
  };
  return { meta, detect: spec.detect };
}

export function definePythonRule(spec: RuleSpec<PythonContext>): Rule<PythonContext> {
  return defineRule('python', spec);
}

/**
 * A C/C++ rule: one pack (`src/rules/c`, ids `c/<name>`) reviews C and C++ files; `ctx.isCpp` tells which.
 */
export function defineCRule(spec: RuleSpec<CContext>): Rule<CContext> {
  return defineRule('c', spec);
}

export type { PythonContext } from '../languages/python/context.js';
export type { CContext, CCallSite, CDeclaration, CFunction } from '../languages/c/context.js';
export type { CallSite } from '../languages/python/calls.js';
