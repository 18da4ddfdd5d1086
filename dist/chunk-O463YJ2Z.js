import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  analyzeScript,
  formatSelector,
  graceOf,
  isEmptySelector,
  isShellName,
  killCommand,
  parseLabelSelector,
  parseProcessCommand,
  parseSleepSeconds,
  perContainer,
  preStopOf,
  scrapeOnlyException,
  servingOf,
  shellScriptOf,
  signalName,
  workloadTrafficOf
} from "./chunk-OH4YQWZE.js";
import {
  asArray,
  asInteger,
  asRecord,
  asString,
  asStringMap,
  getPath,
  namespaceOf,
  readYamlOrUndefined
} from "./chunk-FZMQJXAM.js";
import {
  atLeast,
  features,
  formatKubeVersion
} from "./chunk-MPLI4E57.js";

// src/k8s/intstr.ts
function parseIntOrString(value) {
  if (value === void 0) return void 0;
  if (typeof value === "number") return Number.isInteger(value) ? { kind: "int", value } : void 0;
  const percent = /^(-?\d+)%$/.exec(value.trim());
  if (percent) return { kind: "percent", value: Number(percent[1]) };
  if (/^-?\d+$/.test(value.trim())) return { kind: "int", value: Number(value) };
  return void 0;
}
function scaled(value, total, roundUp) {
  if (value.kind === "int") return value.value;
  const exact = value.value * total / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
function isZero(value) {
  return value.value === 0;
}
function formatIntOrString(value) {
  return typeof value === "number" ? String(value) : value;
}

// src/k8s/strategy.ts
function parameter(record, base, field, fallback) {
  const raw = record?.[field];
  const explicit = typeof raw === "number" || typeof raw === "string";
  const value = explicit ? raw : fallback;
  const parsed = parseIntOrString(value);
  return { value, explicit, path: [...base, field], ...parsed ? { parsed } : {} };
}
function strategyOf(workload) {
  const field = workload.kind === "Deployment" ? "strategy" : workload.kind === "DaemonSet" || workload.kind === "StatefulSet" ? "updateStrategy" : void 0;
  if (!field) return void 0;
  const path = ["spec", field];
  const record = asRecord(getPath(workload.object.raw, path));
  const typeText = asString(record?.type);
  const type = typeText ?? "RollingUpdate";
  const rollingPath = [...path, "rollingUpdate"];
  const rolling = asRecord(record?.rollingUpdate);
  const strategy = { type, typeExplicit: typeText !== void 0, path, rollingUpdatePresent: rolling !== void 0 };
  if (type !== "RollingUpdate") return strategy;
  if (workload.kind === "Deployment") {
    strategy.maxSurge = parameter(rolling, rollingPath, "maxSurge", "25%");
    strategy.maxUnavailable = parameter(rolling, rollingPath, "maxUnavailable", "25%");
  } else if (workload.kind === "DaemonSet") {
    strategy.maxSurge = parameter(rolling, rollingPath, "maxSurge", 0);
    strategy.maxUnavailable = parameter(rolling, rollingPath, "maxUnavailable", 1);
  } else if (rolling && (typeof rolling.maxUnavailable === "number" || typeof rolling.maxUnavailable === "string")) {
    strategy.maxUnavailable = parameter(rolling, rollingPath, "maxUnavailable", 1);
  }
  return strategy;
}
function replicasOf(workload, index) {
  const path = ["spec", "replicas"];
  const hpa = index.hpaFor(workload);
  if (hpa) return { count: hpa.minReplicas, source: "hpa", path, hpaName: hpa.object.ref.name };
  if (workload.specReplicas !== void 0) return { count: workload.specReplicas, source: "spec", path };
  return { count: 1, source: "default", path };
}
function describeReplicas(replicas) {
  if (replicas.source === "hpa") return `${replicas.count} (HPA ${replicas.hpaName} minReplicas)`;
  if (replicas.source === "default") return `${replicas.count} (default)`;
  return String(replicas.count);
}
function resolveDeploymentRollout(strategy, replicas) {
  const surge = strategy.maxSurge?.parsed;
  const unavailable = strategy.maxUnavailable?.parsed;
  if (!surge || !unavailable) return void 0;
  const resolvedSurge = scaled(surge, replicas, true);
  let resolvedUnavailable = scaled(unavailable, replicas, false);
  if (resolvedSurge === 0 && resolvedUnavailable === 0) resolvedUnavailable = 1;
  return { surge: resolvedSurge, unavailable: resolvedUnavailable };
}
function isNonZero(parameter2) {
  return parameter2?.parsed !== void 0 && !isZero(parameter2.parsed);
}

// src/rules/types.ts
var layers = ["pod", "runtime", "node", "cluster"];
var layerTitles = {
  pod: "Pod",
  runtime: "Runtime (CRI)",
  node: "Node",
  cluster: "Cluster"
};
function defineRule(rule) {
  return rule;
}

// src/rules/node/daemonset-surge-host-port.ts
var daemonset_surge_host_port_default = defineRule({
  target: "workload",
  meta: {
    id: "node/daemonset-surge-host-port",
    layer: "node",
    name: "daemonset-surge-host-port",
    severity: "error",
    title: "A surging DaemonSet does not bind host ports",
    summary: "maxSurge > 0 with a hostPort (or hostNetwork with declared ports) deadlocks the rollout: the surge pod cannot schedule while the old pod holds the port.",
    docs: {
      why: `With maxSurge the controller creates the new pod on a node before deleting the old one. A hostPort can be bound only once per node, so the new pod stays Pending ("didn't have free ports for the requested pod ports"), the old pod is never removed, and the rollout stalls on the first node \u2014 with the old termination settings still live. Under hostNetwork without declared ports the pod schedules but the new process cannot bind and crash-loops.`,
      fact: "DaemonSet surge (KEP-1591) waits for the new pod to be available before deleting the old one. The scheduler's NodePorts filter rejects a second pod with the same hostPort; under hostNetwork containerPorts default to hostPorts. The API does not reject the combination (kubernetes/kubernetes#106417, closed unfixed).",
      references: ["https://github.com/kubernetes/kubernetes/issues/106417", "https://github.com/kubernetes/enhancements/issues/1591"],
      fixYaml: `updateStrategy:
  type: RollingUpdate
  rollingUpdate:
    maxSurge: 0
    maxUnavailable: 1   # delete first: the only option while the pod binds a host port`,
      verify: ["kubectl -n {namespace} rollout status daemonset/{name} --timeout=5m", 'kubectl -n {namespace} get events --field-selector reason=FailedScheduling | grep "free ports"']
    }
  },
  check(workload) {
    if (workload.kind !== "DaemonSet") return null;
    const strategy = strategyOf(workload);
    if (!strategy?.maxSurge) return null;
    const hostNetwork = workload.podSpec.hostNetwork === true;
    const bound = [];
    for (const container of workload.containers) {
      if (container.role === "init") continue;
      asArray(container.spec.ports).forEach((port, index) => {
        const record = asRecord(port);
        const hostPort = asInteger(record?.hostPort) ?? (hostNetwork ? asInteger(record?.containerPort) : void 0);
        if (hostPort) bound.push({ container: container.name, port: hostPort, path: [...container.path, "ports", index] });
      });
    }
    if (bound.length === 0 && !hostNetwork) return null;
    if (!isNonZero(strategy.maxSurge)) return [];
    const fix = {
      summary: "delete first (maxSurge: 0, maxUnavailable: 1)",
      edits: [
        { path: strategy.maxSurge.path, value: 0 },
        { path: strategy.maxUnavailable?.path ?? [...strategy.path, "rollingUpdate", "maxUnavailable"], value: 1 }
      ]
    };
    if (bound.length === 0) {
      return [
        {
          severity: "warning",
          path: strategy.maxSurge.path,
          message: "maxSurge is set on a hostNetwork DaemonSet: the surge pod starts on the same node while the old one still holds its sockets, so the new process fails to bind and crash-loops until the old pod is gone.",
          remediation: "Delete first (maxSurge: 0, maxUnavailable: 1), or make the app retry binding (SO_REUSEPORT).",
          fix
        }
      ];
    }
    const ports = bound.map((b) => `${b.port} (container "${b.container}")`).join(", ");
    return [
      {
        path: strategy.maxSurge.path,
        message: `maxSurge is ${String(strategy.maxSurge.value)} but the pods bind host port ${ports}${hostNetwork ? " through hostNetwork" : ""}: the surge pod stays Pending for free ports, the old pod is never deleted and the rollout deadlocks.`,
        remediation: "Delete first (maxSurge: 0, maxUnavailable: 1); a surge rollout needs a pod that does not bind host ports.",
        fix,
        evidence: { hostPorts: ports }
      }
    ];
  }
});

// src/rules/helpers.ts
function isLongRunning(workload) {
  return !workload.isHook && !workload.runsToCompletion;
}
function longRunningContainers(workload) {
  return workload.containers.filter((c) => c.role !== "init");
}
function preStopDelayHook(version, _container, seconds2) {
  if (features.sleepAction(version)) return { sleep: { seconds: seconds2 } };
  return { exec: { command: ["sleep", String(seconds2)] } };
}
function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
function nameList(names, max = 5) {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")} and ${(names.length - max).toLocaleString("en-US")} more`;
}
function seconds(value) {
  return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
}
function checkContainers(containers, check) {
  const hits = [];
  let applies = false;
  for (const container of containers) {
    if (check(container, (hit) => hits.push(hit))) applies = true;
  }
  return applies ? hits : null;
}

// src/rules/node/daemonset-delete-first-gap.ts
var daemonset_delete_first_gap_default = defineRule({
  target: "workload",
  meta: {
    id: "node/daemonset-delete-first-gap",
    layer: "node",
    name: "daemonset-delete-first-gap",
    severity: "info",
    title: "DaemonSet rollouts do not leave nodes without the daemon",
    summary: "With maxSurge 0 (the default) each node runs no daemon pod from the deletion of the old one until the new one has started.",
    docs: {
      why: "A delete-first DaemonSet rollout removes the old pod, waits until the pod object is gone (its whole termination, up to the grace period), and only then creates the replacement, which still has to pull and start. During that gap node-local clients of the daemon fail, logs and metrics are read late or lost, and a CNI/CSI daemon cannot serve its node.",
      fact: "DaemonSet controller (KEP-1591): maxSurge 0 deletes first and creates the new pod after the old pod object is gone; maxSurge > 0 creates first and deletes the old pod once the new one is available. Surge is impossible with host ports (see node/daemonset-surge-host-port).",
      references: ["https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/", "https://github.com/kubernetes/enhancements/issues/1591"],
      fixYaml: `updateStrategy:
  type: RollingUpdate
  rollingUpdate:
    maxSurge: 1
    maxUnavailable: 0   # create first, when the pod binds no host port`,
      verify: ["kubectl -n {namespace} rollout status daemonset/{name}", "kubectl -n {namespace} get pods -l {selector} -o wide -w   # watch a node lose its pod"]
    }
  },
  check(workload) {
    if (workload.kind !== "DaemonSet") return null;
    const strategy = strategyOf(workload);
    if (strategy?.type !== "RollingUpdate" || !strategy.maxSurge) return null;
    if (isNonZero(strategy.maxSurge) || !isNonZero(strategy.maxUnavailable)) return [];
    const hostNetwork = workload.podSpec.hostNetwork === true;
    const bindsHostPorts = hostNetwork || workload.containers.some((c) => asArray(c.spec.ports).some((p) => asRecord(p)?.hostPort !== void 0));
    const grace = graceOf(workload);
    return [
      {
        path: strategy.maxSurge.explicit ? strategy.maxSurge.path : strategy.path,
        message: `rollouts delete first (maxSurge 0${strategy.maxSurge.explicit ? "" : ", the default"}): each node has no ${workload.object.ref.name} pod for the old pod's termination (up to ${seconds(grace.seconds)}) plus the new pod's start-up.`,
        remediation: bindsHostPorts ? `The pod ${hostNetwork ? "uses the host network" : "binds host ports"}, so a surge pod could not ${hostNetwork ? "bind its ports while the old one runs" : "schedule (deadlock)"}: keep delete-first, keep termination short, and make node-local clients retry.` : "Create first: set maxSurge: 1 and maxUnavailable: 0.",
        ...bindsHostPorts ? {} : {
          fix: {
            summary: "create first (maxSurge: 1, maxUnavailable: 0)",
            edits: [
              { path: strategy.maxSurge.path, value: 1 },
              { path: strategy.maxUnavailable?.path ?? [...strategy.path, "rollingUpdate", "maxUnavailable"], value: 0 }
            ]
          }
        },
        evidence: { gap: `termination (\u2264 ${seconds(grace.seconds)}) + start-up`, surge: bindsHostPorts ? "not possible (host ports / host network)" : "possible" }
      }
    ];
  }
});

// src/rules/node/daemonset-on-delete.ts
var daemonset_on_delete_default = defineRule({
  target: "workload",
  meta: {
    id: "node/daemonset-on-delete",
    layer: "node",
    name: "daemonset-on-delete",
    severity: "warning",
    title: "Template changes reach running DaemonSet pods",
    summary: "updateStrategy OnDelete replaces pods only when someone deletes them, so the termination settings in this PR do not reach running pods.",
    docs: {
      why: "With OnDelete, applying a new template changes nothing on the nodes: each pod keeps the old spec (grace period, preStop, image) until a person or a tool deletes it. Fixes to termination behaviour ship on paper only, and nodes drift apart.",
      fact: "DaemonSet update strategies: OnDelete creates new pods only when old ones are manually deleted (kubernetes.io/docs/tasks/manage-daemon/update-daemon-set).",
      references: ["https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/#daemonset-update-strategy"],
      fixYaml: `updateStrategy:
  type: RollingUpdate
  rollingUpdate:
    maxUnavailable: 1`,
      verify: [`kubectl -n {namespace} get pods -l {selector} -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.metadata.labels.controller-revision-hash}{"\\n"}{end}'   # mixed hashes = old pods still running`],
      exceptions: "Suppress with a reason when a node agent must be restarted by hand (e.g. a CNI that may not restart under load)."
    }
  },
  check(workload) {
    if (workload.kind !== "DaemonSet") return null;
    const strategy = strategyOf(workload);
    if (strategy?.type !== "OnDelete") return [];
    return [
      {
        path: [...strategy.path, "type"],
        message: "updateStrategy is OnDelete: running pods keep their old spec (grace period, preStop, image) until someone deletes them.",
        remediation: "Use RollingUpdate, or document who deletes the pods and when (and suppress this finding with that reason).",
        fix: { summary: "use RollingUpdate", edits: [{ path: [...strategy.path, "type"], value: "RollingUpdate" }] }
      }
    ];
  }
});

// src/k8s/images.ts
function parseImageReference(reference) {
  const withoutDigest = reference.split("@")[0];
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  if (colon > lastSlash) return { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) };
  return { repository: withoutDigest, tag: reference.includes("@") ? "" : "latest" };
}
var shellLess = [
  { pattern: /(^|\/)distroless\//, basis: "distroless images have no shell" },
  { pattern: /^cgr\.dev\/chainguard\//, basis: "Chainguard images have no shell (only -dev variants do)" },
  { pattern: /(^|\/)pause$/, basis: "the pause image is a single static binary" },
  { pattern: /(^|\/)kube-rbac-proxy$/, basis: "kube-rbac-proxy is built on distroless/static" },
  { pattern: /(^|\/)metrics-server$/, basis: "metrics-server is built on distroless" },
  { pattern: /^registry\.k8s\.io\/(kube-apiserver|kube-controller-manager|kube-scheduler)$/, basis: "control-plane images are distroless" },
  { pattern: /(^|\/)coredns$/, basis: "the CoreDNS image is built FROM scratch" },
  { pattern: /^(docker\.io\/)?hashicorp\/http-echo$/, basis: "hashicorp/http-echo is built FROM scratch" },
  { pattern: /^(docker\.io\/)?hashicorp\/consul-dataplane$/, basis: "hashicorp/consul-dataplane is built on distroless (its -ubi tags are UBI)" },
  { pattern: /^quay\.io\/jetstack\/cert-manager-/, basis: "the cert-manager images are built on distroless/static" }
];
var debianTags = /(^|[-.])(debian(-?\d+)?|slim|bookworm|bullseye|buster|stretch|trixie|jammy|focal|noble|bionic|xenial)([-.]|$)/;
var ubiTags = /(^|[-.])ubi(\d+)?(-minimal|-micro)?([-.]|$)/;
var debianRepositories = /(^|\/)(debian|ubuntu)$/;
var vendorFamilies = [
  { pattern: /^(docker\.io\/)?bitnami(legacy)?\//, shell: "dash", basis: "Bitnami image (Debian, bitnami/minideb): /bin/sh is dash" },
  { pattern: /^(docker\.io\/)?hashicorp\//, shell: "ash", basis: "HashiCorp image (Alpine): /bin/sh is BusyBox ash" },
  { pattern: /^quay\.io\/(prometheus-operator|thanos)\//, shell: "ash", basis: "built on quay.io/prometheus/busybox: /bin/sh is BusyBox ash" },
  { pattern: /^quay\.io\/kiwigrid\//, shell: "ash", basis: "kiwigrid image (python:alpine): /bin/sh is BusyBox ash" },
  { pattern: /^quay\.io\/argoproj\/argocd$/, shell: "dash", basis: "the Argo CD image is built on Ubuntu: /bin/sh is dash" }
];
var debianDefaults = /^(docker\.io\/)?(library\/)?(python|node|ruby|golang|openjdk|eclipse-temurin|postgres|redis|nginx|httpd|mysql|mariadb|php|perl|rabbitmq|mongo|cassandra|elasticsearch|memcached|tomcat|maven|gradle)$/;
function imageFacts(reference) {
  const { repository, tag } = parseImageReference(reference);
  const base = { reference, repository, tag };
  for (const { pattern, basis } of shellLess) {
    if (pattern.test(repository)) {
      if (/(^|[-.])(debug|dev)([-.]|$)/.test(tag)) {
        return { ...base, shell: "ash", basis: `${tag} variants add a BusyBox shell` };
      }
      if (ubiTags.test(tag)) return { ...base, shell: "bash", basis: "UBI variant (Red Hat Universal Base Image): /bin/sh is bash" };
      return { ...base, shell: "none", basis };
    }
  }
  if (/(^|\/)(alpine|busybox)$/.test(repository) || /(^|[-.])alpine/.test(tag) || /^quay\.io\/prometheus\//.test(repository)) {
    return { ...base, shell: "ash", basis: "Alpine/BusyBox image: /bin/sh is BusyBox ash" };
  }
  if (debianRepositories.test(repository) || debianTags.test(tag)) {
    return { ...base, shell: "dash", basis: "Debian/Ubuntu image: /bin/sh is dash" };
  }
  if (ubiTags.test(tag)) return { ...base, shell: "bash", basis: "UBI variant (Red Hat Universal Base Image): /bin/sh is bash" };
  const vendor = vendorFamilies.find(({ pattern }) => pattern.test(repository));
  if (vendor) return { ...base, shell: vendor.shell, basis: vendor.basis };
  if (debianDefaults.test(repository)) {
    return { ...base, shell: "dash", basis: "Debian/Ubuntu image: /bin/sh is dash" };
  }
  if (redHatRepositories.test(repository)) {
    return { ...base, shell: "bash", basis: "Red Hat family image (UBI, Fedora, CentOS, Rocky, Alma, Amazon Linux): /bin/sh is bash" };
  }
  return { ...base, shell: "unknown", basis: "unknown base image" };
}
var redHatRepositories = /(^|\/)(ubi\d*(-minimal|-micro|-init)?|fedora|centos|rockylinux|almalinux|amazonlinux|oraclelinux)$/;
function familyFromCommands(commands) {
  const text = commands.join("\n");
  if (/\balpine-minirootfs\b|(^|[\s;&|])apk\s+(add|update|upgrade|--no-cache)/.test(text)) return { shell: "ash", basis: "Alpine (it runs apk): /bin/sh is BusyBox ash" };
  if (/\bdebian\.sh\b|(^|[\s;&|])(apt-get|apt|dpkg)\s/.test(text)) return { shell: "dash", basis: "Debian/Ubuntu (it runs apt-get/dpkg): /bin/sh is dash" };
  if (/(^|[\s;&|])(microdnf|dnf|yum|rpm)\s/.test(text)) return { shell: "bash", basis: "Red Hat family (it runs dnf/yum): /bin/sh is bash" };
  return void 0;
}
function knownStopSignal(reference) {
  const { repository, tag } = parseImageReference(reference);
  const name = repository.replace(/^(docker\.io\/)?(library\/)?/, "");
  if (name === "nginx" || name === "nginxinc/nginx-unprivileged") return { signal: "SIGQUIT", basis: "the official nginx image sets STOPSIGNAL SIGQUIT" };
  if (name === "php" && /(^|-)fpm(-|$)/.test(tag)) return { signal: "SIGQUIT", basis: "the official php *-fpm images set STOPSIGNAL SIGQUIT" };
  if (name === "httpd") return { signal: "SIGWINCH", basis: "the official httpd image sets STOPSIGNAL SIGWINCH" };
  return void 0;
}
function effectiveShell(shellName, image) {
  const name = shellName.replace(/^.*\//, "");
  if (name === "bash") return { family: "bash", assumed: false };
  if (name === "dash") return { family: "dash", assumed: false };
  if (name === "ash") return { family: "ash", assumed: false };
  if (image.shell === "unknown" || image.shell === "none") return { family: "dash", assumed: true };
  return { family: image.shell, assumed: false };
}

// src/rules/node/database-in-deployment.ts
var databases = /(^|\/)(postgres|postgresql|mysql|mariadb|mongo|mongodb|cockroach|cockroachdb|cassandra|elasticsearch|opensearch|etcd|zookeeper|kafka|rabbitmq|clickhouse|neo4j|couchdb|influxdb)$/;
var database_in_deployment_default = defineRule({
  target: "workload",
  meta: {
    id: "node/database-in-deployment",
    layer: "node",
    name: "database-in-deployment",
    severity: "warning",
    title: "Databases are not rolled like stateless apps",
    summary: "A database image runs in a RollingUpdate Deployment: old and new instances overlap on the same data, or lose it.",
    docs: {
      why: "A rolling update starts the new database pod while the old one still runs. With a ReadWriteOnce volume the new pod cannot attach it (Multi-Attach error) and the rollout stalls; with shared storage two servers write the same files; with no volume or an emptyDir every termination \u2014 rollout, eviction, drain \u2014 throws the data away.",
      fact: "Deployment rolling updates overlap old and new pods (maxSurge); StatefulSets replace one pod at a time, each fully terminated before its successor with the same name and volume starts (StatefulSet docs).",
      references: ["https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#rolling-updates"],
      fixYaml: `kind: StatefulSet
spec:
  serviceName: db
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 10Gi}}}`,
      verify: ["kubectl -n {namespace} get pvc", "kubectl -n {namespace} rollout restart deployment/{name} && kubectl -n {namespace} get events -w | grep -i attach"],
      exceptions: "Redis and memcached (usually caches); Deployments with type Recreate."
    }
  },
  check(workload) {
    if (workload.kind !== "Deployment" || !isLongRunning(workload)) return null;
    const database = workload.containers.find((c) => c.role === "main" && databases.test(parseImageReference(c.image).repository));
    if (!database) return null;
    const strategy = strategyOf(workload);
    if (strategy?.type !== "RollingUpdate") return [];
    const claim = asArray(workload.podSpec.volumes).some((v) => asRecord(v)?.persistentVolumeClaim !== void 0);
    return [
      {
        container: database.name,
        path: strategy.typeExplicit ? [...strategy.path, "type"] : ["kind"],
        message: `container "${database.name}" runs ${database.image} in a RollingUpdate Deployment: ${claim ? "the new pod cannot attach the ReadWriteOnce volume while the old one holds it (or both write it)" : "there is no persistent volume, so every termination loses the data, and old and new instances overlap during rollouts"}.`,
        remediation: "Run it as a StatefulSet with a volumeClaimTemplate (one instance per identity, replaced in order), or use a managed database."
      }
    ];
  }
});

// src/rules/node/recreate-strategy.ts
var recreate_strategy_default = defineRule({
  target: "workload",
  meta: {
    id: "node/recreate-strategy",
    layer: "node",
    name: "recreate-strategy",
    severity: "warning",
    title: "Serving Deployments roll without downtime",
    summary: "strategy Recreate on a Deployment that serves client traffic: every rollout stops all pods before starting new ones.",
    equivalents: { kubeLinter: ["no-rolling-update-strategy"] },
    docs: {
      why: "Recreate terminates every old pod and waits until they are gone before creating any new one. For a Deployment behind a Service, each rollout is an outage lasting the old pods' termination plus the new pods' start-up.",
      fact: 'Deployment strategies: "All existing Pods are killed before new ones are created when .spec.strategy.type==Recreate" (kubernetes.io/docs/concepts/workloads/controllers/deployment/#recreate-deployment).',
      references: ["https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#recreate-deployment"],
      fixYaml: `strategy:
  type: RollingUpdate
  rollingUpdate:
    maxSurge: 1
    maxUnavailable: 0`,
      verify: ["kubectl -n {namespace} rollout restart deployment/{name} && kubectl -n {namespace} get pods -l {selector} -w"],
      exceptions: `Deployments that serve no client traffic (controllers, workers, exporters), and Deployments that mount a ReadWriteOnce PersistentVolumeClaim, for which Recreate is the deliberate choice (reported as info). ${scrapeOnlyException}`
    }
  },
  check(workload, context) {
    if (workload.kind !== "Deployment" || !isLongRunning(workload)) return null;
    const strategy = strategyOf(workload);
    const serving = workload.containers.filter((c) => c.role === "main" && servingOf(c, workload, context.index).serving);
    if (serving.length === 0) return null;
    if (strategy?.type !== "Recreate") return [];
    const claim = asArray(workload.podSpec.volumes).some((v) => asRecord(v)?.persistentVolumeClaim !== void 0);
    return [
      {
        severity: claim ? "info" : "warning",
        path: [...strategy.path, "type"],
        message: claim ? "strategy is Recreate, so every rollout is an outage; with a ReadWriteOnce volume this is usually deliberate (a rolling update could not attach it twice)." : `strategy is Recreate on a Deployment that serves client traffic (${serving.map((c) => `"${c.name}"`).join(", ")}): every rollout stops all pods before new ones start.`,
        remediation: claim ? "Accept the outage (suppress with a reason) or move the state to a StatefulSet / shared storage." : "Use RollingUpdate with maxSurge: 1, maxUnavailable: 0.",
        ...claim ? {} : {
          fix: {
            summary: "roll with surge",
            edits: [{ path: strategy.path, value: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }]
          }
        }
      }
    ];
  }
});

// src/rules/node/rolling-update-invalid.ts
var rolling_update_invalid_default = defineRule({
  target: "workload",
  meta: {
    id: "node/rolling-update-invalid",
    layer: "node",
    name: "rolling-update-invalid",
    severity: "error",
    title: "The rollout strategy is one the API server accepts",
    summary: "maxSurge/maxUnavailable combinations the API rejects (DaemonSet: exactly one must be non-zero; both 0; rollingUpdate with Recreate) or silently ignores.",
    docs: {
      why: "An invalid strategy fails the apply: the PR merges, the pipeline breaks, and the old pods keep running with their old termination settings. The DaemonSet rule is the classic trap: writing only `maxSurge: 1` is rejected, because maxUnavailable defaults to 1 and the two may not both be non-zero.",
      fact: 'apps validation: a DaemonSet rollingUpdate needs exactly one of maxSurge/maxUnavailable non-zero ("may not be set when maxUnavailable is non-zero"); DaemonSet defaults are maxUnavailable 1, maxSurge 0 (KEP-1591). A Deployment rejects maxSurge and maxUnavailable both 0, percentages over 100%, and rollingUpdate with type Recreate. StatefulSet maxUnavailable (KEP-961) is ignored where its gate is off.',
      references: ["https://github.com/kubernetes/enhancements/issues/1591", "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy"],
      fixYaml: `updateStrategy:
  type: RollingUpdate
  rollingUpdate:
    maxSurge: 1
    maxUnavailable: 0   # must be written out: the default (1) is rejected together with maxSurge`,
      verify: ["kubectl apply --dry-run=server -f {file}"]
    }
  },
  check(workload, context) {
    const strategy = strategyOf(workload);
    if (!strategy) return null;
    const hits = [];
    const reject = (path, message, remediation, fix) => hits.push({ path, message, remediation, ...fix ? { fix } : {} });
    const surge = strategy.maxSurge;
    const unavailable = strategy.maxUnavailable;
    for (const parameter2 of [surge, unavailable]) {
      if (!parameter2?.explicit) continue;
      if (!parameter2.parsed) reject(parameter2.path, `${String(parameter2.path.at(-1))}: "${formatIntOrString(parameter2.value)}" is neither an integer nor a percentage; the API server rejects it.`, 'Use an integer or a percentage such as "25%".');
      else if (parameter2.parsed.value < 0) reject(parameter2.path, `${String(parameter2.path.at(-1))} is negative; the API server rejects it.`, "Use a non-negative value.");
      else if (parameter2 === unavailable && parameter2.parsed.kind === "percent" && parameter2.parsed.value > 100) reject(parameter2.path, "maxUnavailable is over 100%; the API server rejects it.", "Use at most 100%.");
    }
    if (workload.kind === "Deployment" && strategy.type === "Recreate" && strategy.rollingUpdatePresent) {
      reject([...strategy.path, "rollingUpdate"], "strategy.rollingUpdate is set while type is Recreate; the API server rejects it.", "Remove rollingUpdate, or use type RollingUpdate.");
    }
    if (surge?.parsed && unavailable?.parsed && hits.length === 0) {
      if (workload.kind === "DaemonSet") {
        if (isNonZero(surge) && isNonZero(unavailable)) {
          const implicit = !unavailable.explicit;
          reject(
            surge.path,
            implicit ? `maxSurge is ${formatIntOrString(surge.value)} while maxUnavailable is left at its default of 1; a DaemonSet may not have both non-zero, so the API server rejects it.` : `maxSurge (${formatIntOrString(surge.value)}) and maxUnavailable (${formatIntOrString(unavailable.value)}) are both non-zero; a DaemonSet allows only one, so the API server rejects it.`,
            "Set maxUnavailable: 0 explicitly to surge (create the new pod first), or drop maxSurge to delete first.",
            { summary: "set maxUnavailable: 0", edits: [{ path: unavailable.path, value: 0 }] }
          );
        } else if (!isNonZero(surge) && !isNonZero(unavailable)) {
          reject(unavailable.path, "maxUnavailable and maxSurge are both 0; a DaemonSet rollout could never make progress, so the API server rejects it.", "Set maxSurge: 1 (create first) or maxUnavailable: 1 (delete first).", { summary: "set maxSurge: 1", edits: [{ path: surge.path, value: 1 }] });
        }
      } else if (workload.kind === "Deployment" && !isNonZero(surge) && !isNonZero(unavailable)) {
        reject(unavailable.path, "maxSurge and maxUnavailable are both 0; the API server rejects a rollout that could never make progress.", "Set maxSurge: 1 (new pod first, no capacity loss).", { summary: "set maxSurge: 1", edits: [{ path: surge.path, value: 1 }] });
      }
    }
    if (workload.kind === "StatefulSet" && unavailable?.explicit && !features.statefulSetMaxUnavailable(context.version)) {
      hits.push({
        severity: "warning",
        path: unavailable.path,
        message: `StatefulSet maxUnavailable is behind the MaxUnavailableStatefulSet gate, off in Kubernetes ${formatKubeVersion(context.version)}; the field is ignored and pods roll one at a time.`,
        remediation: "Do not rely on it for rollout speed; remove it or plan for one-at-a-time updates."
      });
    }
    return hits;
  }
});

// src/rules/node/rollout-full-outage.ts
var rollout_full_outage_default = defineRule({
  target: "workload",
  meta: {
    id: "node/rollout-full-outage",
    layer: "node",
    name: "rollout-full-outage",
    severity: "error",
    title: "Rolling updates keep at least one pod serving",
    summary: "The resolved maxUnavailable is \u2265 replicas, so a rolling update may remove every old pod before a new one is ready.",
    docs: {
      why: "A Deployment may take down maxUnavailable pods at once. When that is all of them \u2014 typically `maxUnavailable: 1` on a single replica \u2014 the controller deletes the only pod as soon as the rollout starts, whether or not a surge pod has started. Each rollout becomes an outage for the new pod's start-up time; a new version that never gets Ready leaves nothing serving.",
      fact: "Deployment controller (ResolveFenceposts): maxSurge rounds up, maxUnavailable rounds down, both 0 \u21D2 unavailable 1; old pods may be scaled down to replicas \u2212 maxUnavailable without waiting for new ones. Defaults 25%/25%: with 1 replica that is surge 1, unavailable 0 (new pod first).",
      references: ["https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-unavailable"],
      fixYaml: `strategy:
  type: RollingUpdate
  rollingUpdate:
    maxSurge: 1
    maxUnavailable: 0   # new pod first; never below the desired count`,
      verify: ["kubectl -n {namespace} rollout restart deployment/{name} && kubectl -n {namespace} get pods -l {selector} -w   # watch the count reach 0 ready"],
      exceptions: `A warning instead of an error when no container serves client traffic (workers, controllers, exporters): the outage then delays work or loses scrapes, not requests. ${scrapeOnlyException}`
    }
  },
  check(workload, context) {
    if (workload.kind !== "Deployment" && workload.kind !== "Rollout" || !isLongRunning(workload)) return null;
    const strategy = strategyOf(workload);
    if (strategy?.type !== "RollingUpdate") return null;
    const replicas = replicasOf(workload, context.index);
    if (replicas.count === 0) return null;
    const resolved = resolveDeploymentRollout(strategy, replicas.count);
    if (!resolved || !strategy.maxUnavailable) return null;
    if (resolved.unavailable < replicas.count) return [];
    const traffic = workloadTrafficOf(workload, context.index);
    const serving = traffic.traffic === "client";
    const surgeText = resolved.surge > 0 ? `, even while the surge pod is still starting` : " before any new pod exists";
    return [
      {
        path: strategy.maxUnavailable.explicit ? strategy.maxUnavailable.path : strategy.path,
        severity: serving ? "error" : "warning",
        message: `maxUnavailable ${formatIntOrString(strategy.maxUnavailable.value)} resolves to ${resolved.unavailable} with ${describeReplicas(replicas)} replica${replicas.count === 1 ? "" : "s"}: a rolling update may remove every old pod at once${surgeText}${traffic.traffic === "scrape" ? `; the workload ${traffic.summary}, so the outage is a gap in metrics, not failed requests` : ""}.`,
        remediation: "Set maxUnavailable: 0 with maxSurge: 1 (or run more replicas than maxUnavailable).",
        fix: {
          summary: "maxSurge: 1, maxUnavailable: 0",
          edits: [
            { path: strategy.maxSurge?.path ?? [...strategy.path, "rollingUpdate", "maxSurge"], value: 1 },
            { path: strategy.maxUnavailable.path, value: 0 }
          ]
        },
        evidence: { replicas: describeReplicas(replicas), unavailable: String(resolved.unavailable), surge: String(resolved.surge) }
      }
    ];
  }
});

// src/rules/cluster/pdb-api-removed.ts
var pdb_api_removed_default = defineRule({
  target: "pdb",
  meta: {
    id: "cluster/pdb-api-removed",
    layer: "cluster",
    name: "pdb-api-removed",
    severity: "error",
    title: "The PodDisruptionBudget uses an API version the cluster serves",
    summary: "policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25: the apply fails and the workload has no budget at all.",
    docs: {
      why: "On 1.25+ the API server does not know policy/v1beta1 PodDisruptionBudget: `kubectl apply` fails for that document (or a GitOps tool reports it out of sync forever), and the pods it was meant to protect can all be evicted together.",
      fact: "Deprecated API migration guide: policy/v1beta1 PodDisruptionBudget is no longer served as of v1.25; use policy/v1 (where an empty selector matches every pod in the namespace).",
      references: ["https://kubernetes.io/docs/reference/using-api/deprecation-guide/#poddisruptionbudget-v125"],
      fixYaml: "apiVersion: policy/v1",
      verify: ["kubectl api-resources --api-group=policy", "kubectl apply --dry-run=server -f {file}"]
    }
  },
  check(pdb, context) {
    if (pdb.object.ref.apiVersion !== "policy/v1beta1") return [];
    if (features.pdbV1beta1Served(context.version)) return [];
    return [
      {
        path: ["apiVersion"],
        message: `apiVersion policy/v1beta1 is not served by Kubernetes ${formatKubeVersion(context.version)} (removed in 1.25): the PDB cannot be applied and protects nothing.`,
        remediation: "Use apiVersion policy/v1 (check the selector: in v1 an empty selector matches every pod in the namespace).",
        fix: { summary: "apiVersion: policy/v1", edits: [{ path: ["apiVersion"], value: "policy/v1" }] }
      }
    ];
  }
});

// src/manifests/workloads.ts
var podSpecPaths = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  Rollout: ["spec", "template", "spec"]
};
var kinds = new Set(Object.keys(podSpecPaths));
function isWorkloadKind(kind) {
  return kinds.has(kind);
}
function buildWorkload(object) {
  const { kind } = object.ref;
  if (!isWorkloadKind(kind)) return void 0;
  if (kind === "Rollout" && !object.ref.apiVersion.startsWith("argoproj.io/")) return void 0;
  const podSpecPath = podSpecPaths[kind];
  const podSpec = asRecord(getPath(object.raw, podSpecPath));
  if (!podSpec) return void 0;
  const podMetadataPath = kind === "Pod" ? ["metadata"] : [...podSpecPath.slice(0, -1), "metadata"];
  const podMetadata = asRecord(getPath(object.raw, podMetadataPath));
  const objectAnnotations = asStringMap(asRecord(object.raw.metadata)?.annotations);
  const restartPolicy = asString(podSpec.restartPolicy);
  const containers = [];
  const addContainers = (field) => {
    asArray(podSpec[field]).forEach((item, index) => {
      const spec = asRecord(item);
      if (!spec) return;
      const role = field === "containers" ? "main" : asString(spec.restartPolicy) === "Always" ? "sidecar" : "init";
      containers.push({
        name: asString(spec.name) ?? `#${index}`,
        role,
        path: [...podSpecPath, field, index],
        spec,
        image: asString(spec.image) ?? ""
      });
    });
  };
  addContainers("containers");
  addContainers("initContainers");
  const selector = kind === "ReplicationController" ? parseLabelSelector({ matchLabels: getPath(object.raw, ["spec", "selector"]) }) : parseLabelSelector(getPath(object.raw, ["spec", "selector"]));
  const hasReplicas = kind === "Deployment" || kind === "ReplicaSet" || kind === "StatefulSet" || kind === "Rollout" || kind === "ReplicationController";
  return {
    object,
    kind,
    podSpecPath,
    podSpec,
    podMetadataPath,
    podLabels: asStringMap(podMetadata?.labels),
    podAnnotations: asStringMap(podMetadata?.annotations),
    containers,
    ...selector ? { selector } : {},
    ...hasReplicas ? { specReplicas: asInteger(getPath(object.raw, ["spec", "replicas"])) } : {},
    isHook: Object.hasOwn(objectAnnotations, "helm.sh/hook") || Object.hasOwn(objectAnnotations, "argocd.argoproj.io/hook"),
    runsToCompletion: kind === "Job" || kind === "CronJob" || kind === "Pod" && (restartPolicy === "Never" || restartPolicy === "OnFailure")
  };
}
function hasScaleSubresource(kind) {
  return kind === "Deployment" || kind === "ReplicaSet" || kind === "StatefulSet" || kind === "ReplicationController" || kind === "Rollout";
}

// src/k8s/pdb.ts
function podsOf(pdb, index) {
  const workloads = index.workloadsFor(pdb);
  const customResources = index.podOwningResourcesFor(pdb).map(({ object, replicas }) => ({ object, ...replicas !== void 0 ? { replicas } : {} }));
  const unscalable = workloads.filter((w) => !hasScaleSubresource(w.kind));
  let expected;
  if (unscalable.length === 0 && workloads.length + customResources.length > 0 && customResources.every((c) => c.replicas !== void 0)) {
    expected = workloads.reduce((sum, w) => sum + replicasOf(w, index).count, 0) + customResources.reduce((sum, c) => sum + (c.replicas ?? 0), 0);
  }
  return { workloads, customResources, unscalable, ...expected !== void 0 ? { expected } : {} };
}
function allowedDisruptions(pdb, expected) {
  const maxUnavailable = parseIntOrString(pdb.maxUnavailable);
  const minAvailable = parseIntOrString(pdb.minAvailable);
  if (maxUnavailable) {
    if (maxUnavailable.value === 0) return 0;
    if (expected === void 0) return void 0;
    return Math.max(0, Math.min(expected, scaled(maxUnavailable, expected, true)));
  }
  if (minAvailable) {
    if (minAvailable.kind === "percent" && minAvailable.value >= 100) return 0;
    if (expected === void 0) return void 0;
    return Math.max(0, expected - scaled(minAvailable, expected, true));
  }
  return void 0;
}

// src/rules/cluster/pdb-blocks-drain.ts
var pdb_blocks_drain_default = defineRule({
  target: "pdb",
  meta: {
    id: "cluster/pdb-blocks-drain",
    layer: "cluster",
    name: "pdb-blocks-drain",
    severity: "error",
    title: "The PodDisruptionBudget allows at least one eviction",
    summary: "After the real rounding (percentages round up), the PDB allows zero disruptions, so node drains and autoscaler scale-downs never complete.",
    equivalents: { kubeLinter: ["pdb-max-unavailable", "pdb-min-available"] },
    docs: {
      why: "A budget that allows no evictions makes every `kubectl drain`, node upgrade and cluster-autoscaler/Karpenter scale-down on those nodes hang: the eviction API answers 429 and kubectl retries until its timeout. Percentages are the usual surprise: `minAvailable: 67%` of 3 replicas is ceil(2.01) = 3, i.e. none may go.",
      fact: "Disruption controller: for percentages, both minAvailable and maxUnavailable are scaled against the expected pod count and rounded up; disruptionsAllowed = healthy \u2212 desiredHealthy. maxUnavailable: 0, minAvailable: 100% or minAvailable \u2265 replicas give 0. HPA minReplicas stands in for replicas when an HPA manages the workload.",
      references: ["https://kubernetes.io/docs/tasks/run-application/configure-pdb/#rounding-logic-when-specifying-percentages", "https://kubernetes.io/docs/concepts/workloads/pods/disruptions/"],
      fixYaml: `spec:
  maxUnavailable: 1   # scales with the workload; never blocks drains while pods are healthy`,
      verify: ["kubectl -n {namespace} get pdb {name} -o jsonpath='{.status.disruptionsAllowed}'   # 0 = drains block", "kubectl drain <node> --dry-run=server --ignore-daemonsets"]
    }
  },
  check(pdb, context) {
    if (pdb.minAvailable === void 0 && pdb.maxUnavailable === void 0) return null;
    const pods = podsOf(pdb, context.index);
    const allowed = allowedDisruptions(pdb, pods.expected);
    if (allowed === void 0) return null;
    if (allowed > 0) return [];
    const field = pdb.maxUnavailable !== void 0 ? "maxUnavailable" : "minAvailable";
    const value = formatIntOrString(pdb.maxUnavailable ?? pdb.minAvailable);
    const of = pods.expected !== void 0 ? ` with ${pods.expected} expected pod${pods.expected === 1 ? "" : "s"}` : "";
    return [
      {
        path: ["spec", field],
        message: `${field}: ${value}${of} allows 0 disruptions: node drains and autoscaler scale-downs that reach these pods wait forever (HTTP 429).`,
        remediation: pods.expected !== void 0 && pods.expected <= 1 ? "A single replica cannot survive an eviction anyway: run \u2265 2 replicas and use maxUnavailable: 1, or accept the disruption." : "Use maxUnavailable: 1 (or a minAvailable below the replica count after rounding up).",
        fix: {
          summary: "maxUnavailable: 1",
          edits: [
            ...pdb.minAvailable !== void 0 ? [{ path: ["spec", "minAvailable"], value: void 0 }] : [],
            { path: ["spec", "maxUnavailable"], value: 1 }
          ]
        },
        evidence: { allowed: "0", ...pods.expected !== void 0 ? { expected: String(pods.expected) } : {} }
      }
    ];
  }
});

// src/rules/cluster/pdb-missing.ts
var pdb_missing_default = defineRule({
  target: "workload",
  meta: {
    id: "cluster/pdb-missing",
    layer: "cluster",
    name: "pdb-missing",
    severity: "warning",
    title: "Multi-replica workloads have a PodDisruptionBudget",
    summary: "A workload with two or more replicas has no PDB, so a drain or autoscaler scale-down may evict all replicas at once.",
    equivalents: { kubeScore: ["deployment-has-poddisruptionbudget", "statefulset-has-poddisruptionbudget"] },
    docs: {
      why: "You run several replicas so that one can go while the others serve. Without a budget, `kubectl drain`, node upgrades and cluster-autoscaler/Karpenter consolidation may evict every replica in the same minute \u2014 they all land on the nodes being drained more often than you think.",
      fact: "Only the Eviction API consults PDBs (kubectl drain, cluster-autoscaler, Karpenter, kubectl evict); without a PDB every eviction is allowed (disruptions docs).",
      references: ["https://kubernetes.io/docs/concepts/workloads/pods/disruptions/"],
      fixYaml: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      app.kubernetes.io/name: web`,
      verify: ["kubectl -n {namespace} get pdb", "kubectl -n {namespace} get pods -l {selector} -o wide   # are replicas spread over nodes?"],
      exceptions: 'Single-replica workloads (a PDB cannot keep one pod up through an eviction without blocking the drain; cluster/single-replica covers them), DaemonSets, Jobs and hooks. Workloads that serve scrapes only (ports named metrics, http-metrics, telemetry or *-metrics, exporter sidecars, Services only a ServiceMonitor reads) are still reported, since losing every replica at once is a gap in metrics, and the message says so instead of "taking the service down".'
    }
  },
  check(workload, context) {
    if (!isLongRunning(workload) || !hasScaleSubresource(workload.kind)) return null;
    const replicas = replicasOf(workload, context.index);
    if (replicas.count < 2) return null;
    if (context.index.pdbsFor(workload).length > 0) return [];
    const traffic = workloadTrafficOf(workload, context.index);
    return [
      {
        path: replicas.source === "spec" ? replicas.path : ["metadata", "name"],
        message: `${describeReplicas(replicas)} replicas and no PodDisruptionBudget: a node drain or autoscaler scale-down may evict all of them at once${traffic.traffic === "client" ? ", taking the service down" : traffic.traffic === "scrape" ? `; the workload ${traffic.summary}, so that is a gap in metrics rather than an outage for clients` : ""}.`,
        remediation: `Add a PodDisruptionBudget with maxUnavailable: 1 selecting ${Object.entries(workload.podLabels).map(([k, v]) => `${k}=${v}`).join(",") || "the pod labels"}.`,
        evidence: { replicas: describeReplicas(replicas), pdb: "none" }
      }
    ];
  }
});

// src/rules/cluster/pdb-not-rollout-protection.ts
var rolloutLayers = /^(pod|runtime|node)\//;
var pdb_not_rollout_protection_default = defineRule({
  target: "followup",
  meta: {
    id: "cluster/pdb-not-rollout-protection",
    layer: "cluster",
    name: "pdb-not-rollout-protection",
    severity: "info",
    title: "Nobody relies on the PDB to protect rollouts",
    summary: "The workload has a PDB and termination problems: the PDB does not help, because rolling updates and scale-downs delete pods without the Eviction API.",
    docs: {
      why: 'A PodDisruptionBudget is often added "so rollouts are safe". It is not consulted by rolling updates, HPA scale-downs, `kubectl rollout restart` or manual deletes \u2014 they all use a plain DELETE. The termination problems listed for this workload hit every rollout regardless of the budget; and pods a rollout made unavailable still count against the budget, so a slow rollout can block drains.',
      fact: `Only the Eviction API consults PDBs (kubectl drain, cluster-autoscaler, Karpenter, kubectl evict); controllers delete pods directly (disruptions docs: "voluntary disruptions \u2026 not \u2026 deleting a deployment or updating a deployment's pod template").`,
      references: ["https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-budgets"],
      fixYaml: "# fix the Pod/Runtime/Node findings of this workload; the PDB stays for drains",
      verify: ["kubectl -n {namespace} rollout restart {kind}/{name} && kubectl -n {namespace} get pdb -w   # the budget does not gate the rollout"]
    }
  },
  check(workload, context, prior) {
    if (!isLongRunning(workload)) return null;
    const pdbs = context.index.pdbsFor(workload);
    if (pdbs.length === 0) return null;
    const problems = prior.filter((f) => rolloutLayers.test(f.ruleId) && f.severity !== "info");
    if (problems.length === 0) return [];
    const ids = [...new Set(problems.map((p) => p.ruleId))].sort();
    return [
      {
        path: ["metadata", "name"],
        message: `PodDisruptionBudget ${nameList(pdbs.map((p) => p.object.ref.name))} does not protect rolling updates or scale-downs (plain DELETE, no eviction): ${ids.join(", ")} still hit${ids.length === 1 ? "s" : ""} every rollout.`,
        remediation: "Fix the termination problems themselves; the PDB only guards drains and autoscaler evictions."
      }
    ];
  }
});

// src/rules/cluster/pdb-overlap.ts
var pdb_overlap_default = defineRule({
  target: "workload",
  meta: {
    id: "cluster/pdb-overlap",
    layer: "cluster",
    name: "pdb-overlap",
    severity: "error",
    title: "At most one PodDisruptionBudget selects the pods",
    summary: "Two or more PDBs select the same pods: every eviction of them fails with HTTP 500 and drains stop.",
    docs: {
      why: 'The eviction API refuses to evict a pod covered by more than one budget ("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support") with HTTP 500. kubectl drain does not retry that error, so the node cannot be drained at all.',
      fact: "pkg/registry/core/pod/storage/eviction.go: more than one matching PDB \u21D2 500 InternalError.",
      references: ["https://kubernetes.io/docs/concepts/workloads/pods/disruptions/"],
      fixYaml: "# keep one PDB per set of pods; make selectors disjoint (add a distinguishing label)",
      verify: ["kubectl -n {namespace} get pdb -o wide", "kubectl drain <node> --dry-run=server --ignore-daemonsets"]
    }
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    const pdbs = context.index.pdbsFor(workload);
    if (pdbs.length === 0) return null;
    if (pdbs.length === 1) return [];
    return [
      {
        path: [...workload.podMetadataPath, "labels"],
        message: `its pods are selected by ${pdbs.length} PodDisruptionBudgets (${nameList(pdbs.map((p) => p.object.ref.name))}): every eviction fails with HTTP 500 and node drains stop.`,
        remediation: "Keep exactly one PDB for these pods: delete one, or make the selectors disjoint."
      }
    ];
  }
});

// src/rules/cluster/pdb-selects-nothing.ts
var pdb_selects_nothing_default = defineRule({
  target: "pdb",
  meta: {
    id: "cluster/pdb-selects-nothing",
    layer: "cluster",
    name: "pdb-selects-nothing",
    severity: "warning",
    title: "The PodDisruptionBudget selects the pods it is meant to protect",
    summary: "The PDB selector matches no pod template (and no operator resource) in the analysed manifests, so it protects nothing.",
    docs: {
      why: "A budget whose selector matches nothing is silently useless: drains and autoscalers evict the workload it was written for all at once. It usually comes from a label renamed on the Deployment but not on the PDB, or a namespace mismatch.",
      fact: 'PDBs select pods by label in their own namespace; policy/v1 treats an empty selector as "every pod in the namespace", a selector without matches protects nothing.',
      references: ["https://kubernetes.io/docs/tasks/run-application/configure-pdb/"],
      fixYaml: `spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: web   # the same labels as the pod template`,
      verify: ["kubectl -n {namespace} get pods -l {selector}   # should list the protected pods", "kubectl -n {namespace} get pdb {name} -o jsonpath='{.status.expectedPods}'"],
      exceptions: "Pods created by operators from custom resources count when those pods carry the selected labels: for prometheus-operator's Prometheus, PrometheusAgent, Alertmanager and ThanosRuler, `spec.podMetadata.labels` and the labels the operator adds (`prometheus: <name>`, `app.kubernetes.io/instance: <name>`\u2026); for other custom resources, the labels of their pod template (`spec.template`) or `spec.podMetadata`. Objects that own no pods (IngressClass, ServiceMonitor, PodMonitor, ConfigMap, a resource's own metadata labels) never count. A namespace with no workloads in the analysed manifests gets an info note only."
    }
  },
  check(pdb, context) {
    if (!pdb.selector) return null;
    if (isEmptySelector(pdb.selector)) return [];
    const pods = podsOf(pdb, context.index);
    if (pods.workloads.length > 0 || pods.customResources.length > 0) return [];
    const namespace = namespaceOf(pdb.object.ref);
    const others = context.index.workloads.filter((w) => namespaceOf(w.object.ref) === namespace);
    return [
      {
        severity: others.length === 0 ? "info" : "warning",
        path: ["spec", "selector"],
        message: `selector ${formatSelector(pdb.selector)} matches no pod template in namespace ${namespace} of the analysed manifests${others.length === 0 ? " (no workload of that namespace was analysed)" : ""}: it protects nothing.`,
        remediation: "Use the pod template labels of the workload it should protect, in the same namespace."
      }
    ];
  }
});

// src/rules/cluster/pdb-unhealthy-eviction-policy.ts
var pdb_unhealthy_eviction_policy_default = defineRule({
  target: "pdb",
  meta: {
    id: "cluster/pdb-unhealthy-eviction-policy",
    layer: "cluster",
    name: "pdb-unhealthy-eviction-policy",
    severity: "info",
    title: "Crash-looping pods do not block drains",
    summary: "Without `unhealthyPodEvictionPolicy: AlwaysAllow`, pods that are not Ready count against the budget and a single crash-looping pod can block every drain.",
    equivalents: { kubeLinter: ["pdb-unhealthy-pod-eviction-policy"] },
    docs: {
      why: "With the default IfHealthyBudget policy, a running but unready pod may only be evicted when the budget is otherwise satisfied. A bad rollout that leaves pods crash-looping then blocks node drains exactly when you need to move them. AlwaysAllow lets drains evict unhealthy pods, which are not serving anyway.",
      fact: "KEP-3017: spec.unhealthyPodEvictionPolicy (beta 1.27, GA 1.31); unset means IfHealthyBudget.",
      references: ["https://github.com/kubernetes/enhancements/issues/3017", "https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy"],
      fixYaml: `spec:
  unhealthyPodEvictionPolicy: AlwaysAllow`,
      verify: ["kubectl -n {namespace} get pdb {name} -o jsonpath='{.spec.unhealthyPodEvictionPolicy}'"]
    }
  },
  check(pdb, context) {
    const policy = pdb.unhealthyPodEvictionPolicy;
    if (!features.pdbUnhealthyPodEvictionPolicy(context.version)) {
      if (policy === void 0) return null;
      return [
        {
          path: ["spec", "unhealthyPodEvictionPolicy"],
          message: `unhealthyPodEvictionPolicy is not enabled by default in Kubernetes ${formatKubeVersion(context.version)} (beta from 1.27); the field is ignored.`,
          remediation: "Keep it for newer clusters, but do not rely on it here."
        }
      ];
    }
    if (policy === "AlwaysAllow") return [];
    return [
      {
        path: policy === void 0 ? ["spec"] : ["spec", "unhealthyPodEvictionPolicy"],
        message: `unhealthyPodEvictionPolicy is ${policy ?? "unset (IfHealthyBudget)"}: crash-looping or unready pods count against the budget and can block node drains.`,
        remediation: "Set unhealthyPodEvictionPolicy: AlwaysAllow.",
        fix: { summary: "unhealthyPodEvictionPolicy: AlwaysAllow", edits: [{ path: ["spec", "unhealthyPodEvictionPolicy"], value: "AlwaysAllow" }] }
      }
    ];
  }
});

// src/k8s/api/pod-fields-1.34.json
var pod_fields_1_34_default = {
  kubernetes: "v1.34.4",
  source: "kube-apiserver v1.34.4 (the test cluster), read by scripts/gen-kube-api.ts: /openapi/v3/{api/v1,apis/apps/v1,apis/policy/v1}",
  types: {
    PodSpec: { activeDeadlineSeconds: "", affinity: "", automountServiceAccountToken: "", containers: "Container[]", dnsConfig: "", dnsPolicy: "", enableServiceLinks: "", ephemeralContainers: "EphemeralContainer[]", hostAliases: "", hostIPC: "", hostNetwork: "", hostPID: "", hostUsers: "", hostname: "", hostnameOverride: "", imagePullSecrets: "", initContainers: "Container[]", nodeName: "", nodeSelector: "", os: "", overhead: "", preemptionPolicy: "", priority: "", priorityClassName: "", readinessGates: "", resourceClaims: "", resources: "", restartPolicy: "", runtimeClassName: "", schedulerName: "", schedulingGates: "", securityContext: "", serviceAccount: "", serviceAccountName: "", setHostnameAsFQDN: "", shareProcessNamespace: "", subdomain: "", terminationGracePeriodSeconds: "", tolerations: "", topologySpreadConstraints: "", volumes: "" },
    Container: { args: "", command: "", env: "", envFrom: "", image: "", imagePullPolicy: "", lifecycle: "Lifecycle", livenessProbe: "Probe", name: "", ports: "", readinessProbe: "Probe", resizePolicy: "", resources: "", restartPolicy: "", restartPolicyRules: "", securityContext: "", startupProbe: "Probe", stdin: "", stdinOnce: "", terminationMessagePath: "", terminationMessagePolicy: "", tty: "", volumeDevices: "", volumeMounts: "", workingDir: "" },
    EphemeralContainer: { args: "", command: "", env: "", envFrom: "", image: "", imagePullPolicy: "", lifecycle: "Lifecycle", livenessProbe: "Probe", name: "", ports: "", readinessProbe: "Probe", resizePolicy: "", resources: "", restartPolicy: "", restartPolicyRules: "", securityContext: "", startupProbe: "Probe", stdin: "", stdinOnce: "", targetContainerName: "", terminationMessagePath: "", terminationMessagePolicy: "", tty: "", volumeDevices: "", volumeMounts: "", workingDir: "" },
    Lifecycle: { postStart: "LifecycleHandler", preStop: "LifecycleHandler", stopSignal: "" },
    LifecycleHandler: { exec: "ExecAction", httpGet: "HTTPGetAction", sleep: "SleepAction", tcpSocket: "TCPSocketAction" },
    Probe: { exec: "ExecAction", failureThreshold: "", grpc: "GRPCAction", httpGet: "HTTPGetAction", initialDelaySeconds: "", periodSeconds: "", successThreshold: "", tcpSocket: "TCPSocketAction", terminationGracePeriodSeconds: "", timeoutSeconds: "" },
    ExecAction: { command: "" },
    HTTPGetAction: { host: "", httpHeaders: "HTTPHeader[]", path: "", port: "", scheme: "" },
    HTTPHeader: { name: "", value: "" },
    TCPSocketAction: { host: "", port: "" },
    GRPCAction: { port: "", service: "" },
    SleepAction: { seconds: "" },
    DeploymentStrategy: { rollingUpdate: "RollingUpdateDeployment", type: "" },
    RollingUpdateDeployment: { maxSurge: "", maxUnavailable: "" },
    DaemonSetUpdateStrategy: { rollingUpdate: "RollingUpdateDaemonSet", type: "" },
    RollingUpdateDaemonSet: { maxSurge: "", maxUnavailable: "" },
    StatefulSetUpdateStrategy: { rollingUpdate: "RollingUpdateStatefulSetStrategy", type: "" },
    RollingUpdateStatefulSetStrategy: { maxUnavailable: "", partition: "" },
    PodDisruptionBudgetSpec: { maxUnavailable: "", minAvailable: "", selector: "LabelSelector", unhealthyPodEvictionPolicy: "" },
    LabelSelector: { matchExpressions: "LabelSelectorRequirement[]", matchLabels: "" },
    LabelSelectorRequirement: { key: "", operator: "", values: "" }
  }
};

// src/k8s/api/pod-fields.ts
var podFieldsMinor = 34;
var types = pod_fields_1_34_default.types;
var fieldMaps = new Map(Object.entries(types).map(([type, fields]) => [type, new Map(Object.entries(fields))]));
function fieldsOf(type) {
  return types[type];
}
var isRecord = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
function unknownFields(value, type, path) {
  const out = [];
  const at = [];
  const walk = (node, nodeType) => {
    if (!isRecord(node)) return;
    const fields = fieldMaps.get(nodeType);
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      const child = fields.get(key);
      if (child === void 0) {
        out.push({ path: [...path, ...at, key], field: key, type: nodeType, parent: dotted(at), value: node[key] });
        continue;
      }
      if (child === "") continue;
      const item = node[key];
      at.push(key);
      if (child.endsWith("[]")) {
        if (Array.isArray(item)) {
          const elementType = child.slice(0, -2);
          for (let index = 0; index < item.length; index++) {
            at.push(index);
            walk(item[index], elementType);
            at.pop();
          }
        }
      } else walk(item, child);
      at.pop();
    }
  };
  walk(value, type);
  return out;
}
function dotted(path) {
  return path.map((segment, index) => typeof segment === "number" ? `[${segment}]` : index === 0 ? segment : `.${segment}`).join("");
}
function editDistance(a, b) {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_2, j) => i === 0 ? j : j === 0 ? i : 0));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2][j - 2] + 1);
      d[i][j] = best;
    }
  }
  return d[a.length][b.length];
}
function closestField(field, candidates) {
  const lower = field.toLowerCase();
  const sameCase = candidates.find((c) => c.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(Math.max(field.length, candidate.length) / 3)) && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  if (best) return best.name;
  const containing = candidates.filter((c) => c.length >= 4 && lower.length >= 4 && (c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase())));
  return containing.sort((a, b) => Math.abs(a.length - field.length) - Math.abs(b.length - field.length) || a.localeCompare(b))[0];
}
var neighbours = {
  PodSpec: [{ type: "Container", where: "each container (containers[])" }],
  Container: [
    { type: "Lifecycle", where: "lifecycle", key: "lifecycle" },
    { type: "PodSpec", where: "the pod spec, beside containers" }
  ],
  EphemeralContainer: [
    { type: "Lifecycle", where: "lifecycle", key: "lifecycle" },
    { type: "PodSpec", where: "the pod spec, beside containers" }
  ],
  Lifecycle: [{ type: "LifecycleHandler", where: "preStop (or postStart)" }],
  DeploymentStrategy: [{ type: "RollingUpdateDeployment", where: "rollingUpdate", key: "rollingUpdate" }],
  DaemonSetUpdateStrategy: [{ type: "RollingUpdateDaemonSet", where: "rollingUpdate", key: "rollingUpdate" }],
  StatefulSetUpdateStrategy: [{ type: "RollingUpdateStatefulSetStrategy", where: "rollingUpdate", key: "rollingUpdate" }],
  PodDisruptionBudgetSpec: [{ type: "LabelSelector", where: "selector", key: "selector" }]
};
function adviceFor(unknown) {
  const moved = neighbours[unknown.type]?.find((n) => Object.hasOwn(types[n.type], unknown.field));
  if (moved) return { belongsIn: moved.where, movesTo: { type: moved.type, ...moved.key ? { key: moved.key } : {} } };
  const suggestion = closestField(unknown.field, Object.keys(types[unknown.type]));
  return suggestion ? { suggestion } : {};
}

