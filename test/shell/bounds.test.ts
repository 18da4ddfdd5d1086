// Issue 15 §6: a shell script in a manifest or a Dockerfile is hostile input. However deep or
// long it is, its analysis ends in bounded time with facts or with a reason, never an exception
// that takes the rest of the run with it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { defaultConfig } from '../../src/analysis/config.js';
import { type AnalysisResult, analyze } from '../../src/analysis/engine.js';
import type { SourceFile } from '../../src/manifests/parse.js';
import { analyzeScript, maxScriptLength, maxScriptNesting, maxScriptNodes } from '../../src/shell/script.js';

const stages = (count: number, word = 'cat', separator = ' | ') => Array.from({ length: count }, () => word).join(separator);

/** The hostile scripts of the issue, and their cousins. */
const deepScripts: Record<string, string> = {
  'a 600-stage pipeline': stages(600),
  'a 5,000-stage pipeline': stages(5000),
  'a 600-command && chain': stages(600, 'true', ' && '),
  'a 600-command || chain': stages(600, 'true', ' || '),
  '600 nested subshells': `${'('.repeat(600)}true${')'.repeat(600)}`,
  '600 nested command substitutions': `echo ${'$('.repeat(600)}true${')'.repeat(600)}`,
  '600 nested blocks': `${'{ '.repeat(600)}true;${' };'.repeat(600)}`,
  '150 nested subshells': `${'( '.repeat(150)}exec app${' )'.repeat(150)}`,
  '3,000 nested ifs': `${'if a; then '.repeat(3000)}exec app${'; fi'.repeat(3000)}`,
  'a right-nested arithmetic assignment': `echo $(( ${stages(3000, 'a', ' = ')} ))`,
  'nested backquotes': `echo ${'`echo \\'.repeat(40)}`,
};

function containerManifest(name: string, fields: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  replicas: 2',
    '  selector:',
    `    matchLabels: { app: ${name} }`,
    '  template:',
    '    metadata:',
    `      labels: { app: ${name} }`,
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: registry.example/app:1.0',
    fields,
    '',
  ].join('\n');
}

/** A known-bad neighbour whose findings must survive whatever happens to the hostile file. */
const neighbour: SourceFile = {
  path: 'deploy/neighbour.yaml',
  content: containerManifest('neighbour', ['          command: ["/bin/sh", "-c", "./prepare && node server.js"]', '          ports: [{ containerPort: 8080 }]'].join('\n')),
};

const yamlString = (text: string) => JSON.stringify(text);

function hostileFiles(script: string): Record<string, { manifests: SourceFile[]; images?: SourceFile[] }> {
  return {
    'a container command': {
      manifests: [{ path: 'deploy/hostile.yaml', content: containerManifest('hostile', `          command: ["sh", "-c", ${yamlString(script)}]`) }],
    },
    'a container args under a shell command': {
      manifests: [{ path: 'deploy/hostile.yaml', content: containerManifest('hostile', `          command: ["/bin/bash", "-ec"]\n          args: [${yamlString(script)}]`) }],
    },
    'a preStop exec hook': {
      manifests: [
        {
          path: 'deploy/hostile.yaml',
          content: containerManifest('hostile', `          lifecycle:\n            preStop:\n              exec:\n                command: ["/bin/sh", "-c", ${yamlString(script)}]`),
        },
      ],
    },
    'a Dockerfile CMD and RUN': {
      manifests: [],
      images: [{ path: 'Dockerfile', content: `FROM debian:12-slim\nRUN ${script.replace(/\n/g, ' ')}\nCMD ${script.replace(/\n/g, ' ')}\n` }],
    },
    'an entrypoint script the Dockerfile copies in': {
      manifests: [{ path: 'deploy/hostile.yaml', content: containerManifest('hostile', '          image: registry.example/entry:1.0').replace('          image: registry.example/app:1.0\n', '') }],
      images: [
        { path: 'entry/Dockerfile', content: 'FROM debian:12-slim\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n' },
        { path: 'entry/start.sh', content: `#!/bin/sh\n${script}\n` },
      ],
    },
  };
}

