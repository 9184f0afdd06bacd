import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  resultJsonSchema,
  RESULT_SCHEMA_ID,
  scanResultSchema,
} from '../../src/core/result-schema.js';
import { renderJson } from '../../src/reporters/json.js';
import { cleanResult, sampleResult } from '../helpers/sample-result.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const SCHEMA_FILE = join(import.meta.dirname, '..', '..', 'schema', 'result.schema.json');
const published = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
// strictRequired is off: zod writes records with enum keys as propertyNames + required, which is valid.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(published);
const options = { color: false, perFile: false };

describe('json reporter', () => {
  it('matches the snapshots', async () => {
    await expect(renderJson(sampleResult(), options)).toMatchFileSnapshot(
      '../snapshots/sample.json',
    );
    await expect(renderJson(cleanResult(), options)).toMatchFileSnapshot('../snapshots/clean.json');
  });

  it('is the ScanResult, unchanged', () => {
    for (const r of [sampleResult(), cleanResult()]) {
      const out = renderJson(r, options);
      expect(out.endsWith('}\n')).toBe(true);
      expect(JSON.parse(out)).toEqual(r);
    }
  });

  it('validates against the published JSON Schema (draft 2020-12)', () => {
    for (const r of [sampleResult(), cleanResult()]) {
      const ok = validate(JSON.parse(renderJson(r, options)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('validates against the zod schema', () => {
    for (const r of [sampleResult(), cleanResult()]) {
      expect(scanResultSchema.parse(JSON.parse(renderJson(r, options)))).toEqual(r);
    }
  });

  it('has schemas that reject what is not a ScanResult', () => {
    const first = sampleResult().findings[0];
    const bad: unknown[] = [
      { ...sampleResult(), schemaVersion: '0.9.0' },
      { ...sampleResult(), extra: true },
      { ...sampleResult(), findings: [{ ...first, severity: 'critical' }] },
      { ...sampleResult(), findings: [{ ...first, pillar: 79 }] },
      { ...sampleResult(), findings: [{ ...first, location: { path: 'a.py' } }] },
      { ...sampleResult(), summary: { ...sampleResult().summary, byPillar: { '79': 1 } } },
      {
        ...sampleResult(),
        files: { scanned: [], skipped: [{ path: 'a', reason: 'why', detail: '' }] },
      },
    ];
    for (const b of bad) {
      expect(scanResultSchema.safeParse(b).success).toBe(false);
      expect(validate(b)).toBe(false);
    }
    // An optional property is absent, never undefined (exactOptionalPropertyTypes); JSON cannot say it.
    const undefinedSuppression = {
      ...sampleResult(),
      findings: [{ ...first, suppression: undefined }],
    };
    expect(scanResultSchema.safeParse(undefinedSuppression).success).toBe(false);
  });

  it('publishes the schema generated from src/core/result-schema.ts (npm run gen:schema)', () => {
    expect(published).toEqual(resultJsonSchema());
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(
      `${JSON.stringify(resultJsonSchema(), null, 2)}\n`,
    );
    expect(published.$id).toBe(RESULT_SCHEMA_ID);
    expect(published.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(published.title).toBe('secreview scan result');
  });
});
