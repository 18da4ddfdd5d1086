// Writes docs/rules/<layer>/<name>.md and the README rule table from rule metadata.
// `npm run docs` writes; the registry test fails when the committed files differ.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReadmeRuleTable, renderRuleDoc, ruleTableMarkers } from '../src/report/rule-docs.js';
import { ruleMetas } from '../src/rules/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const meta of ruleMetas) {
  const path = join(root, 'docs', 'rules', `${meta.id}.md`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderRuleDoc(meta));
}
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const [start, end] = ruleTableMarkers;
const before = readme.slice(0, readme.indexOf(start) + start.length);
const after = readme.slice(readme.indexOf(end));
writeFileSync(readmePath, `${before}\n${renderReadmeRuleTable()}\n${after}`);
console.log(`wrote ${ruleMetas.length} rule pages and the README table`);
