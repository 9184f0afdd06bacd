// The configuration file: discovery, validation with lines and hints, rule selectors, and its effect on a scan.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../src/api/scan.js';
import { ruleCatalog } from '../src/api/scan-policy.js';
import { findConfigFile, loadConfig } from '../src/config/load.js';
import { resolveConfig } from '../src/config/resolve.js';
import { tempTree } from './files/tmp.js';

const catalog = ruleCatalog();

const resolveText = (text: string, name: string) =>
  resolveConfig(text, `/repo/${name}`, catalog, name);

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected an error');
}

describe('configuration formats', () => {
  const yaml = `# a comment
include: [src/]
exclude:
  - src/generated/
rules:
  python/command-injection: error
  pillar:710: off
  tag:crypto: note
overrides:
  - files: ["tests/**"]
    rules:
      python/hardcoded-password: off
failOn: error
minSeverity: warning
maxFileSize: 1MB
inlineSuppressions: false
baseline: .secreview-baseline.json
testFiles: ["**/fixtures/**"]
`;

  it('reads YAML, JSONC and JSON into the same options', () => {
    const fromYaml = resolveText(yaml, 'secreview.config.yaml');
    const jsonc = `{
      // comments and trailing commas are fine in .jsonc
      "include": ["src/"], "exclude": ["src/generated/"],
      "rules": { "python/command-injection": "error", "pillar:710": "off", "tag:crypto": "note", },
      "overrides": [{ "files": ["tests/**"], "rules": { "python/hardcoded-password": "off" } }],
      "failOn": "error", "minSeverity": "warning", "maxFileSize": "1MB", "inlineSuppressions": false,
      "baseline": ".secreview-baseline.json", "testFiles": ["**/fixtures/**"],
    }`;
    const fromJsonc = resolveText(jsonc, 'secreview.config.jsonc');
    const json = jsonc.replace(/\/\/.*\n/, '\n').replace(/,\s*}/g, '}');
    const fromJson = resolveText(json, 'secreview.config.json');
    for (const c of [fromJsonc, fromJson]) {
      expect({ ...c, file: '', paths: { ...c.paths, source: '' } }).toEqual({
        ...fromYaml,
        file: '',
        paths: { ...fromYaml.paths, source: '' },
      });
    }
    expect(fromYaml).toMatchObject({
      failOn: 'error',
      minSeverity: 'warning',
      maxFileSize: 1024 * 1024,
      inlineSuppressions: false,
      baseline: '/repo/.secreview-baseline.json',
      paths: { base: '/repo', include: ['src/'], exclude: ['src/generated/'] },
    });
    const rules = fromYaml.rulePolicy.rules;
    expect(rules['python/command-injection']).toEqual({ enabled: true, severity: 'error' });
    // Every pillar-710 rule is off, and the crypto-tagged ones carry the severity only.
    for (const r of catalog.filter((x) => x.pillar === 710)) {
      expect(rules[r.id]?.enabled).toBe(false);
    }
    const crypto = catalog.filter((r) => r.tags.includes('crypto'));
    expect(crypto.length).toBeGreaterThan(0);
    for (const r of crypto) expect(rules[r.id]?.severity).toBe('note');
    expect(fromYaml.rulePolicy.overrides).toEqual([
      { files: ['tests/**'], rules: { 'python/hardcoded-password': { enabled: false } } },
    ]);
  });

  it('accepts pillar names, CWE-prefixed pillars and bare rule names', () => {
    const c = resolveText(
      'rules:\n  "pillar:Improper Neutralization": warning\n  pillar:CWE-703: off\n  command-injection: note\n',
      'secreview.config.yaml',
    );
    expect(c.rulePolicy.rules['python/sql-injection']?.severity).toBe('warning');
    // The rule id is more specific than its pillar, whatever the order of the keys.
    expect(c.rulePolicy.rules['python/command-injection']).toEqual({
      enabled: true,
      severity: 'note',
    });
    expect(c.rulePolicy.rules['python/swallowed-exception']?.enabled).toBe(false);
  });
});

