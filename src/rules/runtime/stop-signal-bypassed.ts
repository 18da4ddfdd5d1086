import { preStopOf } from '../../k8s/pod.js';
import { asString, getPath } from '../../manifests/objects.js';
import { killCommand } from '../../shell/script.js';
import { signalName } from '../../shell/signals.js';
import { checkContainers, isLongRunning, longRunningContainers, preStopDelayHook } from '../helpers.js';
import { defineRule } from '../types.js';

/** The signal a stop command sends to the server, with the graceful spelling of the same command. */
function stopCommand(argv: readonly string[]): { signal: string; graceful?: string } | undefined {
  const kill = killCommand(argv);
  if (kill) return { signal: kill.signal };
  const name = (argv[0] ?? '').replace(/^.*\//, '');
  if (name === 'nginx' || name === 'openresty') {
    const index = argv.indexOf('-s');
    const action = index >= 0 ? argv[index + 1] : undefined;
    if (action === 'stop') return { signal: 'TERM', graceful: `${name} -s quit` };
    if (action === 'quit') return { signal: 'QUIT' };
    return undefined;
  }
  if (/^(apachectl|apache2ctl|httpd)$/.test(name)) {
    const index = argv.indexOf('-k');
    const action = index >= 0 ? argv[index + 1] : argv[1];
    if (action === 'stop') return { signal: 'TERM', graceful: `${name} -k graceful-stop` };
    if (action === 'graceful-stop') return { signal: 'WINCH' };
  }
  return undefined;
}

export default defineRule({
  target: 'workload',
  meta: {
    id: 'runtime/stop-signal-bypassed',
    layer: 'runtime',
    name: 'stop-signal-bypassed',
    severity: 'warning',
    title: "Nothing sends SIGTERM to a server whose graceful signal is another",
    summary: 'The image stops gracefully on another signal (nginx and php-fpm: SIGQUIT, httpd: SIGWINCH), but a preStop hook or lifecycle.stopSignal sends SIGTERM, its fast shutdown.',
    docs: {
      why: 'Some servers treat SIGTERM as "stop now": nginx closes open connections, php-fpm kills its workers mid-request, Apache httpd aborts requests in flight. Their images set STOPSIGNAL to the graceful signal (SIGQUIT, SIGWINCH), and the runtime sends that after the preStop hook. A hook that runs `nginx -s stop`, `kill 1`, `pkill php-fpm` or `apachectl -k stop` — or a lifecycle.stopSignal of SIGTERM — replaces the graceful stop with the fast one, and in-flight requests fail on every rollout.',
      fact: 'The runtime sends the image STOPSIGNAL (else SIGTERM) to PID 1 after the preStop hook; lifecycle.stopSignal (KEP-4960) overrides it. nginx: TERM/INT fast shutdown, QUIT graceful; the official image sets STOPSIGNAL SIGQUIT. php-fpm: QUIT graceful. httpd: WINCH graceful-stop; the official image sets STOPSIGNAL SIGWINCH.',
      references: ['https://nginx.org/en/docs/control.html', 'https://httpd.apache.org/docs/2.4/stopping.html', 'https://github.com/kubernetes/enhancements/issues/4960'],
      fixYaml: `lifecycle:
  preStop:
    sleep:
      seconds: 5     # only the delay; the runtime then sends the image's SIGQUIT
# or, if the hook must stop the server itself:
#   exec: {command: ["nginx", "-s", "quit"]}`,
      verify: ['kubectl -n {namespace} get events --field-selector reason=FailedPreStopHook', 'kubectl -n {namespace} logs <pod> -c {container} --previous | grep -i "signal 15\\|exiting\\|graceful"'],
      exceptions: 'Images whose stop signal is SIGTERM or unknown (only Dockerfile STOPSIGNAL, registry configs and the well-known official images are known); signals chosen to be graceful (`nginx -s quit`, `kill -QUIT`).',
    },
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const image = context.index.images.evidence(container.image);
      const stop = image.stopSignal;
      if (!stop || signalName(stop.signal) === 'TERM') return false;
      const graceful = signalName(stop.signal);
      const declared = asString(getPath(container.spec, ['lifecycle', 'stopSignal']));
      if (declared && ['TERM', 'INT'].includes(signalName(declared))) {
        report({
          container: container.name,
          path: [...container.path, 'lifecycle', 'stopSignal'],
          message: `container "${container.name}": lifecycle.stopSignal ${declared} replaces the image's graceful SIG${graceful} (${stop.basis}); the server takes the fast shutdown and drops requests in flight.`,
          remediation: `Remove lifecycle.stopSignal, or set it to SIG${graceful}.`,
          fix: { summary: `stop with SIG${graceful}`, edits: [{ path: [...container.path, 'lifecycle', 'stopSignal'], value: `SIG${graceful}` }] },
          evidence: { stopSignal: `SIG${graceful} — ${stop.basis}` },
        });
        return true;
      }
      const hook = preStopOf(container);
      if (hook?.kind !== 'exec') return true;
      const commands = hook.script ? hook.script.commands.map((c) => c.argv) : [hook.argv ?? []];
      for (const argv of commands) {
        const sent = stopCommand(argv);
        if (!sent || !['TERM', 'INT'].includes(sent.signal)) continue;
        const text = argv.join(' ');
        report({
          container: container.name,
          path: [...hook.path, 'exec', 'command'],
          message: `container "${container.name}": the preStop hook runs \`${text}\`, which sends SIG${sent.signal} — the server's fast shutdown — before the runtime can send the image's graceful SIG${graceful} (${stop.basis}); requests in flight are cut off.`,
          remediation: sent.graceful
            ? `Keep only the delay in the hook and let the runtime send SIG${graceful}; if the hook must stop the server, use \`${sent.graceful}\`.`
            : `Keep only the delay in the hook and let the runtime send SIG${graceful}, or send SIG${graceful} yourself (\`kill -${graceful} …\`).`,
          ...(hook.delaySeconds
            ? { fix: { summary: `keep only the ${hook.delaySeconds} s delay`, edits: [{ path: hook.path, value: preStopDelayHook(context.version, container, hook.delaySeconds) }] } }
            : {}),
          evidence: { stopSignal: `SIG${graceful} — ${stop.basis}` },
        });
        return true;
      }
      return true;
    });
  },
});
