import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { describeTooLarge, formatSize, parseSize } from '../../src/files/size.js';

describe('parseSize', () => {
  it.each([
    ['1048576', 1048576],
    ['512k', 512 * 1024],
    ['512K', 512 * 1024],
    ['512 KB', 512 * 1024],
    ['512KiB', 512 * 1024],
    ['2MB', 2 * 1024 ** 2],
    ['2mb', 2 * 1024 ** 2],
    ['2M', 2 * 1024 ** 2],
    ['1.5 MiB', 1.5 * 1024 ** 2],
    ['1GB', 1024 ** 3],
    ['100B', 100],
    ['.5k', 512],
    [' 3 MB ', 3 * 1024 ** 2],
    [4096, 4096],
  ])('%s is %d bytes', (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
  });

  it.each(['', 'MB', 'two MB', '-1MB', '1e6', '2 TB', '2 MBs', '1,5MB', '0', '0.0001', 'Infinity'])(
    'rejects %j with a UsageError that shows examples',
    (input) => {
      expect(() => parseSize(input)).toThrow(UsageError);
    },
  );

  it('says what was wrong and what is accepted', () => {
    expect(() => parseSize('2 TB')).toThrow(/unknown unit "TB".*2MB, 512k/);
    expect(() => parseSize('lots')).toThrow(/invalid size "lots".*e\.g\. 2MB/);
    expect(() => parseSize(-5)).toThrow(UsageError);
    expect(() => parseSize(1.5)).toThrow(UsageError);
  });
});

describe('formatSize', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [2 * 1024 ** 2, '2 MiB'],
    [1024 ** 2 - 1, '1 MiB'],
    [3.25 * 1024 ** 3, '3.3 GiB'],
  ])('%d bytes is %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });

  it('round-trips through parseSize for whole units', () => {
    for (const n of [1024, 5 * 1024 ** 2, 7 * 1024 ** 3]) expect(parseSize(formatSize(n))).toBe(n);
  });
});

describe('describeTooLarge', () => {
  it('gives both figures, exact when the rounded ones look alike', () => {
    expect(describeTooLarge(3 * 1024 ** 2, 2 * 1024 ** 2)).toBe('3 MiB exceeds the 2 MiB limit');
    expect(describeTooLarge(2 * 1024 ** 2 + 1, 2 * 1024 ** 2)).toBe(
      '2097153 bytes exceeds the 2097152-byte limit (2 MiB)',
    );
  });
});
