import { describe, expect, it } from 'vitest';
import {
  FORMATS,
  render,
  renderJson,
  renderMarkdown,
  renderSarif,
  renderText,
} from '../../src/reporters/index.js';
import { cleanResult, sampleResult } from '../helpers/sample-result.js';

const ALL_OPTIONS = [
  { color: false, perFile: false },
  { color: true, perFile: false },
  { color: false, perFile: true },
  { color: true, perFile: true },
];

describe('render', () => {
  it('offers the four report formats and the three review-platform formats', () => {
    expect(FORMATS).toEqual(['text', 'markdown', 'json', 'sarif', 'github', 'gitlab', 'gerrit']);
  });

  it('dispatches to the reporter of each format', () => {
    const r = sampleResult();
    const o = { color: false, perFile: true };
    expect(render('text', r, o)).toBe(renderText(r, o));
    expect(render('markdown', r, o)).toBe(renderMarkdown(r, o));
    expect(render('json', r, o)).toBe(renderJson(r, o));
    expect(render('sarif', r, o)).toBe(renderSarif(r, o));
  });

  it('is pure: same output every time, input untouched, newline-terminated, no absolute paths', () => {
    for (const make of [sampleResult, cleanResult]) {
      const r = make();
      for (const format of FORMATS) {
        for (const o of ALL_OPTIONS) {
          const out = render(format, r, o);
          expect(render(format, r, o)).toBe(out);
          expect(out.endsWith('\n')).toBe(true);
          expect(out).not.toContain(process.cwd());
          expect(out).not.toContain('file://');
        }
      }
      expect(r).toEqual(make());
    }
  });

  it('json and sarif ignore presentation options', () => {
    const r = sampleResult();
    for (const format of ['json', 'sarif'] as const) {
      const outs = ALL_OPTIONS.map((o) => render(format, r, o));
      expect(new Set(outs).size).toBe(1);
    }
  });
});
