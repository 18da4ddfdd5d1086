import type { CommandSpec } from '../../images/dockerfile.js';
import { analyzeImagePid1, describeShell, judgePid1, pid1OfImage, shellCondition } from '../../k8s/pid1.js';
import { analyzeScript } from '../../shell/script.js';
import { defineRule } from '../types.js';

/** The exec form of a plain command line: ["gunicorn", "app:app"]. */
function execForm(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

/** A rewrite of the instruction that hands PID 1 (or the init's child) to the program. */
function rewrite(keyword: string, spec: CommandSpec): { text: string; summary: string } | undefined {
  const script = spec.script ?? '';
  const facts = analyzeScript(script);
  if (facts.plainWords && facts.plainWords[0] !== 'exec') {
    return { text: `${keyword} ${execForm(facts.plainWords)}`, summary: 'use the exec form, so the program itself is started' };
  }
  if (facts.execInsertOffset !== undefined) {
    const text = `${script.slice(0, facts.execInsertOffset)}exec ${script.slice(facts.execInsertOffset)}`;
    return { text: `${keyword} ${text.replace(/\s*\n\s*/g, ' ')}`, summary: 'exec the last program, so it replaces the shell' };
  }
  return undefined;
}

export default defineRule({
  target: 'dockerfile',
  meta: {
    id: 'runtime/dockerfile-shell-form',
    layer: 'runtime',
    name: 'dockerfile-shell-form',
    severity: 'warning',
    title: "The image's ENTRYPOINT/CMD hands the stop signal to the program",
    summary: 'A shell-form ENTRYPOINT or CMD (`CMD gunicorn app:app`) runs the program under `/bin/sh -c`; where the shell does not exec it, SIGTERM never reaches the program.',
    docs: {
      why: 'The shell form of ENTRYPOINT and CMD is stored as `["/bin/sh", "-c", "…"]`. The runtime signals PID 1, which is then the shell. Debian and Ubuntu images have dash as /bin/sh; dash does not replace itself with the last command, has no TERM handler as PID 1, and so ignores the signal: the program keeps serving until SIGKILL at the end of the grace period (exit 137). Under tini or dumb-init the shell dies of the forwarded signal at once, the init exits with it, and the kernel SIGKILLs the program before it drains. On FROM scratch and distroless there is no /bin/sh at all and the container does not start.',
      fact: 'Dockerfile reference: shell form = `/bin/sh -c` (or the SHELL instruction). pid_namespaces(7): PID 1 receives only signals it handles. Debian/Ubuntu dash keeps the shell; bash 5.x and BusyBox ash exec the last simple command of `-c`; when PID 1 of a PID namespace exits, the kernel SIGKILLs every other process in it.',
      references: ['https://docs.docker.com/reference/dockerfile/#shell-and-exec-form', 'https://man7.org/linux/man-pages/man7/pid_namespaces.7.html'],
      fixYaml: `# Dockerfile
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]    # exec form: gunicorn is PID 1
# or, when the shell is needed for variables:
CMD exec gunicorn --bind "0.0.0.0:$PORT" app:app`,
      verify: ['kubectl -n {namespace} exec <pod> -c {container} -- cat /proc/1/cmdline | tr "\\0" " "   # should be the program, not /bin/sh -c'],
      exceptions: 'Shell forms that end in `exec`, trap TERM, or run under bash/BusyBox ash with a single final command; images only run by Jobs and CronJobs.',
    },
  },
  check(entry, context, consumers) {
    const image = entry.image;
    if (!image) return null;
    if (consumers.length > 0 && consumers.every((w) => w.runsToCompletion)) return null;
    // The instruction that starts the shell: a shell-form ENTRYPOINT, else a shell-form CMD.
    const spec = image.entrypoint?.form === 'shell' ? image.entrypoint : image.cmd?.form === 'shell' ? image.cmd : undefined;
    if (!spec || (spec === image.cmd && image.entrypoint?.form === 'shell')) return [];
    const keyword = spec === image.entrypoint ? 'ENTRYPOINT' : 'CMD';
    // An exec-form ENTRYPOINT that is not an init gets the shell form CMD as arguments: when the
    // CMD is reached at all, it is through that entrypoint; judged the same way below.
    const evidence = context.index.images.evidenceOfDockerfile(entry);
    const lines = { line: spec.line, endLine: spec.endLine };
    if (evidence.shell === 'none') {
      const words = analyzeScript(spec.script ?? '').plainWords;
      const replacement = words ? { text: `${keyword} ${execForm(words)}`, summary: 'use the exec form: the image has no shell' } : undefined;
      return [
        {
          path: [],
          lines,
          severity: 'error',
          message: `the shell-form ${keyword} runs \`${spec.argv[0]} -c\`, but the image has no shell (${evidence.shellBasis}): the container fails to start.`,
          remediation: replacement ? `Use the exec form: \`${replacement.text}\`.` : `Use the exec form: \`${keyword} ["program", "arg"]\`.`,
          ...(replacement ? { replacement } : {}),
        },
      ];
    }
    const whole = analyzeImagePid1(evidence);
    let shell = whole.shell;
    let handedBy: string | undefined;
    const entrypoint = evidence.entrypoint?.argv ?? [];
    if (keyword === 'CMD' && shell.kind !== 'stays' && entrypoint.length > 0 && !whole.pid1.init && (shell.kind === 'not-a-shell' || shell.kind === 'unknown-script')) {
      // An entrypoint script we cannot read: they almost always end in `exec "$@"`, which makes
      // the CMD's shell PID 1.
      if (/entrypoint|\.sh$/i.test(entrypoint[0])) {
        shell = judgePid1(pid1OfImage({ ...evidence, entrypoint: { argv: [], where: evidence.entrypoint?.where ?? '' } })).shell;
        handedBy = entrypoint[0];
      }
    }
    if (shell.kind !== 'stays') return [];
    const child = shell.child ? `\`${shell.child.join(' ')}\`` : 'the program';
    const init = keyword === 'CMD' ? whole.pid1.init?.name : undefined;
    const fix = rewrite(keyword, spec);
    const opening = shellCondition(shell, child);
    return [
      {
        path: [],
        lines,
        message: init
          ? `${opening}the shell-form CMD runs ${child} under ${describeShell(shell)}; ${init} forwards SIGTERM to the shell, which dies without passing it on, and ${child} is SIGKILLed when ${init} exits.`
          : `${opening}the shell-form ${keyword} makes PID 1 ${describeShell(shell)}${handedBy ? ` (once \`${handedBy}\` hands over with the usual \`exec "$@"\`)` : ''}, which ignores SIGTERM: ${child} never receives it and is SIGKILLed at the end of the grace period (exit 137).`,
        remediation: fix ? `${fix.summary[0].toUpperCase()}${fix.summary.slice(1)}: \`${fix.text}\`.` : `Use the exec form (\`${keyword} ["program", "arg"]\`), or end the command line with \`exec program\`.`,
        ...(fix ? { replacement: fix } : {}),
        evidence: { pid1: `${describeShell(shell)}${shell.assumed ? ' (dash, assumed)' : ''}`, image: evidence.shellBasis },
      },
    ];
  },
});
