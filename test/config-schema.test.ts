// The published JSON Schemas of the configuration and baseline files are generated from the zod schemas.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { baselineJsonSchema } from '../src/baseline/baseline.js';
import { configJsonSchema } from '../src/config/schema.js';

const SCHEMA_DIR = join(import.meta.dirname, '..', 'schema');

describe('published schemas', () => {
  it('are up to date (npm run gen:config-schema)', () => {
    expect(readFileSync(join(SCHEMA_DIR, 'config.schema.json'), 'utf8')).toBe(
      `${JSON.stringify(configJsonSchema(), null, 2)}\n`,
    );
    expect(readFileSync(join(SCHEMA_DIR, 'baseline.schema.json'), 'utf8')).toBe(
      `${JSON.stringify(baselineJsonSchema(), null, 2)}\n`,
    );
  });

  it('let editors check a configuration file as secreview does', () => {
    const validate = new Ajv2020({ strict: false }).compile(configJsonSchema());
    expect(
      validate({
        $schema: 'https://secreview.dev/schema/config-1.json',
        include: ['src/'],
        rules: { 'python/command-injection': 'error', 'pillar:710': 'off' },
        overrides: [{ files: ['tests/**'], rules: { 'tag:crypto': 'note' } }],
        maxFileSize: '2MB',
        inlineSuppressions: true,
      }),
    ).toBe(true);
    expect(validate({ failon: 'error' })).toBe(false);
    expect(validate({ rules: { x: 'loud' } })).toBe(false);
    expect(validate({ overrides: [{ files: [], rules: {} }] })).toBe(false);
  });
});
