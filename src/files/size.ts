import { UsageError } from '../core/errors.js';

const KIB = 1024;

/** Units are binary (a kilobyte is 1024 bytes), as people mean them when they set a file size limit. */
const UNIT_BYTES: ReadonlyMap<string, number> = new Map([
  ['', 1],
  ['b', 1],
  ['k', KIB],
  ['kb', KIB],
  ['kib', KIB],
  ['m', KIB ** 2],
  ['mb', KIB ** 2],
  ['mib', KIB ** 2],
  ['g', KIB ** 3],
  ['gb', KIB ** 3],
  ['gib', KIB ** 3],
]);

const SIZE = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;

const EXAMPLES = 'e.g. 2MB, 512k, 1048576 or 1.5 MiB';

/**
 * Parses a size limit as a user writes it: `2MB`, `512k`, `1048576`, `1.5 MiB`. k/K/KB/KiB mean 1024
 * bytes, MB/MiB 1024², GB/GiB 1024³. A number is taken as bytes. Throws UsageError on anything else.
 */
export function parseSize(input: string | number): number {
  if (typeof input === 'number') {
    if (Number.isSafeInteger(input) && input > 0) return input;
    throw new UsageError(`invalid size ${String(input)}: expected a whole number of bytes above 0`);
  }
  const text = input.trim();
  const m = SIZE.exec(text);
  if (m === null) {
    throw new UsageError(
      `invalid size "${input}": expected a number with an optional unit (B, KB, MB, GB), ${EXAMPLES}`,
    );
  }
  const amount = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const factor = UNIT_BYTES.get(unit);
  if (factor === undefined) {
    throw new UsageError(
      `invalid size "${input}": unknown unit "${m[2] ?? ''}" (use B, KB, MB or GB), ${EXAMPLES}`,
    );
  }
  const bytes = Math.round(amount * factor);
  if (bytes <= 0) throw new UsageError(`invalid size "${input}": the size must be above 0 bytes`);
  if (!Number.isSafeInteger(bytes)) throw new UsageError(`invalid size "${input}": too large`);
  return bytes;
}

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/** A byte count for people: `512 B`, `1.5 KiB`, `2 MiB` (one decimal at most, binary units). */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || Math.abs(bytes) < KIB) return `${bytes} B`;
  let value = bytes / KIB;
  let i = 0;
  // Compare after rounding so that 1023.96 KiB prints as 1 MiB, not 1024 KiB.
  while (i < UNITS.length - 1 && Math.abs(Math.round(value * 10) / 10) >= KIB) {
    value /= KIB;
    i++;
  }
  const unit = UNITS[i] ?? 'B';
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} ${unit}`;
}

/** `3 MiB exceeds the 2 MiB limit`, with exact byte counts when the rounded figures look alike. */
export function describeTooLarge(size: number, limit: number): string {
  const s = formatSize(size);
  const l = formatSize(limit);
  if (s === l) return `${size} bytes exceeds the ${limit}-byte limit (${l})`;
  return `${s} exceeds the ${l} limit`;
}
