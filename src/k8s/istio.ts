// Istio's classic (injected) sidecar and how long it keeps draining after SIGTERM.
import { asRecord, asString } from '../manifests/objects.js';
import type { Workload } from '../manifests/workloads.js';
import { readYamlOrUndefined } from '../manifests/yaml-text.js';
import { parseSleepSeconds } from '../shell/script.js';

/** istio-agent's default terminationDrainDuration. */
export const defaultIstioDrainSeconds = 5;

export interface IstioSidecar {
  /** How we know the proxy is there. */
  evidence: string;
  drainSeconds: number;
  drainExplicit: boolean;
  /** proxyMetadata EXIT_ON_ZERO_ACTIVE_CONNECTIONS: the proxy waits for connections to end. */
  exitOnZeroConnections: boolean;
  /** Path of the annotation to change (pod template annotations). */
  annotationPath: readonly (string | number)[];
  proxyConfig: Record<string, unknown>;
}

/** A Go duration as Istio writes it ("5s", "1m30s", "500ms"). */
export function parseGoDuration(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.trim()) return parseSleepSeconds(text);
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * { h: 3600, m: 60, s: 1, ms: 0.001 }[unit as 'h'], 0);
}

export function istioClassicSidecar(workload: Workload): IstioSidecar | undefined {
  const { podAnnotations: annotations, podLabels: labels } = workload;
  // Proxyless gRPC (grpc-agent template) runs no Envoy; native-sidecar mode stops after the app.
  if ((annotations['inject.istio.io/templates'] ?? '').includes('grpc-agent')) return undefined;
  const injectedContainer = workload.containers.find((c) => c.name === 'istio-proxy');
  if (injectedContainer && injectedContainer.role !== 'main') return undefined;
  const requested = labels['sidecar.istio.io/inject'] === 'true' || annotations['sidecar.istio.io/inject'] === 'true';
  if (!injectedContainer && !requested) return undefined;
  const raw = annotations['proxy.istio.io/config'];
  // An unreadable annotation leaves Istio's defaults (istio-agent ignores it too).
  const proxyConfig: Record<string, unknown> = (raw ? asRecord(readYamlOrUndefined(raw)) : undefined) ?? {};
  const drainText = asString(proxyConfig.terminationDrainDuration);
  const drain = drainText ? parseGoDuration(drainText) : undefined;
  const metadata = asRecord(proxyConfig.proxyMetadata) ?? {};
  return {
    evidence: injectedContainer ? 'istio-proxy container' : 'sidecar.istio.io/inject: "true"',
    drainSeconds: drain ?? defaultIstioDrainSeconds,
    drainExplicit: drain !== undefined,
    exitOnZeroConnections: String(metadata.EXIT_ON_ZERO_ACTIVE_CONNECTIONS) === 'true',
    annotationPath: [...workload.podMetadataPath, 'annotations'],
    proxyConfig,
  };
}
