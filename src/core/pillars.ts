/** The ten top-level weaknesses ("pillars") of MITRE's CWE-1000 research view, in report order. */
export const PILLARS = [
  { id: 284, name: 'Improper Access Control' },
  { id: 435, name: 'Improper Interaction Between Multiple Correctly-Behaving Entities' },
  { id: 664, name: 'Improper Control of a Resource Through its Lifetime' },
  { id: 682, name: 'Incorrect Calculation' },
  { id: 691, name: 'Insufficient Control Flow Management' },
  { id: 693, name: 'Protection Mechanism Failure' },
  { id: 697, name: 'Incorrect Comparison' },
  { id: 703, name: 'Improper Check or Handling of Exceptional Conditions' },
  { id: 707, name: 'Improper Neutralization' },
  { id: 710, name: 'Improper Adherence to Coding Standards' },
] as const;

export type PillarId = (typeof PILLARS)[number]['id'];

export const PILLAR_IDS: readonly PillarId[] = PILLARS.map((p) => p.id);

export function isPillarId(n: number): n is PillarId {
  return (PILLAR_IDS as readonly number[]).includes(n);
}

export function pillarName(id: PillarId): string {
  const found = PILLARS.find((p) => p.id === id);
  /* c8 ignore next */
  return found ? found.name : `CWE-${String(id)}`;
}
