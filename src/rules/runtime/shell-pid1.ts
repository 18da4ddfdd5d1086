import { graceOf } from '../../k8s/pod.js';
import { analyzePid1, describeNamedSignal, describeShell, shellCondition } from '../../k8s/pid1.js';
import { checkContainers, isLongRunning, longRunningContainers, seconds } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'runtime/shell-pid1',
    layer: 'runtime',
    name: 'shell-pid1',
    severity: 'warning',
    title: 'The stop signal reaches the app, not a wrapping shell',
    summary: 'A shell wrapper (`sh -c …`, `sh script.sh`) stays PID 1 without forwarding SIGTERM, or defers its trap behind a long foreground command.',
    docs: {
      why: 'The runtime signals PID 1 only. When that is a shell that neither execs the app nor traps TERM, the signal is ignored (PID 1 without a handler) and the app never hears it: it keeps serving until SIGKILL at the end of the grace period (exit 137, full grace spent, no cleanup). A shell that traps TERM but runs a long foreground command (`while true; do sleep 60; done`) only runs the trap after that command returns.',
      fact: 'pid_namespaces(7): init receives only signals it handles. Debian/Ubuntu /bin/sh (dash) does not exec the last command of `sh -c`; bash 5.x and BusyBox ash do; `exec cmd` works everywhere. A preStop hook runs before the stop signal, and a signal sent by name (pidof, pgrep, pkill, killall) reaches the app whatever PID 1 is. POSIX shells run traps only after the foreground command completes, while `wait` returns at once on a trapped signal.',
      references: ['https://man7.org/linux/man-pages/man7/pid_namespaces.7.html', 'https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_29'],
      fixYaml: `command: ["/bin/sh", "-c"]
args:
  - |
    ./prepare-config.sh
    exec ./server --port 8080   # the app becomes PID 1 and receives SIGTERM`,
      verify: [
        'kubectl -n {namespace} exec <pod> -c {container} -- cat /proc/1/cmdline | tr "\\0" " "   # should be the app, not sh',
        "kubectl -n {namespace} get pods -l {selector} -o jsonpath='{range .items[*]}{.status.containerStatuses[*].lastState.terminated.exitCode}{\"\\n\"}{end}'   # 137 after a rollout = signal ignored",
      ],
      exceptions:
        'Scripts that end in `exec`, trap TERM and `wait`, or run under bash/BusyBox with a single final command; a shell PID 1 (no init, no shareProcessNamespace) whose preStop hook signals the app by name (`kill -TERM $(pidof app)`, `pkill app`, `killall app`): the app drains on that signal and the shell exits with it; init containers, Jobs and hooks. On an image whose shell we cannot identify, dash is assumed and the message says "if `/bin/sh` is dash".',
    },
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    const grace = graceOf(workload);
    const sharedPid = workload.podSpec.shareProcessNamespace === true;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const analysis = analyzePid1(container, workload, context.index);
      const { pid1, shell } = analysis;
      if (shell.kind === 'not-a-shell' || shell.kind === 'unknown-script') return false;
      if (shell.kind === 'trap-deferred') {
        const wait = shell.seconds !== undefined ? ` for up to ${seconds(shell.seconds)}` : '';
        const killed = shell.seconds !== undefined && shell.seconds >= grace.seconds;
        report({
          container: container.name,
          path: pid1.path,
          message: `container "${container.name}": the shell traps TERM (\`${shell.action}\`) but then runs \`${shell.blocker}\` in the foreground, so the trap waits${wait}${killed ? `, as long as the grace period (${seconds(grace.seconds)}): expect SIGKILL (137)` : ''}.`,
          remediation: 'Run long commands in the background and `wait` for them (`sleep 60 & wait $!`): a trapped signal interrupts `wait` at once.',
          evidence: { pid1: 'shell with a deferred TERM trap' },
        });
        return true;
      }
      if (shell.kind !== 'stays') return true;
      // A preStop hook that signals the app by name (`kill -TERM $(pidof app)`) reaches it before the
      // runtime signals PID 1. A shell PID 1 ignores the runtime's signal, so the app drains and
      // exits, and the shell, waiting on it, exits with it (TERMINATION-FACTS §10). Under an init,
      // or with a shared PID namespace, the shell dies of the runtime's signal right after the hook.
      const byName = analysis.preStopSignal && !analysis.preStopSignal.toPid1 ? analysis.preStopSignal : undefined;
      if (byName && !pid1.init && !sharedPid) return true;
      const child = shell.child ? `\`${shell.child.join(' ')}\`` : 'the app';
      const condition = shellCondition(shell, child);
      const hook = byName ? `${describeNamedSignal(byName)}, but the app has only until the hook ends to drain: ` : '';
      const where = !pid1.imageWhere
        ? ''
        : pid1.from === 'image'
          ? `. The image's ${pid1.imageWhere} does this (${pid1.image.describe})`
          : `. The args run under the image's ${pid1.imageWhere} (${pid1.image.describe})`;
      const script = pid1.scriptFile ? ` running \`${pid1.scriptFile.file}\`` : '';
      report({
        container: container.name,
        path: pid1.path,
        message: sharedPid
          ? `container "${container.name}": ${hook}${condition}the shell wrapper${script} does not exec ${child}; with shareProcessNamespace it dies of SIGTERM and the runtime SIGKILLs ${child} ${byName ? 'whether it has drained or not' : 'without a chance to drain'}.`
          : pid1.init
            ? `container "${container.name}": ${hook}${condition}${pid1.init.name} forwards SIGTERM to ${describeShell(shell)}${script}, which dies of it without passing it on${pid1.init.groupForward ? ` (${child} gets the signal too, but only for an instant)` : ''}; ${pid1.init.name} exits with the shell and the kernel SIGKILLs ${child} ${byName ? 'whether it has drained or not' : 'before it drains'}${where}.`
            : `container "${container.name}": ${condition}PID 1 will be ${describeShell(shell)}${script}, which ignores SIGTERM; ${child} never receives it and is SIGKILLed after ${seconds(grace.seconds)}, exit 137${where}.`,
        remediation:
          pid1.from === 'manifest'
            ? 'End the script with `exec <app>` so the app becomes PID 1, or run an init (tini, dumb-init) that forwards signals.'
            : `Fix the image: the exec form (\`CMD ["app", "arg"]\`) or \`exec <app>\` at the end of its command line${pid1.image.dockerfile ? ` in ${pid1.image.dockerfile.file}` : ''}; or set \`command\` in the manifest to run the app directly.`,
        evidence: { pid1: `/bin/sh (${shell.family === 'unknown' ? 'any shell' : shell.assumed ? 'dash, assumed' : shell.family})`, signal: byName ? `sent by the preStop hook: ${byName.command}` : 'ignored' },
      });
      return true;
    });
  },
});
