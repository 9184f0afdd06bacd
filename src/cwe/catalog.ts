import { isPillarId, type PillarId } from '../core/pillars.js';
import data from './catalog.json' with { type: 'json' };

export interface CweEntry {
  id: number;
  name: string;
  abstraction: string;
  status: string;
  /** MITRE's mapping guidance: Allowed, Allowed-with-Review, Discouraged, Prohibited. */
  usage: string;
  /** Primary parent in the research view (CWE-1000). */
  parent: number | null;
  /** Pillar reached through the primary ChildOf chain. */
  pillar: number | null;
  /** Every pillar reachable through any ChildOf chain. */
  pillars: number[];
}

const byId = new Map<number, CweEntry>(data.weaknesses.map((w) => [w.id, w as CweEntry]));
const categoryIds = new Map<number, string>(data.categories.map((c) => [c.id, c.name]));
const viewIds = new Map<number, string>(data.views.map((v) => [v.id, v.name]));

export const CWE_VERSION: string = data.version;

export function lookupCwe(id: number): CweEntry | undefined {
  return byId.get(id);
}

export function cweName(id: number): string {
  return byId.get(id)?.name ?? categoryIds.get(id) ?? viewIds.get(id) ?? `CWE-${String(id)}`;
}

export function isCategory(id: number): boolean {
  return categoryIds.has(id);
}

export function isView(id: number): boolean {
  return viewIds.has(id);
}

/** The primary pillar of a weakness, or undefined when the id is unknown or reaches no pillar. */
export function primaryPillar(id: number): PillarId | undefined {
  const p = byId.get(id)?.pillar;
  return p !== null && p !== undefined && isPillarId(p) ? p : undefined;
}

export function pillarsOf(id: number): PillarId[] {
  return (byId.get(id)?.pillars ?? []).filter(isPillarId);
}

export function cweUri(id: number): string {
  return `https://cwe.mitre.org/data/definitions/${String(id)}.html`;
}
