import { effectiveShell } from '../../k8s/images.js';
import { analyzePid1 } from '../../k8s/pid1.js';
import { checkContainers, isLongRunning, longRunningContainers } from '../helpers.js';
import { defineRule } from '../types.js';

const packageManager = /^(npm|yarn|pnpm|bun)$/;

export default defineRule({
  target: 'workload',
  meta: {
    id: 'runtime/package-manager-pid1',
    layer: 'runtime',
    name: 'package-manager-pid1',
    severity: 'warning',
    title: 'The app is started directly, not through npm/yarn/pnpm',
    summary: '`npm start` (or yarn/pnpm) as the container process runs the app behind `sh -c`, so SIGTERM never reaches it.',
    docs: {
      why: '`npm start` runs the package script through `sh -c`. On Debian-based node images that is dash, which stays in between: npm is PID 1, the app is its grandchild, and SIGTERM from the kubelet never reaches the app. The pod waits out the whole grace period and is SIGKILLed: open requests fail and shutdown hooks never run.',
      fact: 'npm runs scripts with `sh -c` (npm-run-script docs) and passes SIGTERM on to that shell; dash does not exec the last command, bash 5.x and BusyBox ash exec a single final command; PID 1 without a TERM handler ignores SIGTERM (pid_namespaces(7)).',
      references: ['https://docs.npmjs.com/cli/commands/npm-run-script', 'https://man7.org/linux/man-pages/man7/pid_namespaces.7.html'],
      fixYaml: `command: ["node", "server.js"]   # the app is PID 1 and handles SIGTERM itself`,
      verify: ['kubectl -n {namespace} exec <pod> -c {container} -- cat /proc/1/cmdline | tr "\\0" " "'],
      exceptions:
        'On BusyBox ash and bash images the shell execs a package script that is a single command, so the finding is only a note there. A preStop hook that signals the app by name (`pkill node`) reaches it, but the package manager takes it down when the runtime signals it right after the hook. Where the image is unknown, dash is assumed and the message says "if `/bin/sh` is dash".',
    },
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const { pid1, program, preStopSignal } = analyzePid1(container, workload, context.index);
      if (!pid1.argv) return false;
      const argv = program ?? pid1.argv;
      const tool = argv[0]?.replace(/^.*\//, '') ?? '';
      if (!packageManager.test(tool)) return true;
      const { family, assumed } = effectiveShell('sh', pid1.image);
      const execsSingle = family === 'ash' || family === 'bash';
      const byName = preStopSignal && !preStopSignal.toPid1 ? preStopSignal : undefined;
      // The app under the shell gets a by-name signal from the hook; the runtime's SIGTERM follows
      // right after it, and the package manager passes it to the shell, which dies of it.
      const outcome = byName
        ? `the preStop hook's \`${byName.command}\` does signal the app, but right after the hook the runtime's SIGTERM reaches ${tool}, which passes it to that shell (npm and yarn forward it); the shell dies of it and the app is SIGKILLed with ${tool} whether it has drained or not`
        : 'the app never receives SIGTERM and is SIGKILLed after the grace period';
      report({
        container: container.name,
        path: pid1.path,
        ...(execsSingle ? { severity: 'info' as const } : {}),
        message: execsSingle
          ? `container "${container.name}" starts the app with \`${argv.join(' ')}\`: ${tool} runs the package script through \`sh -c\` (${family}, ${pid1.image.shellBasis}), which execs a script that is a single command; a longer script keeps the shell in between, and then ${outcome}.`
          : `container "${container.name}" starts the app with \`${argv.join(' ')}\`: ${assumed ? `if \`/bin/sh\` is dash (${pid1.image.shellBasis}; bash and BusyBox ash would exec a script that is a single command), ` : ''}${tool} runs the script through \`sh -c\`${byName ? `, which stays in between: ${outcome}` : `, so ${outcome}`}.`,
        remediation: 'Run the app directly (`node server.js`), or make the package script `exec node server.js` and run the container with an init such as tini.',
      });
      return true;
    });
  },
});
