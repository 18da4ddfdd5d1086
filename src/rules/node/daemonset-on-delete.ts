import { strategyOf } from '../../k8s/strategy.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'node/daemonset-on-delete',
    layer: 'node',
    name: 'daemonset-on-delete',
    severity: 'warning',
    title: 'Template changes reach running DaemonSet pods',
    summary: 'updateStrategy OnDelete replaces pods only when someone deletes them, so the termination settings in this PR do not reach running pods.',
    docs: {
      why: 'With OnDelete, applying a new template changes nothing on the nodes: each pod keeps the old spec (grace period, preStop, image) until a person or a tool deletes it. Fixes to termination behaviour ship on paper only, and nodes drift apart.',
      fact: 'DaemonSet update strategies: OnDelete creates new pods only when old ones are manually deleted (kubernetes.io/docs/tasks/manage-daemon/update-daemon-set).',
      references: ['https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/#daemonset-update-strategy'],
      fixYaml: `updateStrategy:
  type: RollingUpdate
  rollingUpdate:
    maxUnavailable: 1`,
      verify: ["kubectl -n {namespace} get pods -l {selector} -o jsonpath='{range .items[*]}{.metadata.name}{\" \"}{.metadata.labels.controller-revision-hash}{\"\\n\"}{end}'   # mixed hashes = old pods still running"],
      exceptions: 'Suppress with a reason when a node agent must be restarted by hand (e.g. a CNI that may not restart under load).',
    },
  },
  check(workload) {
    if (workload.kind !== 'DaemonSet') return null;
    const strategy = strategyOf(workload);
    if (strategy?.type !== 'OnDelete') return [];
    return [
      {
        path: [...strategy.path, 'type'],
        message: 'updateStrategy is OnDelete: running pods keep their old spec (grace period, preStop, image) until someone deletes them.',
        remediation: 'Use RollingUpdate, or document who deletes the pods and when (and suppress this finding with that reason).',
        fix: { summary: 'use RollingUpdate', edits: [{ path: [...strategy.path, 'type'], value: 'RollingUpdate' }] },
      },
    ];
  },
});
