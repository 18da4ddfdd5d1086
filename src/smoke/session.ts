// One smoke test run: get a cluster (make one with kind, or use the kubeconfig's), run every plan,
// give the cluster back (delete the kind cluster; the namespaces go with each workload).
import { randomBytes } from 'node:crypto';
import type { SmokeConfig } from '../analysis/config.js';
import type { SmokePlan } from '../measure/smoke-plan.js';
import type { SmokeRun } from '../measure/smoke.js';
import { KindCluster, KindError, kindClusterName, kindNodeImage } from './kind.js';
import { Kube, KubeError } from './kube.js';
import { runSmoke } from './run.js';

export type SmokeMode = 'kind' | 'kubeconfig';

export interface SmokeSessionOptions {
  mode: SmokeMode;
  /** kubeconfig mode: the file (default $KUBECONFIG, ~/.kube/config, in-cluster). */
  kubeconfig?: string;
  kubernetesVersion: string;
  settings: SmokeConfig;
  /** How to run this program's `probe` command. */
  proberCommand: string[];
  kindBinary?: string;
  log: (message: string) => void;
  /** A terminal's status line (each rollout as it runs). */
  progress?: (message: string) => void;
}

/** What was tested against ("kind v0.33.0, kindest/node:v1.34.0" or "Kubernetes v1.34.4 at https://…"), the results. */
export type SmokeSession = SmokeRun;

/** The cluster could not be had (kind or Docker missing, kubeconfig unreadable, API unreachable). */
export class SmokeUnavailable extends Error {}

export async function runSmokeSession(plans: readonly SmokePlan[], options: SmokeSessionOptions): Promise<SmokeSession> {
  const started = Date.now();
  const { settings, log } = options;
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  const smokeOptions = { ...settings, log, ...(options.progress ? { progress: options.progress } : {}) };
  if (options.mode === 'kubeconfig') {
    let kube: Kube;
    let version: string;
    try {
      kube = Kube.load(options.kubeconfig);
      version = await kube.version();
    } catch (error) {
      throw new SmokeUnavailable((error as Error).message);
    }
    log(`smoke: Kubernetes ${version} at ${kube.server}`);
    const results = await runSmoke(plans, kube, { ...smokeOptions, prober: { command: options.proberCommand, ...(settings.proberNetns ? { netns: settings.proberNetns } : {}) } });
    return { results, cluster: `Kubernetes ${version} at ${kube.server}`, seconds: seconds() };
  }
  const binary = options.kindBinary ?? 'kind';
  let cluster: KindCluster;
  let kindVersion: string;
  let image: string;
  try {
    kindVersion = await KindCluster.version(binary);
    image = kindNodeImage(options.kubernetesVersion, settings.kindNodeImage);
    cluster = await KindCluster.create({ binary, name: kindClusterName(randomBytes(3).toString('hex')), image, workers: 2, waitSeconds: 180, timeoutSeconds: 600, ...(settings.kindConfigPatches ? { configPatches: settings.kindConfigPatches } : {}) }, log);
  } catch (error) {
    throw new SmokeUnavailable(error instanceof KindError ? error.message : `kind: ${(error as Error).message}`);
  }
  try {
    await cluster.loadImages([...new Set(plans.flatMap((p) => p.images))], log);
    const netns = await cluster.proberNetns();
    const kube = Kube.load(cluster.kubeconfig);
    const results = await runSmoke(plans, kube, { ...smokeOptions, prober: { command: options.proberCommand, netns } });
    return { results, cluster: `${kindVersion.split(' ').slice(0, 2).join(' ')}, ${image}`, seconds: seconds() };
  } catch (error) {
    if (error instanceof KindError || error instanceof KubeError) throw new SmokeUnavailable(error.message);
    throw error;
  } finally {
    await cluster.delete();
  }
}
