// A small chart (Deployment with a preStop sleep, Service, PDB) whose grace period comes from values.
export const chart = (grace: string, extra: Record<string, string> = {}, dir = 'chart'): Record<string, string> =>
  Object.fromEntries(Object.entries({
  'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'chart/values.yaml': `replicas: 2\ngrace: ${grace}\n`,
  'chart/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  labels:
    app: web
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      terminationGracePeriodSeconds: {{ .Values.grace }}
      containers:
        - name: app
          image: example/web:1
          ports:
            - containerPort: 8080
          readinessProbe:
            tcpSocket:
              port: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 10
`,
  'chart/templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
`,
  'chart/templates/pdb.yaml': `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .Release.Name }}
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      app: web
`,
  }).map(([path, content]) => [path.replace(/^chart\//, `${dir}/`), content]).concat(Object.entries(extra)));

