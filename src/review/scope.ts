import {
  spanInRanges,
  type ChangeContext,
  type ChangedFile,
  type LineRange,
} from '../core/change.js';
import type { Finding, Location } from '../core/finding.js';
import type { ScanResult } from '../core/result.js';
import { summarise, verdictFor } from '../engine/assemble.js';

/**
 * The lines a change touched on the new side: added or modified lines, and the lines next to which lines
 * were deleted (removing a check changes the code around it).
 */
export function touchedLines(file: ChangedFile): LineRange[] {
  return [...file.changedLines, ...file.deletionPoints.map((n) => ({ start: n, end: n }))];
}

/** True when a location lies on (or within `context` lines of) a line the change added or modified. */
export function locationInChange(
  loc: Location,
  files: ReadonlyMap<string, ChangedFile>,
  context: number,
): boolean {
  const file = files.get(loc.path);
  if (file === undefined) return false;
  return spanInRanges(loc.start.line, loc.end.line, touchedLines(file), context);
}

/** A finding is in the change when its location, or any step of its trace (the sink included), is. */
export function findingInChange(
  f: Finding,
  files: ReadonlyMap<string, ChangedFile>,
  context: number,
): boolean {
  if (locationInChange(f.location, files, context)) return true;
  return (f.trace ?? []).some((s) => locationInChange(s.location, files, context));
}

/**
 * Review mode: keeps the findings that lie in the change, recounts the summary, the pillar counts, the
 * per-file counts and the verdict, and attaches the change (with how many findings were left out).
 * Fingerprints were computed over whole files before, so they are the same as in a full scan.
 */
export function scopeToChange(
  result: ScanResult,
  change: Omit<ChangeContext, 'findingsOutsideChange'>,
): ScanResult {
  const files = new Map(change.files.map((f) => [f.path, f]));
  const kept = result.findings.filter((f) => findingInChange(f, files, change.contextLines));
  const { summary, perPillar } = summarise(kept, result.threshold);
  const perFile = new Map<string, number>();
  for (const f of kept) perFile.set(f.location.path, (perFile.get(f.location.path) ?? 0) + 1);
  return {
    ...result,
    verdict: verdictFor(summary.total),
    summary,
    findings: kept,
    pillars: result.pillars.map((p) => ({ ...p, findings: perPillar.get(p.id) ?? 0 })),
    files: {
      ...result.files,
      scanned: result.files.scanned.map((s) => ({ ...s, findings: perFile.get(s.path) ?? 0 })),
    },
    change: { ...change, findingsOutsideChange: result.findings.length - kept.length },
  };
}
