/**
 * A one-line "files done / total" display on an interactive stderr. It appears only for scans that take
 * longer than a moment and erases itself, so redirected output never contains it.
 */
export function createProgress(stream: NodeJS.WriteStream, enabled: boolean) {
  const startedAt = Date.now();
  let shown = false;
  let lastDraw = 0;
  return {
    update(done: number, total: number): void {
      if (!enabled || !stream.isTTY) return;
      const t = Date.now();
      if (t - startedAt < 400 || (t - lastDraw < 80 && done !== total)) return;
      lastDraw = t;
      shown = true;
      stream.write(`\r\x1b[Ksecreview: ${String(done)}/${String(total)} files reviewed`);
    },
    clear(): void {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