describe('configuration errors', () => {
  it('name the file, line and key of an unknown key, with a hint', () => {
    const msg = errorOf(() =>
      resolveText('include: [a]\n\nfailon: error\n', 'secreview.config.yaml'),
    );
    expect(msg).toBe('secreview.config.yaml:3: failon: unknown key (did you mean "failOn"?)');
    const json = errorOf(() =>
      resolveText(
        '{\n  "overrides": [\n    { "files": ["t/"], "rule": {} }\n  ]\n}',
        'secreview.config.json',
      ),
    );
    expect(json).toContain(
      'secreview.config.json:3: overrides[0].rule: unknown key (did you mean "rules"?)',
    );
  });

  it('name unknown rule ids, pillars and tags with hints', () => {
    const msg = errorOf(() =>
      resolveText(
        'rules:\n  python/comand-injection: off\n  pillar:999: off\n  tag:crypt: off\n  group:x: off\n',
        'secreview.config.yaml',
      ),
    );
    expect(msg).toContain(
      'secreview.config.yaml:2: rules["python/comand-injection"]: unknown rule id (did you mean "python/command-injection"?)',
    );
    expect(msg).toContain('secreview.config.yaml:3: rules["pillar:999"]: unknown pillar "999"');
    expect(msg).toContain(
      'secreview.config.yaml:4: rules["tag:crypt"]: no rule has the tag "crypt" (did you mean "tag:crypto"?)',
    );
    expect(msg).toContain('secreview.config.yaml:5: rules["group:x"]: unknown selector');
  });

  it('name bad values with their line', () => {
    const msg = errorOf(() =>
      resolveText(
        '{\n  "failOn": "critical",\n  "maxFileSize": "huge"\n}',
        'secreview.config.json',
      ),
    );
    expect(msg).toMatch(/secreview\.config\.json:2: failOn: .*"error"/);
    const size = errorOf(() => resolveText('maxFileSize: huge\n', 'secreview.config.yml'));
    expect(size).toMatch(/secreview\.config\.yml:1: maxFileSize: invalid size "huge"/);
    const rule = errorOf(() =>
      resolveText('rules:\n  python/command-injection: loud\n', 'secreview.config.yaml'),
    );
    expect(rule).toMatch(/secreview\.config\.yaml:2: rules\["python\/command-injection"\]: /);
  });

  it('report syntax errors with their line', () => {
    expect(
      errorOf(() => resolveText('{\n  "failOn": "error",\n  oops\n}', 'secreview.config.json')),
    ).toMatch(/^secreview\.config\.json:3: invalid JSON: /);
    expect(
      errorOf(() => resolveText('{\n  // no comments in JSON\n}', 'secreview.config.json')),
    ).toBe(
      'secreview.config.json:2: invalid JSON: comments are not allowed in .json files (use .jsonc)',
    );
    expect(errorOf(() => resolveText('rules:\n  a: [\n', 'secreview.config.yaml'))).toMatch(
      /^secreview\.config\.yaml:\d+: invalid YAML: /,
    );
    expect(
      errorOf(() => resolveText('failOn: error\nfailOn: note\n', 'secreview.config.yaml')),
    ).toMatch(/^secreview\.config\.yaml:2: invalid YAML: .*unique/i);
    expect(errorOf(() => resolveText('- a\n- b\n', 'secreview.config.yaml'))).toBe(
      'secreview.config.yaml: the configuration must be an object of settings',
    );
  });

  it('refuse executable-looking YAML tags', () => {
    expect(
      errorOf(() =>
        resolveText('include: !!js/function "function(){}"\n', 'secreview.config.yaml'),
      ),
    ).toMatch(/^secreview\.config\.yaml:1: invalid YAML: /);
  });
});

describe('configuration discovery', () => {
  it('finds the nearest file upward, stopping at the repository root', async () => {
    const dir = await tempTree({
      'secreview.config.yaml': 'failOn: note\n',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/secreview.config.json': '{"failOn": "error"}',
      'repo/src/app/x.py': 'x = 1\n',
      'repo/other/.git/HEAD': '',
      'repo/other/y.py': '',
    });
    expect(findConfigFile(join(dir, 'repo/src/app/x.py'))).toBe(
      join(dir, 'repo/secreview.config.json'),
    );
    expect(findConfigFile(join(dir, 'repo/src'))).toBe(join(dir, 'repo/secreview.config.json'));
    // A nested repository does not look past its own root.
    expect(findConfigFile(join(dir, 'repo/other'))).toBeUndefined();
    const loaded = loadConfig({ cwd: join(dir, 'repo'), targets: ['src'], catalog });
    expect(loaded?.failOn).toBe('error');
    expect(loaded?.paths.source).toBe('secreview.config.json');
    const explicit = loadConfig({
      cwd: join(dir, 'repo'),
      targets: ['src'],
      file: '../secreview.config.yaml',
      catalog,
    });
    expect(explicit?.failOn).toBe('note');
  });

  it('refuses two configuration files in one folder and a missing --config', async () => {
    const dir = await tempTree({
      '.git/HEAD': '',
      'secreview.config.json': '{}',
      'secreview.config.yml': '{}',
    });
    expect(errorOf(() => findConfigFile(dir))).toMatch(/several configuration files/);
    expect(
      errorOf(() => loadConfig({ cwd: dir, targets: [], file: 'nope.yaml', catalog })),
    ).toMatch(/cannot read configuration nope\.yaml/);
  });
});

