// Signal delivery claims: a preStop hook that signals the app by name, and what we say when we
// cannot tell which shell /bin/sh is (TERMINATION-FACTS §4 and §10).
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { defaultConfig } from '../../src/analysis/config.js';
import type { PreStopFacts } from '../../src/k8s/pod.js';
import { namedSignalOf } from '../../src/k8s/pid1.js';
import { analyzeScript } from '../../src/shell/script.js';

function hook(command: string[]): PreStopFacts {
  const shell = command.length === 3 && /(^|\/)sh$/.test(command[0]) && command[1] === '-c';
  return { kind: 'exec', path: [], argv: command, ...(shell ? { script: analyzeScript(command[2]) } : {}) };
}
const sh = (script: string) => hook(['/bin/sh', '-c', script]);

describe('namedSignalOf: a preStop command that signals processes by name', () => {
  it.each([
    ['sleep 5 && kill -SIGTERM $(pidof vault)', ['vault'], false, 'TERM'],
    ['sleep 5; kill -TERM "$(pidof -s app)"', ['app'], false, 'TERM'],
    ['kill `pidof app`', ['app'], false, 'TERM'],
    ["kill -INT $(pgrep -f 'java -jar app.jar')", ['java -jar app.jar'], true, 'INT'],
    ['kill -s QUIT $(pgrep -u www nginx)', ['nginx'], false, 'QUIT'],
    ['sleep 5 && /usr/bin/pkill app', ['app'], false, 'TERM'],
    ['pkill -TERM -u app -f server.js', ['server.js'], true, 'TERM'],
    ['killall -s INT app worker', ['app', 'worker'], false, 'INT'],
  ])('%s', (script, names, fullCommandLine, signal) => {
    expect(namedSignalOf(sh(script))).toMatchObject({ names, fullCommandLine, signal });
  });

  it('reads a hook run without a shell', () => {
    expect(namedSignalOf(hook(['pkill', '-INT', 'app']))).toEqual({ command: 'pkill -INT app', names: ['app'], fullCommandLine: false, signal: 'INT' });
  });

  // loki-distributed's memcached hook (corpus item 16) sends SIGUSR1, memcached's own warm-restart stop.
  it('is not a stop signal by name: PID 1, a pid file, probes, KILL, other signals', () => {
    for (const script of ['sleep 5 && kill -TERM 1', 'kill -TERM $(cat /run/app.pid)', 'while kill -0 $(pidof app); do sleep 1; done', 'pkill -9 app', 'kill -KILL $(pidof app)', 'pkill -USR1 memcached', '/usr/bin/pkill -10 memcached\nsleep 60s', 'pkill', 'kill $(pidof)', 'sleep 10']) {
      expect(namedSignalOf(sh(script)), script).toBeUndefined();
    }
    expect(namedSignalOf({ kind: 'sleep', path: [], delaySeconds: 5 })).toBeUndefined();
  });

  it("counts the image's own stop signal", () => {
    expect(namedSignalOf(sh('pkill -WINCH httpd'))).toBeUndefined();
    expect(namedSignalOf(sh('pkill -WINCH httpd'), 'WINCH')).toMatchObject({ names: ['httpd'], signal: 'WINCH' });
  });
});

interface Container {
  name?: string;
  image: string;
  command?: string[];
  preStop?: string;
}