function run(manifests: SourceFile[], images: SourceFile[] = []): AnalysisResult {
  return analyze(manifests, { config: defaultConfig, ...(images.length > 0 ? { images: { files: images, repository: 'acme/shop' } } : {}) });
}

const findingsOf = (result: AnalysisResult, file: string) => result.findings.filter((f) => f.file === file).map((f) => `${f.ruleId} ${f.line}: ${f.message}`);

describe('analyzeScript on hostile syntax', () => {
  for (const [name, script] of Object.entries(deepScripts)) {
    it(`returns facts or a reason for ${name}, without throwing`, () => {
      const facts = analyzeScript(script);
      if (!facts.parsed) expect(facts.error).toMatch(/\w/);
    });
  }

  it('still analyses a long pipeline or chain: they are lists, not nesting', () => {
    const chain = analyzeScript(`${stages(600, './step', ' && ')} && exec app`);
    expect(chain.parsed).toBe(true);
    expect(chain.endsWithExec).toBe(true);
    expect(chain.commands).toHaveLength(601);
    const pipeline = analyzeScript(`trap 'exit 0' TERM\n${stages(600)}\nsleep 5`);
    expect(pipeline.parsed).toBe(true);
    expect(pipeline.commands).toHaveLength(602);
    expect(pipeline.trapDeferredBy).toEqual({ text: 'sleep 5', seconds: 5 });
    expect(analyzeScript(stages(600, 'sleep 1', ' && ')).sleepSeconds).toBe(600);
  });

  it(`names the limit when a script nests deeper than ${maxScriptNesting} levels`, () => {
    const facts = analyzeScript(`${'( '.repeat(maxScriptNesting + 1)}exec app${' )'.repeat(maxScriptNesting + 1)}`);
    expect(facts).toMatchObject({ parsed: false, limited: true });
    expect(facts.error).toMatch(new RegExp(`nest.*deeper than ${maxScriptNesting}`));
    // The same reason when the parser itself runs out of stack first.
    expect(analyzeScript(deepScripts['600 nested subshells'])).toMatchObject({ parsed: false, limited: true, error: expect.stringMatching(/nest/) });
    // Within the limit: analysed.
    expect(analyzeScript(`${'( '.repeat(20)}exec app${' )'.repeat(20)}`).parsed).toBe(true);
  });

  it(`refuses a script longer than ${maxScriptLength} characters before parsing it`, () => {
    const long = `${'echo hello world "$x" | grep -v foo > /dev/null\n'.repeat(5000)}exec app`;
    expect(long.length).toBeGreaterThan(maxScriptLength);
    const facts = analyzeScript(long);
    expect(facts).toMatchObject({ parsed: false, limited: true, commands: [] });
    expect(facts.error).toContain(maxScriptLength.toLocaleString('en-US'));
  });

  it(`stops after ${maxScriptNodes} syntax nodes`, () => {
    // 2 characters a command: within the size cap, over the node budget.
    const dense = 'a;'.repeat(Math.floor(maxScriptLength / 2) - 1);
    expect(dense.length).toBeLessThanOrEqual(maxScriptLength);
    const facts = analyzeScript(dense);
    expect(facts).toMatchObject({ parsed: false, limited: true });
    expect(facts.error).toContain(maxScriptNodes.toLocaleString('en-US'));
  });

  it('slices words by character, not by UTF-8 byte offset', () => {
    const facts = analyzeScript('grüß="ä"; echo "ü$(date)" "${HOME}"\nexec node "ü.js"');
    expect(facts.commands.map((c) => c.argv)).toEqual([['grüß=ä'], ['echo', 'ü$(date)', '${HOME}'], ['date'], ['node', 'ü.js']]);
    expect(facts.lastArgv).toEqual(['node', 'ü.js']);
    const insert = analyzeScript('echo "ü" && gunicorn app');
    expect('echo "ü" && gunicorn app'.slice(insert.execInsertOffset)).toBe('gunicorn app');
  });
});

