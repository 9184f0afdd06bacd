// Generates src/cwe/catalog.json from MITRE's CWE list as shipped in the cwe-sdk package (a dev dependency).
// Run: npm run gen:catalog. The output is committed; src/cwe/NOTICE.md carries MITRE's notice.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const archivePath = require.resolve('cwe-sdk/raw/cwe-archive.json');
const archive = JSON.parse(readFileSync(archivePath, 'utf8')).Weakness_Catalog;

const PILLARS = new Set([284, 435, 664, 682, 691, 693, 697, 703, 707, 710]);
const asArray = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** ChildOf relations in the research view (CWE-1000), primary first. */
function parentsInResearchView(w) {
  const rels = asArray(w.Related_Weaknesses?.Related_Weakness).map((r) => r.attr);
  const childOf = rels.filter((a) => a['@_Nature'] === 'ChildOf' && a['@_View_ID'] === '1000');
  childOf.sort((a, b) => (b['@_Ordinal'] === 'Primary') - (a['@_Ordinal'] === 'Primary'));
  return childOf.map((a) => Number(a['@_CWE_ID']));
}

const weaknesses = new Map();
for (const w of asArray(archive.Weaknesses.Weakness)) {
  const id = Number(w.attr['@_ID']);
  weaknesses.set(id, {
    id,
    name: w.attr['@_Name'],
    abstraction: w.attr['@_Abstraction'],
    status: w.attr['@_Status'],
    usage: w.Mapping_Notes?.Usage ?? 'Unknown',
    parents: parentsInResearchView(w),
  });
}

function primaryPillar(id) {
  const seen = new Set();
  let cur = id;
  while (cur !== undefined && !seen.has(cur)) {
    if (PILLARS.has(cur)) return cur;
    seen.add(cur);
    cur = weaknesses.get(cur)?.parents[0];
  }
  return null;
}

function allPillars(id) {
  const out = new Set();
  const stack = [id];
  const seen = new Set();
  while (stack.length > 0) {
    const cur = stack.pop();
    if (seen.has(cur)) continue;
    seen.add(cur);
    if (PILLARS.has(cur)) {
      out.add(cur);
      continue;
    }
    stack.push(...(weaknesses.get(cur)?.parents ?? []));
  }
  return [...out].sort((a, b) => a - b);
}

const entries = [...weaknesses.values()]
  .sort((a, b) => a.id - b.id)
  .map((w) => ({
    id: w.id,
    name: w.name,
    abstraction: w.abstraction,
    status: w.status,
    usage: w.usage,
    parent: w.parents[0] ?? null,
    pillar: primaryPillar(w.id),
    pillars: allPillars(w.id),
  }));

const categories = asArray(archive.Categories?.Category)
  .map((c) => ({ id: Number(c.attr['@_ID']), name: c.attr['@_Name'] }))
  .sort((a, b) => a.id - b.id);
const views = asArray(archive.Views?.View)
  .map((v) => ({ id: Number(v.attr['@_ID']), name: v.attr['@_Name'] }))
  .sort((a, b) => a.id - b.id);

const catalog = {
  source: 'MITRE CWE List, via the cwe-sdk npm package (raw/cwe-archive.json)',
  version: archive.attr['@_Version'],
  date: archive.attr['@_Date'],
  weaknesses: entries,
  categories,
  views,
};

// One entry per line keeps the committed file reviewable in diffs.
const lines = [
  '{',
  `"source": ${JSON.stringify(catalog.source)},`,
  `"version": ${JSON.stringify(catalog.version)},`,
  `"date": ${JSON.stringify(catalog.date)},`,
  '"weaknesses": [',
  entries.map((e) => JSON.stringify(e)).join(',\n'),
  '],',
  '"categories": [',
  categories.map((e) => JSON.stringify(e)).join(',\n'),
  '],',
  '"views": [',
  views.map((e) => JSON.stringify(e)).join(',\n'),
  ']',
  '}',
];
writeFileSync(new URL('../src/cwe/catalog.json', import.meta.url), lines.join('\n') + '\n');
console.log(
  `CWE ${catalog.version} (${catalog.date}): ${entries.length} weaknesses, ${categories.length} categories, ${views.length} views`,
);