// src/rules/pod/unknown-field.ts
var strategies = {
  Deployment: { field: "strategy", type: "DeploymentStrategy" },
  DaemonSet: { field: "updateStrategy", type: "DaemonSetUpdateStrategy" },
  StatefulSet: { field: "updateStrategy", type: "StatefulSetUpdateStrategy" }
};
var podTemplateGroups = /* @__PURE__ */ new Set(["", "apps", "batch", "extensions", "argoproj.io"]);
var containerLists = { containers: "container", initContainers: "init container", ephemeralContainers: "ephemeral container" };
function fixFor(unknown, advice, raw, podSpecPath) {
  const parent = unknown.path.slice(0, -1);
  const target = advice.suggestion ? [...parent, advice.suggestion] : advice.movesTo?.key ? [...parent, advice.movesTo.key, unknown.field] : advice.movesTo?.type === "PodSpec" && podSpecPath ? [...podSpecPath, unknown.field] : void 0;
  if (!target || unknown.value === void 0 || getPath(raw, target) !== void 0) return void 0;
  return {
    summary: advice.suggestion ? `rename ${unknown.field} to ${advice.suggestion}` : `move ${unknown.field} into ${advice.belongsIn}`,
    edits: [
      { path: target, value: unknown.value },
      { path: unknown.path, value: void 0 }
    ]
  };
}
function unknownFieldHit(unknown, where, context, at) {
  const advice = adviceFor(unknown);
  const { container } = at;
  const fix = fixFor(unknown, advice, at.raw, at.podSpecPath);
  const version = formatKubeVersion(context.version);
  const newer = context.version.major === 1 && context.version.minor > podFieldsMinor;
  const schema = `Kubernetes 1.${podFieldsMinor}`;
  const hint = advice.belongsIn ? ` \u2014 it belongs in ${advice.belongsIn}` : advice.suggestion ? ` \u2014 did you mean ${advice.suggestion}?` : "";
  const effect = newer ? `${schema}, the newest API termination-guard has a table for, has no such field here; if Kubernetes ${version} added it, suppress this finding.` : `Kubernetes ${version} has no such field here: \`kubectl apply\` rejects the object (strict field validation), other clients have the API server drop the field, and it never takes effect.`;
  const known = Object.keys(fieldsOf(unknown.type));
  return {
    path: unknown.path,
    ...container ? { container } : {},
    ...newer ? { severity: "warning" } : {},
    message: `${unknown.field} is not a field of ${where}${hint}${hint.endsWith("?") ? "" : "."} ${effect}`,
    remediation: advice.belongsIn ? `Move ${unknown.field} into ${advice.belongsIn}.` : advice.suggestion ? `Rename ${unknown.field} to ${advice.suggestion}.` : `Remove ${unknown.field}${known.length <= 12 ? `; the fields allowed here are ${known.join(", ")}` : ""}.`,
    ...fix ? { fix } : {},
    evidence: { field: unknown.field, ...advice.suggestion ? { "did you mean": advice.suggestion } : {}, ...advice.belongsIn ? { "belongs in": advice.belongsIn } : {}, schema: `${schema} ${unknown.type}` }
  };
}
function placeOf(workload, unknown, anchor) {
  const inPodSpec = unknown.path.slice(anchor.length);
  const list = inPodSpec[0];
  if (anchor === workload.podSpecPath && typeof list === "string" && containerLists[list] && typeof inPodSpec[1] === "number" && inPodSpec.length > 2) {
    const name = asString(getPath(workload.podSpec, [list, inPodSpec[1], "name"])) ?? `#${inPodSpec[1]}`;
    const inside = unknown.parent.split(".").slice(1).join(".");
    const label = `${containerLists[list]} "${name}"`;
    return { where: inside ? `${inside} in ${label}` : label, container: name };
  }
  const dotted2 = [...anchor.map(String), ...unknown.parent ? [unknown.parent] : []].join(".");
  return { where: dotted2 };
}
var unknown_field_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/unknown-field",
    layer: "pod",
    name: "unknown-field",
    severity: "error",
    title: "Pod templates and rollout strategies use only fields the API knows",
    summary: "A misspelt or misplaced field (`terminationGracePeriodSecond`, `preStop` beside `lifecycle`) is rejected by `kubectl apply` or silently dropped by the API server, and the default it was meant to replace stays.",
    docs: {
      why: "The API server decodes objects leniently: a field it does not know is dropped, with at most a warning header, unless the client asks for strict validation. So `terminationGracePeriodSecond: 60` deploys a pod with the 30 s default, `lifecycle: {preStp: \u2026}` deploys one without a preStop hook, and `rollingUpdate: {maxUnavailble: 0}` keeps the 25 % default \u2014 and termination-guard, reading the same YAML, would judge the defaults too. Where the client validates strictly (`kubectl apply` does by default) the whole object is rejected instead, which fails the deployment after the merge.",
      fact: `Server-side field validation (KEP-2885, GA 1.27): fieldValidation=Strict fails the request on an unknown field, Warn (the API server's default) and Ignore drop it; kubectl sends Strict unless --validate=warn/false. Measured on the test cluster's kube-apiserver v1.34.4: \`kubectl apply\` fails with "strict decoding error: unknown field \\"spec.template.spec.terminationGracePeriodSecond\\""; a plain POST is accepted with a 299 warning and the pod spec keeps terminationGracePeriodSeconds: 30. The field lists come from that server's OpenAPI v3 schema (scripts/gen-kube-api.ts).`,
      references: [
        "https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation",
        "https://github.com/kubernetes/enhancements/tree/master/keps/sig-api-machinery/2885-server-side-unknown-field-validation",
        "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/"
      ],
      fixYaml: `spec:
  template:
    spec:
      terminationGracePeriodSeconds: 60   # not terminationGracePeriodSecond
      containers:
        - name: app
          lifecycle:
            preStop:                      # under lifecycle, not beside it
              sleep: {seconds: 10}`,
      verify: ["kubectl apply --dry-run=server --validate=strict -f {file}"],
      exceptions: `Checked: the pod spec of every workload of a built-in API group (and Argo Rollouts), its containers (init and ephemeral too), their lifecycle hooks and probes with their handlers, and the strategy/updateStrategy of Deployments, DaemonSets and StatefulSets; other nested objects (volumes, securityContext, affinity, env, resources) are not. The field lists are Kubernetes 1.${podFieldsMinor}'s: for an older target a field added since is accepted (other rules judge version-dependent fields such as the sleep action and stopSignal); for a newer target an unknown field is a warning, since that version may have added it.`
    }
  },
  check(workload, context) {
    const group = workload.object.ref.apiVersion.includes("/") ? workload.object.ref.apiVersion.split("/")[0] : "";
    if (!podTemplateGroups.has(group)) return null;
    const hits = [];
    for (const unknown of unknownFields(workload.podSpec, "PodSpec", workload.podSpecPath)) {
      const place = placeOf(workload, unknown, workload.podSpecPath);
      hits.push(unknownFieldHit(unknown, place.where, context, { raw: workload.object.raw, podSpecPath: workload.podSpecPath, ...place.container ? { container: place.container } : {} }));
    }
    const strategy = group === "argoproj.io" ? void 0 : strategies[workload.kind];
    if (strategy) {
      const anchor = ["spec", strategy.field];
      for (const unknown of unknownFields(getPath(workload.object.raw, anchor), strategy.type, anchor)) {
        hits.push(unknownFieldHit(unknown, placeOf(workload, unknown, anchor).where, context, { raw: workload.object.raw }));
      }
    }
    return hits;
  }
});

