// Lint: typescript-eslint's recommended rules, plus the boundary that keeps the core pure.
import tseslint from 'typescript-eslint';

const pure = ['src/manifests/**', 'src/images/**', 'src/k8s/**', 'src/measure/**', 'src/shell/**', 'src/rules/**', 'src/analysis/**', 'src/report/**'];
const adapterOnly = (message) => ({ message });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tmp/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: pure,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'fs', ...adapterOnly('Pure modules take data and return data: read files in src/sources or the CLI.') },
            { name: 'node:fs', ...adapterOnly('Pure modules take data and return data: read files in src/sources or the CLI.') },
            { name: 'fs/promises', ...adapterOnly('Pure modules take data and return data.') },
            { name: 'node:fs/promises', ...adapterOnly('Pure modules take data and return data.') },
            { name: 'child_process', ...adapterOnly('Processes belong in adapters (src/sources, src/drill, src/smoke).') },
            { name: 'node:child_process', ...adapterOnly('Processes belong in adapters (src/sources, src/drill, src/smoke).') },
            { name: 'node:http', ...adapterOnly('Pure modules do no network I/O.') },
            { name: 'node:https', ...adapterOnly('Pure modules do no network I/O.') },
            { name: '@kubernetes/client-node', ...adapterOnly('Only src/smoke talks to a cluster.') },
          ],
          patterns: [
            { group: ['@actions/*'], message: 'Only main.ts, inputs.ts and outputs.ts talk to the runner.' },
            { group: ['@octokit/*'], message: 'Only src/github talks to GitHub.' },
          ],
        },
      ],
    },
  },
);
