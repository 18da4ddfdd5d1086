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
      fact: 'npm runs scripts with `sh -c` (npm-run-script docs); dash does not exec the last command; PID 1 without a TERM handler ignores SIGTERM (pid_namespaces(7)).',
      references: ['https://docs.npmjs.com/cli/commands/npm-run-script', 'https://man7.org/linux/man-pages/man7/pid_namespaces.7.html'],
      fixYaml: `command: ["node", "server.js"]   # the app is PID 1 and handles SIGTERM itself`,
      verify: ['kubectl -n {namespace} exec <pod> -c {container} -- cat /proc/1/cmdline | tr "\\0" " "'],
    },
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const { pid1, program } = analyzePid1(container, workload, context.index);
      if (!pid1.argv) return false;
      const argv = program ?? pid1.argv;
      const tool = argv[0]?.replace(/^.*\//, '') ?? '';
      if (!packageManager.test(tool)) return true;
      report({
        container: container.name,
        path: pid1.path,
        message: `container "${container.name}" starts the app with \`${argv.join(' ')}\`: ${tool} runs the script through \`sh -c\`, so the app never receives SIGTERM and is SIGKILLed after the grace period.`,
        remediation: 'Run the app directly (`node server.js`), or make the package script `exec node server.js` and run the container with an init such as tini.',
      });
      return true;
    });
  },
});
