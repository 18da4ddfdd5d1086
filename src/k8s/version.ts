// The target Kubernetes version and the feature gates whose defaults change our advice.
// Versions and KEP numbers: ../shared/TERMINATION-FACTS.md §2.

export interface KubeVersion {
  major: number;
  minor: number;
  /** Patch level when given ("1.35.2"); undefined means "any/latest patch of the minor". */
  patch?: number;
}

/**
 * Default target: the oldest upstream-supported minor (upstream supports the three newest;
 * v1.36 is the newest release our facts cover, so 1.34). Users on older clusters set it.
 */
export const defaultKubernetesVersion = '1.34';

export function parseKubeVersion(text: string): KubeVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const version: KubeVersion = { major: Number(match[1]), minor: Number(match[2]) };
  if (match[3] !== undefined) version.patch = Number(match[3]);
  return version;
}

/** The minors our facts cover (TERMINATION-FACTS.md: feature states from 1.20 to 1.36). */
export const knownMinors = { oldest: 20, newest: 36 } as const;

/**
 * Why `text` is not a target version we can judge for, or undefined when it is one: a typo or a
 * future minor would otherwise be judged with guessed feature states.
 */
export function kubeVersionProblem(text: string): string | undefined {
  const version = parseKubeVersion(text);
  const known = `1.${knownMinors.oldest}–1.${knownMinors.newest}`;
  if (!version) return `"${text}" is not a version like 1.31 (known: ${known})`;
  if (version.major !== 1 || version.minor < knownMinors.oldest || version.minor > knownMinors.newest) return `Kubernetes ${formatKubeVersion(version)} is outside the versions termination-guard knows (${known})`;
  return undefined;
}

export function formatKubeVersion(version: KubeVersion): string {
  return `${version.major}.${version.minor}${version.patch !== undefined ? `.${version.patch}` : ''}`;
}

export function atLeast(version: KubeVersion, minor: number): boolean {
  return version.major > 1 || (version.major === 1 && version.minor >= minor);
}

/** Features enabled by default at a version (beta-on or GA). */
export const features = {
  /** preStop `sleep` action (KEP-3960): alpha 1.29 (off), beta 1.30, GA 1.34. */
  sleepAction: (v: KubeVersion) => atLeast(v, 30),
  /** `sleep.seconds: 0` (KEP-4818): beta 1.33. */
  sleepZero: (v: KubeVersion) => atLeast(v, 33),
  /** `lifecycle.stopSignal` (KEP-4960): alpha 1.33 (off), beta planned for 1.37. */
  stopSignal: (v: KubeVersion) => atLeast(v, 37),
  /** The stopSignal field exists in the API (alpha), even when the gate is off. */
  stopSignalField: (v: KubeVersion) => atLeast(v, 33),
  /** Native sidecars (KEP-753): beta 1.29. */
  nativeSidecars: (v: KubeVersion) => atLeast(v, 29),
  /** DaemonSet maxSurge (KEP-1591): beta 1.22. */
  daemonSetMaxSurge: (v: KubeVersion) => atLeast(v, 22),
  /** PDB unhealthyPodEvictionPolicy (KEP-3017): beta 1.27, GA 1.31. */
  pdbUnhealthyPodEvictionPolicy: (v: KubeVersion) => atLeast(v, 27),
  /** policy/v1beta1 PodDisruptionBudget was removed in 1.25. */
  pdbV1beta1Served: (v: KubeVersion) => !atLeast(v, 25),
  /** StatefulSet maxUnavailable (KEP-961): on only in 1.35.0–1.35.3, off before and after. */
  statefulSetMaxUnavailable: (v: KubeVersion) =>
    v.major === 1 && v.minor === 35 && v.patch !== undefined && v.patch <= 3,
};
