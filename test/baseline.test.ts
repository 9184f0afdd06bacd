// Baselines: created from today's findings, matched by fingerprint so that moved code stays accepted.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  baselineJsonSchema,
  createBaseline,
  parseBaseline,
  renderBaseline,
  staleEntries,
  type Baseline,
} from '../src/baseline/baseline.js';
import { scan } from '../src/api/scan.js';
import { UsageError } from '../src/core/errors.js';
import { normaliseSnippet } from '../src/engine/fingerprint.js';
import { tempTree } from './files/tmp.js';

const CMD = 'python/command-injection';

const REV1 = `import os, flask


def run(name):
    os.system("ls " + flask.request.args["name"])
`;

// Lines inserted above, the function moved down below another one, and reindented into a class.
const REV2 = `"""A module docstring added later."""
import os, flask
import sys


def helper():
    return sys.argv


class Runner:
    def run(self, name):
        os.system("ls " +  flask.request.args["name"])  # a comment added later
`;

// REV2 plus a second, identical occurrence added below the first.
const REV3 = `${REV2}
    def again(self, name):
        os.system("ls " + flask.request.args["name"])
`;

async function scanSource(source: string, baseline?: Baseline) {
  const dir = await tempTree({ 'app/jobs.py': source });
  return scan({
    targets: ['.'],
    cwd: dir,
    jobs: 1,
    ...(baseline !== undefined ? { baseline } : {}),
  });
}

function accept(findings: Awaited<ReturnType<typeof scanSource>>['findings']): Baseline {
  return createBaseline(findings, {
    toolVersion: '0.0.0',
    today: '2026-01-02',
    justification: 'legacy, tracked in SEC-1',
  });
}

describe('fingerprints', () => {
  it('ignore whitespace, indentation and trailing comments, not strings', () => {
    expect(normaliseSnippet('os.system(\n    "a" +  b)  # note', '#')).toBe('os.system( "a" + b)');
    expect(normaliseSnippet('x = "# not a comment"', '#')).toBe('x = "# not a comment"');
    expect(normaliseSnippet('# only a comment', '#')).toBe('# only a comment');
  });
});

describe('baselines', () => {
  it('keep matching code that moved, was reindented and commented', async () => {
    const first = await scanSource(REV1);
    const cmd = first.findings.filter((f) => f.ruleId === CMD);
    expect(cmd.map((f) => f.location.start.line)).toEqual([5]);
    const baseline = accept(first.findings);
    expect(baseline.entries.find((e) => e.ruleId === CMD)).toMatchObject({
      path: 'app/jobs.py',
      line: 5,
      justification: 'legacy, tracked in SEC-1',
      acceptedAt: '2026-01-02',
    });

    const second = await scanSource(REV2, baseline);
    const moved = second.findings.filter((f) => f.ruleId === CMD);
    expect(moved.map((f) => f.location.start.line)).toEqual([12]);
    expect(moved[0]?.fingerprint).toBe(cmd[0]?.fingerprint);
    expect(moved[0]?.suppression).toEqual({
      kind: 'baseline',
      justification: 'legacy, tracked in SEC-1 (accepted 2026-01-02)',
    });
    expect(second.summary.total).toBe(0);
    expect(second.summary.suppressed).toBeGreaterThanOrEqual(1);
    expect(staleEntries(baseline, second.findings)).toEqual([]);
  });

  it('does not let one accepted finding hide a second identical one added later', async () => {
    const baseline = accept((await scanSource(REV1)).findings);
    const third = await scanSource(REV3, baseline);
    const cmd = third.findings.filter((f) => f.ruleId === CMD);
    expect(cmd.map((f) => f.location.start.line)).toEqual([12, 15]);
    expect(cmd[0]?.suppression?.kind).toBe('baseline');
    expect(cmd[1]?.suppression).toBeUndefined();
    expect(cmd[0]?.fingerprint).not.toBe(cmd[1]?.fingerprint);
    expect(third.summary.total).toBe(1);
  });

  it('lists entries that no longer match', async () => {
    const baseline = accept((await scanSource(REV1)).findings);
    const fixed = await scanSource(
      'import subprocess\n\ndef run(name):\n    subprocess.run(["ls", name])\n',
      baseline,
    );
    expect(staleEntries(baseline, fixed.findings).map((e) => e.ruleId)).toContain(CMD);
  });

  it('keeps the justification and date of entries accepted earlier', async () => {
    const findings = (await scanSource(REV1)).findings;
    const old = accept(findings);
    const again = createBaseline(findings, {
      toolVersion: '0.0.1',
      today: '2027-01-01',
      justification: 'new',
      previous: old,
    });
    expect(again.entries.map((e) => [e.justification, e.acceptedAt])).toEqual(
      old.entries.map(() => ['legacy, tracked in SEC-1', '2026-01-02']),
    );
  });

  it('round-trip through the file format, which the published schema accepts', async () => {
    const baseline = accept((await scanSource(REV1)).findings);
    const text = renderBaseline(baseline);
    expect(parseBaseline(text, 'b.json')).toEqual(baseline);
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(baselineJsonSchema());
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('reject malformed files with a clear message', () => {
    expect(() => parseBaseline('{"version": 1,', 'b.json')).toThrow(/b\.json is not valid JSON/);
    expect(() => parseBaseline('{"version": 7, "entries": []}', 'b.json')).toThrow(
      /has version 7; this secreview reads version 1/,
    );
    expect(() =>
      parseBaseline(
        JSON.stringify({
          version: 1,
          tool: { name: 'secreview', version: '1' },
          entries: [
            {
              fingerprint: 'nothex',
              ruleId: 'x',
              path: 'a',
              line: 1,
              snippet: '',
              justification: 'j',
              acceptedAt: '2026-01-01',
            },
          ],
        }),
        'b.json',
      ),
    ).toThrow(/b\.json is malformed at entries\.0\.fingerprint/);
    expect(() => parseBaseline('[]', 'b.json')).toThrow(UsageError);
  });
});
