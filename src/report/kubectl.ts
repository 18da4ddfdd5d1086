// The rule's live-cluster verification commands, filled with a workload's real coordinates.
// Reviewers paste these into a shell that holds cluster credentials, and every value in them
// comes from the manifest: a name that is a valid Kubernetes name prints as it is (such names
// need no quoting), anything else is POSIX-quoted, and a command holding a value Kubernetes
// would never accept (so no such object can exist) is printed commented out, with the reason.
import type { Subject } from '../analysis/engine.js';
import { findRule } from '../rules/index.js';
import { isDnsLabel, isDnsSubdomain, shellQuote, shellWord, showControls } from './escape.js';

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

type Field = 'namespace' | 'kind' | 'name' | 'selector' | 'container' | 'file';

/** What Kubernetes accepts for each value (an invalid one cannot name a real object). */
const valid: Record<Field, (value: string) => boolean> = {
  // Namespaces and container names are DNS-1123 labels; most object names DNS-1123 subdomains.
  namespace: isDnsLabel,
  container: isDnsLabel,
  name: isDnsSubdomain,
  kind: (value) => /^[a-z][a-z0-9]*$/.test(value),
  // Label selectors as the engine writes them (key=value,…); keys may have a DNS prefix.
  selector: (value) => /^[A-Za-z0-9._/=,!-]+$/.test(value) && !value.startsWith('-'),
  // A repository path: anything without control characters, quoted when it needs it.
  file: (value) => showControls(value) === value && value.trim() !== '',
};

/** Placeholders we leave for the reader to fill in (`<selector>`, `<container>`). */
const placeholder = (value: string) => /^<[a-z]+>$/.test(value);

/**
 * Fills `{field}` placeholders in a command template, quoting each value for where it stands:
 * bare or single-quoted outside quotes, and inside a quoted part of the template (a jsonpath in
 * '…') by closing the quote, adding the quoted value and reopening it.
 */
function fill(template: string, values: Record<Field, string>): { command: string; invalid: Field[] } {
  const invalid: Field[] = [];
  let command = '';
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < template.length; i++) {
    const match = /^\{(namespace|kind|name|selector|container|file)\}/.exec(template.slice(i));
    if (match) {
      const field = match[1] as Field;
      const value = values[field];
      const ok = placeholder(value) || valid[field](value);
      if (!ok) invalid.push(field);
      // Our `<…>` placeholders stay as they are; so does a value no shell treats specially.
      const bare = placeholder(value) || (ok && shellWord(value) === value);
      const word = bare ? value : shellQuote(showControls(value));
      command += bare || quote === undefined ? word : `${quote}${word}${quote}`;
      i += match[0].length - 1;
      continue;
    }
    const char = template[i];
    if (char === '\\' && quote !== "'") {
      command += template.slice(i, i + 2);
      i++;
      continue;
    }
    if (char === "'" || char === '"') quote = quote === undefined ? char : quote === char ? undefined : quote;
    command += char;
  }
  return { command, invalid: [...new Set(invalid)] };
}

export function verifyCommands(subject: Subject, ruleIds: readonly string[], container?: string): string[] {
  const commands = new Set<string>();
  const values: Record<Field, string> = {
    namespace: subject.object.namespace ?? 'default',
    kind: kubectlKinds[subject.object.kind] ?? subject.object.kind.toLowerCase(),
    name: subject.object.name,
    selector: subject.selector || '<selector>',
    container: container ?? '<container>',
    file: subject.file,
  };
  for (const id of ruleIds) {
    for (const template of findRule(id)?.docs.verify ?? []) {
      const { command, invalid } = fill(template, values);
      if (invalid.length === 0) commands.add(command);
      else commands.add(`# not run: the ${invalid.join(' and ')} ${invalid.length === 1 ? 'is' : 'are'} not valid in Kubernetes (no such object can exist)\n# ${command}`);
    }
  }
  return [...commands];
}
