import type { ScanResult } from '../core/result.js';
import type { Reporter, ReporterOptions } from './common.js';
import { renderGerrit } from './gerrit.js';
import { renderGithub } from './github.js';
import { renderGitlab } from './gitlab.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderReviewMarkdown } from './markdown-review.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export type { Reporter, ReporterOptions } from './common.js';
export {
  renderGerrit,
  renderGithub,
  renderGitlab,
  renderJson,
  renderMarkdown,
  renderSarif,
  renderText,
};

export const FORMATS = ['text', 'markdown', 'json', 'sarif', 'github', 'gitlab', 'gerrit'] as const;
export type Format = (typeof FORMATS)[number];

const REPORTERS: Record<Format, Reporter> = {
  text: renderText,
  // Review mode reads like a reviewer's comment; a whole-tree scan gets the full pillar-by-pillar report.
  markdown: (result, options) =>
    result.change !== undefined
      ? renderReviewMarkdown(result, options)
      : renderMarkdown(result, options),
  json: renderJson,
  sarif: renderSarif,
  github: renderGithub,
  gitlab: renderGitlab,
  gerrit: renderGerrit,
};

/** Renders a ScanResult; pure and deterministic: the same result and options give the same string. */
export function render(format: Format, result: ScanResult, options: ReporterOptions): string {
  return REPORTERS[format](result, options);
}
