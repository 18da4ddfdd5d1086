// The explicit, sorted registry of rules. A test proves ids are unique and every rule has a
// docs page and fixtures that trigger it and that must not.
import daemonsetSurgeHostPort from './node/daemonset-surge-host-port.js';
import daemonsetDeleteFirstGap from './node/daemonset-delete-first-gap.js';
import daemonsetOnDelete from './node/daemonset-on-delete.js';
import databaseInDeployment from './node/database-in-deployment.js';
import recreateStrategy from './node/recreate-strategy.js';
import rollingUpdateInvalid from './node/rolling-update-invalid.js';
import rolloutFullOutage from './node/rollout-full-outage.js';
import pdbApiRemoved from './cluster/pdb-api-removed.js';
import pdbBlocksDrain from './cluster/pdb-blocks-drain.js';
import pdbMissing from './cluster/pdb-missing.js';
import pdbNotRolloutProtection from './cluster/pdb-not-rollout-protection.js';
import pdbOverlap from './cluster/pdb-overlap.js';
import pdbSelectsNothing from './cluster/pdb-selects-nothing.js';
import pdbUnhealthyEvictionPolicy from './cluster/pdb-unhealthy-eviction-policy.js';
import pdbUnknownField from './cluster/pdb-unknown-field.js';
import pdbUnsupportedOwner from './cluster/pdb-unsupported-owner.js';
import singleReplica from './cluster/single-replica.js';
import activeDeadlineSeconds from './pod/active-deadline-seconds.js';
import gracePeriodZero from './pod/grace-period-zero.js';
import prestopExceedsGrace from './pod/prestop-exceeds-grace.js';
import prestopHandlerUnsupported from './pod/prestop-handler-unsupported.js';
import prestopKillsPid1 from './pod/prestop-kills-pid1.js';
import prestopMissing from './pod/prestop-missing.js';
import prestopNeedsShell from './pod/prestop-needs-shell.js';
import prestopSleepAction from './pod/prestop-sleep-action.js';
import probeGracePeriod from './pod/probe-grace-period.js';
import readinessProbeMissing from './pod/readiness-probe-missing.js';
import readinessProbeStatic from './pod/readiness-probe-static.js';
import sidecarDrain from './pod/sidecar-drain.js';
import sleepActionUnsupported from './pod/sleep-action-unsupported.js';
import springGracefulShutdown from './pod/spring-graceful-shutdown.js';
import stopSignalUnsupported from './pod/stop-signal-unsupported.js';
import unknownField from './pod/unknown-field.js';
import dockerfileShellForm from './runtime/dockerfile-shell-form.js';
import interpreterPid1 from './runtime/interpreter-pid1.js';
import packageManagerPid1 from './runtime/package-manager-pid1.js';
import shellPid1 from './runtime/shell-pid1.js';
import stopSignalBypassed from './runtime/stop-signal-bypassed.js';
import { layers, type Rule, type RuleMeta } from './types.js';

const all: Rule[] = [
  activeDeadlineSeconds,
  gracePeriodZero,
  prestopExceedsGrace,
  prestopHandlerUnsupported,
  prestopKillsPid1,
  prestopMissing,
  prestopNeedsShell,
  prestopSleepAction,
  probeGracePeriod,
  readinessProbeMissing,
  readinessProbeStatic,
  sidecarDrain,
  sleepActionUnsupported,
  springGracefulShutdown,
  stopSignalUnsupported,
  unknownField,
  dockerfileShellForm,
  interpreterPid1,
  packageManagerPid1,
  shellPid1,
  stopSignalBypassed,
  daemonsetDeleteFirstGap,
  daemonsetOnDelete,
  daemonsetSurgeHostPort,
  databaseInDeployment,
  recreateStrategy,
  rollingUpdateInvalid,
  rolloutFullOutage,
  pdbApiRemoved,
  pdbBlocksDrain,
  pdbMissing,
  pdbNotRolloutProtection,
  pdbOverlap,
  pdbSelectsNothing,
  pdbUnhealthyEvictionPolicy,
  pdbUnknownField,
  pdbUnsupportedOwner,
  singleReplica,
];

/** Rules in checklist order: by layer (Pod, Runtime, Node, Cluster), then id. */
export const rules: readonly Rule[] = [...all].sort(
  (a, b) => layers.indexOf(a.meta.layer) - layers.indexOf(b.meta.layer) || a.meta.id.localeCompare(b.meta.id),
);

export const ruleMetas: readonly RuleMeta[] = rules.map((rule) => rule.meta);

const byId = new Map(ruleMetas.map((meta) => [meta.id as string, meta]));

export function findRule(id: string): RuleMeta | undefined {
  return byId.get(id);
}

export const docsBaseUrl = 'https://github.com/termination-guard/termination-guard/blob/main/docs/rules';

export function docsUrl(meta: RuleMeta): string {
  return `${docsBaseUrl}/${meta.id}.md`;
}