// src/rules/cluster/pdb-unknown-field.ts
var pdb_unknown_field_default = defineRule({
  target: "pdb",
  meta: {
    id: "cluster/pdb-unknown-field",
    layer: "cluster",
    name: "pdb-unknown-field",
    severity: "error",
    title: "The PodDisruptionBudget spec uses only fields the API knows",
    summary: "A misspelt PDB field (`minAvailible`, `matchLabel`) is rejected by `kubectl apply` or dropped by the API server: a budget without minAvailable/maxUnavailable blocks every eviction, an empty policy/v1 selector takes in every pod in the namespace.",
    docs: {
      why: "The API server drops a field it does not know unless the client validates strictly. A PDB whose `minAvailable` is misspelt is stored with neither minAvailable nor maxUnavailable, and such a budget allows no disruption at all: every drain of a node that runs one of its pods blocks. A selector whose `matchLabels` is misspelt becomes empty, and in policy/v1 an empty selector matches every pod in the namespace. With `kubectl apply` (strict by default) the object is rejected instead, which fails the deployment after the merge.",
      fact: "Server-side field validation (KEP-2885, GA 1.27): Strict fails the request on an unknown field, Warn (the API server's default) and Ignore drop it. Measured on the test cluster's kube-apiserver v1.34.4: a policy/v1 PDB with `minAvailible: 1` is accepted with a warning, stored without a budget field, and reports disruptionsAllowed: 0 (reason InsufficientPods) over a Deployment's 2 healthy pods. policy/v1: an empty selector selects all pods in the namespace. The field lists come from that server's OpenAPI v3 schema (scripts/gen-kube-api.ts).",
      references: [
        "https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation",
        "https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/pod-disruption-budget-v1/"
      ],
      fixYaml: `spec:
  minAvailable: 1          # not minAvailible
  selector:
    matchLabels:           # not matchLabel
      app: web`,
      verify: ["kubectl apply --dry-run=server --validate=strict -f {file}"],
      exceptions: `Checked: spec and its selector (matchLabels, matchExpressions). The field list is Kubernetes 1.${podFieldsMinor}'s policy/v1 PodDisruptionBudgetSpec, also for policy/v1beta1 (whose spec has the same fields); for a target newer than 1.${podFieldsMinor} an unknown field is a warning.`
    }
  },
  check(pdb, context) {
    if (!pdb.object.ref.apiVersion.startsWith("policy/")) return null;
    const selector = asRecord(getPath(pdb.object.raw, ["spec", "selector"]));
    const emptySelector = !selector || Object.keys(asRecord(selector.matchLabels) ?? {}).length === 0 && asArray(selector.matchExpressions).length === 0;
    return unknownFields(getPath(pdb.object.raw, ["spec"]), "PodDisruptionBudgetSpec", ["spec"]).map((unknown) => {
      const hit = unknownFieldHit(unknown, ["spec", ...unknown.parent ? [unknown.parent] : []].join("."), context, { raw: pdb.object.raw });
      const meant = hit.evidence?.["did you mean"];
      const consequence = (meant === "minAvailable" || meant === "maxUnavailable") && pdb.minAvailable === void 0 && pdb.maxUnavailable === void 0 ? " Without minAvailable or maxUnavailable the budget allows no eviction at all (disruptionsAllowed: 0): every drain of a node with one of its pods blocks." : (meant === "matchLabels" || meant === "matchExpressions") && emptySelector && pdb.object.ref.apiVersion === "policy/v1" ? " The selector is then empty, and in policy/v1 an empty selector takes in every pod in the namespace." : "";
      return { ...hit, message: `${hit.message}${consequence}` };
    });
  }
});

