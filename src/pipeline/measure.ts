// The optional measurements: the SIGTERM drill (a container runtime) and the rollout smoke test (a
// cluster). Their modules — the Docker client, @kubernetes/client-node, kind — are loaded here,
// with import(), only when a run asks for them: every other run starts without them.
import type { AnalysisResult } from '../analysis/engine.js';
import type { DrillResult } from '../measure/drill.js';
import { graceSizing } from '../measure/grace.js';
import type { SmokeRun } from '../measure/smoke.js';
import type { Adapters, RunSettings } from './settings.js';

/** Whether a requested measurement ran, and if not, why. */
export type MeasurementStatus = { ran: true } | { ran: false; why: 'nothing-to-measure' | 'unavailable'; reason: string };

export interface Measured<T> {
  status: MeasurementStatus;
  value?: T;
  /** A line for the report when the measurement could not run. */
  notice?: string;
}

export async function measureDrill(analysis: AnalysisResult, settings: RunSettings, adapters: Adapters): Promise<Measured<DrillResult[]>> {
  const request = settings.drill;
  if (!request) throw new Error('measureDrill without a drill request');
  const plans = (analysis.drillPlans ?? []).filter(
    (plan) => (request.container === undefined || plan.container === request.container) && (request.workload === undefined || plan.object.name === request.workload),
  );
  if (plans.length === 0) {
    const filter = `${request.workload ? ` --workload ${request.workload}` : ''}${request.container ? ` --container ${request.container}` : ''}`;
    const reason = filter ? `no long-running workload container matches${filter}` : `no ${settings.change ? 'changed ' : ''}long-running workload container`;
    adapters.log.info(`drill: ${reason}`);
    return { status: { ran: false, why: 'nothing-to-measure', reason }, value: [] };
  }
  const [{ DockerRuntime }, { runDrill }, { RuntimeUnavailable }] = await Promise.all([import('../drill/docker.js'), import('../drill/run.js'), import('../drill/runtime.js')]);
  const runtime = new DockerRuntime();
  try {
    adapters.log.info(`drill: ${await runtime.version()}`);
  } catch (error) {
    if (!(error instanceof RuntimeUnavailable)) throw error;
    const reason = `the drill needs a container runtime: ${error.message}`;
    adapters.log.warning(`drill: skipped — ${error.message}`);
    return { status: { ran: false, why: 'unavailable', reason }, notice: `SIGTERM drill not run: ${error.message}.` };
  }
  const measured = await runDrill(plans, runtime, { ...settings.config.drill, pull: request.pull, log: (message) => adapters.log.info(message), progress: (message) => adapters.log.progress?.(message) });
  const value = measured.map((result) => {
    const sizing = graceSizing(result);
    return sizing ? { ...result, graceSizing: sizing } : result;
  });
  return { status: { ran: true }, value };
}

export async function measureSmoke(analysis: AnalysisResult, settings: RunSettings, adapters: Adapters): Promise<Measured<SmokeRun>> {
  const request = settings.smoke;
  if (!request) throw new Error('measureSmoke without a smoke request');
  const plans = (analysis.smokePlans ?? []).filter((plan) => request.workload === undefined || plan.object.name === request.workload);
  if (plans.length === 0) {
    const reason = `no Deployment, DaemonSet or StatefulSet ${request.workload ? `named ${request.workload} ` : ''}${settings.change ? 'changed' : 'found'}`;
    adapters.log.info(`smoke-test: ${reason}`);
    return { status: { ran: false, why: 'nothing-to-measure', reason } };
  }
  const [{ runSmokeSession, SmokeUnavailable }, { proberCommand }] = await Promise.all([import('../smoke/session.js'), import('../smoke/prober.js')]);
  try {
    const value = await runSmokeSession(plans, {
      mode: request.mode,
      ...(request.kubeconfig ? { kubeconfig: request.kubeconfig } : {}),
      ...(request.kindBinary ? { kindBinary: request.kindBinary } : {}),
      kubernetesVersion: settings.config.kubernetesVersion,
      settings: settings.config.smoke,
      proberCommand: proberCommand(settings.programUrl),
      log: (message) => adapters.log.info(message),
      progress: (message) => adapters.log.progress?.(message),
    });
    return { status: { ran: true }, value };
  } catch (error) {
    if (!(error instanceof SmokeUnavailable)) throw error;
    adapters.log.warning(`smoke-test: not run — ${error.message}`);
    return { status: { ran: false, why: 'unavailable', reason: `the smoke test needs a cluster: ${error.message}` }, notice: `Rollout smoke test not run: ${error.message}.` };
  }
}