describe('configuration applied to a scan', () => {
  const vulnerable =
    'import os, flask\nimport hashlib\n\ndef f(x):\n    os.system("ls " + flask.request.args["x"])\n    return hashlib.md5(x)\n';

  async function scanWith(configYaml: string, tree: Record<string, string>, extra = {}) {
    const dir = await tempTree({ '.git/HEAD': '', 'secreview.config.yaml': configYaml, ...tree });
    const config = loadConfig({ cwd: dir, targets: ['.'], catalog });
    if (config === undefined) throw new Error('no config');
    return scan({
      targets: ['.'],
      cwd: dir,
      jobs: 1,
      rulePolicy: config.rulePolicy,
      paths: config.paths,
      ...extra,
    });
  }

  it('turns rules off and sets severities, per path too', async () => {
    const r = await scanWith(
      'rules:\n  python/weak-hash: off\n  python/command-injection: note\noverrides:\n  - files: ["legacy/"]\n    rules:\n      python/command-injection: off\n      python/weak-hash: error\n',
      { 'app/a.py': vulnerable, 'legacy/b.py': vulnerable },
    );
    const seen = r.findings.map((f) => `${f.location.path} ${f.ruleId} ${f.severity}`);
    expect(seen).toContain('app/a.py python/command-injection note');
    expect(seen).not.toContain('app/a.py python/weak-hash warning');
    expect(seen.filter((s) => s.startsWith('app/a.py python/weak-hash'))).toEqual([]);
    expect(seen).toContain('legacy/b.py python/weak-hash error');
    expect(seen.filter((s) => s.startsWith('legacy/b.py python/command-injection'))).toEqual([]);
    expect(r.rules.find((x) => x.id === 'python/command-injection')?.severity).toBe('note');
    for (const file of r.files.scanned) {
      expect(file.findings).toBe(r.findings.filter((f) => f.location.path === file.path).length);
    }
  });

  it('configures the built-in checks on suppressions like rules', async () => {
    const bare =
      'import os, flask\nos.system("ls " + flask.request.args["y"])  # secreview-ignore\n';
    const off = await scanWith('rules:\n  secreview/suppression-without-rule-id: off\n', {
      'a.py': bare,
    });
    expect(off.findings.map((f) => f.ruleId)).toEqual(['python/command-injection']);
    const note = await scanWith('rules:\n  secreview/suppression-without-rule-id: note\n', {
      'a.py': bare,
    });
    expect(
      note.findings.find((f) => f.ruleId === 'secreview/suppression-without-rule-id')?.severity,
    ).toBe('note');
  });

  it('lets --rule win over the configuration, which then only sets severities', async () => {
    const r = await scanWith(
      'rules:\n  python/command-injection: off\n  python/weak-hash: note\n',
      { 'a.py': vulnerable },
      {
        rules: ['python/command-injection', 'python/weak-hash'],
      },
    );
    expect(r.findings.map((f) => `${f.ruleId} ${f.severity}`).sort()).toEqual([
      'python/command-injection error',
      'python/weak-hash note',
    ]);
  });

  it('includes, excludes and marks test files by pattern, listing what it left out', async () => {
    const r = await scanWith(
      'include: ["src/", "tools/"]\nexclude: ["src/vendor/"]\ntestFiles: ["tools/checks/"]\ntests: skip\n',
      {
        'src/a.py': vulnerable,
        'src/vendor/v.py': vulnerable,
        'docs/d.py': vulnerable,
        'tools/checks/c.py': vulnerable,
      },
      { tests: 'skip' },
    );
    expect(r.files.scanned.map((f) => f.path)).toEqual(['src/a.py']);
    expect(r.files.skipped).toEqual(
      expect.arrayContaining([
        { path: 'src/vendor/v.py', reason: 'ignored', detail: 'excluded by secreview.config.yaml' },
        {
          path: 'docs/d.py',
          reason: 'ignored',
          detail: 'not matched by the include patterns of secreview.config.yaml',
        },
        expect.objectContaining({ path: 'tools/checks/c.py', reason: 'test-code-excluded' }),
      ]),
    );
  });

  it('runs a rule turned off globally where an override turns it on, and only there', async () => {
    const r = await scanWith(
      'rules:\n  python/weak-hash: off\noverrides:\n  - files: ["strict/"]\n    rules:\n      python/weak-hash: on\n',
      { 'strict/a.py': vulnerable, 'b.py': vulnerable },
    );
    expect(r.rules.map((x) => x.id)).toContain('python/weak-hash');
    expect(
      r.findings.filter((f) => f.ruleId === 'python/weak-hash').map((f) => f.location.path),
    ).toEqual(['strict/a.py']);
  });
});