// src/rules/cluster/pdb-unsupported-owner.ts
var pdb_unsupported_owner_default = defineRule({
  target: "pdb",
  meta: {
    id: "cluster/pdb-unsupported-owner",
    layer: "cluster",
    name: "pdb-unsupported-owner",
    severity: "warning",
    title: "The PodDisruptionBudget can be evaluated for its pods",
    summary: "maxUnavailable or a percentage over pods without a scale subresource (DaemonSet, bare Pod) cannot be computed; and drains never evict DaemonSet pods anyway.",
    docs: {
      why: "To turn maxUnavailable or a percentage into a number the disruption controller needs the owner's scale (replicas). DaemonSets and bare pods have none, so the budget never computes and evictions of those pods are refused. And for DaemonSets the budget buys nothing: `kubectl drain` never evicts DaemonSet pods (`--ignore-daemonsets` skips them); they stop only at node shutdown.",
      fact: 'Disruptions docs: "maxUnavailable \u2026 can only be used with \u2026 Deployment, ReplicationController, ReplicaSet or StatefulSet"; for arbitrary controllers only an integer minAvailable works. kubectl drain skips DaemonSet-managed pods.',
      references: ["https://kubernetes.io/docs/tasks/run-application/configure-pdb/#arbitrary-controllers-and-selectors", "https://kubernetes.io/docs/reference/kubectl/generated/kubectl_drain/"],
      fixYaml: `# For a DaemonSet: remove the PDB; make node shutdown graceful instead (kubelet config)
shutdownGracePeriod: 45s
shutdownGracePeriodCriticalPods: 15s`,
      verify: ["kubectl -n {namespace} get pdb {name} -o jsonpath='{.status.conditions}'", "kubectl -n {namespace} get events --field-selector involvedObject.name={name}"]
    }
  },
  check(pdb, context) {
    const pods = podsOf(pdb, context.index);
    if (pods.unscalable.length === 0) return null;
    const owners = nameList(pods.unscalable.map((w) => `${w.kind} ${w.object.ref.name}`));
    const daemonSetsOnly = pods.unscalable.every((w) => w.kind === "DaemonSet") && pods.workloads.length === pods.unscalable.length;
    const minAvailable = parseIntOrString(pdb.minAvailable);
    const computable = pdb.maxUnavailable === void 0 && minAvailable?.kind === "int";
    if (!computable) {
      return [
        {
          path: ["spec", pdb.maxUnavailable !== void 0 ? "maxUnavailable" : "minAvailable"],
          message: `it selects pods of ${owners}, which have no scale subresource: ${pdb.maxUnavailable !== void 0 ? "maxUnavailable" : "a percentage"} cannot be computed for them, so evictions of these pods are refused${daemonSetsOnly ? " \u2014 and drains never evict DaemonSet pods anyway" : ""}.`,
          remediation: daemonSetsOnly ? "Remove the PDB (drains skip DaemonSet pods); configure graceful node shutdown so the kubelet stops them gracefully." : "Use an integer minAvailable, or select only pods owned by a Deployment/StatefulSet."
        }
      ];
    }
    if (!daemonSetsOnly) return [];
    return [
      {
        severity: "info",
        path: ["spec", "selector"],
        message: `it selects only DaemonSet pods (${owners}); kubectl drain and the cluster autoscaler never evict those, so this budget protects them from nothing but manual evictions.`,
        remediation: "Rely on graceful node shutdown (kubelet shutdownGracePeriod) for DaemonSet pods instead."
      }
    ];
  }
});

// src/rules/cluster/single-replica.ts
var dataStores = /(^|\/)(postgres|postgresql|mysql|mariadb|mongo|mongodb|cockroach|cockroachdb|cassandra|elasticsearch|opensearch|etcd|zookeeper|kafka|rabbitmq|clickhouse|neo4j|couchdb|influxdb|redis|valkey|keydb|memcached)$/;
var leaderFlag = /^--?(?:enable-)?leader-elect(?:ion)?(?:-[\w-]+)?(?:=(.*))?$/i;
var off = (value) => value !== void 0 && /^(false|0|no)$/i.test(value.trim().replace(/^["']|["']$/g, ""));
function leaderElection(container) {
  const words = [...asArray(container.spec.command), ...asArray(container.spec.args)].flatMap((arg) => String(arg).split(/\s+/));
  for (const [i, word] of words.entries()) {
    const match = leaderFlag.exec(word);
    if (!match) continue;
    const value = match[1] ?? (/^(true|false)$/i.test(words[i + 1] ?? "") ? words[i + 1] : void 0);
    const isSwitch = !/^--?(?:enable-)?leader-elect(?:ion)?-/i.test(word);
    if (isSwitch && off(value)) continue;
    return word.split("=")[0];
  }
  for (const item of asArray(container.spec.env)) {
    const env = asRecord(item);
    const name = asString(env?.name);
    if (!name || !/LEADER_ELECT/i.test(name)) continue;
    if (env?.value !== void 0 && (off(String(env.value)) || String(env.value) === "")) continue;
    return `${name} env`;
  }
  return void 0;
}
function clientServices(workload, index) {
  const services = /* @__PURE__ */ new Set();
  for (const container of longRunningContainers(workload)) {
    for (const service of servingOf(container, workload, index).viaService) {
      if (!service.headless) services.add(service);
    }
  }
  return [...services];
}
function installationOf(workload) {
  const { source } = workload.object;
  return source.origin ? `render\0${source.origin.render}` : `file\0${source.file}`;
}
var scaledByInstallation = /* @__PURE__ */ new WeakMap();
function scaledSiblings(workload, index) {
  let groups = scaledByInstallation.get(index);
  if (!groups) {
    groups = /* @__PURE__ */ new Map();
    for (const other of index.workloads) {
      if (!isLongRunning(other) || !hasScaleSubresource(other.kind)) continue;
      const replicas = replicasOf(other, index);
      if (replicas.source === "default" || replicas.count < 2) continue;
      const key = `${installationOf(other)}\0${namespaceOf(other.object.ref)}`;
      groups.set(key, [...groups.get(key) ?? [], other]);
    }
    scaledByInstallation.set(index, groups);
  }
  return (groups.get(`${installationOf(workload)}\0${namespaceOf(workload.object.ref)}`) ?? []).filter(
    (other) => other !== workload && clientServices(other, index).length > 0
  );
}
function deliberateSingleton(workload, index) {
  const strategy = strategyOf(workload);
  if (strategy?.type === "Recreate") return "its Recreate strategy never runs two pods at once";
  const namespace = namespaceOf(workload.object.ref);
  for (const volume of asArray(workload.podSpec.volumes)) {
    const claim = asString(asRecord(asRecord(volume)?.persistentVolumeClaim)?.claimName);
    if (claim === void 0) continue;
    const modes = asArray(getPath(claimObject(index, namespace, claim)?.raw, ["spec", "accessModes"])).map(String);
    if (modes.length > 0 && modes.every((mode) => mode === "ReadWriteOnce" || mode === "ReadWriteOncePod")) return `PersistentVolumeClaim ${claim} is ${modes.join("/")}`;
  }
  const siblings = scaledSiblings(workload, index);
  if (siblings.length > 0) return `the same manifest runs ${nameList(siblings.map((s) => s.object.ref.name))} with two or more replicas`;
  return void 0;
}
var claimsByIndex = /* @__PURE__ */ new WeakMap();
function claimObject(index, namespace, name) {
  let claims = claimsByIndex.get(index);
  if (!claims) {
    claims = new Map(index.objects.filter((o) => o.ref.kind === "PersistentVolumeClaim").map((o) => [`${namespaceOf(o.ref)}/${o.ref.name}`, o]));
    claimsByIndex.set(index, claims);
  }
  return claims.get(`${namespace}/${name}`);
}
var single_replica_default = defineRule({
  target: "workload",
  meta: {
    id: "cluster/single-replica",
    layer: "cluster",
    name: "single-replica",
    severity: "warning",
    title: "Load-balanced workloads survive a node drain",
    summary: "A workload behind a Service runs one replica, so every node drain or eviction takes it down until the replacement is Ready.",
    equivalents: { kubeLinter: ["minimum-three-replicas"] },
    docs: {
      why: "An eviction deletes first: `kubectl drain`, node upgrades and cluster-autoscaler/Karpenter consolidation remove the only pod, and the controller creates its replacement only then. Clients of the Service get connection errors for the replacement's scheduling, image pull and start-up \u2014 every time a node goes. A PodDisruptionBudget cannot help one pod: `minAvailable: 1` turns the outage into a drain that never completes (cluster/pdb-blocks-drain). Two replicas on different nodes, with `maxUnavailable: 1`, make a drain invisible.\n\nSeverity: a warning, not an error. The outage is real but bounded (seconds to a minute per drain), one replica is often a deliberate cost choice for small or internal services, and the default gate (new errors) must not fail every such chart. It is more than info because drains are routine and nothing else in the manifest reveals the outage: rolling updates do surge a single replica (new pod first), so only drains and evictions expose it. It is info where a second replica needs the application's cooperation (a StatefulSet, or a Deployment that mounts a PersistentVolumeClaim).",
      fact: "Eviction API (kubectl drain, autoscalers) deletes the pod; the ReplicaSet/StatefulSet controller creates a replacement only after that (eviction.go; a StatefulSet even waits until the old pod is gone). Only the Eviction API consults PDBs, and with one replica any budget that protects it allows 0 disruptions (disruptions docs). An HPA's minReplicas is the floor the autoscaler keeps.",
      references: [
        "https://kubernetes.io/docs/concepts/workloads/pods/disruptions/",
        "https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
        "https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/"
      ],
      fixYaml: `spec:
  replicas: 2   # or HPA minReplicas: 2
  template:
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector: {matchLabels: {app.kubernetes.io/name: web}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app.kubernetes.io/name: web}}`,
      verify: [
        "kubectl -n {namespace} get {kind} {name} -o jsonpath='{.spec.replicas}'",
        "kubectl -n {namespace} get pods -l {selector} -o wide   # how many pods, on which nodes?"
      ],
      exceptions: `Controllers that elect a leader (\`--leader-elect\`, \`--leader-election\u2026\`, \`--enable-leader-election\` or a \`LEADER_ELECT\u2026\` env, not set to false): one active replica is their design. Deliberate singletons, where the manifest itself says one pod is the design: a \`Recreate\` strategy (two pods must never run at once; node/recreate-strategy reports its rollout outage), a PersistentVolumeClaim in the tree that is only ReadWriteOnce or ReadWriteOncePod (a second pod on another node cannot attach it), and a workload left at one replica where the same file or render explicitly runs its other load-balanced workloads in that namespace with two or more (replicas were chosen per workload: argo-cd's HA manifest keeps dex, whose in-memory storage cannot be shared, at one). Workloads without client traffic through a Service (workers, controllers, exporters), DaemonSets, Jobs and hooks, and workloads reached only through headless Services (no load balancing: clients or peers address pods themselves). An HPA whose minReplicas is 2 or more. Databases and caches (a second replica is a second, empty server: availability there is a replication design). A PodDisruptionBudget that allows no disruption turns the outage into a blocked drain, which cluster/pdb-blocks-drain reports instead. ${scrapeOnlyException}`
    }
  },
  check(workload, context) {
    if (!isLongRunning(workload) || !hasScaleSubresource(workload.kind)) return null;
    const services = clientServices(workload, context.index);
    if (services.length === 0) return null;
    const containers = longRunningContainers(workload);
    if (containers.some((c) => leaderElection(c) !== void 0)) return null;
    if (containers.some((c) => c.role === "main" && dataStores.test(parseImageReference(c.image).repository))) return null;
    const replicas = replicasOf(workload, context.index);
    if (replicas.count !== 1) return replicas.count > 1 ? [] : null;
    if (deliberateSingleton(workload, context.index) !== void 0) return [];
    const budgets = context.index.pdbsFor(workload);
    if (budgets.some((pdb) => allowedDisruptions(pdb, podsOf(pdb, context.index).expected) === 0)) return [];
    const claim = asArray(workload.podSpec.volumes).map((v) => asString(asRecord(asRecord(v)?.persistentVolumeClaim)?.claimName)).find((name) => name !== void 0);
    const needsApp = workload.kind === "StatefulSet" || claim !== void 0;
    const serviceNames = nameList(services.map((s) => s.object.ref.name));
    const budgetNote = budgets.length > 0 ? `; PodDisruptionBudget ${nameList(budgets.map((b) => b.object.ref.name))} lets the eviction through` : "";
    const hpa = replicas.source === "hpa" ? replicas.hpaName : void 0;
    return [
      {
        ...needsApp ? { severity: "info" } : {},
        path: replicas.source === "spec" ? replicas.path : ["metadata", "name"],
        message: `runs ${describeReplicas(replicas)} replica behind Service ${serviceNames}: a node drain or eviction deletes the only pod before its replacement exists, so clients get errors until the new pod is Ready${budgetNote}.`,
        remediation: needsApp ? `Run a second replica if the application can (${workload.kind === "StatefulSet" ? "a StatefulSet's pods need the application's own replication or sharding" : `PersistentVolumeClaim ${claim} must then be ReadWriteMany, or move to a StatefulSet`}), then add a PodDisruptionBudget with maxUnavailable: 1; or accept the outage per drain (suppress with a reason).` : `Run at least 2 replicas${hpa ? ` (raise HPA ${hpa} minReplicas to 2)` : ""} spread over nodes, and add a PodDisruptionBudget with maxUnavailable: 1 so drains take one pod at a time.`,
        ...!needsApp && !hpa ? { fix: { summary: "run 2 replicas", edits: [{ path: ["spec", "replicas"], value: 2 }] } } : {},
        evidence: { replicas: describeReplicas(replicas), services: serviceNames }
      }
    ];
  }
});

// src/rules/pod/active-deadline-seconds.ts
var active_deadline_seconds_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/active-deadline-seconds",
    layer: "pod",
    name: "active-deadline-seconds",
    severity: "error",
    title: "Long-running pods have no activeDeadlineSeconds",
    summary: "activeDeadlineSeconds in the pod template of a Deployment, StatefulSet or DaemonSet makes the kubelet kill every pod when the deadline passes \u2014 periodic, unplanned terminations.",
    docs: {
      why: "activeDeadlineSeconds is meant for Jobs. In a Deployment's template it gives every pod a lifetime: when it expires the pod fails with reason DeadlineExceeded and its containers are killed, not drained through a rolling update. The controller replaces it, so the service sees a wave of abrupt terminations every N seconds \u2014 usually copied from a Job template by mistake.",
      fact: 'PodSpec.activeDeadlineSeconds: "Duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers" (core/v1 API reference). TERMINATION-FACTS \xA79.',
      references: ["https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#lifecycle"],
      fixYaml: "# remove spec.template.spec.activeDeadlineSeconds (keep it on Jobs)",
      verify: [`kubectl -n {namespace} get pods -l {selector} -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.reason}{"\\n"}{end}'   # DeadlineExceeded`],
      exceptions: "Jobs, CronJobs and bare Pods, where a deadline is the point."
    }
  },
  check(workload) {
    if (!isLongRunning(workload) || workload.kind === "Pod") return null;
    const deadline = asInteger(workload.podSpec.activeDeadlineSeconds);
    if (deadline === void 0) return [];
    return [
      {
        path: [...workload.podSpecPath, "activeDeadlineSeconds"],
        message: `the pod template sets activeDeadlineSeconds: ${deadline}: every pod is killed ${deadline} s after it starts (reason DeadlineExceeded), without a rolling update.`,
        remediation: "Remove activeDeadlineSeconds from the template; use a Job/CronJob for work with a deadline.",
        fix: { summary: "remove activeDeadlineSeconds", edits: [{ path: [...workload.podSpecPath, "activeDeadlineSeconds"], value: void 0 }] }
      }
    ];
  }
});

