import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/core/result.js';
import { artifactUri, pascalCase, renderSarif } from '../../src/reporters/sarif.js';
import { cleanResult, sampleResult } from '../helpers/sample-result.js';
import { SARIF_SCHEMA_DRAFT as draft, validateSarif } from '../helpers/sarif-validator.js';

interface SarifRule {
  id: string;
  name: string;
  helpUri?: string;
  defaultConfiguration: { level: string };
  properties: { tags: string[]; 'security-severity': string; precision: string };
}
interface SarifPhysical {
  artifactLocation: { uri: string; uriBaseId?: string };
  region?: {
    startLine: number;
    startColumn: number;
    endLine: number;
    endColumn: number;
    snippet?: { text: string };
  };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: SarifPhysical }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
  suppressions?: { kind: string; status: string; justification: string }[];
  codeFlows?: {
    threadFlows: {
      locations: { location: { physicalLocation: SarifPhysical; message: { text: string } } }[];
    }[];
  }[];
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: { name: string; version: string; semanticVersion: string; rules: SarifRule[] };
    };
    results: SarifResult[];
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: {
        level: string;
        message: { text: string };
        locations?: { physicalLocation: SarifPhysical }[];
        associatedRule?: { id: string; index?: number };
      }[];
    }[];
  }[];
}

const options = { color: false, perFile: false };

function sarif(r: ScanResult): SarifLog {
  return JSON.parse(renderSarif(r, options)) as SarifLog;
}

function onlyRun(log: SarifLog): SarifLog['runs'][number] {
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0];
  if (run === undefined) throw new Error('no run');
  return run;
}

