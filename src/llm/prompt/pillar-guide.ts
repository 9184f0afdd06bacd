/**
 * What the prompts tell the model about the ten pillars: their names, and for the cwe-list variant a
 * short list of specific weaknesses under each. The examples are chosen by id; which pillar each belongs
 * to comes from the CWE catalog (primary ChildOf chain), never from this file.
 */
import { PILLARS, type PillarId } from '../../core/pillars.js';
import { cweName, primaryPillar } from '../../cwe/catalog.js';

/** Specific weaknesses worth naming to a model; most specific first within each pillar. */
const EXAMPLE_CWES = [
  862, 863, 639, 306, 798, 522, 732, 295, 307, 436, 444, 22, 502, 611, 918, 601, 434, 915, 400, 770,
  772, 459, 416, 209, 532, 377, 1333, 190, 191, 369, 131, 362, 367, 835, 674, 248, 396, 327, 328,
  338, 319, 326, 916, 352, 1023, 1025, 185, 754, 755, 390, 252, 78, 89, 79, 94, 95, 77, 90, 91, 643,
  113, 117, 1236, 20, 1104, 477, 676, 489, 561,
] as const;

export interface PillarGuide {
  id: PillarId;
  name: string;
  examples: { id: number; name: string }[];
}

function buildGuide(): PillarGuide[] {
  return PILLARS.map((p) => ({
    id: p.id,
    name: p.name,
    examples: EXAMPLE_CWES.filter((id) => primaryPillar(id) === p.id).map((id) => ({
      id,
      name: cweName(id),
    })),
  }));
}

export const PILLAR_GUIDE: readonly PillarGuide[] = buildGuide();