// src/rules/pod/grace-period-zero.ts
var grace_period_zero_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/grace-period-zero",
    layer: "pod",
    name: "grace-period-zero",
    severity: "error",
    title: "Pods get a non-zero grace period",
    summary: "terminationGracePeriodSeconds: 0 kills the process at once, skips preStop hooks and, for StatefulSets, lets a replacement with the same identity start while the old one still runs.",
    docs: {
      why: "With a zero grace period the pod object disappears from the API immediately: preStop hooks are skipped, the process is killed without a chance to flush or close connections, and a controller may start a replacement while the old container is still running on the node. For a StatefulSet that means two pods with the same identity and storage at once.",
      fact: 'Pod termination docs: a grace period of 0 deletes the pod from the API at once ("force deletion"); the StatefulSet docs warn that force deletion can violate at-most-one semantics. The kubelet only runs preStop hooks when the grace period is > 0.',
      references: [
        "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination-forced",
        "https://kubernetes.io/docs/tasks/run-application/force-delete-stateful-set-pod/"
      ],
      fixYaml: "terminationGracePeriodSeconds: 30   # or remove the field to get the 30 s default",
      verify: ["kubectl -n {namespace} get {kind} {name} -o jsonpath='{.spec.template.spec.terminationGracePeriodSeconds}'"]
    }
  },
  check(workload) {
    if (!isLongRunning(workload)) return null;
    const grace = graceOf(workload);
    if (!grace.explicit || grace.seconds !== 0) return [];
    const hooks = workload.containers.filter((c) => preStopOf(c)).map((c) => `"${c.name}"`);
    const consequences = [
      "processes are killed without a chance to drain",
      ...hooks.length > 0 ? [`the preStop hook of ${hooks.join(", ")} never runs`] : [],
      ...workload.kind === "StatefulSet" ? ["a replacement with the same identity can start while the old pod still runs"] : []
    ];
    return [
      {
        path: grace.path,
        message: `terminationGracePeriodSeconds is 0: ${consequences.join("; ")}.`,
        remediation: "Remove the field (30 s default) or set the time the app really needs to stop; force deletion belongs on the command line (`kubectl delete --grace-period=0 --force`), not in the template.",
        fix: { summary: "set terminationGracePeriodSeconds: 30", edits: [{ path: grace.path, value: 30 }] },
        evidence: { grace: "0 s", ...hooks.length > 0 ? { preStop: `skipped (${hooks.join(", ")})` } : {} }
      }
    ];
  }
});

// src/rules/pod/prestop-exceeds-grace.ts
var maxShare = 0.8;
var prestop_exceeds_grace_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/prestop-exceeds-grace",
    layer: "pod",
    name: "prestop-exceeds-grace",
    severity: "error",
    title: "preStop delay leaves the app time to drain within the grace period",
    summary: "The preStop delay uses up (\u2265 100%: error) or nearly all (> 80%: warning) of terminationGracePeriodSeconds.",
    docs: {
      why: "The grace period is one countdown for the hook and the app together. When the preStop delay reaches it, the app gets SIGTERM with only the 2 s minimum left and is SIGKILLed mid-drain (exit 137): in-flight requests fail and cleanup never runs. Above ~80% the app has too little time to finish long requests.",
      fact: "The kubelet runs the preStop hook, then sends the stop signal and waits for the remaining grace period, floored at 2 s, before SIGKILL; a hook that overruns gets no extra time (pkg/kubelet/kuberuntime, Pod termination docs). The sleep action is rejected when seconds > terminationGracePeriodSeconds.",
      references: ["https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution"],
      fixYaml: `terminationGracePeriodSeconds: 45   # preStop 10 s + app drain 30 s + buffer
containers:
  - name: app
    lifecycle:
      preStop:
        sleep:
          seconds: 10`,
      verify: [
        `kubectl -n {namespace} get pods -l {selector} -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.containerStatuses[*].lastState.terminated.exitCode}{"\\n"}{end}'   # 137 = killed at the deadline`,
        "kubectl -n {namespace} get events --field-selector reason=Killing"
      ]
    }
  },
  check(workload) {
    if (!isLongRunning(workload)) return null;
    const grace = graceOf(workload);
    if (grace.seconds === 0) return null;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const hook = preStopOf(container);
      if (hook?.delaySeconds === void 0) return false;
      const delay = hook.delaySeconds;
      const share = delay / grace.seconds;
      if (share <= maxShare) return true;
      const suggested = Math.max(Math.ceil(delay + 15), Math.ceil(delay / maxShare));
      const graceText = `${seconds(grace.seconds)}${grace.explicit ? "" : " (default)"}`;
      const overrun = delay >= grace.seconds;
      report({
        container: container.name,
        severity: overrun ? "error" : "warning",
        path: hook.kind === "sleep" ? [...hook.path, "sleep", "seconds"] : hook.path,
        message: overrun ? `container "${container.name}": the preStop delay (${seconds(delay)}) is not shorter than the grace period (${graceText}); the app gets SIGTERM with only the 2 s minimum left and is SIGKILLed mid-drain.` : `container "${container.name}": the preStop delay (${seconds(delay)}) takes ${Math.round(share * 100)}% of the grace period (${graceText}), leaving the app ${seconds(grace.seconds - delay)} to drain.`,
        remediation: `Raise terminationGracePeriodSeconds to at least ${suggested} (preStop delay + the app's drain time), or shorten the preStop delay.`,
        fix: { summary: `set terminationGracePeriodSeconds: ${suggested}`, edits: [{ path: grace.path, value: suggested }] },
        evidence: { preStop: seconds(delay), grace: graceText }
      });
      return true;
    });
  }
});

// src/rules/pod/prestop-handler-unsupported.ts
var prestop_handler_unsupported_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/prestop-handler-unsupported",
    layer: "pod",
    name: "prestop-handler-unsupported",
    severity: "error",
    title: "preStop hooks use a handler the kubelet runs",
    summary: "A preStop hook with a tcpSocket handler (accepted by the API, never run) or no handler at all.",
    docs: {
      why: "The API still accepts `tcpSocket` in lifecycle handlers for compatibility, but the kubelet does not implement it: the hook fails, FailedPreStopHook is recorded, and the stop signal follows at once \u2014 the delay you expect does not exist. A preStop with no handler is rejected.",
      fact: 'LifecycleHandler.tcpSocket: "Deprecated. TCPSocket is NOT supported as a LifecycleHandler and kept for backward compatibility. There is no validation of this field and lifecycle hooks will fail at runtime when it is specified." (core/v1 API reference).',
      references: ["https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#LifecycleHandler"],
      fixYaml: `lifecycle:
  preStop:
    sleep:
      seconds: 10`,
      verify: ["kubectl -n {namespace} get events --field-selector reason=FailedPreStopHook"]
    }
  },
  check(workload) {
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const hook = preStopOf(container);
      if (!hook) return false;
      if (hook.kind !== "tcpSocket" && hook.kind !== "empty") return true;
      report({
        container: container.name,
        path: hook.path,
        message: hook.kind === "tcpSocket" ? `container "${container.name}": the preStop hook uses tcpSocket, which the kubelet does not run; the hook fails and SIGTERM follows at once.` : `container "${container.name}": the preStop hook has no handler (exec, httpGet or sleep); the API server rejects it.`,
        remediation: "Use a sleep action (or exec/httpGet) that does what the hook was meant to do.",
        fix: { summary: "use a 10 s sleep action", edits: [{ path: hook.path, value: { sleep: { seconds: 10 } } }] }
      });
      return true;
    });
  }
});

// src/rules/pod/prestop-kills-pid1.ts
var prestop_kills_pid1_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/prestop-kills-pid1",
    layer: "pod",
    name: "prestop-kills-pid1",
    severity: "warning",
    title: "preStop hooks leave signalling to the kubelet",
    summary: "A preStop hook that runs `kill \u2026 1` is redundant and harmful: the kubelet signals PID 1 right after the hook anyway.",
    docs: {
      why: "The popular `sleep 10 && kill -TERM 1` pattern sends a signal the kubelet is about to send anyway, and it goes wrong in several ways: a PID 1 without a TERM handler ignores signals sent from inside its namespace; it bypasses the image STOPSIGNAL (nginx drains gracefully on SIGQUIT, not SIGTERM); with shareProcessNamespace PID 1 is /pause, whose exit takes down every container in the pod; and distroless images have no kill binary. When the hook makes the app exit, the hook itself fails and the kubelet logs FailedPreStopHook.",
      fact: "After the preStop hook the runtime sends the image STOPSIGNAL (else SIGTERM) to PID 1 (kubelet kuberuntime). pid_namespaces(7): init only receives signals it installed a handler for, even SIGKILL from inside the namespace. With shareProcessNamespace: true the pause container is PID 1.",
      references: ["https://man7.org/linux/man-pages/man7/pid_namespaces.7.html", "https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/"],
      fixYaml: `lifecycle:
  preStop:
    sleep:
      seconds: 10   # only the delay; the kubelet sends the stop signal afterwards`,
      verify: ["kubectl -n {namespace} get events --field-selector reason=FailedPreStopHook"],
      exceptions: "`kill -QUIT 1` and other non-TERM signals chosen on purpose are left alone unless shareProcessNamespace makes PID 1 the pause container."
    }
  },
  check(workload, context) {
    const shared = workload.podSpec.shareProcessNamespace === true;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const hook = preStopOf(container);
      if (hook?.kind !== "exec") return false;
      const kill = hook.script?.killsPid1;
      if (!kill) return true;
      if (!shared && !["TERM", "INT", "KILL"].includes(kill.signal)) return true;
      const stop = context.index.images.evidence(container.image).stopSignal;
      if (!shared && kill.signal !== "KILL" && stop && !/^(SIG)?TERM$/.test(stop.signal)) return true;
      const reasons = shared ? ["with shareProcessNamespace PID 1 is the pause container, so this stops every container in the pod at once"] : [
        "the kubelet sends the stop signal right after the hook anyway",
        "a PID 1 without a handler ignores it",
        ...kill.signal === "KILL" ? ["SIGKILL from inside the namespace cannot kill PID 1 either"] : ["it bypasses the image STOPSIGNAL"]
      ];
      report({
        container: container.name,
        severity: shared ? "error" : "warning",
        path: [...hook.path, "exec", "command"],
        message: `container "${container.name}": the preStop hook sends SIG${kill.signal} to PID 1; ${reasons.join("; ")}.`,
        remediation: "Keep only the delay in the hook (the sleep action) and let the kubelet send the stop signal; set the image STOPSIGNAL (or lifecycle.stopSignal) if the app needs another signal.",
        ...hook.delaySeconds ? { fix: { summary: `keep only the ${hook.delaySeconds} s delay`, edits: [{ path: hook.path, value: { sleep: { seconds: hook.delaySeconds } } }] } } : {}
      });
      return true;
    });
  }
});

// src/rules/pod/prestop-missing.ts
var prestop_missing_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/prestop-missing",
    layer: "pod",
    name: "prestop-missing",
    severity: "warning",
    title: "Serving containers wait for endpoints to converge before the stop signal",
    summary: "A container that receives client traffic has no preStop delay, so it gets SIGTERM while load balancers still route to it.",
    docs: {
      why: "When a pod is deleted, the control plane removes it from EndpointSlices at the same moment the kubelet starts stopping it. kube-proxy on every node, ingress controllers and cloud load balancers converge seconds later. An app that stops accepting connections on SIGTERM refuses or resets the requests that arrive in that window: every rolling update, scale-down and drain drops a few requests.",
      fact: "The kubelet does not wait for endpoint propagation (Pod termination flow, kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination). A preStop hook runs before the stop signal and counts against terminationGracePeriodSeconds. Since 1.30 (KEP-3960, GA 1.34) the `sleep` action needs no binary in the image.",
      references: [
        "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination",
        "https://github.com/kubernetes/enhancements/issues/3960"
      ],
      fixYaml: `containers:
  - name: app
    lifecycle:
      preStop:
        sleep:
          seconds: 10   # \u2248 time for kube-proxy/ingress to drop the endpoint
terminationGracePeriodSeconds: 45   # preStop + the app's own drain time`,
      verify: [
        `kubectl -n {namespace} get {kind} {name} -o jsonpath='{.spec.template.spec.containers[?(@.name=="{container}")].lifecycle.preStop}'`,
        "kubectl -n {namespace} get endpointslices -l kubernetes.io/service-name=<service> -w   # watch the pod turn terminating while it still serves"
      ],
      exceptions: `Jobs, Helm hooks and init containers; DaemonSets reached only through host ports or headless Services (no endpoint load balancing to converge); apps that delay their own shutdown can suppress it with a reason. ${scrapeOnlyException}`
    }
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(workload.containers, (container, report) => {
      if (container.role !== "main") return false;
      const serving = servingOf(container, workload, context.index);
      if (!serving.loadBalanced) return false;
      if (preStopOf(container)) return true;
      const delay = 10;
      report({
        container: container.name,
        path: [...container.path, "name"],
        message: `container "${container.name}" ${serving.summary} but has no preStop hook: it receives SIGTERM while endpoints still route new requests to it.`,
        remediation: `Add a preStop delay of about ${delay} s so kube-proxy and load balancers stop routing before the app shuts down${features.sleepAction(context.version) ? " (the `sleep` action needs no binary in the image)" : ""}, and keep terminationGracePeriodSeconds above that delay plus the app's drain time.`,
        fix: {
          summary: `add a ${delay} s preStop delay`,
          edits: [{ path: [...container.path, "lifecycle", "preStop"], value: preStopDelayHook(context.version, container, delay) }]
        },
        evidence: { traffic: serving.reasons.join("; ") }
      });
      return true;
    });
  }
});

// src/rules/pod/prestop-needs-shell.ts
var missingInMinimalImages = /^(sh|bash|ash|dash|sleep|curl|wget|kill|pkill|nc|echo|test|timeout)$/;
var prestop_needs_shell_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/prestop-needs-shell",
    layer: "pod",
    name: "prestop-needs-shell",
    severity: "error",
    title: "exec hooks only call binaries the image has",
    summary: "An exec preStop hook calls sh/sleep/curl in an image known to have no shell (distroless, scratch, Chainguard static\u2026), so the hook fails and the delay vanishes.",
    docs: {
      why: "An exec hook runs inside the container. In distroless or scratch-based images there is no /bin/sh, sleep or curl: the hook fails at once, the kubelet records FailedPreStopHook and sends the stop signal immediately \u2014 the delay you configured never happens and nothing tells you during review.",
      fact: "Container lifecycle hooks docs: exec hooks execute a command inside the container; a failed hook is reported as a FailedPreStopHook event and termination continues. The sleep action (KEP-3960, beta 1.30, GA 1.34) runs in the kubelet and needs no binary.",
      references: ["https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/"],
      fixYaml: `lifecycle:
  preStop:
    sleep:
      seconds: 10   # runs in the kubelet, no binary needed (Kubernetes \u2265 1.30)`,
      verify: ["kubectl -n {namespace} get events --field-selector reason=FailedPreStopHook", "kubectl -n {namespace} debug -it <pod> --image=busybox --target={container} -- ls /bin/sh"],
      exceptions: "Images we cannot classify are not flagged: the rule knows well-known shell-less images by name, Dockerfiles built FROM scratch or distroless, and (with inspect-images) registry configs. `:debug`/`-dev` variants carry a BusyBox shell."
    }
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const hook = preStopOf(container);
      if (hook?.kind !== "exec" || !hook.argv?.length) return false;
      const image = context.index.images.evidence(container.image);
      if (image.shell !== "none") return false;
      const binary = hook.argv[0].replace(/^.*\//, "");
      if (!missingInMinimalImages.test(binary)) return true;
      const delay = hook.delaySeconds;
      report({
        container: container.name,
        path: [...hook.path, "exec", "command"],
        message: `container "${container.name}": the preStop hook runs \`${binary}\`, but ${container.image} has no shell (${image.shellBasis}${image.source === "name" ? "" : `; per ${image.describe}`}); the hook fails and the stop signal follows at once.`,
        remediation: features.sleepAction(context.version) ? `Use the sleep action${delay ? ` (\`sleep: {seconds: ${delay}}\`)` : ""}, which runs in the kubelet.` : "Use a binary that exists in the image, or make the app delay its own shutdown after SIGTERM (the sleep action needs Kubernetes \u2265 1.30).",
        ...features.sleepAction(context.version) && delay ? { fix: { summary: `use the sleep action (${delay} s)`, edits: [{ path: hook.path, value: { sleep: { seconds: delay } } }] } } : {},
        evidence: { image: `${container.image} \u2014 ${image.shellBasis}` }
      });
      return true;
    });
  }
});

// src/rules/pod/prestop-sleep-action.ts
var prestop_sleep_action_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/prestop-sleep-action",
    layer: "pod",
    name: "prestop-sleep-action",
    severity: "info",
    title: "preStop delays use the sleep action where the cluster has it",
    summary: "An exec hook that only sleeps can be the built-in sleep action (Kubernetes \u2265 1.30): no shell or sleep binary, no process in the container.",
    docs: {
      why: '`exec: [sh, -c, "sleep 10"]` depends on a shell and a sleep binary in the image, forks a process in the container (counted against its memory and pids limits) and fails silently on minimal images. The sleep action does the same in the kubelet.',
      fact: "KEP-3960 added `lifecycle.preStop.sleep.seconds` (alpha 1.29, beta and on by default 1.30, GA 1.34). Its value must not exceed terminationGracePeriodSeconds.",
      references: ["https://github.com/kubernetes/enhancements/issues/3960", "https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-implementations"],
      fixYaml: `lifecycle:
  preStop:
    sleep:
      seconds: 10`,
      verify: [`kubectl -n {namespace} get {kind} {name} -o jsonpath='{.spec.template.spec.containers[?(@.name=="{container}")].lifecycle.preStop}'`],
      exceptions: "Only when the target version has the sleep action on by default (\u2265 1.30) and the hook does nothing but sleep."
    }
  },
  check(workload, context) {
    if (!isLongRunning(workload) || !features.sleepAction(context.version)) return null;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const hook = preStopOf(container);
      if (hook?.kind !== "exec") return false;
      if (hook.delaySeconds === void 0 || !Number.isInteger(hook.delaySeconds)) return true;
      const commands = hook.script?.commands ?? [{ argv: hook.argv ?? [] }];
      if (!commands.every((c) => /(^|\/)sleep$/.test(c.argv[0] ?? ""))) return true;
      const shellLess2 = context.index.images.evidence(container.image).shell === "none";
      report({
        container: container.name,
        path: [...hook.path, "exec"],
        message: `container "${container.name}": the preStop hook only sleeps ${hook.delaySeconds} s through exec${shellLess2 ? " in an image without a shell" : ""}; the sleep action does this in the kubelet without a binary.`,
        remediation: `Replace the exec hook with \`sleep: {seconds: ${hook.delaySeconds}}\` (Kubernetes \u2265 1.30).`,
        fix: { summary: `use the sleep action (${hook.delaySeconds} s)`, edits: [{ path: hook.path, value: { sleep: { seconds: hook.delaySeconds } } }] }
      });
      return true;
    });
  }
});