describe('a hostile script in a run', () => {
  const alone = findingsOf(run([neighbour]), neighbour.path);

  it('the neighbour has findings of its own', () => {
    expect(alone.length).toBeGreaterThan(0);
  });

  for (const [scriptName, script] of Object.entries({
    '600-stage pipeline': deepScripts['a 600-stage pipeline'],
    '600 nested subshells': deepScripts['600 nested subshells'],
    '600 nested command substitutions': deepScripts['600 nested command substitutions'],
    '600-command && chain': deepScripts['a 600-command && chain'],
    '3,000 nested ifs': deepScripts['3,000 nested ifs'],
    'a 100 KB script': 'echo hello world | grep -v foo\n'.repeat(3500),
  })) {
    for (const [where, files] of Object.entries(hostileFiles(script))) {
      it(`${scriptName} in ${where}: no exception, the neighbour's findings kept`, () => {
        const result = run([...files.manifests, neighbour], files.images);
        expect(findingsOf(result, neighbour.path)).toEqual(alone);
      });
    }
  }

  it('an unanalysable script is an unknown verdict with its reason, not a finding', () => {
    const files = hostileFiles(deepScripts['600 nested subshells'])['a container command'];
    const result = run(files.manifests);
    expect(result.findings.filter((f) => f.ruleId === 'runtime/shell-pid1')).toEqual([]);
  });
});

describe('the CLI on the issue\'s reproduction', () => {
  it('a 600-stage pipeline in a command, a preStop and a Dockerfile RUN and CMD: every file\'s findings, no RangeError, exit 0 or 1', () => {
    const script = deepScripts['a 600-stage pipeline'];
    const dir = mkdtempSync(join(tmpdir(), 'tg-shell-bounds-'));
    try {
      const files: SourceFile[] = [
        neighbour,
        { path: 'deploy/command.yaml', content: containerManifest('command', `          command: ["sh", "-c", ${yamlString(script)}]`) },
        {
          path: 'deploy/prestop.yaml',
          content: containerManifest('prestop', `          lifecycle:\n            preStop:\n              exec:\n                command: ["/bin/sh", "-c", ${yamlString(script)}]`),
        },
        { path: 'svc/Dockerfile', content: `FROM debian:12-slim\nRUN ${script}\nCMD ${script}\n` },
      ];
      for (const file of files) {
        mkdirSync(dirname(join(dir, file.path)), { recursive: true });
        writeFileSync(join(dir, file.path), file.content);
      }
      const result = spawnSync(process.execPath, [join(inject('freshDist'), 'cli.js'), 'check', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(result.stderr).not.toMatch(/RangeError|Maximum call stack|\n\s+at /);
      expect([0, 1]).toContain(result.status);
      const report = JSON.parse(result.stdout) as AnalysisResult;
      expect(report.findings.filter((f) => f.file === neighbour.path).map((f) => `${f.ruleId} ${f.line}: ${f.message}`)).toEqual(alone());
      // The pipeline itself is analysed: a shell that does not exec the last stage.
      expect(report.findings.some((f) => f.file === 'deploy/command.yaml' && f.ruleId === 'runtime/shell-pid1')).toBe(true);
      expect(report.findings.some((f) => f.file === 'svc/Dockerfile' && f.ruleId === 'runtime/dockerfile-shell-form')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('handing over through entrypoint scripts', () => {
  it('stops following exec "$@" after a few scripts instead of recursing once per argument', () => {
    const hops = Array.from({ length: 20_000 }, () => '/start.sh');
    const manifest = containerManifest('handover', `          image: registry.example/entry:1.0\n          args: ${JSON.stringify(hops)}`).replace('          image: registry.example/app:1.0\n', '');
    const result = run(
      [{ path: 'deploy/handover.yaml', content: manifest }, neighbour],
      [
        { path: 'entry/Dockerfile', content: 'FROM debian:12-slim\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n' },
        { path: 'entry/start.sh', content: '#!/bin/sh\nexec "$@"\n' },
      ],
    );
    expect(findingsOf(result, neighbour.path)).toEqual(alone());
  });
});

function alone(): string[] {
  return findingsOf(run([neighbour]), neighbour.path);
}
