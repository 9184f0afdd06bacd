// The LLM progress bar: drawn only on an interactive stream, erased when the last file is done.
import { describe, expect, it } from 'vitest';
import { createLlmProgress } from '../../src/cli/llm-progress.js';

function stream(isTTY: boolean): { s: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const s = {
    isTTY,
    write: (chunk: string) => {
      written.push(chunk);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { s, written };
}

describe('LLM progress bar', () => {
  it('shows files done and dollars spent, then erases itself', () => {
    const { s, written } = stream(true);
    const bar = createLlmProgress(s, true);
    bar.update(0, 4, 0);
    bar.update(4, 4, 0.0123);
    expect(written[0]).toContain('[------------------------] 0/4 files, $0');
    expect(written.at(-1)).toBe('\r\u001b[K');
  });

  it('leaves the cost out when the price is unknown', () => {
    const { s, written } = stream(true);
    createLlmProgress(s, true).update(1, 2, null);
    expect(written[0]).toMatch(/\[#{12}-{12}\] 1\/2 files$/);
  });

  it('writes nothing to a pipe or when disabled', () => {
    for (const [tty, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const { s, written } = stream(tty);
      const bar = createLlmProgress(s, enabled);
      bar.update(1, 2, 1);
      bar.update(2, 2, 1);
      expect(written).toEqual([]);
    }
  });
});