// src/rules/pod/probe-grace-period.ts
var probe_grace_period_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/probe-grace-period",
    layer: "pod",
    name: "probe-grace-period",
    severity: "error",
    title: "Probe-level grace periods are valid and leave room for preStop",
    summary: "terminationGracePeriodSeconds on a readiness probe (rejected), or a liveness/startup probe grace period shorter than the preStop delay.",
    docs: {
      why: "A probe-level terminationGracePeriodSeconds replaces the pod's grace period when that probe kills the container. On a readiness probe the API rejects it (readiness never kills). On a liveness or startup probe, a value no longer than the preStop delay means a liveness restart runs the hook and then kills the app with only the 2 s minimum.",
      fact: "Probe-level terminationGracePeriodSeconds (GA 1.28, KEP-2238) is allowed on liveness and startup probes only and overrides the pod value for probe-triggered kills; the preStop hook still runs and counts against it.",
      references: ["https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#probe-level-terminationgraceperiodseconds", "https://github.com/kubernetes/enhancements/issues/2238"],
      fixYaml: `livenessProbe:
  httpGet: {path: /live, port: http}
  terminationGracePeriodSeconds: 20   # > the preStop delay, or omit to use the pod's`,
      verify: ["kubectl -n {namespace} apply --dry-run=server -f {file}", "kubectl -n {namespace} get events --field-selector reason=Unhealthy"]
    }
  },
  check(workload) {
    return checkContainers(longRunningContainers(workload), (container, report) => {
      let applies = false;
      for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"]) {
        const value = asInteger(getPath(container.spec, [probe, "terminationGracePeriodSeconds"]));
        if (container.spec[probe] === void 0) continue;
        applies = true;
        if (value === void 0) continue;
        const path = [...container.path, probe, "terminationGracePeriodSeconds"];
        if (probe === "readinessProbe") {
          report({
            container: container.name,
            path,
            message: `container "${container.name}": readinessProbe.terminationGracePeriodSeconds is rejected by the API server (only liveness and startup probes kill containers).`,
            remediation: "Remove it from the readiness probe.",
            fix: { summary: "remove it", edits: [{ path, value: void 0 }] }
          });
          continue;
        }
        const delay = preStopOf(container)?.delaySeconds;
        if (delay !== void 0 && value <= delay) {
          report({
            container: container.name,
            severity: "warning",
            path,
            message: `container "${container.name}": ${probe}.terminationGracePeriodSeconds (${seconds(value)}) is not longer than the preStop delay (${seconds(delay)}); after a failed ${probe === "livenessProbe" ? "liveness" : "startup"} check the app gets only the 2 s minimum to stop.`,
            remediation: `Raise it above the preStop delay plus the app's shutdown time, or remove it to use the pod's grace period.`
          });
        }
      }
      return applies;
    });
  }
});

// src/rules/pod/readiness-probe-missing.ts
var readiness_probe_missing_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/readiness-probe-missing",
    layer: "pod",
    name: "readiness-probe-missing",
    severity: "warning",
    title: "Serving containers have a readiness probe",
    summary: "Without a readiness probe a new pod receives traffic the moment its container starts, and a rolling update removes old pods before the new ones can serve.",
    equivalents: { kubeLinter: ["no-readiness-probe"], kubeScore: ["pod-probes"] },
    docs: {
      why: "A rolling update counts a pod as available as soon as its containers are running when there is no readiness probe. The controller then deletes old pods while the new app is still starting: requests fail in every rollout, and a crashing new version still takes the old one down.",
      fact: "Deployment controller: availability = Ready for minReadySeconds; without a readiness probe a container is Ready when it starts. EndpointSlice `serving` follows readiness, and kube-proxy (\u2265 1.28, KEP-1669) uses terminating-but-serving endpoints only as a last resort.",
      references: ["https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes", "https://github.com/kubernetes/enhancements/issues/1669"],
      fixYaml: `readinessProbe:
  httpGet:
    path: /ready
    port: http
  periodSeconds: 5
  failureThreshold: 2`,
      verify: [`kubectl -n {namespace} get {kind} {name} -o jsonpath='{.spec.template.spec.containers[?(@.name=="{container}")].readinessProbe}'`, "kubectl -n {namespace} rollout status {kind}/{name}"],
      exceptions: `Containers that serve no client traffic, Jobs and hooks; DaemonSets reached only through host ports or headless Services. ${scrapeOnlyException}`
    }
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(workload.containers, (container, report) => {
      if (container.role !== "main") return false;
      const serving = servingOf(container, workload, context.index);
      if (!serving.loadBalanced) return false;
      if (container.spec.readinessProbe) return true;
      const port = serving.appPorts[0];
      report({
        container: container.name,
        path: [...container.path, "name"],
        message: `container "${container.name}" ${serving.summary} but has no readinessProbe: it gets requests before it can answer them, and rollouts do not wait for it.`,
        remediation: "Add a readinessProbe on an endpoint that answers only when the app can serve (and fails while it shuts down).",
        ...port !== void 0 ? {
          fix: {
            summary: "add a readiness probe",
            edits: [{ path: [...container.path, "readinessProbe"], value: { tcpSocket: { port }, periodSeconds: 5, failureThreshold: 2 } }]
          }
        } : {}
      });
      return true;
    });
  }
});

// src/rules/pod/readiness-probe-static.ts
var staticPaths = [
  { pattern: /^\/actuator\/info\/?$/, better: "/actuator/health/readiness" },
  { pattern: /^\/(version|info|metrics|favicon\.ico)\/?$/, better: "a readiness endpoint" }
];
var readiness_probe_static_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/readiness-probe-static",
    layer: "pod",
    name: "readiness-probe-static",
    severity: "warning",
    title: "Readiness probes check readiness, not a static endpoint",
    summary: "The readiness probe hits an endpoint that is always 200 while the process runs (/actuator/info, /version, /metrics), so it never reports starting up or shutting down.",
    docs: {
      why: 'A readiness probe on a static endpoint turns Ready as soon as the web server binds, before the app has warmed up, and stays Ready while it shuts down. Rollouts then shift traffic too early, and during termination kube-proxy may keep using the pod as a "serving" endpoint when no other is left. Spring Boot publishes real readiness at /actuator/health/readiness, which goes OUT_OF_SERVICE on shutdown.',
      fact: "Readiness probes keep running during termination; EndpointSlice `serving` reflects them and kube-proxy \u2265 1.28 routes to terminating-but-serving endpoints when no ready one remains (KEP-1672, KEP-1669). Spring Boot availability states: ReadinessState.REFUSING_TRAFFIC on shutdown.",
      references: ["https://github.com/kubernetes/enhancements/issues/1672", "https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.kubernetes-probes"],
      fixYaml: `readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: 8080`,
      verify: ["kubectl -n {namespace} get endpointslices -o wide   # the pod should turn not-serving while it shuts down"],
      exceptions: `Containers that serve no client traffic, Jobs and hooks. ${scrapeOnlyException}`
    }
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(workload.containers, (container, report) => {
      if (container.role !== "main" || !servingOf(container, workload, context.index).serving) return false;
      const probePath = asString(getPath(container.spec, ["readinessProbe", "httpGet", "path"]));
      if (probePath === void 0) return false;
      const match = staticPaths.find((s) => s.pattern.test(probePath));
      if (!match) return true;
      const httpGet = asRecord(getPath(container.spec, ["readinessProbe", "httpGet"])) ?? {};
      report({
        container: container.name,
        path: [...container.path, "readinessProbe", "httpGet", "path"],
        message: `container "${container.name}": the readiness probe checks ${probePath}, which answers whenever the process is up; the pod is Ready before it can serve and stays Ready while it shuts down.`,
        remediation: `Probe ${match.better} instead.`,
        ...match.better.startsWith("/") ? {
          fix: {
            summary: `probe ${match.better}`,
            edits: [{ path: [...container.path, "readinessProbe", "httpGet"], value: { ...httpGet, path: match.better } }]
          }
        } : {}
      });
      return true;
    });
  }
});

// src/k8s/istio.ts
var defaultIstioDrainSeconds = 5;
function parseGoDuration(text) {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text.trim()) return parseSleepSeconds(text);
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * { h: 3600, m: 60, s: 1, ms: 1e-3 }[unit], 0);
}
function istioClassicSidecar(workload) {
  const { podAnnotations: annotations, podLabels: labels } = workload;
  if ((annotations["inject.istio.io/templates"] ?? "").includes("grpc-agent")) return void 0;
  const injectedContainer = workload.containers.find((c) => c.name === "istio-proxy");
  if (injectedContainer && injectedContainer.role !== "main") return void 0;
  const requested = labels["sidecar.istio.io/inject"] === "true" || annotations["sidecar.istio.io/inject"] === "true";
  if (!injectedContainer && !requested) return void 0;
  const raw = annotations["proxy.istio.io/config"];
  const proxyConfig = (raw ? asRecord(readYamlOrUndefined(raw)) : void 0) ?? {};
  const drainText = asString(proxyConfig.terminationDrainDuration);
  const drain = drainText ? parseGoDuration(drainText) : void 0;
  const metadata = asRecord(proxyConfig.proxyMetadata) ?? {};
  return {
    evidence: injectedContainer ? "istio-proxy container" : 'sidecar.istio.io/inject: "true"',
    drainSeconds: drain ?? defaultIstioDrainSeconds,
    drainExplicit: drain !== void 0,
    exitOnZeroConnections: String(metadata.EXIT_ON_ZERO_ACTIVE_CONNECTIONS) === "true",
    annotationPath: [...workload.podMetadataPath, "annotations"],
    proxyConfig
  };
}

// src/rules/pod/sidecar-drain.ts
var sidecar_drain_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/sidecar-drain",
    layer: "pod",
    name: "sidecar-drain",
    severity: "warning",
    title: "The Istio sidecar outlives the app\u2019s drain",
    summary: "An Istio classic sidecar drains for terminationDrainDuration (5 s by default) in parallel with the app and then exits, cutting the app off while it still drains.",
    docs: {
      why: "The classic istio-proxy container gets SIGTERM at the same time as the app (it has no preStop of its own). istio-agent drains Envoy for terminationDrainDuration \u2014 5 s unless configured \u2014 and exits. An app with a longer preStop delay or drain loses its inbound connections and every outbound call after those 5 s: the graceful shutdown you configured fails exactly during rollouts.",
      fact: 'Istio ProxyConfig.terminationDrainDuration (default 5s); `proxyMetadata.EXIT_ON_ZERO_ACTIVE_CONNECTIONS: "true"` makes the agent wait until connections end. Native sidecars (KEP-753, 1.29+) stop after the main containers. `holdApplicationUntilProxyStarts` only affects start-up.',
      references: ["https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#ProxyConfig", "https://github.com/kubernetes/enhancements/issues/753"],
      fixYaml: `metadata:
  annotations:
    proxy.istio.io/config: |
      terminationDrainDuration: 40s   # \u2265 the app's preStop + drain`,
      verify: ["kubectl -n {namespace} get {kind} {name} -o jsonpath='{.spec.template.metadata.annotations.proxy\\.istio\\.io/config}'", "kubectl -n {namespace} logs <pod> -c istio-proxy | grep -i drain"],
      exceptions: "Proxyless gRPC (grpc-agent), native-sidecar mode, and EXIT_ON_ZERO_ACTIVE_CONNECTIONS."
    }
  },
  check(workload) {
    if (!isLongRunning(workload)) return null;
    const sidecar = istioClassicSidecar(workload);
    if (!sidecar) return null;
    if (sidecar.exitOnZeroConnections) return [];
    const grace = graceOf(workload);
    let appNeeds = 0;
    let slowest;
    for (const container of workload.containers) {
      if (container.role !== "main" || container.name === "istio-proxy") continue;
      const delay = preStopOf(container)?.delaySeconds ?? 0;
      if (delay > appNeeds) {
        appNeeds = delay;
        slowest = container.name;
      }
    }
    const raisedGrace = grace.explicit && grace.seconds > 30 ? grace.seconds : 0;
    if (appNeeds < sidecar.drainSeconds && raisedGrace <= sidecar.drainSeconds) return [];
    const target = Math.min(Math.max(appNeeds + 30, raisedGrace), grace.seconds);
    const reason = appNeeds >= sidecar.drainSeconds ? `the preStop delay of "${slowest}" is ${seconds(appNeeds)}` : `the grace period is raised to ${seconds(grace.seconds)} for a long drain`;
    return [
      {
        path: sidecar.annotationPath,
        message: `the Istio sidecar (${sidecar.evidence}) drains for ${seconds(sidecar.drainSeconds)}${sidecar.drainExplicit ? "" : " (default)"} and then exits, but ${reason}: inbound connections and outbound calls fail once the proxy is gone.`,
        remediation: `Set terminationDrainDuration to at least the app's preStop + drain time (${target}s) in the proxy.istio.io/config annotation, or proxyMetadata EXIT_ON_ZERO_ACTIVE_CONNECTIONS: "true", or run Istio in native-sidecar mode.`,
        fix: {
          summary: `set terminationDrainDuration: ${target}s`,
          edits: [
            {
              path: [...sidecar.annotationPath, "proxy.istio.io/config"],
              value: JSON.stringify({ ...sidecar.proxyConfig, terminationDrainDuration: `${target}s` })
            }
          ]
        },
        evidence: { sidecar: `drain ${seconds(sidecar.drainSeconds)}`, app: reason }
      }
    ];
  }
});

// src/rules/pod/sleep-action-unsupported.ts
var sleep_action_unsupported_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/sleep-action-unsupported",
    layer: "pod",
    name: "sleep-action-unsupported",
    severity: "error",
    title: "The sleep action is valid for the target Kubernetes version",
    summary: "A preStop `sleep` action that the target version rejects or ignores (gate off before 1.30, 0 s before 1.33, longer than the grace period).",
    docs: {
      why: "Before 1.30 the PodLifecycleSleepAction gate is off by default: the API server drops the field, and the hook either fails validation or silently does nothing \u2014 the delay you rely on is not there. `seconds: 0` is rejected before 1.33, and any value above terminationGracePeriodSeconds is rejected outright, so the apply fails.",
      fact: "KEP-3960: alpha 1.29 (off), beta 1.30 (on), GA 1.34. KEP-4818 allows 0 from 1.33 (beta). Validation requires seconds \u2264 terminationGracePeriodSeconds (equal is accepted and leaves the app the 2 s minimum).",
      references: ["https://github.com/kubernetes/enhancements/issues/3960", "https://github.com/kubernetes/enhancements/issues/4818"],
      fixYaml: `# Kubernetes < 1.30: an exec sleep (the image needs a sleep binary)
lifecycle:
  preStop:
    exec:
      command: ["sleep", "10"]`,
      verify: ["kubectl version   # server version \u2265 1.30 for the sleep action", "kubectl -n {namespace} apply --dry-run=server -f {file}"]
    }
  },
  check(workload, context) {
    const grace = graceOf(workload);
    const version = formatKubeVersion(context.version);
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const hook = preStopOf(container);
      if (hook?.kind !== "sleep") return false;
      const secondsPath = [...hook.path, "sleep", "seconds"];
      const value = hook.delaySeconds;
      const problem = !features.sleepAction(context.version) ? atLeast(context.version, 29) ? `the sleep action is alpha and off by default in Kubernetes ${version}; the hook does nothing` : `the sleep action does not exist in Kubernetes ${version}; the API server drops it and rejects the empty hook` : value === void 0 || value < 0 ? "sleep.seconds must be a non-negative integer" : value === 0 && !features.sleepZero(context.version) ? `sleep.seconds: 0 is rejected before Kubernetes 1.33 (target ${version})` : value > grace.seconds ? `sleep.seconds (${value}) is greater than terminationGracePeriodSeconds (${grace.seconds}${grace.explicit ? "" : ", default"}); the API server rejects the pod` : void 0;
      if (!problem) return true;
      report({
        container: container.name,
        path: features.sleepAction(context.version) ? secondsPath : [...hook.path, "sleep"],
        message: `container "${container.name}": ${problem}.`,
        remediation: features.sleepAction(context.version) ? "Keep sleep.seconds between 1 and terminationGracePeriodSeconds (leave room for the app to drain)." : "Use an exec hook with a sleep binary the image has, or raise the target version if every cluster runs \u2265 1.30.",
        ...!features.sleepAction(context.version) && value ? { fix: { summary: "use an exec sleep", edits: [{ path: hook.path, value: { exec: { command: ["sleep", String(value)] } } }] } } : {}
      });
      return true;
    });
  }
});

