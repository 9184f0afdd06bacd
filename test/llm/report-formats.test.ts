// A real LLM result (the scan API against the fake server) in every format: model findings, their
// attribution and the "LLM review" section appear, hostile model text stays inert, SARIF stays valid.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/api/scan.js';
import type { ScanResult } from '../../src/core/result.js';
import { render } from '../../src/reporters/index.js';
import { tempProject, useFakeServers } from './helpers.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const vendored = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'vendor', 'sarif-schema-2.1.0.json'), 'utf8'),
) as Record<string, unknown>;
// Checked as draft-07 with `id` renamed to `$id`, as test/reporters/sarif.test.ts explains.
const schemaBody = Object.fromEntries(
  Object.entries(vendored).filter(([k]) => k !== '$schema' && k !== 'id'),
);
const schemaId = vendored.id;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateSarif = ajv.compile({ $id: String(schemaId), ...schemaBody });

const servers = useFakeServers();
let tmp: ReturnType<typeof tempProject>;
let result: ScanResult;

beforeAll(async () => {
  tmp = tempProject();
  result = await scan({
    targets: [tmp.project],
    cwd: tmp.dir,
    jobs: 1,
    llm: {
      provider: 'openai',
      model: 'fake-hostile-text',
      baseUrl: `${servers.openai.origin}/v1`,
      env: {},
      cache: false,
    },
  });
});
afterAll(() => {
  tmp.remove();
});

const plain = { color: false, perFile: false };

describe('reports of an LLM review', () => {
  it('text: attribution and the LLM review section, no raw control characters', () => {
    const text = render('text', result, plain);
    expect(text).toContain('llm/cwe-862');
    expect(text).toContain('[LLM review]');
    expect(text).toContain('Model: openai fake-hostile-text, claim verified.');
    expect(text).toMatch(
      /\nLLM review\n {2}openai fake-hostile-text at http:\/\/127\.0\.0\.1:\d+\/v1; prompt cwe-list/,
    );
    expect(text).not.toContain('\u001b');
  });

  it('markdown: model text cannot add headings, fences or HTML', () => {
    const md = render('markdown', result, plain);
    expect(md).toContain('## LLM review');
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/^# Injected heading/m);
  });

  it('sarif: valid, with the attribution in the result properties and the run summary', () => {
    const sarif = JSON.parse(render('sarif', result, plain)) as {
      runs: {
        results: { ruleId: string; properties: Record<string, unknown> }[];
        properties: Record<string, unknown>;
      }[];
    };
    expect(validateSarif(sarif)).toBe(true);
    const run = sarif.runs[0];
    expect(run?.results.find((r) => r.ruleId === 'llm/cwe-862')?.properties).toMatchObject({
      origin: 'llm',
      llm: { provider: 'openai', verified: true },
    });
    expect(
      run?.results.find((r) => r.ruleId === 'python/command-injection')?.properties.confirmedBy,
    ).toEqual(['rule', 'llm']);
    expect(run?.properties.llm).toMatchObject({ provider: 'openai', promptVariant: 'cwe-list' });
  });

  it('json: the result as is', () => {
    expect(JSON.parse(render('json', result, plain))).toEqual(JSON.parse(JSON.stringify(result)));
  });
});
