import { describe, expect, it } from 'vitest';
import { PILLARS } from '../../src/core/pillars.js';
import type { ScanResult } from '../../src/core/result.js';
import {
  escapeInline,
  escapeMarkdown,
  fence,
  inlineCode,
  renderMarkdown,
} from '../../src/reporters/markdown.js';
import { cleanResult, sampleResult } from '../helpers/sample-result.js';

const options = { color: false, perFile: true };

interface Block {
  info: string;
  body: string;
}

/** Splits Markdown into text outside fenced code blocks and the blocks (CommonMark fence rules). */
function parseFences(md: string): { outside: string; blocks: Block[] } {
  const outside: string[] = [];
  const blocks: Block[] = [];
  let open: { ticks: number; info: string; body: string[] } | undefined;
  for (const line of md.split('\n')) {
    if (open === undefined) {
      const m = /^(`{3,})([^`]*)$/.exec(line);
      if (m?.[1] !== undefined) open = { ticks: m[1].length, info: (m[2] ?? '').trim(), body: [] };
      else outside.push(line);
    } else {
      const close = /^(`{3,})\s*$/.exec(line);
      if (close?.[1] !== undefined && close[1].length >= open.ticks) {
        blocks.push({ info: open.info, body: open.body.join('\n') });
        open = undefined;
      } else {
        open.body.push(line);
      }
    }
  }
  expect(open, 'every fence is closed').toBeUndefined();
  return { outside: outside.join('\n'), blocks };
}

/** Drops inline code spans (whose content is literal) from text outside fences. */
function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
}

describe('markdown reporter', () => {
  it('matches the snapshots', async () => {
    await expect(renderMarkdown(sampleResult(), options)).toMatchFileSnapshot(
      '../snapshots/sample.md',
    );
    await expect(
      renderMarkdown(cleanResult(), { color: false, perFile: false }),
    ).toMatchFileSnapshot('../snapshots/clean.md');
  });

  it('puts the verdict in bold near the top, and again in the conclusion', () => {
    for (const r of [sampleResult(), cleanResult()]) {
      const lines = renderMarkdown(r, options).split('\n');
      expect(lines.slice(0, 4)).toContain(`**${r.verdict}**`);
      expect(lines.lastIndexOf(`**${r.verdict}**`)).toBeGreaterThan(lines.indexOf('## Conclusion'));
    }
  });

  it('has a summary table and a section per pillar, in order', () => {
    const md = renderMarkdown(sampleResult(), options);
    expect(md).toContain('| Pillar | Findings | Coverage |');
    expect(md).toContain(
      '| [CWE-707](#cwe-707-improper-neutralization) Improper Neutralization | 3 | 2 checks ran: python/command-injection, python/sql-injection |',
    );
    expect(md).toContain(
      '| [CWE-284](#cwe-284-improper-access-control) Improper Access Control | 0 (+2 not counted) |',
    );
    expect(md).toContain(
      '| **not reviewed**: No Python checks exist for this pillar yet: it was not reviewed. |',
    );
    const at = PILLARS.map((p) => md.indexOf(`\n### CWE-${String(p.id)} ${p.name}\n`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(md).toContain(
      '### CWE-697 Incorrect Comparison\n\n_Coverage:_ 1 check ran: python/is-literal-comparison\n\nNo findings.',
    );
    expect(md).toContain(
      '### CWE-691 Insufficient Control Flow Management\n\n> **Not reviewed.** No Python checks exist for this pillar yet: it was not reviewed.\n\nNo findings.',
    );
  });

  it('describes each finding with a CWE link, a fenced snippet and the trace', () => {
    const md = renderMarkdown(sampleResult(), options);
    expect(md).toContain('#### `app/views.py:42:9` OS command built from untrusted input\n');
    expect(md).toContain(
      "- **Weakness:** [CWE-78](https://cwe.mitre.org/data/definitions/78.html) Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection') (pillar CWE-707)",
    );
    expect(md).toContain(
      '```python\nout = subprocess.run(f"ping -c 1 {host}", shell=True, capture_output=True)\n```',
    );
    expect(md).toContain(
      "1. source at `app/views.py:38:12`: request.args.get('host') is user input\n",
    );
    expect(md).toContain('3. sink at `app/views.py:42:9`: reaches subprocess.run(..., shell=True)');
    expect(md).toContain(
      '- **Suppressed (inline):** Health check of the local sidecar, which only has a self-signed certificate.',
    );
  });

  it('never lets <script> out of a code fence', () => {
    for (const r of [sampleResult(), cleanResult()]) {
      const { outside } = parseFences(renderMarkdown(r, options));
      expect(outside).not.toMatch(/<script|<img|<\/p>/i);
    }
    const md = renderMarkdown(sampleResult(), options);
    expect(md).toContain('so &lt;script&gt; in it runs in the browser');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps a snippet containing ``` inside its fence', () => {
    const sample = sampleResult();
    const snippet = sample.findings.find((f) => f.snippet.includes('```'))?.snippet;
    expect(snippet).toBeDefined();
    const { blocks } = parseFences(renderMarkdown(sample, options));
    expect(blocks.map((b) => b.body)).toContain(snippet);
    expect(blocks).toHaveLength(sample.findings.length);
    expect(blocks.every((b) => b.info === 'python')).toBe(true);
    expect(renderMarkdown(sample, options)).toContain(
      '````python\n# Payload from the bug report: ```<script>',
    );
  });

  it('survives hostile paths, messages and help text', () => {
    const hostile: ScanResult = sampleResult();
    const f = hostile.findings[1];
    if (f === undefined) throw new Error('sample has findings');
    f.location.path = 'app/``x`` </code><script>alert(1)</script>|\n# h.py';
    f.message = '[click](javascript:alert(1)) **bold** <b>x</b> @octocat\n# not a heading';
    f.help.fix = '![img](https://evil.example/x.png) ~~gone~~ $x$';
    f.snippet = '````\n</code></pre><script>alert(2)</script>\n````';
    const md = renderMarkdown(hostile, options);
    const { outside, blocks } = parseFences(md);
    expect(blocks.map((b) => b.body)).toContain(f.snippet);
    const prose = withoutCodeSpans(outside);
    expect(prose).not.toMatch(/<script|<b>|<\/code>/);
    expect(prose).not.toMatch(/(?<!\\)\[click(?<!\\)\]/);
    expect(prose).not.toContain('![img]');
    expect(prose).not.toContain('@octocat');
    expect(prose).not.toMatch(/^# not a heading/m);
    expect(md).toContain('`````python\n````\n</code></pre>');
  });

  it('tags fences by language, also for files the result does not list', () => {
    const r = sampleResult();
    const [a, b, c] = r.findings;
    if (a === undefined || b === undefined || c === undefined)
      throw new Error('sample has findings');
    a.location.path = 'web/app.js';
    b.location.path = 'weird.constructor';
    c.location.path = 'Makefile';
    const { blocks } = parseFences(renderMarkdown(r, options));
    const infoOf = (snippet: string) => blocks.find((x) => x.body === snippet)?.info;
    expect([a, b, c].map((f) => infoOf(f.snippet))).toEqual(['javascript', '', '']);
  });

  it('lists skipped files by reason with a cap, errors, and files on request', () => {
    const md = renderMarkdown(sampleResult(), options);
    expect(md).toContain('**unsupported-language** (23): no checks exist for this language');
    expect(md).toContain('- `web/static/js/table.js`: JavaScript\n- ... and 3 more');
    expect(md).toContain(
      '- rule `python/sql-injection` failed on `app/legacy.py`: RangeError: Maximum call stack size exceeded',
    );
    expect(md).toContain(
      '| `app/templates.py` | python | no | flask, markupsafe | 0 | 1 | Decoded as Latin-1: the file is not valid UTF-8. |',
    );
    expect(renderMarkdown(sampleResult(), { color: false, perFile: false })).not.toContain(
      '## Files reviewed',
    );
  });
});