// src/rules/pod/spring-graceful-shutdown.ts
var defaultPhaseTimeout = 30;
var spring_graceful_shutdown_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/spring-graceful-shutdown",
    layer: "pod",
    name: "spring-graceful-shutdown",
    severity: "info",
    title: "Spring Boot apps shut down gracefully within the grace period",
    summary: "A Spring Boot container without server.shutdown=graceful (needed before Boot 3.4), or whose shutdown phase (30 s by default) plus preStop does not fit the grace period.",
    docs: {
      why: "Before Spring Boot 3.4 the embedded server stops at once on SIGTERM: in-flight requests are cut. With graceful shutdown on, Boot waits up to spring.lifecycle.timeout-per-shutdown-phase (30 s by default) \u2014 exactly the default grace period, so any preStop delay pushes the total past it and the JVM is SIGKILLed mid-drain (exit 137).",
      fact: `Spring Boot reference: server.shutdown=graceful (default "graceful" from 3.4, "immediate" before); spring.lifecycle.timeout-per-shutdown-phase defaults to 30s. The kubelet's grace period covers preStop + shutdown (TERMINATION-FACTS \xA71, \xA79).`,
      references: ["https://docs.spring.io/spring-boot/reference/web/graceful-shutdown.html"],
      fixYaml: `env:
  - name: SERVER_SHUTDOWN
    value: graceful
  - name: SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE
    value: 20s
terminationGracePeriodSeconds: 40   # preStop 10 s + 20 s + buffer`,
      verify: ["kubectl -n {namespace} exec <pod> -c {container} -- env | grep -i shutdown", 'kubectl -n {namespace} logs <pod> -c {container} --previous | grep -i "graceful shutdown"'],
      exceptions: "Only containers recognisably Spring Boot (SPRING_* environment, /actuator probes or a spring image); the Boot version is not visible, so a missing setting is reported as info."
    }
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(workload.containers, (container, report) => {
      if (container.role !== "main") return false;
      const env = asArray(container.spec.env).map(asRecord);
      const names = env.map((e) => asString(e?.name) ?? "");
      const probePaths = ["readinessProbe", "livenessProbe"].map((p) => asString(asRecord(asRecord(container.spec[p])?.httpGet)?.path) ?? "");
      const spring = names.some((n) => n.startsWith("SPRING_") || n === "SERVER_SHUTDOWN") || probePaths.some((p) => p.startsWith("/actuator")) || /spring/i.test(container.image);
      if (!spring) return false;
      const settings = env.map((e) => `${asString(e?.name) ?? ""}=${asString(e?.value) ?? ""}`).join("\n");
      const fromConfigMaps = asArray(container.spec.envFrom).map((e) => asString(asRecord(asRecord(e)?.configMapRef)?.name)).flatMap((name) => name ? Object.entries(context.index.configMapData(namespaceOf(workload.object.ref), name) ?? {}) : []).map(([k, v]) => `${k}=${v}`).join("\n");
      const all2 = `${settings}
${fromConfigMaps}`;
      const graceful = /(SERVER_SHUTDOWN=graceful|server\.shutdown["']?\s*[:=]\s*["']?graceful)/i.test(all2);
      const phase = /(SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE=|timeout-per-shutdown-phase["']?\s*[:=]\s*["']?)(\d+)(s?)/i.exec(all2);
      const phaseSeconds = phase ? Number(phase[2]) : defaultPhaseTimeout;
      const grace = graceOf(workload);
      const delay = preStopOf(container)?.delaySeconds ?? 0;
      if (!graceful) {
        report({
          container: container.name,
          path: [...container.path, "name"],
          message: `container "${container.name}" looks like Spring Boot and does not set server.shutdown=graceful: before Boot 3.4 the server stops at once on SIGTERM and cuts in-flight requests.`,
          remediation: "Set SERVER_SHUTDOWN=graceful (or server.shutdown=graceful) unless the app runs Spring Boot \u2265 3.4, and keep the shutdown phase timeout below the grace period minus the preStop delay."
        });
      } else if (delay + phaseSeconds >= grace.seconds) {
        report({
          container: container.name,
          severity: "warning",
          path: grace.path,
          message: `container "${container.name}": preStop (${seconds(delay)}) + Spring's shutdown phase (${seconds(phaseSeconds)}${phase ? "" : ", default"}) reach the grace period (${seconds(grace.seconds)}${grace.explicit ? "" : ", default"}): a slow drain ends in SIGKILL (137).`,
          remediation: `Raise terminationGracePeriodSeconds to at least ${delay + phaseSeconds + 5}, or lower spring.lifecycle.timeout-per-shutdown-phase.`,
          fix: { summary: `terminationGracePeriodSeconds: ${delay + phaseSeconds + 5}`, edits: [{ path: grace.path, value: delay + phaseSeconds + 5 }] }
        });
      }
      return true;
    });
  }
});

// src/rules/pod/stop-signal-unsupported.ts
var stop_signal_unsupported_default = defineRule({
  target: "workload",
  meta: {
    id: "pod/stop-signal-unsupported",
    layer: "pod",
    name: "stop-signal-unsupported",
    severity: "warning",
    title: "lifecycle.stopSignal takes effect on the target version",
    summary: "`lifecycle.stopSignal` is alpha (off by default) before 1.37 and needs `spec.os.name`; where the gate is off the field is silently dropped and the app gets SIGTERM.",
    docs: {
      why: "A container that needs another stop signal (nginx and php-fpm drain on SIGQUIT) can declare it with lifecycle.stopSignal \u2014 but only where the ContainerStopSignals gate is on. Elsewhere the API server drops the field without an error, the runtime sends the image STOPSIGNAL or SIGTERM, and the graceful path you configured never runs. The API also rejects the field when spec.os.name is not set.",
      fact: "KEP-4960 (ContainerStopSignals): alpha in 1.33 (off by default), beta planned for 1.37; validation requires spec.os.name. Without it, the image STOPSIGNAL applies.",
      references: ["https://github.com/kubernetes/enhancements/issues/4960"],
      fixYaml: `# Until the gate is on by default: bake the signal into the image
# Dockerfile:  STOPSIGNAL SIGQUIT
# or send it from a preStop hook that the app expects (nginx):
lifecycle:
  preStop:
    exec:
      command: ["/usr/sbin/nginx", "-s", "quit"]`,
      verify: [`kubectl -n {namespace} get {kind} {name} -o jsonpath='{.spec.template.spec.containers[?(@.name=="{container}")].lifecycle.stopSignal}'   # empty = dropped by the API server`]
    }
  },
  check(workload, context) {
    const os = asString(getPath(workload.podSpec, ["os", "name"]));
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const signal = asString(getPath(container.spec, ["lifecycle", "stopSignal"]));
      if (!signal) return false;
      const path = [...container.path, "lifecycle", "stopSignal"];
      const version = formatKubeVersion(context.version);
      if (!features.stopSignal(context.version)) {
        report({
          container: container.name,
          path,
          message: `container "${container.name}": lifecycle.stopSignal ${signal} is ${features.stopSignalField(context.version) ? "alpha and off by default" : "unknown"} in Kubernetes ${version}; the field is dropped and the container gets the image STOPSIGNAL or SIGTERM.`,
          remediation: "Set STOPSIGNAL in the image (or use a preStop hook the app understands) until every target cluster enables ContainerStopSignals."
        });
      } else if (!os) {
        report({
          container: container.name,
          severity: "error",
          path,
          message: `container "${container.name}": lifecycle.stopSignal requires spec.os.name; the API server rejects the pod without it.`,
          remediation: "Set spec.os.name: linux in the pod template.",
          fix: { summary: "set spec.os.name: linux", edits: [{ path: [...workload.podSpecPath, "os"], value: { name: "linux" } }] }
        });
      }
      return true;
    });
  }
});

// src/k8s/pid1.ts
var initNames = /^(tini|tini-static(-[\w]+)?|dumb-init|catatonit|docker-init|s6-svscan|init)$/;
function unwrapInit(argv, env = {}) {
  const name = (argv[0] ?? "").replace(/^.*\//, "");
  if (!initNames.test(name) || name === "init" && argv[0] !== "/init") return void 0;
  let groupForward = name === "dumb-init" || name === "init";
  if (name.startsWith("tini") && ["1", "true", "yes"].includes((env.TINI_KILL_PROCESS_GROUP ?? "").toLowerCase())) groupForward = true;
  let i = 1;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      i++;
      break;
    }
    if (!arg.startsWith("-")) break;
    if (name.startsWith("tini") && /^-[a-zA-Z]*g/.test(arg)) groupForward = true;
    if (name === "catatonit" && arg === "-g") groupForward = true;
    if (name === "dumb-init" && (arg === "-c" || arg === "--single-child")) groupForward = false;
    if (/^-(p|e|r)$|^--rewrite$/.test(arg)) i++;
  }
  return { name, groupForward, child: argv.slice(i) };
}
function containerEnv(container) {
  const env = {};
  for (const item of asArray(container.spec.env).map(asRecord)) {
    const name = asString(item?.name);
    const value = asString(item?.value);
    if (name && value !== void 0) env[name] = value;
  }
  return env;
}
function pid1Of(container, workload, index) {
  const command = asArray(container.spec.command).map(String);
  const args = asArray(container.spec.args).map(String);
  const image = index.images.evidence(container.image);
  let facts;
  if (command.length > 0) {
    const imageInit = image.entrypoint ? unwrapInit(image.entrypoint.argv)?.name : void 0;
    facts = {
      argv: [...command, ...args],
      path: [...container.path, "command"],
      from: "manifest",
      image,
      ...imageInit && !unwrapInit(command) ? { replacedInit: imageInit } : {}
    };
  } else if (image.entrypoint) {
    const tail = args.length > 0 ? args : image.cmd?.argv ?? [];
    const argv = [...image.entrypoint.argv, ...tail];
    const where = image.entrypoint.argv.length > 0 ? image.entrypoint.where : args.length > 0 ? "args" : image.cmd?.where;
    facts = {
      ...argv.length > 0 ? { argv } : {},
      path: [...container.path, args.length > 0 ? "args" : "image"],
      from: args.length > 0 ? "image+args" : "image",
      ...where ? { imageWhere: where } : {},
      image
    };
  } else {
    return { path: [...container.path, args.length > 0 ? "args" : "image"], from: "image", image };
  }
  return classify(facts, containerEnv(container), (file) => mountedFile(container, workload, index, file));
}
function pid1OfImage(image) {
  const argv = [...image.entrypoint?.argv ?? [], ...image.cmd?.argv ?? []];
  const where = image.entrypoint?.argv.length ? image.entrypoint.where : image.cmd?.where;
  const facts = { ...argv.length > 0 ? { argv } : {}, path: [], from: "image", ...where ? { imageWhere: where } : {}, image };
  return classify(facts, {}, () => void 0);
}
var imageVerdicts = /* @__PURE__ */ new WeakMap();
function analyzeImagePid1(image) {
  let verdict = imageVerdicts.get(image);
  if (!verdict) {
    verdict = judgePid1(pid1OfImage(image));
    imageVerdicts.set(image, verdict);
  }
  return verdict;
}
function classify(facts, env, mounted) {
  const argv = facts.argv;
  const image = facts.image;
  if (!argv || argv.length === 0) return facts;
  const init = unwrapInit(argv, env);
  const program = init ? init.child : argv;
  if (init) facts.init = init;
  const wrapped = shellScriptOf(program);
  if (wrapped) {
    facts.shell = { name: wrapped.shell, script: wrapped.script, facts: analyzeScript(wrapped.script) };
    return facts;
  }
  const name = (program[0] ?? "").replace(/^.*\//, "");
  if (isShellName(name) && program[1] && !program[1].startsWith("-")) {
    const file = program[1];
    const fromMount = mounted(file);
    const copied2 = fromMount === void 0 ? image.fileInImage(file) : void 0;
    const content2 = fromMount ?? copied2?.content;
    facts.scriptFile = { name, file, ...content2 !== void 0 ? { content: content2, facts: analyzeScript(content2) } : {}, ...copied2 ? { where: copied2.file } : {}, args: program.slice(2) };
    return facts;
  }
  const copied = program[0] ? image.fileInImage(program[0]) : void 0;
  const content = copied?.content ?? (program[0] ? mounted(program[0]) : void 0);
  if (content !== void 0) {
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(content);
    const interpreter = (shebang ? shebang[1].endsWith("/env") ? shebang[2] ?? "" : shebang[1] : "").replace(/^.*\//, "");
    if (isShellName(interpreter)) {
      facts.scriptFile = { name: interpreter, file: program[0], content, facts: analyzeScript(content), ...copied ? { where: copied.file } : {}, args: program.slice(1) };
    }
  }
  return facts;
}
function mountedFile(container, workload, index, file) {
  for (const mount of asArray(container.spec.volumeMounts)) {
    const mountPath = asString(asRecord(mount)?.mountPath);
    const volumeName = asString(asRecord(mount)?.name);
    if (!mountPath || !volumeName || !file.startsWith(`${mountPath.replace(/\/$/, "")}/`)) continue;
    const relative = file.slice(mountPath.replace(/\/$/, "").length + 1);
    const volume = asArray(workload.podSpec.volumes).map(asRecord).find((v) => asString(v?.name) === volumeName);
    const configMap = asRecord(volume?.configMap);
    const configMapName = asString(configMap?.name);
    if (!configMapName) continue;
    const data = index.configMapData(namespaceOf(workload.object.ref), configMapName);
    if (!data) continue;
    const item = asArray(configMap?.items).map(asRecord).find((i) => asString(i?.path) === relative);
    const key = asString(item?.key) ?? relative;
    if (data[key] !== void 0) return data[key];
  }
  return void 0;
}
var analyzePid1 = perContainer(computePid1);
function computePid1(container, workload, index) {
  const analysis = judgePid1(pid1Of(container, workload, index));
  const stop = analysis.pid1.image.stopSignal;
  const named = namedSignalOf(preStopOf(container), stop ? signalName(stop.signal) : void 0);
  return named ? { ...analysis, preStopSignal: { ...named, toPid1: selectsPid1Only(named, analysis) } } : analysis;
}
function selectedNames(argv) {
  const command = parseProcessCommand(argv);
  if (!command || command.tool === "kill" || command.operands.length === 0) return void 0;
  const full = (command.tool === "pkill" || command.tool === "pgrep") && (command.flags.has("f") || command.flags.has("full"));
  return { names: command.operands, full };
}
var substitution = /^(?:\$\(([^]*)\)|`([^`]*)`)$/;
function namedSignalOf(hook, imageStopSignal) {
  if (hook?.kind !== "exec") return void 0;
  const commands = hook.script ? hook.script.commands.map((c) => c.argv) : hook.argv ? [hook.argv] : [];
  for (const argv of commands) {
    const kill = killCommand(argv);
    if (!kill || !(["TERM", "INT", "QUIT"].includes(kill.signal) || kill.signal === imageStopSignal)) continue;
    let selected;
    if (kill.tool === "kill") {
      for (const target of kill.targets) {
        const inner = substitution.exec(target);
        const text = inner ? inner[1] ?? inner[2] : void 0;
        const selector = text !== void 0 ? analyzeScript(text).commands[0]?.argv : void 0;
        if (selector && /^(pidof|pgrep)$/.test(selector[0]?.replace(/^.*\//, "") ?? "")) selected = selectedNames(selector);
        if (selected) break;
      }
    } else {
      selected = selectedNames(argv);
    }
    if (selected) return { command: argv.join(" "), names: selected.names, fullCommandLine: selected.full, signal: kill.signal };
  }
  return void 0;
}
function selectsPid1Only(named, { pid1, shell, program }) {
  if (!pid1.argv) return false;
  const programIsPid1 = !pid1.init && (shell.kind === "not-a-shell" || shell.kind === "execs" || shell.kind === "implicit-exec");
  const argv = programIsPid1 ? program ?? pid1.argv : pid1.argv;
  if (named.fullCommandLine) return programIsPid1 && named.names.every((pattern) => argv.join(" ").includes(pattern));
  const name = (argv[0] ?? "").replace(/^.*\//, "");
  return named.names.every((n) => n === name);
}
var maxHandovers = 8;
function judgePid1(pid1, handovers = 0) {
  const below = pid1.init?.child ?? pid1.argv;
  const script = pid1.shell ? { ...pid1.shell, args: [] } : pid1.scriptFile;
  const withProgram = (shell, program2) => ({ pid1, shell, ...program2 && program2.length > 0 ? { program: program2 } : {} });
  if (!script) return withProgram({ kind: "not-a-shell" }, below);
  const facts = script.facts;
  if (!facts?.parsed) return { pid1, shell: { kind: "unknown-script", ...facts?.error ? { reason: facts.error } : {} } };
  const resolveProgram = (last) => last && /^\$\{?@\}?$/.test(last[0] ?? "") ? script.args : last;
  if (facts.endsWithExec) {
    const program2 = resolveProgram(facts.lastArgv);
    if (program2 && program2 !== facts.lastArgv && program2.length > 0) {
      if (handovers >= maxHandovers) return { pid1, shell: { kind: "unknown-script", reason: `the scripts hand over through \`exec "$@"\` more than ${maxHandovers} times` } };
      const inner = classify({ argv: program2, path: pid1.path, from: pid1.from, image: pid1.image, ...pid1.imageWhere ? { imageWhere: pid1.imageWhere } : {} }, {}, () => void 0);
      if (inner.shell || inner.scriptFile) return { ...judgePid1(inner, handovers + 1), pid1 };
    }
    return withProgram({ kind: "execs", ...program2 ? { program: program2 } : {} }, program2);
  }
  if (facts.termTrap !== void 0 && facts.termTrap !== "" && facts.termTrap !== "-") {
    if (facts.trapDeferredBy) {
      return {
        pid1,
        shell: {
          kind: "trap-deferred",
          action: facts.termTrap,
          blocker: facts.trapDeferredBy.text,
          ...facts.trapDeferredBy.seconds !== void 0 ? { seconds: facts.trapDeferredBy.seconds } : {}
        }
      };
    }
    return { pid1, shell: { kind: "traps", action: facts.termTrap } };
  }
  const image = pid1.image;
  if (image.shell === "none") return { pid1, shell: { kind: "no-shell", basis: image.shellBasis } };
  const { family, assumed } = effectiveShell(script.name, { shell: image.shell });
  const program = resolveProgram(facts.lastArgv);
  const familyDecides = Boolean(pid1.shell && facts.endsWithSimpleCommand);
  if (familyDecides && (family === "bash" || family === "ash")) {
    return withProgram({ kind: "implicit-exec", family, ...program ? { program } : {} }, program);
  }
  const verdict = assumed && !familyDecides ? { family: "unknown", assumed: false } : { family, assumed };
  return { pid1, shell: { kind: "stays", ...verdict, basis: image.shellBasis, ...program ? { child: program } : {} } };
}
function describeShell(shell) {
  if (shell.assumed) return "`/bin/sh`";
  return `\`/bin/sh\` (${shell.family === "unknown" ? "" : `${shell.family}, `}${shell.basis})`;
}
function shellCondition(shell, child) {
  return shell.assumed ? `if \`/bin/sh\` is dash (${shell.basis}; bash and BusyBox ash would exec ${child} instead), ` : "";
}
function describeNamedSignal(named, max = Number.POSITIVE_INFINITY) {
  const command = named.command.length > max ? `${named.command.slice(0, max - 1)}\u2026` : named.command;
  return `the preStop hook signals ${named.names.map((n) => `\`${n}\``).join(", ")} by ${named.fullCommandLine ? "command line" : "name"} (\`${command}\`)`;
}
function describeStays({ pid1, preStopSignal }, shell, child) {
  const byName = preStopSignal && !preStopSignal.toPid1 ? preStopSignal : void 0;
  const hook = byName ? describeNamedSignal(byName, 80) : "";
  const dash = shell.assumed ? ` if it is dash (${shell.basis}; bash and BusyBox ash would exec ${child})` : "";
  if (pid1.init) {
    const dies = `${pid1.init.name} \u2192 ${describeShell(shell)}, which${dash ? `,${dash},` : ""} dies of the forwarded SIGTERM without passing it on: ${child} is SIGKILLed`;
    return byName ? `${dies}; ${hook}, but the app has only until the hook ends to drain` : dies;
  }
  const ignores = `${describeShell(shell)}, which${dash ? ` stays PID 1${dash} and` : ""} ignores SIGTERM`;
  return byName ? `${ignores}; ${hook}` : `${ignores}; ${child} ${dash ? "then " : ""}never receives it`;
}

// src/rules/runtime/dockerfile-shell-form.ts
function execForm(words) {
  return `[${words.map((w) => JSON.stringify(w)).join(", ")}]`;
}
function rewrite(keyword, spec) {
  const script = spec.script ?? "";
  const facts = analyzeScript(script);
  if (facts.plainWords && facts.plainWords[0] !== "exec") {
    return { text: `${keyword} ${execForm(facts.plainWords)}`, summary: "use the exec form, so the program itself is started" };
  }
  if (facts.execInsertOffset !== void 0) {
    const text = `${script.slice(0, facts.execInsertOffset)}exec ${script.slice(facts.execInsertOffset)}`;
    return { text: `${keyword} ${text.replace(/\s*\n\s*/g, " ")}`, summary: "exec the last program, so it replaces the shell" };
  }
  return void 0;
}
var dockerfile_shell_form_default = defineRule({
  target: "dockerfile",
  meta: {
    id: "runtime/dockerfile-shell-form",
    layer: "runtime",
    name: "dockerfile-shell-form",
    severity: "warning",
    title: "The image's ENTRYPOINT/CMD hands the stop signal to the program",
    summary: "A shell-form ENTRYPOINT or CMD (`CMD gunicorn app:app`) runs the program under `/bin/sh -c`; where the shell does not exec it, SIGTERM never reaches the program.",
    docs: {
      why: 'The shell form of ENTRYPOINT and CMD is stored as `["/bin/sh", "-c", "\u2026"]`. The runtime signals PID 1, which is then the shell. Debian and Ubuntu images have dash as /bin/sh; dash does not replace itself with the last command, has no TERM handler as PID 1, and so ignores the signal: the program keeps serving until SIGKILL at the end of the grace period (exit 137). Under tini or dumb-init the shell dies of the forwarded signal at once, the init exits with it, and the kernel SIGKILLs the program before it drains. On FROM scratch and distroless there is no /bin/sh at all and the container does not start.',
      fact: "Dockerfile reference: shell form = `/bin/sh -c` (or the SHELL instruction). pid_namespaces(7): PID 1 receives only signals it handles. Debian/Ubuntu dash keeps the shell; bash 5.x and BusyBox ash exec the last simple command of `-c`; when PID 1 of a PID namespace exits, the kernel SIGKILLs every other process in it.",
      references: ["https://docs.docker.com/reference/dockerfile/#shell-and-exec-form", "https://man7.org/linux/man-pages/man7/pid_namespaces.7.html"],
      fixYaml: `# Dockerfile
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]    # exec form: gunicorn is PID 1
# or, when the shell is needed for variables:
CMD exec gunicorn --bind "0.0.0.0:$PORT" app:app`,
      verify: ['kubectl -n {namespace} exec <pod> -c {container} -- cat /proc/1/cmdline | tr "\\0" " "   # should be the program, not /bin/sh -c'],
      exceptions: "Shell forms that end in `exec`, trap TERM, or run under bash/BusyBox ash with a single final command; images only run by Jobs and CronJobs."
    }
  },
  check(entry, context, consumers) {
    const image = entry.image;
    if (!image) return null;
    if (consumers.length > 0 && consumers.every((w) => w.runsToCompletion)) return null;
    const spec = image.entrypoint?.form === "shell" ? image.entrypoint : image.cmd?.form === "shell" ? image.cmd : void 0;
    if (!spec || spec === image.cmd && image.entrypoint?.form === "shell") return [];
    const keyword = spec === image.entrypoint ? "ENTRYPOINT" : "CMD";
    const evidence = context.index.images.evidenceOfDockerfile(entry);
    const lines = { line: spec.line, endLine: spec.endLine };
    if (evidence.shell === "none") {
      const words = analyzeScript(spec.script ?? "").plainWords;
      const replacement = words ? { text: `${keyword} ${execForm(words)}`, summary: "use the exec form: the image has no shell" } : void 0;
      return [
        {
          path: [],
          lines,
          severity: "error",
          message: `the shell-form ${keyword} runs \`${spec.argv[0]} -c\`, but the image has no shell (${evidence.shellBasis}): the container fails to start.`,
          remediation: replacement ? `Use the exec form: \`${replacement.text}\`.` : `Use the exec form: \`${keyword} ["program", "arg"]\`.`,
          ...replacement ? { replacement } : {}
        }
      ];
    }
    const whole = analyzeImagePid1(evidence);
    let shell = whole.shell;
    let handedBy;
    const entrypoint = evidence.entrypoint?.argv ?? [];
    if (keyword === "CMD" && shell.kind !== "stays" && entrypoint.length > 0 && !whole.pid1.init && (shell.kind === "not-a-shell" || shell.kind === "unknown-script")) {
      if (/entrypoint|\.sh$/i.test(entrypoint[0])) {
        shell = judgePid1(pid1OfImage({ ...evidence, entrypoint: { argv: [], where: evidence.entrypoint?.where ?? "" } })).shell;
        handedBy = entrypoint[0];
      }
    }
    if (shell.kind !== "stays") return [];
    const child = shell.child ? `\`${shell.child.join(" ")}\`` : "the program";
    const init = keyword === "CMD" ? whole.pid1.init?.name : void 0;
    const fix = rewrite(keyword, spec);
    const opening = shellCondition(shell, child);
    return [
      {
        path: [],
        lines,
        message: init ? `${opening}the shell-form CMD runs ${child} under ${describeShell(shell)}; ${init} forwards SIGTERM to the shell, which dies without passing it on, and ${child} is SIGKILLed when ${init} exits.` : `${opening}the shell-form ${keyword} makes PID 1 ${describeShell(shell)}${handedBy ? ` (once \`${handedBy}\` hands over with the usual \`exec "$@"\`)` : ""}, which ignores SIGTERM: ${child} never receives it and is SIGKILLed at the end of the grace period (exit 137).`,
        remediation: fix ? `${fix.summary[0].toUpperCase()}${fix.summary.slice(1)}: \`${fix.text}\`.` : `Use the exec form (\`${keyword} ["program", "arg"]\`), or end the command line with \`exec program\`.`,
        ...fix ? { replacement: fix } : {},
        evidence: { pid1: `${describeShell(shell)}${shell.assumed ? " (dash, assumed)" : ""}`, image: evidence.shellBasis }
      }
    ];
  }
});

