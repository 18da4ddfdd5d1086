// Does the stop signal reach the process that must handle it? One verdict per container,
// shared by the runtime rules and the checklist's evidence.
import type { ObjectIndex } from '../manifests/object-index.js';
import type { ContainerView, Workload } from '../manifests/workloads.js';
import type { ScriptFacts } from '../shell/script.js';
import { effectiveShell, imageFacts, type ShellFamily } from './images.js';
import { type Pid1Facts, perContainer, pid1Of } from './pod.js';

export type ShellVerdict =
  | { kind: 'not-a-shell' }
  | { kind: 'unknown-script' }
  | { kind: 'execs'; program?: string[] }
  | { kind: 'implicit-exec'; family: ShellFamily; program?: string[] }
  | { kind: 'traps'; action: string }
  | { kind: 'trap-deferred'; action: string; blocker: string; seconds?: number }
  | { kind: 'stays'; family: ShellFamily; assumed: boolean; basis: string; child?: string[] };

export interface Pid1Analysis {
  pid1: Pid1Facts;
  shell: ShellVerdict;
  /** The program that ends up running as PID 1 (after exec), when known. */
  program?: string[];
}

export const analyzePid1 = perContainer(computePid1);

function computePid1(container: ContainerView, workload: Workload, index: ObjectIndex): Pid1Analysis {
  const pid1 = pid1Of(container, workload, index);
  const script: { name: string; facts?: ScriptFacts } | undefined = pid1.shell ?? pid1.scriptFile;
  if (!script) return { pid1, shell: { kind: 'not-a-shell' }, ...(pid1.argv ? { program: pid1.argv } : {}) };
  const facts = script.facts;
  if (!facts?.parsed) return { pid1, shell: { kind: 'unknown-script' } };
  if (facts.endsWithExec) return { pid1, shell: { kind: 'execs', ...(facts.lastArgv ? { program: facts.lastArgv } : {}) }, ...(facts.lastArgv ? { program: facts.lastArgv } : {}) };
  if (facts.termTrap !== undefined && facts.termTrap !== '' && facts.termTrap !== '-') {
    if (facts.trapDeferredBy) {
      return {
        pid1,
        shell: {
          kind: 'trap-deferred',
          action: facts.termTrap,
          blocker: facts.trapDeferredBy.text,
          ...(facts.trapDeferredBy.seconds !== undefined ? { seconds: facts.trapDeferredBy.seconds } : {}),
        },
      };
    }
    return { pid1, shell: { kind: 'traps', action: facts.termTrap } };
  }
  const image = imageFacts(container.image);
  const { family, assumed } = effectiveShell(script.name, image);
  // bash 5.x and BusyBox ash exec the last simple command of a -c script; dash does not.
  if (facts.endsWithSimpleCommand && (family === 'bash' || family === 'ash')) {
    return { pid1, shell: { kind: 'implicit-exec', family, ...(facts.lastArgv ? { program: facts.lastArgv } : {}) }, ...(facts.lastArgv ? { program: facts.lastArgv } : {}) };
  }
  const basis = assumed ? `${image.basis}, so we assume dash` : image.basis;
  return { pid1, shell: { kind: 'stays', family, assumed, basis, ...(facts.lastArgv ? { child: facts.lastArgv } : {}) } };
}
