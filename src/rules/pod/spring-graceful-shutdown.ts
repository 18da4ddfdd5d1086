import { asArray, asRecord, asString, namespaceOf } from '../../manifests/objects.js';
import { graceOf, preStopOf } from '../../k8s/pod.js';
import { checkContainers, isLongRunning, seconds } from '../helpers.js';
import { defineRule } from '../types.js';

/** Spring Boot's spring.lifecycle.timeout-per-shutdown-phase default. */
const defaultPhaseTimeout = 30;

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/spring-graceful-shutdown',
    layer: 'pod',
    name: 'spring-graceful-shutdown',
    severity: 'info',
    title: 'Spring Boot apps shut down gracefully within the grace period',
    summary: 'A Spring Boot container without server.shutdown=graceful (needed before Boot 3.4), or whose shutdown phase (30 s by default) plus preStop does not fit the grace period.',
    docs: {
      why: 'Before Spring Boot 3.4 the embedded server stops at once on SIGTERM: in-flight requests are cut. With graceful shutdown on, Boot waits up to spring.lifecycle.timeout-per-shutdown-phase (30 s by default) — exactly the default grace period, so any preStop delay pushes the total past it and the JVM is SIGKILLed mid-drain (exit 137).',
      fact: 'Spring Boot reference: server.shutdown=graceful (default "graceful" from 3.4, "immediate" before); spring.lifecycle.timeout-per-shutdown-phase defaults to 30s. The kubelet\'s grace period covers preStop + shutdown (TERMINATION-FACTS §1, §9).',
      references: ['https://docs.spring.io/spring-boot/reference/web/graceful-shutdown.html'],
      fixYaml: `env:
  - name: SERVER_SHUTDOWN
    value: graceful
  - name: SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE
    value: 20s
terminationGracePeriodSeconds: 40   # preStop 10 s + 20 s + buffer`,
      verify: ['kubectl -n {namespace} exec <pod> -c {container} -- env | grep -i shutdown', 'kubectl -n {namespace} logs <pod> -c {container} --previous | grep -i "graceful shutdown"'],
      exceptions: 'Only containers recognisably Spring Boot (SPRING_* environment, /actuator probes or a spring image); the Boot version is not visible, so a missing setting is reported as info.',
    },
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(workload.containers, (container, report) => {
      if (container.role !== 'main') return false;
      const env = asArray(container.spec.env).map(asRecord);
      const names = env.map((e) => asString(e?.name) ?? '');
      const probePaths = ['readinessProbe', 'livenessProbe'].map((p) => asString(asRecord(asRecord(container.spec[p])?.httpGet)?.path) ?? '');
      const spring = names.some((n) => n.startsWith('SPRING_') || n === 'SERVER_SHUTDOWN') || probePaths.some((p) => p.startsWith('/actuator')) || /spring/i.test(container.image);
      if (!spring) return false;
      // Settings can come from env, SPRING_APPLICATION_JSON or ConfigMaps passed with envFrom.
      const settings = env.map((e) => `${asString(e?.name) ?? ''}=${asString(e?.value) ?? ''}`).join('\n');
      const fromConfigMaps = asArray(container.spec.envFrom)
        .map((e) => asString(asRecord(asRecord(e)?.configMapRef)?.name))
        .flatMap((name) => (name ? Object.entries(context.index.configMapData(namespaceOf(workload.object.ref), name) ?? {}) : []))
        .map(([k, v]) => `${k}=${v}`)
        .join('\n');
      const all = `${settings}\n${fromConfigMaps}`;
      const graceful = /(SERVER_SHUTDOWN=graceful|server\.shutdown["']?\s*[:=]\s*["']?graceful)/i.test(all);
      const phase = /(SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE=|timeout-per-shutdown-phase["']?\s*[:=]\s*["']?)(\d+)(s?)/i.exec(all);
      const phaseSeconds = phase ? Number(phase[2]) : defaultPhaseTimeout;
      const grace = graceOf(workload);
      const delay = preStopOf(container)?.delaySeconds ?? 0;
      if (!graceful) {
        report({
          container: container.name,
          path: [...container.path, 'name'],
          message: `container "${container.name}" looks like Spring Boot and does not set server.shutdown=graceful: before Boot 3.4 the server stops at once on SIGTERM and cuts in-flight requests.`,
          remediation: 'Set SERVER_SHUTDOWN=graceful (or server.shutdown=graceful) unless the app runs Spring Boot ≥ 3.4, and keep the shutdown phase timeout below the grace period minus the preStop delay.',
        });
      } else if (delay + phaseSeconds >= grace.seconds) {
        report({
          container: container.name,
          severity: 'warning',
          path: grace.path,
          message: `container "${container.name}": preStop (${seconds(delay)}) + Spring's shutdown phase (${seconds(phaseSeconds)}${phase ? '' : ', default'}) reach the grace period (${seconds(grace.seconds)}${grace.explicit ? '' : ', default'}): a slow drain ends in SIGKILL (137).`,
          remediation: `Raise terminationGracePeriodSeconds to at least ${delay + phaseSeconds + 5}, or lower spring.lifecycle.timeout-per-shutdown-phase.`,
          fix: { summary: `terminationGracePeriodSeconds: ${delay + phaseSeconds + 5}`, edits: [{ path: grace.path, value: delay + phaseSeconds + 5 }] },
        });
      }
      return true;
    });
  },
});
