// Manifests the tests share. Mainly the "web" workload: a Deployment (preStop sleep 10 s,
// readiness probe) with its Service and PDB, as plain manifests, as a chart, or as Kustomize
// inputs. One generator each, so the variants cannot drift apart.
export interface WebOptions {
  name: string;
  namespace?: string;
  /** `labels: {app: web}` on the Deployment's own metadata. */
  labels?: boolean;
  replicas: string;
  grace: string;
  /** The preStop sleep (default: present). */
  preStop?: boolean;
  /** An exec preStop hook instead of the sleep. */
  preStopCommand?: string[];
  /** default example/web:1 */
  image?: string;
}

export function webDocuments(o: WebOptions): { deployment: string; service: string; pdb: string } {
  const metadata = `metadata:\n  name: ${o.name}\n${o.namespace ? `  namespace: ${o.namespace}\n` : ''}`;
  const preStop = o.preStopCommand
    ? `          lifecycle:\n            preStop:\n              exec:\n                command: ${JSON.stringify(o.preStopCommand)}\n`
    : o.preStop === false
      ? ''
      : '          lifecycle:\n            preStop:\n              sleep:\n                seconds: 10\n';
  return {
    deployment: `apiVersion: apps/v1
kind: Deployment
${metadata}${o.labels ? '  labels:\n    app: web\n' : ''}spec:
  replicas: ${o.replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      terminationGracePeriodSeconds: ${o.grace}
      containers:
        - name: app
          image: ${o.image ?? 'example/web:1'}
          ports:
            - containerPort: 8080
          readinessProbe:
            tcpSocket:
              port: 8080
${preStop}`,
    service: `apiVersion: v1
kind: Service
${metadata}spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
`,
    pdb: `apiVersion: policy/v1
kind: PodDisruptionBudget
${metadata}spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      app: web
`,
  };
}

/** The plain manifests: deploy/web.yaml of the Action tests. */
export const web = (grace: string) => {
  const { deployment, service, pdb } = webDocuments({ name: 'web', namespace: 'shop', replicas: '2', grace });
  return [deployment, service, pdb].join('---\n');
};

/** The chart (grace from values) under `dir`, plus `extra` files. */
export function chart(grace: string, extra: Record<string, string> = {}, dir = 'chart'): Record<string, string> {
  const templates = webDocuments({ name: '{{ .Release.Name }}', labels: true, replicas: '{{ .Values.replicas }}', grace: '{{ .Values.grace }}' });
  return {
    [`${dir}/Chart.yaml`]: 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    [`${dir}/values.yaml`]: `replicas: 2\ngrace: ${grace}\n`,
    [`${dir}/templates/deployment.yaml`]: templates.deployment,
    [`${dir}/templates/service.yaml`]: templates.service,
    [`${dir}/templates/pdb.yaml`]: templates.pdb,
    ...extra,
  };
}

/** A Kustomize patch that adds the preStop sleep to the web Deployment. */
export const preStopPatch =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          lifecycle:\n            preStop:\n              sleep:\n                seconds: 10\n';

/** A DaemonSet that rolls only when its pods are deleted by hand (updateStrategy OnDelete). */
export function onDeleteDaemonSet(o: { name: string; namespace?: string; annotations?: string }): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${o.name}
${o.namespace ? `  namespace: ${o.namespace}\n` : ''}${o.annotations !== undefined ? `  annotations:\n${o.annotations}\n` : ''}spec:
  updateStrategy: {type: OnDelete}
  selector: {matchLabels: {app: ${o.name}}}
  template:
    metadata: {labels: {app: ${o.name}}}
    spec:
      containers: [{name: ${o.name}, image: example/${o.name}:1}]
`;
}
