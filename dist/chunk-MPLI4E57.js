import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);

// src/k8s/version.ts
var defaultKubernetesVersion = "1.34";
function parseKubeVersion(text) {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return void 0;
  const version = { major: Number(match[1]), minor: Number(match[2]) };
  if (match[3] !== void 0) version.patch = Number(match[3]);
  return version;
}
var knownMinors = { oldest: 20, newest: 36 };
function kubeVersionProblem(text) {
  const version = parseKubeVersion(text);
  const known = `1.${knownMinors.oldest}\u20131.${knownMinors.newest}`;
  if (!version) return `"${text}" is not a version like 1.31 (known: ${known})`;
  if (version.major !== 1 || version.minor < knownMinors.oldest || version.minor > knownMinors.newest) return `Kubernetes ${formatKubeVersion(version)} is outside the versions termination-guard knows (${known})`;
  return void 0;
}
function formatKubeVersion(version) {
  return `${version.major}.${version.minor}${version.patch !== void 0 ? `.${version.patch}` : ""}`;
}
function atLeast(version, minor) {
  return version.major > 1 || version.major === 1 && version.minor >= minor;
}
var features = {
  /** preStop `sleep` action (KEP-3960): alpha 1.29 (off), beta 1.30, GA 1.34. */
  sleepAction: (v) => atLeast(v, 30),
  /** `sleep.seconds: 0` (KEP-4818): beta 1.33. */
  sleepZero: (v) => atLeast(v, 33),
  /** `lifecycle.stopSignal` (KEP-4960): alpha 1.33 (off), beta planned for 1.37. */
  stopSignal: (v) => atLeast(v, 37),
  /** The stopSignal field exists in the API (alpha), even when the gate is off. */
  stopSignalField: (v) => atLeast(v, 33),
  /** Native sidecars (KEP-753): beta 1.29. */
  nativeSidecars: (v) => atLeast(v, 29),
  /** DaemonSet maxSurge (KEP-1591): beta 1.22. */
  daemonSetMaxSurge: (v) => atLeast(v, 22),
  /** PDB unhealthyPodEvictionPolicy (KEP-3017): beta 1.27, GA 1.31. */
  pdbUnhealthyPodEvictionPolicy: (v) => atLeast(v, 27),
  /** policy/v1beta1 PodDisruptionBudget was removed in 1.25. */
  pdbV1beta1Served: (v) => !atLeast(v, 25),
  /** StatefulSet maxUnavailable (KEP-961): on only in 1.35.0–1.35.3, off before and after. */
  statefulSetMaxUnavailable: (v) => v.major === 1 && v.minor === 35 && v.patch !== void 0 && v.patch <= 3
};

export {
  defaultKubernetesVersion,
  parseKubeVersion,
  knownMinors,
  kubeVersionProblem,
  formatKubeVersion,
  atLeast,
  features
};