// src/rules/runtime/interpreter-pid1.ts
var interpreters = /^(node|nodejs|python[0-9.]*|deno)$/;
var handlesSignals = /^(gunicorn|uvicorn|hypercorn|daphne|celery|waitress|granian)$/;
var supervisors = /^(supervisord|s6-svscan|runsvdir)$/;
var interpreter_pid1_default = defineRule({
  target: "workload",
  meta: {
    id: "runtime/interpreter-pid1",
    layer: "runtime",
    name: "interpreter-pid1",
    severity: "info",
    title: "Interpreters as PID 1 handle SIGTERM or run under an init",
    summary: "node or python runs as PID 1 without an init; unless the program installs a SIGTERM handler, the signal is ignored.",
    docs: {
      why: 'As PID 1 a process receives only signals it has a handler for. Node.js and CPython leave SIGTERM at its default disposition, so a program that never calls process.on("SIGTERM") / signal.signal(SIGTERM, \u2026) ignores the kubelet and is SIGKILLed when the grace period ends. We cannot see the program, so this is a reminder, not a verdict.',
      fact: "pid_namespaces(7); measured: Node.js as PID 1 without a SIGTERM handler ignores SIGTERM. The Pod API has no `--init`; the image must bring tini or dumb-init.",
      references: ["https://man7.org/linux/man-pages/man7/pid_namespaces.7.html", "https://nodejs.org/api/process.html#signal-events"],
      fixYaml: `command: ["tini", "--", "node", "server.js"]   # or handle SIGTERM in the app`,
      verify: ["kubectl -n {namespace} exec <pod> -c {container} -- cat /proc/1/status | grep SigCgt   # bit 15 (0x4000) set = TERM handled"],
      exceptions: "Servers known to handle signals (gunicorn, uvicorn, celery\u2026), and anything started under tini/dumb-init."
    }
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const { pid1, program, preStopSignal } = analyzePid1(container, workload, context.index);
      if (!pid1.argv || !program?.length) return false;
      const name = program[0].replace(/^.*\//, "");
      if (pid1.init || supervisors.test(name) || !interpreters.test(name)) return true;
      const moduleIndex = program.indexOf("-m");
      if (moduleIndex !== -1 && handlesSignals.test(program[moduleIndex + 1] ?? "")) return true;
      report({
        container: container.name,
        path: pid1.path,
        message: `container "${container.name}": \`${name}\` runs as PID 1 without an init${pid1.replacedInit ? ` (\`command\` replaces the image's ENTRYPOINT, ${pid1.replacedInit})` : pid1.imageWhere ? ` (${pid1.imageWhere})` : ""}; unless the program handles SIGTERM itself, the signal is ignored and the pod is SIGKILLed at the end of the grace period.${preStopSignal?.toPid1 ? ` The preStop hook's \`${preStopSignal.command}\` selects \`${name}\` by name, which is PID 1 itself: from inside the namespace too, PID 1 receives only the signals it handles.` : ""}`,
        remediation: `Handle SIGTERM in the program (drain, then exit), or start it under tini/dumb-init: \`["tini", "--", ${program.map((a) => JSON.stringify(a)).join(", ")}]\`.`
      });
      return true;
    });
  }
});

// src/rules/runtime/package-manager-pid1.ts
var packageManager = /^(npm|yarn|pnpm|bun)$/;
var package_manager_pid1_default = defineRule({
  target: "workload",
  meta: {
    id: "runtime/package-manager-pid1",
    layer: "runtime",
    name: "package-manager-pid1",
    severity: "warning",
    title: "The app is started directly, not through npm/yarn/pnpm",
    summary: "`npm start` (or yarn/pnpm) as the container process runs the app behind `sh -c`, so SIGTERM never reaches it.",
    docs: {
      why: "`npm start` runs the package script through `sh -c`. On Debian-based node images that is dash, which stays in between: npm is PID 1, the app is its grandchild, and SIGTERM from the kubelet never reaches the app. The pod waits out the whole grace period and is SIGKILLed: open requests fail and shutdown hooks never run.",
      fact: "npm runs scripts with `sh -c` (npm-run-script docs) and passes SIGTERM on to that shell; dash does not exec the last command, bash 5.x and BusyBox ash exec a single final command; PID 1 without a TERM handler ignores SIGTERM (pid_namespaces(7)).",
      references: ["https://docs.npmjs.com/cli/commands/npm-run-script", "https://man7.org/linux/man-pages/man7/pid_namespaces.7.html"],
      fixYaml: `command: ["node", "server.js"]   # the app is PID 1 and handles SIGTERM itself`,
      verify: ['kubectl -n {namespace} exec <pod> -c {container} -- cat /proc/1/cmdline | tr "\\0" " "'],
      exceptions: 'On BusyBox ash and bash images the shell execs a package script that is a single command, so the finding is only a note there. A preStop hook that signals the app by name (`pkill node`) reaches it, but the package manager takes it down when the runtime signals it right after the hook. Where the image is unknown, dash is assumed and the message says "if `/bin/sh` is dash".'
    }
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const { pid1, program, preStopSignal } = analyzePid1(container, workload, context.index);
      if (!pid1.argv) return false;
      const argv = program ?? pid1.argv;
      const tool = argv[0]?.replace(/^.*\//, "") ?? "";
      if (!packageManager.test(tool)) return true;
      const { family, assumed } = effectiveShell("sh", pid1.image);
      const execsSingle = family === "ash" || family === "bash";
      const byName = preStopSignal && !preStopSignal.toPid1 ? preStopSignal : void 0;
      const outcome = byName ? `the preStop hook's \`${byName.command}\` does signal the app, but right after the hook the runtime's SIGTERM reaches ${tool}, which passes it to that shell (npm and yarn forward it); the shell dies of it and the app is SIGKILLed with ${tool} whether it has drained or not` : "the app never receives SIGTERM and is SIGKILLed after the grace period";
      report({
        container: container.name,
        path: pid1.path,
        ...execsSingle ? { severity: "info" } : {},
        message: execsSingle ? `container "${container.name}" starts the app with \`${argv.join(" ")}\`: ${tool} runs the package script through \`sh -c\` (${family}, ${pid1.image.shellBasis}), which execs a script that is a single command; a longer script keeps the shell in between, and then ${outcome}.` : `container "${container.name}" starts the app with \`${argv.join(" ")}\`: ${assumed ? `if \`/bin/sh\` is dash (${pid1.image.shellBasis}; bash and BusyBox ash would exec a script that is a single command), ` : ""}${tool} runs the script through \`sh -c\`${byName ? `, which stays in between: ${outcome}` : `, so ${outcome}`}.`,
        remediation: "Run the app directly (`node server.js`), or make the package script `exec node server.js` and run the container with an init such as tini."
      });
      return true;
    });
  }
});

// src/rules/runtime/shell-pid1.ts
var shell_pid1_default = defineRule({
  target: "workload",
  meta: {
    id: "runtime/shell-pid1",
    layer: "runtime",
    name: "shell-pid1",
    severity: "warning",
    title: "The stop signal reaches the app, not a wrapping shell",
    summary: "A shell wrapper (`sh -c \u2026`, `sh script.sh`) stays PID 1 without forwarding SIGTERM, or defers its trap behind a long foreground command.",
    docs: {
      why: "The runtime signals PID 1 only. When that is a shell that neither execs the app nor traps TERM, the signal is ignored (PID 1 without a handler) and the app never hears it: it keeps serving until SIGKILL at the end of the grace period (exit 137, full grace spent, no cleanup). A shell that traps TERM but runs a long foreground command (`while true; do sleep 60; done`) only runs the trap after that command returns.",
      fact: "pid_namespaces(7): init receives only signals it handles. Debian/Ubuntu /bin/sh (dash) does not exec the last command of `sh -c`; bash 5.x and BusyBox ash do; `exec cmd` works everywhere. A preStop hook runs before the stop signal, and a signal sent by name (pidof, pgrep, pkill, killall) reaches the app whatever PID 1 is. POSIX shells run traps only after the foreground command completes, while `wait` returns at once on a trapped signal.",
      references: ["https://man7.org/linux/man-pages/man7/pid_namespaces.7.html", "https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_29"],
      fixYaml: `command: ["/bin/sh", "-c"]
args:
  - |
    ./prepare-config.sh
    exec ./server --port 8080   # the app becomes PID 1 and receives SIGTERM`,
      verify: [
        'kubectl -n {namespace} exec <pod> -c {container} -- cat /proc/1/cmdline | tr "\\0" " "   # should be the app, not sh',
        `kubectl -n {namespace} get pods -l {selector} -o jsonpath='{range .items[*]}{.status.containerStatuses[*].lastState.terminated.exitCode}{"\\n"}{end}'   # 137 after a rollout = signal ignored`
      ],
      exceptions: 'Scripts that end in `exec`, trap TERM and `wait`, or run under bash/BusyBox with a single final command; a shell PID 1 (no init, no shareProcessNamespace) whose preStop hook signals the app by name (`kill -TERM $(pidof app)`, `pkill app`, `killall app`): the app drains on that signal and the shell exits with it; init containers, Jobs and hooks. On an image whose shell we cannot identify, dash is assumed and the message says "if `/bin/sh` is dash".'
    }
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    const grace = graceOf(workload);
    const sharedPid = workload.podSpec.shareProcessNamespace === true;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const analysis = analyzePid1(container, workload, context.index);
      const { pid1, shell } = analysis;
      if (shell.kind === "not-a-shell" || shell.kind === "unknown-script") return false;
      if (shell.kind === "trap-deferred") {
        const wait = shell.seconds !== void 0 ? ` for up to ${seconds(shell.seconds)}` : "";
        const killed = shell.seconds !== void 0 && shell.seconds >= grace.seconds;
        report({
          container: container.name,
          path: pid1.path,
          message: `container "${container.name}": the shell traps TERM (\`${shell.action}\`) but then runs \`${shell.blocker}\` in the foreground, so the trap waits${wait}${killed ? `, as long as the grace period (${seconds(grace.seconds)}): expect SIGKILL (137)` : ""}.`,
          remediation: "Run long commands in the background and `wait` for them (`sleep 60 & wait $!`): a trapped signal interrupts `wait` at once.",
          evidence: { pid1: "shell with a deferred TERM trap" }
        });
        return true;
      }
      if (shell.kind !== "stays") return true;
      const byName = analysis.preStopSignal && !analysis.preStopSignal.toPid1 ? analysis.preStopSignal : void 0;
      if (byName && !pid1.init && !sharedPid) return true;
      const child = shell.child ? `\`${shell.child.join(" ")}\`` : "the app";
      const condition = shellCondition(shell, child);
      const hook = byName ? `${describeNamedSignal(byName)}, but the app has only until the hook ends to drain: ` : "";
      const where = !pid1.imageWhere ? "" : pid1.from === "image" ? `. The image's ${pid1.imageWhere} does this (${pid1.image.describe})` : `. The args run under the image's ${pid1.imageWhere} (${pid1.image.describe})`;
      const script = pid1.scriptFile ? ` running \`${pid1.scriptFile.file}\`` : "";
      report({
        container: container.name,
        path: pid1.path,
        message: sharedPid ? `container "${container.name}": ${hook}${condition}the shell wrapper${script} does not exec ${child}; with shareProcessNamespace it dies of SIGTERM and the runtime SIGKILLs ${child} ${byName ? "whether it has drained or not" : "without a chance to drain"}.` : pid1.init ? `container "${container.name}": ${hook}${condition}${pid1.init.name} forwards SIGTERM to ${describeShell(shell)}${script}, which dies of it without passing it on${pid1.init.groupForward ? ` (${child} gets the signal too, but only for an instant)` : ""}; ${pid1.init.name} exits with the shell and the kernel SIGKILLs ${child} ${byName ? "whether it has drained or not" : "before it drains"}${where}.` : `container "${container.name}": ${condition}PID 1 will be ${describeShell(shell)}${script}, which ignores SIGTERM; ${child} never receives it and is SIGKILLed after ${seconds(grace.seconds)}, exit 137${where}.`,
        remediation: pid1.from === "manifest" ? "End the script with `exec <app>` so the app becomes PID 1, or run an init (tini, dumb-init) that forwards signals." : `Fix the image: the exec form (\`CMD ["app", "arg"]\`) or \`exec <app>\` at the end of its command line${pid1.image.dockerfile ? ` in ${pid1.image.dockerfile.file}` : ""}; or set \`command\` in the manifest to run the app directly.`,
        evidence: { pid1: `/bin/sh (${shell.family === "unknown" ? "any shell" : shell.assumed ? "dash, assumed" : shell.family})`, signal: byName ? `sent by the preStop hook: ${byName.command}` : "ignored" }
      });
      return true;
    });
  }
});

// src/rules/runtime/stop-signal-bypassed.ts
function stopCommand(argv) {
  const kill = killCommand(argv);
  if (kill) return { signal: kill.signal };
  const name = (argv[0] ?? "").replace(/^.*\//, "");
  if (name === "nginx" || name === "openresty") {
    const index = argv.indexOf("-s");
    const action = index >= 0 ? argv[index + 1] : void 0;
    if (action === "stop") return { signal: "TERM", graceful: `${name} -s quit` };
    if (action === "quit") return { signal: "QUIT" };
    return void 0;
  }
  if (/^(apachectl|apache2ctl|httpd)$/.test(name)) {
    const index = argv.indexOf("-k");
    const action = index >= 0 ? argv[index + 1] : argv[1];
    if (action === "stop") return { signal: "TERM", graceful: `${name} -k graceful-stop` };
    if (action === "graceful-stop") return { signal: "WINCH" };
  }
  return void 0;
}
var stop_signal_bypassed_default = defineRule({
  target: "workload",
  meta: {
    id: "runtime/stop-signal-bypassed",
    layer: "runtime",
    name: "stop-signal-bypassed",
    severity: "warning",
    title: "Nothing sends SIGTERM to a server whose graceful signal is another",
    summary: "The image stops gracefully on another signal (nginx and php-fpm: SIGQUIT, httpd: SIGWINCH), but a preStop hook or lifecycle.stopSignal sends SIGTERM, its fast shutdown.",
    docs: {
      why: 'Some servers treat SIGTERM as "stop now": nginx closes open connections, php-fpm kills its workers mid-request, Apache httpd aborts requests in flight. Their images set STOPSIGNAL to the graceful signal (SIGQUIT, SIGWINCH), and the runtime sends that after the preStop hook. A hook that runs `nginx -s stop`, `kill 1`, `pkill php-fpm` or `apachectl -k stop` \u2014 or a lifecycle.stopSignal of SIGTERM \u2014 replaces the graceful stop with the fast one, and in-flight requests fail on every rollout.',
      fact: "The runtime sends the image STOPSIGNAL (else SIGTERM) to PID 1 after the preStop hook; lifecycle.stopSignal (KEP-4960) overrides it. nginx: TERM/INT fast shutdown, QUIT graceful; the official image sets STOPSIGNAL SIGQUIT. php-fpm: QUIT graceful. httpd: WINCH graceful-stop; the official image sets STOPSIGNAL SIGWINCH.",
      references: ["https://nginx.org/en/docs/control.html", "https://httpd.apache.org/docs/2.4/stopping.html", "https://github.com/kubernetes/enhancements/issues/4960"],
      fixYaml: `lifecycle:
  preStop:
    sleep:
      seconds: 5     # only the delay; the runtime then sends the image's SIGQUIT
# or, if the hook must stop the server itself:
#   exec: {command: ["nginx", "-s", "quit"]}`,
      verify: ["kubectl -n {namespace} get events --field-selector reason=FailedPreStopHook", 'kubectl -n {namespace} logs <pod> -c {container} --previous | grep -i "signal 15\\|exiting\\|graceful"'],
      exceptions: "Images whose stop signal is SIGTERM or unknown (only Dockerfile STOPSIGNAL, registry configs and the well-known official images are known); signals chosen to be graceful (`nginx -s quit`, `kill -QUIT`)."
    }
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const image = context.index.images.evidence(container.image);
      const stop = image.stopSignal;
      if (!stop || signalName(stop.signal) === "TERM") return false;
      const graceful = signalName(stop.signal);
      const declared = asString(getPath(container.spec, ["lifecycle", "stopSignal"]));
      if (declared && ["TERM", "INT"].includes(signalName(declared))) {
        report({
          container: container.name,
          path: [...container.path, "lifecycle", "stopSignal"],
          message: `container "${container.name}": lifecycle.stopSignal ${declared} replaces the image's graceful SIG${graceful} (${stop.basis}); the server takes the fast shutdown and drops requests in flight.`,
          remediation: `Remove lifecycle.stopSignal, or set it to SIG${graceful}.`,
          fix: { summary: `stop with SIG${graceful}`, edits: [{ path: [...container.path, "lifecycle", "stopSignal"], value: `SIG${graceful}` }] },
          evidence: { stopSignal: `SIG${graceful} \u2014 ${stop.basis}` }
        });
        return true;
      }
      const hook = preStopOf(container);
      if (hook?.kind !== "exec") return true;
      const commands = hook.script ? hook.script.commands.map((c) => c.argv) : [hook.argv ?? []];
      for (const argv of commands) {
        const sent = stopCommand(argv);
        if (!sent || !["TERM", "INT"].includes(sent.signal)) continue;
        const text = argv.join(" ");
        report({
          container: container.name,
          path: [...hook.path, "exec", "command"],
          message: `container "${container.name}": the preStop hook runs \`${text}\`, which sends SIG${sent.signal} \u2014 the server's fast shutdown \u2014 before the runtime can send the image's graceful SIG${graceful} (${stop.basis}); requests in flight are cut off.`,
          remediation: sent.graceful ? `Keep only the delay in the hook and let the runtime send SIG${graceful}; if the hook must stop the server, use \`${sent.graceful}\`.` : `Keep only the delay in the hook and let the runtime send SIG${graceful}, or send SIG${graceful} yourself (\`kill -${graceful} \u2026\`).`,
          ...hook.delaySeconds ? { fix: { summary: `keep only the ${hook.delaySeconds} s delay`, edits: [{ path: hook.path, value: preStopDelayHook(context.version, container, hook.delaySeconds) }] } } : {},
          evidence: { stopSignal: `SIG${graceful} \u2014 ${stop.basis}` }
        });
        return true;
      }
      return true;
    });
  }
});

// src/rules/index.ts
var all = [
  active_deadline_seconds_default,
  grace_period_zero_default,
  prestop_exceeds_grace_default,
  prestop_handler_unsupported_default,
  prestop_kills_pid1_default,
  prestop_missing_default,
  prestop_needs_shell_default,
  prestop_sleep_action_default,
  probe_grace_period_default,
  readiness_probe_missing_default,
  readiness_probe_static_default,
  sidecar_drain_default,
  sleep_action_unsupported_default,
  spring_graceful_shutdown_default,
  stop_signal_unsupported_default,
  unknown_field_default,
  dockerfile_shell_form_default,
  interpreter_pid1_default,
  package_manager_pid1_default,
  shell_pid1_default,
  stop_signal_bypassed_default,
  daemonset_delete_first_gap_default,
  daemonset_on_delete_default,
  daemonset_surge_host_port_default,
  database_in_deployment_default,
  recreate_strategy_default,
  rolling_update_invalid_default,
  rollout_full_outage_default,
  pdb_api_removed_default,
  pdb_blocks_drain_default,
  pdb_missing_default,
  pdb_not_rollout_protection_default,
  pdb_overlap_default,
  pdb_selects_nothing_default,
  pdb_unhealthy_eviction_policy_default,
  pdb_unknown_field_default,
  pdb_unsupported_owner_default,
  single_replica_default
];
var rules = [...all].sort(
  (a, b) => layers.indexOf(a.meta.layer) - layers.indexOf(b.meta.layer) || a.meta.id.localeCompare(b.meta.id)
);
var ruleMetas = rules.map((rule) => rule.meta);
var byId = new Map(ruleMetas.map((meta) => [meta.id, meta]));
function findRule(id) {
  return byId.get(id);
}
var docsBaseUrl = "https://github.com/termination-guard/termination-guard/blob/main/docs/rules";
function docsUrl(meta) {
  return `${docsBaseUrl}/${meta.id}.md`;
}

export {
  imageFacts,
  familyFromCommands,
  knownStopSignal,
  analyzeImagePid1,
  analyzePid1,
  describeStays,
  replicasOf,
  describeReplicas,
  buildWorkload,
  layers,
  layerTitles,
  plural,
  rules,
  ruleMetas,
  findRule,
  docsBaseUrl,
  docsUrl
};
