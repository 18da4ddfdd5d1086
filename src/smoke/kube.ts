// The smoke test's way into a cluster: server-side apply, reads, the restart patch, namespaces
// and watches, over @kubernetes/client-node. This folder is the only place that library is used.
import { ApiException, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, VersionApi, Watch } from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';

export const fieldManager = 'termination-guard';

type Raw = Record<string, unknown>;

/** A readable one-liner from an API error: status, reason and the server's message. */
export function describeKubeError(error: unknown): string {
  if (error instanceof ApiException) {
    let body: unknown = error.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        // keep the text
      }
    }
    const record = body && typeof body === 'object' ? (body as Raw) : undefined;
    const message = typeof record?.message === 'string' ? record.message : typeof body === 'string' ? body.slice(0, 300) : error.message.split('\n')[0];
    return `${error.code}${typeof record?.reason === 'string' ? ` ${record.reason}` : ''}: ${message}`;
  }
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

export class KubeError extends Error {}

export class Kube {
  private readonly objects: KubernetesObjectApi;
  private readonly core: CoreV1Api;

  constructor(readonly config: KubeConfig) {
    this.objects = KubernetesObjectApi.makeApiClient(config);
    this.core = config.makeApiClient(CoreV1Api);
  }

  /** From a kubeconfig file, or the usual places ($KUBECONFIG, ~/.kube/config, in-cluster). */
  static load(path?: string): Kube {
    const config = new KubeConfig();
    try {
      if (path) config.loadFromFile(path);
      else config.loadFromDefault();
    } catch (error) {
      throw new KubeError(`cannot read the kubeconfig${path ? ` ${path}` : ''}: ${describeKubeError(error)}`);
    }
    if (!config.getCurrentCluster()) throw new KubeError(`the kubeconfig${path ? ` ${path}` : ''} names no current cluster`);
    return new Kube(config);
  }

  get server(): string {
    return this.config.getCurrentCluster()?.server ?? '(unknown)';
  }

  async version(): Promise<string> {
    const info = await this.call(`reach the API server at ${this.server}`, () => this.config.makeApiClient(VersionApi).getCode());
    return info.gitVersion;
  }

  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new KubeError(`${what}: ${describeKubeError(error)}`);
    }
  }

  /** Server-side apply, forced: the throwaway namespace has no other field managers. */
  async apply(object: Raw): Promise<void> {
    const metadata = (object.metadata ?? {}) as Raw;
    await this.call(`apply ${String(object.kind)}/${String(metadata.name)}`, () =>
      this.objects.patch(object as KubernetesObject, undefined, undefined, fieldManager, true, PatchStrategy.ServerSideApply),
    );
  }

  async read(apiVersion: string, kind: string, namespace: string, name: string): Promise<Raw> {
    // Plain JSON (the typed models turn timestamps into Dates and drop unknown fields).
    const object = await this.call(`read ${kind}/${name}`, () => this.objects.read({ apiVersion, kind, metadata: { name, namespace } }));
    return JSON.parse(JSON.stringify(object)) as Raw;
  }

  /** `kubectl rollout restart`: a new pod-template annotation makes every pod be replaced. */
  async restart(apiVersion: string, kind: string, namespace: string, name: string, at: Date): Promise<void> {
    const patch = { apiVersion, kind, metadata: { name, namespace }, spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at.toISOString() } } } } };
    await this.call(`restart ${kind}/${name}`, () => this.objects.patch(patch, undefined, undefined, fieldManager, undefined, PatchStrategy.StrategicMergePatch));
  }

  async createNamespace(name: string): Promise<void> {
    await this.call(`create namespace ${name}`, () =>
      this.core.createNamespace({ body: { metadata: { name, labels: { 'app.kubernetes.io/managed-by': fieldManager, 'termination-guard.io/smoke': 'true' } } } }),
    );
  }

  /**
   * Deletes the namespace and waits (bounded) for it to be gone. Its pods are deleted first
   * without a grace period: the measurements are over, and a pod that ignores SIGTERM must not
   * hold the cleanup for its whole grace period.
   */
  async deleteNamespace(name: string, withinMs: number): Promise<boolean> {
    try {
      await this.core.deleteCollectionNamespacedPod({ namespace: name, gracePeriodSeconds: 0 });
    } catch {
      // the namespace delete below still removes them
    }
    try {
      await this.core.deleteNamespace({ name });
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return true;
      throw new KubeError(`delete namespace ${name}: ${describeKubeError(error)}`);
    }
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      try {
        await this.core.readNamespace({ name });
      } catch (error) {
        if (error instanceof ApiException && error.code === 404) return true;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return false;
  }

  async serviceClusterIp(namespace: string, name: string): Promise<string | undefined> {
    const service = await this.call(`read Service/${name}`, () => this.core.readNamespacedService({ namespace, name }));
    const ip = service.spec?.clusterIP;
    return ip && ip !== 'None' ? ip : undefined;
  }

  /** Internal IPs of the nodes, by node name. */
  async nodeAddresses(): Promise<Map<string, string>> {
    const nodes = await this.call('list nodes', () => this.core.listNode());
    const map = new Map<string, string>();
    for (const node of nodes.items) {
      const address = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
      if (node.metadata?.name && address) map.set(node.metadata.name, address);
    }
    return map;
  }

  /**
   * Watches a collection; `onEvent` gets plain JSON. The watch is re-opened when the server
   * ends it, until `stop()`. Objects present when it (re)opens come as ADDED.
   */
  watch(path: string, onEvent: (type: string, object: Raw) => void, onError: (message: string) => void): { stop: () => void } {
    const watcher = new Watch(this.config);
    let stopped = false;
    let controller: AbortController | undefined;
    let restarts = 0;
    const open = () => {
      if (stopped) return;
      watcher
        .watch(path, { allowWatchBookmarks: false, timeoutSeconds: 600 }, (type, object) => onEvent(type, object as Raw), (error) => {
          if (stopped) return;
          if (error && !(error instanceof Error && error.name === 'AbortError')) onError(`watch ${path}: ${describeKubeError(error)}`);
          if (++restarts <= 20) setTimeout(open, 200);
        })
        .then(
          (c) => {
            controller = c;
            if (stopped) c.abort();
          },
          (error) => {
            onError(`watch ${path}: ${describeKubeError(error)}`);
            if (!stopped && ++restarts <= 20) setTimeout(open, 500);
          },
        );
    };
    open();
    return {
      stop: () => {
        stopped = true;
        controller?.abort();
      },
    };
  }
}