describe('sarif reporter', () => {
  it('matches the snapshots', async () => {
    await expect(renderSarif(sampleResult(), options)).toMatchFileSnapshot(
      '../snapshots/sample.sarif.json',
    );
    await expect(renderSarif(cleanResult(), options)).toMatchFileSnapshot(
      '../snapshots/clean.sarif.json',
    );
  });

  it('is valid SARIF 2.1.0 (OASIS schema)', () => {
    expect(draft).toBe('http://json-schema.org/draft-04/schema#');
    for (const r of [sampleResult(), cleanResult()]) {
      const ok = validateSarif(sarif(r));
      expect(validateSarif.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('the schema check is not vacuous', () => {
    const log = sarif(sampleResult());
    const broken = structuredClone(log) as unknown as { runs: { results: { level: string }[] }[] };
    const first = broken.runs[0]?.results[0];
    if (first !== undefined) first.level = 'critical';
    expect(validateSarif(broken)).toBe(false);
    expect(validateSarif({ ...log, version: '2.0.0' })).toBe(false);
  });

  it('meets GitHub code scanning requirements', () => {
    for (const r of [sampleResult(), cleanResult()]) {
      const log = sarif(r);
      expect(log.version).toBe('2.1.0');
      expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
      const run = onlyRun(log);
      expect(run.tool.driver.name).toBe('secreview');
      expect(run.tool.driver.semanticVersion).toMatch(/^\d+\.\d+\.\d+/);
      for (const rule of run.tool.driver.rules) {
        expect(rule.properties.tags).toContain('security');
        expect(rule.properties.tags.some((t) => /^external\/cwe\/cwe-\d+$/.test(t))).toBe(true);
        expect(rule.properties['security-severity']).toMatch(/^\d+(\.\d+)?$/);
        const score = Number(rule.properties['security-severity']);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(10);
        expect(['very-high', 'high', 'medium', 'low']).toContain(rule.properties.precision);
        expect(rule.helpUri).toMatch(/^https:\/\/cwe\.mitre\.org\/data\/definitions\/\d+\.html$/);
      }
      expect(run.results).toHaveLength(r.findings.length);
      for (const res of run.results) {
        const rule = run.tool.driver.rules[res.ruleIndex];
        expect(rule?.id).toBe(res.ruleId);
        expect(res.partialFingerprints['secreview/v1']).toMatch(/^[0-9a-f]{32}$/);
        for (const l of res.locations) {
          const uri = l.physicalLocation.artifactLocation.uri;
          expect(uri).not.toMatch(/^\/|^[a-z]+:|\\/i);
          expect(l.physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
          expect(l.physicalLocation.region?.startLine).toBeGreaterThanOrEqual(1);
          expect(l.physicalLocation.region?.startColumn).toBeGreaterThanOrEqual(1);
        }
      }
    }
  });

  it('maps findings field by field', () => {
    const r = sampleResult();
    const run = onlyRun(sarif(r));
    r.findings.forEach((f, i) => {
      const res = run.results[i];
      expect(res?.ruleId).toBe(f.ruleId);
      expect(res?.level).toBe(f.severity);
      expect(res?.message.text).toBe(f.message);
      expect(res?.partialFingerprints['secreview/v1']).toBe(f.fingerprint);
      expect(res?.properties).toMatchObject({
        confidence: f.confidence,
        cwe: f.cwe,
        pillar: f.pillar,
      });
      expect(res?.locations[0]?.physicalLocation).toEqual({
        artifactLocation: { uri: f.location.path, uriBaseId: '%SRCROOT%' },
        region: {
          startLine: f.location.start.line,
          startColumn: f.location.start.column,
          endLine: f.location.end.line,
          endColumn: f.location.end.column,
          snippet: { text: f.snippet },
        },
      });
    });
  });

  it('describes every rule, including rules known only from LLM findings', () => {
    const run = onlyRun(sarif(sampleResult()));
    const ids = run.tool.driver.rules.map((x) => x.id);
    expect(ids).toEqual([...sampleResult().rules.map((x) => x.id), 'llm/cross-site-scripting']);
    const cmd = run.tool.driver.rules.find((x) => x.id === 'python/command-injection');
    expect(cmd).toMatchObject({
      name: 'PythonCommandInjection',
      defaultConfiguration: { level: 'error' },
      properties: {
        tags: ['security', 'external/cwe/cwe-78', 'secreview/pillar/cwe-707', 'injection'],
        'security-severity': '8.0',
        precision: 'high',
      },
    });
    const pw = run.tool.driver.rules.find((x) => x.id === 'python/hardcoded-password');
    expect(pw?.properties.tags).toEqual([
      'security',
      'external/cwe/cwe-259',
      'external/cwe/cwe-798',
      'secreview/pillar/cwe-284',
      'secrets',
    ]);
    expect(pw?.properties['security-severity']).toBe('5.5');
    const llm = run.tool.driver.rules.find((x) => x.id === 'llm/cross-site-scripting');
    expect(llm?.properties.tags).toContain('external/cwe/cwe-79');
  });

  it('marks suppressions and turns traces into code flows', () => {
    const run = onlyRun(sarif(sampleResult()));
    const tls = run.results.find((x) => x.ruleId === 'python/tls-verification-disabled');
    expect(tls?.suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification:
          'Health check of the local sidecar, which only has a self-signed certificate.',
      },
    ]);
    const cmd = run.results.find((x) => x.ruleId === 'python/command-injection');
    const steps = cmd?.codeFlows?.[0]?.threadFlows[0]?.locations ?? [];
    expect(steps.map((s) => s.location.message.text)).toEqual([
      "request.args.get('host') is user input",
      'host = host.strip() keeps it tainted',
      'reaches subprocess.run(..., shell=True)',
    ]);
    expect(steps[0]?.location.physicalLocation.region?.startLine).toBe(38);
    const base = sampleResult();
    const f = base.findings.find((x) => x.suppression !== undefined);
    if (f?.suppression !== undefined) f.suppression.kind = 'baseline';
    const external = onlyRun(sarif(base)).results.find((x) => x.suppressions !== undefined);
    expect(external?.suppressions?.[0]?.kind).toBe('external');
  });

  it('reports errors and skipped files as tool execution notifications', () => {
    const run = onlyRun(sarif(sampleResult()));
    const inv = run.invocations[0];
    expect(inv?.executionSuccessful).toBe(true);
    const notes = inv?.toolExecutionNotifications ?? [];
    expect(notes[0]).toMatchObject({
      level: 'error',
      message: { text: 'RangeError: Maximum call stack size exceeded' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'app/legacy.py' } } }],
      associatedRule: { id: 'python/sql-injection', index: 3 },
    });
    expect(notes.filter((n) => n.level === 'note')).toHaveLength(
      sampleResult().files.skipped.length,
    );
    expect(onlyRun(sarif(cleanResult())).invocations[0]?.toolExecutionNotifications).toEqual([]);
  });

  it('encodes paths as relative URI references', () => {
    expect(artifactUri('app/views.py')).toBe('app/views.py');
    expect(artifactUri('my app/50%#1.py')).toBe('my%20app/50%25%231.py');
    expect(artifactUri('c:/x.py')).toBe('c%3A/x.py');
    expect(artifactUri('/abs/x.py')).toBe('abs/x.py');
    const r = sampleResult();
    const f = r.findings[0];
    if (f !== undefined) f.location.path = 'my app/ünï cödé#1.py';
    const log = sarif(r);
    expect(validateSarif(log)).toBe(true);
    expect(onlyRun(log).results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'my%20app/%C3%BCn%C3%AF%20c%C3%B6d%C3%A9%231.py',
    );
  });

  it('names rules in PascalCase', () => {
    expect(pascalCase('python/command-injection')).toBe('PythonCommandInjection');
    expect(pascalCase('llm/xss_2')).toBe('LlmXss2');
  });
});