describe('markdown escaping helpers', () => {
  it('escapes markup and HTML in text', () => {
    expect(escapeMarkdown('<script>alert(1)</script> & co')).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp; co',
    );
    expect(escapeMarkdown('*a* _b_ [d](e) | ~f~ \\ ` $')).toBe(
      '\\*a\\* \\_b\\_ \\[d\\](e) \\| \\~f\\~ \\\\ \\` \\$',
    );
    expect(escapeInline('calls `os.system` with `a|b`')).toBe('calls `os.system` with `a|b`');
    expect(escapeInline('`a|b` <i>', true)).toBe('`a\\|b` &lt;i&gt;');
    expect(escapeInline('`</code><script>`')).toBe('`</code><script>`');
    expect(escapeInline('1. not a list')).toBe('1. not a list');
    expect(escapeMarkdown('# title')).toBe('\\# title');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(escapeMarkdown('line one\nline two')).toBe('line one line two');
    expect(escapeMarkdown('ping @octocat')).toBe('ping @\u200boctocat');
  });

  it('builds code spans and fences that their content cannot close', () => {
    expect(inlineCode('a.py')).toBe('`a.py`');
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('`a')).toBe('`` `a ``');
    expect(inlineCode('a|b', true)).toBe('`a\\|b`');
    expect(fence('x', 'python')).toBe('```python\nx\n```');
    expect(fence('a ```` b', '')).toBe('`````\na ```` b\n`````');
  });
});
