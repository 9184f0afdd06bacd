import type { ScanResult } from '../core/result.js';
import type { Reporter, ReporterOptions } from './common.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export type { Reporter, ReporterOptions } from './common.js';
export { renderJson, renderMarkdown, renderSarif, renderText };

export const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

const REPORTERS: Record<Format, Reporter> = {
  text: renderText,
  markdown: renderMarkdown,
  json: renderJson,
  sarif: renderSarif,
};

/** Renders a ScanResult; pure and deterministic: the same result and options give the same string. */
export function render(format: Format, result: ScanResult, options: ReporterOptions): string {
  return REPORTERS[format](result, options);
}