function manifest(containers: Container[], extra = ''): string {
  const specs = containers.map(({ name = 'app', image, command, preStop }) =>
    [
      `        - name: ${name}`,
      `          image: ${image}`,
      ...(command ? [`          command: ${JSON.stringify(command)}`] : []),
      ...(preStop ? ['          lifecycle:', '            preStop:', '              exec:', `                command: ${JSON.stringify(['/bin/sh', '-c', preStop])}`] : []),
    ].join('\n'),
  );
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:${extra}
      containers:
${specs.join('\n')}
`;
}

function run(containers: Container[], extra = '') {
  const result = analyze([{ path: 'deploy.yaml', content: manifest(containers, extra) }], { config: defaultConfig });
  const messages = (rule: string) => result.findings.filter((f) => f.ruleId === `runtime/${rule}`).map((f) => f.message);
  const findings = (rule: string) => result.findings.filter((f) => f.ruleId === `runtime/${rule}`);
  const cell = (container = 'app') => result.subjects.find((s) => s.kind === 'workload')?.facts.containers?.find((c) => c.name === container)?.pid1 ?? '';
  return { messages, findings, cell };
}

const wrapped = ['/bin/sh', '-ec', 'cp /config/app.hcl /tmp/app.hcl\n/usr/local/bin/server -config=/tmp/app.hcl'];

describe('runtime/shell-pid1 and the checklist: a preStop hook that signals the app by name', () => {
  it('passes a shell PID 1 whose hook signals the app, and the checklist says how the signal arrives', () => {
    const { messages, cell } = run([{ image: 'debian:12', command: wrapped, preStop: 'sleep 5 && kill -SIGTERM $(pidof server)' }]);
    expect(messages('shell-pid1')).toEqual([]);
    expect(cell()).toBe('`/bin/sh` (dash, Debian/Ubuntu image: /bin/sh is dash), which ignores SIGTERM; the preStop hook signals `server` by name (`kill -SIGTERM $(pidof server)`)');
    expect(cell()).not.toMatch(/never receives|137/);
  });

  it('names a pkill -f pattern as a command line', () => {
    const { messages, cell } = run([{ image: 'debian:12', command: wrapped, preStop: "sleep 5; pkill -f 'server -config'" }]);
    expect(messages('shell-pid1')).toEqual([]);
    expect(cell()).toContain("the preStop hook signals `server -config` by command line (`pkill -f server -config`)");
  });

  it('under an init, the app has only until the hook ends: the shell dies of the forwarded SIGTERM', () => {
    const { messages, cell } = run([{ image: 'debian:12', command: ['tini', '--', ...wrapped], preStop: 'sleep 5 && pkill server' }]);
    expect(messages('shell-pid1')).toEqual([
      'Deployment web: container "app": the preStop hook signals `server` by name (`pkill server`), but the app has only until the hook ends to drain: tini forwards SIGTERM to `/bin/sh` (dash, Debian/Ubuntu image: /bin/sh is dash), which dies of it without passing it on; tini exits with the shell and the kernel SIGKILLs `/usr/local/bin/server -config=/tmp/app.hcl` whether it has drained or not.',
    ]);
    expect(cell()).toContain('; the preStop hook signals `server` by name (`pkill server`), but the app has only until the hook ends to drain');
  });

  it('with shareProcessNamespace, likewise', () => {
    const { messages } = run([{ image: 'debian:12', command: wrapped, preStop: 'sleep 5 && pkill server' }], '\n      shareProcessNamespace: true');
    expect(messages('shell-pid1')).toEqual([
      'Deployment web: container "app": the preStop hook signals `server` by name (`pkill server`), but the app has only until the hook ends to drain: the shell wrapper does not exec `/usr/local/bin/server -config=/tmp/app.hcl`; with shareProcessNamespace it dies of SIGTERM and the runtime SIGKILLs `/usr/local/bin/server -config=/tmp/app.hcl` whether it has drained or not.',
    ]);
  });

  it('a hook that names the shell PID 1 delivers nothing', () => {
    const { messages, cell } = run([{ image: 'debian:12', command: wrapped, preStop: 'sleep 5 && pkill -x sh' }]);
    expect(messages('shell-pid1')).toHaveLength(1);
    expect(messages('shell-pid1')[0]).toContain('never receives it and is SIGKILLed after 30 s, exit 137');
    expect(cell()).toContain('never receives it');
  });

  it('the interpreter as PID 1 gets nothing from a hook that names it', () => {
    const { messages } = run([{ image: 'node:22', command: ['node', 'server.js'], preStop: 'sleep 5 && kill -TERM $(pidof node)' }]);
    expect(messages('interpreter-pid1')).toHaveLength(1);
    expect(messages('interpreter-pid1')[0]).toContain(
      "The preStop hook's `kill -TERM $(pidof node)` selects `node` by name, which is PID 1 itself: from inside the namespace too, PID 1 receives only the signals it handles.",
    );
  });

  it('npm start: the hook reaches the app, but npm takes it down right after', () => {
    const { messages } = run([{ image: 'node:22', command: ['npm', 'start'], preStop: 'sleep 5 && kill -TERM $(pidof node)' }]);
    expect(messages('package-manager-pid1')).toEqual([
      'Deployment web: container "app" starts the app with `npm start`: npm runs the script through `sh -c`, which stays in between: the preStop hook\'s `kill -TERM $(pidof node)` does signal the app, but right after the hook the runtime\'s SIGTERM reaches npm, which passes it to that shell (npm and yarn forward it); the shell dies of it and the app is SIGKILLed with npm whether it has drained or not.',
    ]);
    expect(messages('package-manager-pid1')[0]).not.toContain('never receives');
  });
});

describe('claims on an image whose shell we cannot identify: "if /bin/sh is dash"', () => {
  it('runtime/shell-pid1: a -ec script whose last line starts the server', () => {
    const { messages, cell } = run([{ image: 'example.com/acme/vault:1.18', command: wrapped }]);
    expect(messages('shell-pid1')).toEqual([
      'Deployment web: container "app": if `/bin/sh` is dash (unknown base image; bash and BusyBox ash would exec `/usr/local/bin/server -config=/tmp/app.hcl` instead), PID 1 will be `/bin/sh`, which ignores SIGTERM; `/usr/local/bin/server -config=/tmp/app.hcl` never receives it and is SIGKILLed after 30 s, exit 137.',
    ]);
    expect(cell()).toBe(
      '`/bin/sh`, which stays PID 1 if it is dash (unknown base image; bash and BusyBox ash would exec `/usr/local/bin/server -config=/tmp/app.hcl`) and ignores SIGTERM; `/usr/local/bin/server -config=/tmp/app.hcl` then never receives it',
    );
  });

  it('no hedge where the family is known by name', () => {
    const vault = run([{ image: 'hashicorp/vault:1.18.1', command: wrapped }]);
    expect(vault.messages('shell-pid1')).toEqual([]);
    expect(vault.cell()).toBe('`/usr/local/bin/server -config=/tmp/app.hcl`');
    const bitnami = run([{ image: 'bitnami/nginx:1.27', command: wrapped }]);
    expect(bitnami.messages('shell-pid1')[0]).toContain('PID 1 will be `/bin/sh` (dash, Bitnami image (Debian, bitnami/minideb): /bin/sh is dash), which ignores SIGTERM');
  });

  it('no family where no shell would exec the last command', () => {
    const { messages, findings } = run([{ image: 'example.com/acme/api:2', command: ['/bin/sh', '-c', './migrate && ./api'] }]);
    expect(messages('shell-pid1')).toEqual(['Deployment web: container "app": PID 1 will be `/bin/sh` (unknown base image), which ignores SIGTERM; `./api` never receives it and is SIGKILLed after 30 s, exit 137.']);
    expect(findings('shell-pid1')[0]?.evidence).toMatchObject({ pid1: '/bin/sh (any shell)' });
  });

  it('under an init', () => {
    const { messages } = run([{ image: 'example.com/acme/api:2', command: ['tini', '--', '/bin/sh', '-c', './prepare; ./api'] }]);
    expect(messages('shell-pid1')[0]).toBe(
      'Deployment web: container "app": if `/bin/sh` is dash (unknown base image; bash and BusyBox ash would exec `./api` instead), tini forwards SIGTERM to `/bin/sh`, which dies of it without passing it on; tini exits with the shell and the kernel SIGKILLs `./api` before it drains.',
    );
  });

  it('runtime/package-manager-pid1: hedged when unknown, a note where ash execs a single-command script', () => {
    const unknown = run([{ image: 'example.com/shop/web:3', command: ['npm', 'start'] }]);
    expect(unknown.messages('package-manager-pid1')).toEqual([
      'Deployment web: container "app" starts the app with `npm start`: if `/bin/sh` is dash (unknown base image; bash and BusyBox ash would exec a script that is a single command), npm runs the script through `sh -c`, so the app never receives SIGTERM and is SIGKILLed after the grace period.',
    ]);
    const alpine = run([{ image: 'node:22-alpine', command: ['npm', 'start'] }]);
    expect(alpine.findings('package-manager-pid1').map((f) => [f.severity, f.message])).toEqual([
      [
        'info',
        'Deployment web: container "app" starts the app with `npm start`: npm runs the package script through `sh -c` (ash, Alpine/BusyBox image: /bin/sh is BusyBox ash), which execs a script that is a single command; a longer script keeps the shell in between, and then the app never receives SIGTERM and is SIGKILLed after the grace period.',
      ],
    ]);
    const debian = run([{ image: 'node:22', command: ['npm', 'start'] }]);
    expect(debian.findings('package-manager-pid1').map((f) => [f.severity, f.message])).toEqual([
      ['warning', 'Deployment web: container "app" starts the app with `npm start`: npm runs the script through `sh -c`, so the app never receives SIGTERM and is SIGKILLed after the grace period.'],
    ]);
  });

  it('runtime/dockerfile-shell-form: a shell-form CMD on an unknown base', () => {
    const result = analyze([{ path: 'deploy.yaml', content: manifest([{ image: 'ghcr.io/acme/shop/api:1' }]) }], {
      config: defaultConfig,
      images: { files: [{ path: 'api/Dockerfile', content: 'FROM acme/runtime-base:1\nCOPY server /usr/local/bin/server\nCMD server --port 8080\n' }], repository: 'acme/shop' },
    });
    const messages = result.findings.filter((f) => f.ruleId === 'runtime/dockerfile-shell-form').map((f) => f.message);
    expect(messages).toEqual([
      'Dockerfile api/Dockerfile: if `/bin/sh` is dash (from `acme/runtime-base:1`, an unknown base; bash and BusyBox ash would exec `server --port 8080` instead), the shell-form CMD makes PID 1 `/bin/sh`, which ignores SIGTERM: `server --port 8080` never receives it and is SIGKILLed at the end of the grace period (exit 137).',
    ]);
  });
});

// Issue 16 (c): option arguments are not names, and `-s`/`-n` mean what each tool says.
describe('namedSignalOf: options that take an argument', () => {
  it.each([
    ['sleep 5; pkill -s 1234 app', ['app'], 'TERM'],
    ['sleep 5; pkill -n app', ['app'], 'TERM'],
    ['killall -n 42 app', ['app'], 'TERM'],
    ['pkill -fu www server.js', ['server.js'], 'TERM'],
  ])('%s', (script, names, signal) => {
    expect(namedSignalOf(sh(script))).toMatchObject({ names, signal });
  });
});
