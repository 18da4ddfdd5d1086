// The test command: lint, type check, then Vitest; ends with one plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

import { debianTools, ensureDebianTool, ensureGoTool, goTools } from './setup-tools.mjs';
import { ensureNode24 } from './setup-tools.mjs';
import { buildKubernetes, kubernetesVersion } from './test-cluster/build-k8s.mjs';

const bin = (name) => `node_modules/.bin/${name}`;
const step = (label, command, args) => {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status ?? 1;
};

process.stdout.write('\n== test tools\n');
const node24 = ensureNode24();
process.stdout.write(node24 ? `node 24: ${node24}\n` : 'node 24: unavailable (the Node 24 tests will be skipped)\n');
if (node24) process.env.TG_NODE24 = node24;
// The render tests use exactly these builds (not whatever is on PATH).
for (const name of Object.keys(goTools)) {
  const binary = ensureGoTool(name);
  process.stdout.write(`${name}: ${binary ?? 'unavailable (the tests that use it will be skipped)'}\n`);
  if (binary) process.env[goTools[name].env] = binary;
}
for (const [name, tool] of Object.entries(debianTools)) {
  const binary = ensureDebianTool(name);
  process.stdout.write(`${name}: ${binary ?? `unavailable (${tool.usedBy} will be skipped)`}\n`);
  if (binary && tool.env) process.env[tool.env] = binary;
}
// The test cluster's Kubernetes components, built from the k8s.io/kubernetes module (cached).
if (process.platform === 'linux' && process.getuid?.() === 0) {
  try {
    const started = Date.now();
    const { binDir, built } = buildKubernetes();
    process.env.TG_K8S_BIN = binDir;
    process.stdout.write(`kubernetes ${kubernetesVersion}: ${binDir}${built.length > 0 ? ` (built ${built.join(', ')} in ${((Date.now() - started) / 1000).toFixed(0)} s)` : ''}\n`);
  } catch (error) {
    process.stdout.write(`kubernetes ${kubernetesVersion}: unavailable (the test cluster tests will be skipped): ${error.message.slice(0, 500)}\n`);
  }
}
let status = step('lint (eslint)', bin('eslint'), ['src', 'test', 'scripts']);
status ||= step('type check (tsc)', bin('tsc'), ['--noEmit']);
mkdirSync('.tmp', { recursive: true });
const vitest = step('tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile.json=.tmp/vitest-results.json', ...process.argv.slice(2)]);
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync('.tmp/vitest-results.json', 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  skipped = report.numPendingTests + report.numTodoTests;
} catch {
  failed = 1;
}
if (status !== 0 && failed === 0) failed = 1; // lint or type errors count as a failure
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(status || vitest || (failed > 0 ? 1 : 0));
