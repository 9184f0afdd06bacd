import type { IrNode } from './ir.js';
import type { SinkKind, SourceSpec } from './spec.js';

/** One step of a finding's trace (source, intermediate step, sink), located by a parse-tree node. */
export interface TaintStep {
  kind: 'source' | 'step' | 'sink';
  node: IrNode;
  message: string;
}

/** One flow from a source to a sink found by the engine. */
export interface TaintFinding {
  kind: SinkKind;
  /** The sink call (or the store, or the return). */
  sinkNode: IrNode;
  sinkLabel: string;
  /** The sink's callee as written, or the stored-to target. */
  callee: string;
  sourceNode: IrNode;
  sourceLabel: string;
  /** The source's spec entry when it asks for its own severity or confidence (`SourceSpec.report`). */
  sourceSpec?: SourceSpec;
  /** Source, steps and sink, in order. */
  trace: TaintStep[];
}
