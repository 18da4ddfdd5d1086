// The rule's live-cluster verification commands, filled with a workload's real coordinates.
import type { Subject } from '../analysis/engine.js';
import { findRule } from '../rules/index.js';

const kubectlKinds: Record<string, string> = {
  Deployment: 'deployment',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
  ReplicaSet: 'replicaset',
  Pod: 'pod',
  Job: 'job',
  CronJob: 'cronjob',
  PodDisruptionBudget: 'pdb',
  Rollout: 'rollout',
  ReplicationController: 'replicationcontroller',
};

export function verifyCommands(subject: Subject, ruleIds: readonly string[], container?: string): string[] {
  const commands = new Set<string>();
  const values: Record<string, string> = {
    namespace: subject.object.namespace ?? 'default',
    kind: kubectlKinds[subject.object.kind] ?? subject.object.kind.toLowerCase(),
    name: subject.object.name,
    selector: subject.selector || '<selector>',
    container: container ?? '<container>',
    file: subject.file,
  };
  for (const id of ruleIds) {
    for (const template of findRule(id)?.docs.verify ?? []) {
      commands.add(template.replace(/\{(namespace|kind|name|selector|container|file)\}/g, (_, key: string) => values[key]));
    }
  }
  return [...commands];
}
