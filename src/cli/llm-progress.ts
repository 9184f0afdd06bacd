import { formatUsd } from '../llm/cost.js';

/**
 * A progress bar for the LLM review on an interactive stderr: files answered, and dollars spent when the
 * price is known. It erases itself when the last file is done, so redirected output never contains it.
 */
export function createLlmProgress(stream: NodeJS.WriteStream, enabled: boolean) {
  let shown = false;
  let lastDraw = 0;
  const width = 24;
  return {
    update(done: number, total: number, spentUsd: number | null): void {
      if (!enabled || !stream.isTTY || total === 0) return;
      if (done >= total) {
        if (shown) stream.write('\r\x1b[K');
        shown = false;
        return;
      }
      const t = Date.now();
      if (shown && t - lastDraw < 100) return;
      lastDraw = t;
      shown = true;
      const filled = Math.round((done / total) * width);
      const cost = spentUsd === null ? '' : `, ${formatUsd(spentUsd)}`;
      stream.write(
        `\r\x1b[Ksecreview: model review [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(done)}/${String(total)} files${cost}`,
      );
    },
  };
}
