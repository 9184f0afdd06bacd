import type { SgNode } from '@ast-grep/napi';
import type { DetectionStep } from '../rule-api.js';
import type { SinkKind } from './spec.js';

/** One flow from a source to a sink found by the engine. */
export interface TaintFinding {
  kind: SinkKind;
  /** The sink call (or the store, or the return). */
  sinkNode: SgNode;
  sinkLabel: string;
  /** The sink's callee as written, or the stored-to target. */
  callee: string;
  sourceNode: SgNode;
  sourceLabel: string;
  /** Source, steps and sink, in order. */
  trace: DetectionStep[];
}
