import { lineInRanges, type ChangedFile } from '../core/change.js';
import type { Finding } from '../core/finding.js';
import type { ScanResult } from '../core/result.js';
import {
  acceptedLines,
  changeHeadline,
  changeLabel,
  countedFindings,
  failingFindings,
  lineLink,
} from './change.js';
import {
  cweLabel,
  cweUrl,
  notCountedLine,
  plural,
  visiblePath,
  type ReporterOptions,
} from './common.js';
import { escapeInline, inlineCode } from './markdown.js';

/*
 * A pull-request review for GitHub's REST API, `POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews`
 * (docs.github.com/en/rest/pulls/reviews#create-a-review-for-a-pull-request): `commit_id`, `body`,
 * `event` and `comments` with `path`, `body`, `line`, `side` and, for several lines, `start_line` /
 * `start_side`.
 * GitHub rejects the whole review (422) when a comment names a line outside the diff, so a comment is
 * written only for a finding whose lines lie inside one hunk of the change; every other finding is listed
 * in the body. In scan mode there is no diff to anchor to: every finding goes into the body. The event is
 * REQUEST_CHANGES when a finding at or above --fail-on counts, otherwise COMMENT (never APPROVE).
 */

/** GitHub's limit on the length of a review body. */
const MAX_BODY = 65536;

export interface GitHubReviewComment {
  path: string;
  body: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
}

export interface GitHubReview {
  /** The reviewed commit (review mode with --base/--head): comments stay anchored to it. */
  commit_id?: string;
  body: string;
  event: 'COMMENT' | 'REQUEST_CHANGES';
  comments: GitHubReviewComment[];
}

/** Where a finding can be commented on: its lines if one hunk holds them all, else one line in a hunk. */
export function anchorInHunks(
  f: Finding,
  file: ChangedFile | undefined,
): { start: number; end: number } | undefined {
  if (file === undefined || file.binary || file.review === 'deleted') return undefined;
  const { start, end } = { start: f.location.start.line, end: f.location.end.line };
  const hunk = file.hunks.find((h) => start >= h.start && end <= h.end);
  if (hunk !== undefined) return { start, end };
  if (lineInRanges(start, file.hunks)) return { start, end: start };
  if (lineInRanges(end, file.hunks)) return { start: end, end };
  return undefined;
}

function commentBody(f: Finding): string {
  return [
    `**${f.severity}: ${escapeInline(f.title)}** ([${cweLabel(f.cwe)}](${cweUrl(f.cwe)}) ${escapeInline(f.cweName)}; pillar ${cweLabel(f.pillar)} ${escapeInline(f.pillarName)})`,
    '',
    escapeInline(f.message),
    '',
    `**Why:** ${escapeInline(f.help.why)}`,
    '',
    `**How to fix:** ${escapeInline(f.help.fix)}`,
    '',
    `<sub>secreview ${inlineCode(f.ruleId)}, confidence ${f.confidence}</sub>`,
  ].join('\n');
}

function bodyLine(f: Finding, options: ReporterOptions): string {
  const where = `${visiblePath(f.location.path)}#L${String(f.location.start.line)}`;
  return (
    `- **${f.severity}** [${inlineCode(where)}](${lineLink(f.location.path, f.location.start.line, options.linkBase)}) ` +
    `${escapeInline(f.title)} (${cweLabel(f.cwe)}): ${escapeInline(f.message)}`
  );
}

export function githubReview(result: ScanResult, options: ReporterOptions): GitHubReview {
  const files = new Map((result.change?.files ?? []).map((f) => [f.path, f]));
  const comments: GitHubReviewComment[] = [];
  const outside: Finding[] = [];
  for (const f of countedFindings(result)) {
    const anchor =
      result.change === undefined ? undefined : anchorInHunks(f, files.get(f.location.path));
    if (anchor === undefined) {
      outside.push(f);
      continue;
    }
    comments.push({
      path: f.location.path,
      body: commentBody(f),
      line: anchor.end,
      side: 'RIGHT',
      ...(anchor.start < anchor.end
        ? { start_line: anchor.start, start_side: 'RIGHT' as const }
        : {}),
    });
  }

  const body: string[] = [`**${escapeInline(result.verdict)}**`, ''];
  if (result.change !== undefined) body.push(escapeInline(changeHeadline(result.change)));
  else {
    body.push(
      `secreview reviewed ${plural(result.files.scanned.length, 'file')} of ${inlineCode(visiblePath(result.target))}.`,
    );
  }
  if (comments.length > 0) {
    body.push(
      '',
      `${plural(comments.length, 'finding')} ${comments.length === 1 ? 'is' : 'are'} commented on below.`,
    );
  }

  const tail: string[] = [];
  const notCountedText = notCountedLine(result);
  if (notCountedText !== undefined) tail.push('', escapeInline(notCountedText));
  const accepted = acceptedLines(
    result,
    (f, kind, why) =>
      `${inlineCode(`${visiblePath(f.location.path)}#L${String(f.location.start.line)}`)} ` +
      `${inlineCode(f.ruleId)} (${kind}): ${escapeInline(why.slice(0, 500))}`,
  );
  if (accepted.length > 0) {
    tail.push('', 'Accepted findings (suppressed):', '', ...accepted.map((l) => `- ${l}`));
  }
  if (result.errors.length > 0) {
    tail.push(
      '',
      `${plural(result.errors.length, 'error')} occurred: the review may be incomplete.`,
    );
  }

  if (outside.length > 0) {
    const why =
      result.change === undefined
        ? 'Findings (no diff to comment on in scan mode):'
        : `Findings outside the diff hunks of ${escapeInline(changeLabel(result.change))}:`;
    body.push('', why, '');
    // GitHub refuses a review body over 65536 characters: list what fits, then say how many more.
    let size = body.join('\n').length + tail.join('\n').length + 200;
    let listed = 0;
    for (const f of outside) {
      const line = bodyLine(f, options);
      if (size + line.length + 1 > MAX_BODY) break;
      body.push(line);
      size += line.length + 1;
      listed++;
    }
    if (listed < outside.length) {
      body.push(
        `- ... and ${String(outside.length - listed)} more: see the full report (markdown, SARIF or JSON).`,
      );
    }
  }
  body.push(...tail);
  const failing = failingFindings(result, options.failOn).length > 0;
  const commit = result.change?.headCommit;
  return {
    ...(commit !== undefined ? { commit_id: commit } : {}),
    body: body.join('\n'),
    event: failing ? 'REQUEST_CHANGES' : 'COMMENT',
    comments,
  };
}

export function renderGithub(result: ScanResult, options: ReporterOptions): string {
  return `${JSON.stringify(githubReview(result, options), null, 2)}\n`;
}
