import { analyzePid1 } from '../../k8s/pid1.js';
import { checkContainers, isLongRunning, longRunningContainers } from '../helpers.js';
import { defineRule } from '../types.js';

/** Interpreters that leave SIGTERM at its default disposition unless the program installs a handler. */
const interpreters = /^(node|nodejs|python[0-9.]*|deno)$/;
/** Python servers that install their own SIGTERM handling. */
const handlesSignals = /^(gunicorn|uvicorn|hypercorn|daphne|celery|waitress|granian)$/;
const supervisors = /^(supervisord|s6-svscan|runsvdir)$/;

export default defineRule({
  target: 'workload',
  meta: {
    id: 'runtime/interpreter-pid1',
    layer: 'runtime',
    name: 'interpreter-pid1',
    severity: 'info',
    title: 'Interpreters as PID 1 handle SIGTERM or run under an init',
    summary: 'node or python runs as PID 1 without an init; unless the program installs a SIGTERM handler, the signal is ignored.',
    docs: {
      why: 'As PID 1 a process receives only signals it has a handler for. Node.js and CPython leave SIGTERM at its default disposition, so a program that never calls process.on("SIGTERM") / signal.signal(SIGTERM, …) ignores the kubelet and is SIGKILLed when the grace period ends. We cannot see the program, so this is a reminder, not a verdict.',
      fact: 'pid_namespaces(7); measured: Node.js as PID 1 without a SIGTERM handler ignores SIGTERM. The Pod API has no `--init`; the image must bring tini or dumb-init.',
      references: ['https://man7.org/linux/man-pages/man7/pid_namespaces.7.html', 'https://nodejs.org/api/process.html#signal-events'],
      fixYaml: `command: ["tini", "--", "node", "server.js"]   # or handle SIGTERM in the app`,
      verify: ['kubectl -n {namespace} exec <pod> -c {container} -- cat /proc/1/status | grep SigCgt   # bit 15 (0x4000) set = TERM handled'],
      exceptions: 'Servers known to handle signals (gunicorn, uvicorn, celery…), and anything started under tini/dumb-init.',
    },
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const { pid1, program, preStopSignal } = analyzePid1(container, workload, context.index);
      if (!pid1.argv || !program?.length) return false;
      const name = program[0].replace(/^.*\//, '');
      if (pid1.init || supervisors.test(name) || !interpreters.test(name)) return true;
      const moduleIndex = program.indexOf('-m');
      if (moduleIndex !== -1 && handlesSignals.test(program[moduleIndex + 1] ?? '')) return true;
      report({
        container: container.name,
        path: pid1.path,
        message: `container "${container.name}": \`${name}\` runs as PID 1 without an init${pid1.replacedInit ? ` (\`command\` replaces the image's ENTRYPOINT, ${pid1.replacedInit})` : pid1.imageWhere ? ` (${pid1.imageWhere})` : ''}; unless the program handles SIGTERM itself, the signal is ignored and the pod is SIGKILLed at the end of the grace period.${preStopSignal?.toPid1 ? ` The preStop hook's \`${preStopSignal.command}\` selects \`${name}\` by name, which is PID 1 itself: from inside the namespace too, PID 1 receives only the signals it handles.` : ''}`,
        remediation: `Handle SIGTERM in the program (drain, then exit), or start it under tini/dumb-init: \`["tini", "--", ${program.map((a) => JSON.stringify(a)).join(', ')}]\`.`,
      });
      return true;
    });
  },
});
