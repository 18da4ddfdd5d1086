// Writes docs/rules/<layer>/<name>.md and the README rule table from rule metadata.
// `npm run docs` writes; the registry test fails when the committed files differ.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { actionTableMarkers, renderActionTables } from '../src/report/action-docs.js';
import { exampleComment, exampleCommentMarkers } from '../src/report/comment.js';
import { renderReadmeRuleTable, renderRuleDoc, ruleTableMarkers } from '../src/report/rule-docs.js';
import { ruleMetas } from '../src/rules/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const meta of ruleMetas) {
  const path = join(root, 'docs', 'rules', `${meta.id}.md`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderRuleDoc(meta));
}
const readmePath = join(root, 'README.md');
const replaceBetween = (text: string, [start, end]: readonly [string, string], content: string) =>
  `${text.slice(0, text.indexOf(start) + start.length)}\n${content}\n${text.slice(text.indexOf(end))}`;
let readme = readFileSync(readmePath, 'utf8');
readme = replaceBetween(readme, ruleTableMarkers, renderReadmeRuleTable());
const action = parseYaml(readFileSync(join(root, 'action.yml'), 'utf8')) as Parameters<typeof renderActionTables>[0];
readme = replaceBetween(readme, actionTableMarkers, renderActionTables(action));
// The example comment is the end-to-end test's golden, so the README cannot show a comment we no longer post.
readme = replaceBetween(readme, exampleCommentMarkers, exampleComment(readFileSync(join(root, 'test', 'golden', 'comments', 'new-error.md'), 'utf8')));
writeFileSync(readmePath, readme);
console.log(`wrote ${ruleMetas.length} rule pages and the README table`);
