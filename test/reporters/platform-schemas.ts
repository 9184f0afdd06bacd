import { z } from 'zod';

/*
 * The documented request and report shapes of the review platforms, written from their documentation to
 * validate our output. Objects are strict where the documentation lists every field, so a misspelt or
 * removed field fails.
 */

const positive = z.int().positive();

/**
 * GitHub REST API, "Create a review for a pull request"
 * (https://docs.github.com/en/rest/pulls/reviews#create-a-review-for-a-pull-request): body parameters
 * commit_id, body, event (APPROVE, REQUEST_CHANGES, COMMENT), comments[] with path (required), position,
 * body (required), line, side (LEFT, RIGHT), start_line, start_side.
 */
export const githubReviewSchema = z.strictObject({
  commit_id: z.string().optional(),
  body: z.string(),
  event: z.enum(['APPROVE', 'REQUEST_CHANGES', 'COMMENT']),
  comments: z.array(
    z
      .strictObject({
        path: z.string().min(1),
        position: positive.optional(),
        body: z.string().min(1),
        line: positive.optional(),
        side: z.enum(['LEFT', 'RIGHT']).optional(),
        start_line: positive.optional(),
        start_side: z.enum(['LEFT', 'RIGHT', 'side']).optional(),
      })
      .refine(
        (c) => c.start_line === undefined || (c.line !== undefined && c.start_line < c.line),
        {
          message: 'start_line must come before line',
        },
      ),
  ),
});

/**
 * GitLab security report schema, SAST, version 15.x
 * (https://gitlab.com/gitlab-org/security-products/security-report-schemas, dist/sast-report-format.json;
 * https://docs.gitlab.com/ee/development/integrations/secure.html#report). Required: version, scan
 * (analyzer, scanner, type, start_time, end_time, status) and vulnerabilities (id, identifiers with at
 * least one entry, location); severity is one of Info, Unknown, Low, Medium, High, Critical; times are
 * yyyy-mm-ddThh:mm:ss. Version 15 dropped the per-vulnerability category, message, cve, confidence and
 * scanner fields, so the vulnerability object here is strict.
 */
const gitlabTool = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  version: z.string().min(1),
  url: z.string().optional(),
  vendor: z.strictObject({ name: z.string().min(1) }),
});
const gitlabTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
export const gitlabSastSchema = z.strictObject({
  version: z.string().regex(/^15\.\d+\.\d+$/),
  schema: z.string().optional(),
  scan: z.strictObject({
    analyzer: gitlabTool,
    scanner: gitlabTool,
    type: z.literal('sast'),
    start_time: gitlabTime,
    end_time: gitlabTime,
    status: z.enum(['success', 'failure']),
    messages: z
      .array(z.strictObject({ level: z.enum(['info', 'warn', 'fatal']), value: z.string() }))
      .optional(),
    primary_identifiers: z.array(z.unknown()).optional(),
  }),
  vulnerabilities: z.array(
    z.strictObject({
      id: z.string().min(1),
      name: z.string().max(255).optional(),
      description: z.string().max(1048576).optional(),
      severity: z.enum(['Info', 'Unknown', 'Low', 'Medium', 'High', 'Critical']).optional(),
      solution: z.string().max(7000).optional(),
      identifiers: z
        .array(
          z.strictObject({
            type: z.string().min(1),
            name: z.string().min(1),
            value: z.string().min(1),
            url: z.string().optional(),
          }),
        )
        .min(1),
      links: z.array(z.object({ url: z.string() })).optional(),
      details: z.record(z.string(), z.unknown()).optional(),
      tracking: z.unknown().optional(),
      flags: z.array(z.unknown()).optional(),
      location: z.strictObject({
        file: z.string().min(1),
        start_line: positive,
        end_line: positive.optional(),
        class: z.string().optional(),
        method: z.string().optional(),
      }),
    }),
  ),
  remediations: z.array(z.unknown()).optional(),
});

/**
 * Gerrit REST API, "Set Review": POST /changes/{change-id}/revisions/{revision-id}/review with a
 * ReviewInput (https://gerrit-review.googlesource.com/Documentation/rest-api-changes.html#review-input):
 * message, tag, labels (label name -> vote), comments (file path -> CommentInput list), robot_comments,
 * drafts, draft_ids_to_publish, notify, notify_details, omit_duplicate_comments, on_behalf_of, reviewers,
 * ready, work_in_progress, add_to_attention_set, remove_from_attention_set, ignore_automatic_attention_set_rules.
 * CommentInput: id, path, side (REVISION, PARENT), parent, line, range, in_reply_to, updated, message,
 * tag, unresolved, fix_suggestions; CommentRange: start_line, start_character (0-based), end_line,
 * end_character.
 */
const commentRange = z.strictObject({
  start_line: positive,
  start_character: z.int().nonnegative(),
  end_line: positive,
  end_character: z.int().nonnegative(),
});
const commentInput = z
  .strictObject({
    id: z.string().optional(),
    path: z.string().optional(),
    side: z.enum(['REVISION', 'PARENT']).optional(),
    parent: positive.optional(),
    line: z.int().nonnegative().optional(),
    range: commentRange.optional(),
    in_reply_to: z.string().optional(),
    updated: z.string().optional(),
    message: z.string().min(1),
    tag: z.string().optional(),
    unresolved: z.boolean().optional(),
    fix_suggestions: z.array(z.unknown()).optional(),
  })
  .refine((c) => c.range === undefined || c.line === c.range.end_line, {
    message: 'line equals the end line of the range',
  });
export const gerritReviewInputSchema = z.strictObject({
  message: z.string().optional(),
  tag: z.string().optional(),
  labels: z.record(z.string(), z.int().min(-2).max(2)).optional(),
  comments: z.record(z.string(), z.array(commentInput)).optional(),
  robot_comments: z.record(z.string(), z.array(z.unknown())).optional(),
  drafts: z.enum(['PUBLISH', 'PUBLISH_ALL_REVISIONS', 'KEEP']).optional(),
  notify: z.enum(['NONE', 'OWNER', 'OWNER_REVIEWERS', 'ALL']).optional(),
  omit_duplicate_comments: z.boolean().optional(),
  on_behalf_of: z.string().optional(),
  ready: z.boolean().optional(),
  work_in_progress: z.boolean().optional(),
});
