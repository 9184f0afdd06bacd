import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/*
 * The OASIS schema is draft-04 (`id`, `$schema` draft-04), which Ajv 8 does not ship. It uses no keyword
 * whose meaning changed after draft-04 (no boolean exclusiveMinimum/Maximum), so it is checked as draft-07
 * with its `id` renamed to `$id`. See test/vendor/README.md.
 */
const vendored = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'vendor', 'sarif-schema-2.1.0.json'), 'utf8'),
) as Record<string, unknown>;
const { $schema: draft, id: schemaId, ...schemaBody } = vendored;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);

/** The vendored SARIF 2.1.0 schema's draft, as the file declares it. */
export const SARIF_SCHEMA_DRAFT = draft;
export const validateSarif = ajv.compile({ $id: String(schemaId), ...schemaBody });
