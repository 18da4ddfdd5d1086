// npm run bench: termination-guard against the linters users already run, on the same inputs, in
// one run (issue 20). For each input it prints our wall time, CPU time and peak RSS, each peer's,
// and the ratios; at the end, each goal as met or not met. Figures are printed, never asserted.
//
// Inputs: start-up (--help, a check of examples/); the corpus rendered to plain YAML; a generated
// GitOps tree of 20,000 and one of 100,000 objects; render-heavy cases (a corpus chart with its 10
// values sets, a generated operator chart with large CRDs, a generated overlay tree shaped like
// argo-rollouts' manifests/), each against the render tool's own time for the same renders.
// Peers: kube-score and kubeconform (scripts/bench-peers.mjs), built into the tool cache.
//
// Runs are interleaved (ours, then each peer, then again) and the median is reported, so a
// machine busy with other work slows every contender alike; compare the ratios, and the CPU
// times, which contention affects less than wall time. Peak RSS is the maximum over the runs.
//
// Environment: BENCH_RUNS (default 5; the 100k tree and the renders use BENCH_RUNS_LARGE,
// default 3; a contender whose first run takes over a minute runs once), TG_BENCH_DIST=<dir>
// benches the bundle in another directory (`node scripts/build.mjs <dir>`), TG_BENCH_BEFORE=
// <cli.js> adds an older bundle as a contender (`git show <commit>:dist/cli.js > /tmp/old/cli.js`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dockerfiles, generateChart, generateOverlays, generateTree, renderCorpus } from './bench-inputs.mjs';
import { peers } from './bench-peers.mjs';
import { ensureGoTool } from './setup-tools.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = process.env.TG_BENCH_DIST ? join(process.env.TG_BENCH_DIST, 'cli.js') : join(root, 'dist', 'cli.js');
const before = process.env.TG_BENCH_BEFORE;
const runs = Number(process.env.BENCH_RUNS ?? 5);
const largeRuns = Number(process.env.BENCH_RUNS_LARGE ?? 3);
const corpus = join(root, '..', 'shared', 'corpus');
const gnuTime = '/usr/bin/time';

if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build`);
if (spawnSync(gnuTime, ['-f', '%M', 'true'], { encoding: 'utf8' }).status !== 0) throw new Error(`${gnuTime} (GNU time) is needed for peak RSS and CPU time`);

const scratch = mkdtempSync(join(tmpdir(), 'tg-bench-'));
const timeFile = join(scratch, 'time.txt');

/** One process: wall s, CPU s (user + system, children included) and peak RSS MB, via GNU time. */
function once(argv, env = {}) {
  const started = performance.now();
  const result = spawnSync(gnuTime, ['-f', '%U %S %M', '-o', timeFile, ...argv], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 512 << 20,
    env: { ...process.env, ...env },
  });
  const wall = (performance.now() - started) / 1000;
  const [user, system, rssKb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: user + system, rss: rssKb / 1024, status: result.status, stderr: result.stderr };
}

/** A contender: a name and the commands one measurement runs (in sequence; times add up). */
function sample(contender) {
  let wall = 0;
  let cpu = 0;
  let rss = 0;
  for (const argv of contender.commands) {
    const r = once(argv, contender.env);
    if (!(contender.okStatus ?? [0, 1, 2]).includes(r.status)) {
      throw new Error(`${contender.name}: ${argv.slice(0, 3).join(' ')} … exited ${r.status}\n${r.stderr.slice(-1500)}`);
    }
    wall += r.wall;
    cpu += r.cpu;
    rss = Math.max(rss, r.rss);
  }
  return { wall, cpu, rss };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Interleaved runs of every contender on one input; prints one line each and returns the figures. */
function compare(title, contenders, count) {
  console.log(`\n${title}`);
  const samples = new Map(contenders.map((c) => [c.name, []]));
  for (let i = 0; i < count; i++) {
    for (const contender of contenders) {
      const list = samples.get(contender.name);
      if (i > 0 && list[0].wall > 60) continue; // over a minute: once is enough
      list.push(sample(contender));
    }
  }
  const figures = new Map();
  for (const contender of contenders) {
    const list = samples.get(contender.name);
    figures.set(contender.name, { wall: median(list.map((s) => s.wall)), cpu: median(list.map((s) => s.cpu)), rss: Math.max(...list.map((s) => s.rss)), runs: list.length });
  }
  const ours = figures.get('termination-guard');
  for (const [name, f] of figures) {
    const ratio = name === 'termination-guard' || !ours ? '' : `   ours/theirs: wall ${(ours.wall / f.wall).toFixed(2)} ×, CPU ${(ours.cpu / f.cpu).toFixed(2)} ×, RSS ${(ours.rss / f.rss).toFixed(2)} ×`;
    console.log(`  ${name.padEnd(22)} wall ${f.wall.toFixed(2).padStart(6)} s   CPU ${f.cpu.toFixed(2).padStart(6)} s   peak RSS ${f.rss.toFixed(0).padStart(5)} MB   (${f.runs} runs)${ratio}`);
  }
  return figures;
}

const ourCheck = (bundle, args, env) => ({ commands: [[process.execPath, bundle, 'check', ...args, '--format', 'json', '--output', '/dev/null', '--fail-on', 'never']], env });
const contendersFor = (dir, extra = []) => [
  { name: 'termination-guard', ...ourCheck(cli, [dir, '--no-render', ...extra]) },
  ...(before ? [{ name: 'before', ...ourCheck(before, [dir, '--no-render', ...extra]) }] : []),
  ...peerList.map((p) => ({ name: p.name, commands: [p.argv(dir)], okStatus: [0, 1] })),
];

/** Median wall time of a short command (start-up dominated), interleaved with the older bundle. */
function quick(args) {
  const now = [];
  const then = [];
  for (let i = 0; i < Math.max(runs, 9); i++) {
    for (const [bundle, list] of [[cli, now], ...(before ? [[before, then]] : [])]) {
      const started = performance.now();
      spawnSync(process.execPath, [bundle, ...args], { cwd: root, stdio: 'ignore' });
      list.push((performance.now() - started) / 1000);
    }
  }
  return { now: median(now), then: before ? median(then) : undefined };
}

const goals = [];
const goal = (text, met, figures) => goals.push({ text, met, figures });
const { list: peerList, missing } = peers();
const helm = ensureGoTool('helm');
const kustomize = ensureGoTool('kustomize');
const renderEnv = { ...(helm ? { TG_HELM: helm } : {}), ...(kustomize ? { TG_KUSTOMIZE: kustomize } : {}) };
console.log(`termination-guard ${cli}${before ? `; before: ${before}` : ''}`);
console.log(`peers: ${peerList.map((p) => p.name).join(', ') || 'none'}; not run: ${missing.join('; ')}`);
console.log(`node ${process.version}, ${new Date().toISOString()}, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);

try {
  // Start-up: what every run pays before the first file is read, and a typical small check.
  console.log('\nstart-up (median wall time)');
  const help = quick(['--help']);
  const examples = quick(['check', 'examples/', '--format', 'json', '--output', '/dev/null', '--fail-on', 'never']);
  for (const [label, f] of [['--help', help], ['check examples/', examples]]) {
    console.log(`  ${label.padEnd(18)} ${f.now.toFixed(3)} s${f.then !== undefined ? `   (before: ${f.then.toFixed(3)} s, ratio ${(f.now / f.then).toFixed(2)} ×)` : ''}`);
  }
  goal('start-up: --help under 150 ms', help.now < 0.15, `${(help.now * 1000).toFixed(0)} ms`);

  // The typical PR: the corpus rendered to plain YAML, which every peer can read.
  if (existsSync(corpus) && helm && kustomize) {
    const rendered = renderCorpus(corpus, join(scratch, 'corpus-rendered'), { helm, kustomize });
    const f = compare(
      `corpus rendered to plain YAML (${rendered.files} files, ${(rendered.bytes / 1048576).toFixed(1)} MiB; ${rendered.charts} charts with default values, ${rendered.kustomizations} kustomizations, ${rendered.failed} renders left out: dependencies not vendored)`,
      contendersFor(join(scratch, 'corpus-rendered')),
      runs,
    );
    const ours = f.get('termination-guard');
    const kubeScore = f.get('kube-score');
    if (kubeScore) goal('typical PR: rendered corpus within 1.2× of kube-score', ours.wall <= 1.2 * kubeScore.wall, `${(ours.wall / kubeScore.wall).toFixed(2)} × (CPU ${(ours.cpu / kubeScore.cpu).toFixed(2)} ×)`);
    if (before) goal('no slowdown beyond 10 % against the older bundle: rendered corpus', ours.wall <= 1.1 * f.get('before').wall, `${(ours.wall / f.get('before').wall).toFixed(2)} × (CPU ${(ours.cpu / f.get('before').cpu).toFixed(2)} ×)`);
  }

  // Large trees: 20k and 100k objects from the same generator (10 objects a file).
  const sizes = {};
  for (const [objects, count] of [
    [20_000, runs],
    [100_000, largeRuns],
  ]) {
    const dir = join(scratch, `tree-${objects}`);
    const tree = generateTree(dir, objects / 10);
    const f = compare(`synthetic GitOps tree: ${tree.objects.toLocaleString('en-US')} objects in ${(objects / 10).toLocaleString('en-US')} files, ${(tree.bytes / 1048576).toFixed(1)} MiB`, contendersFor(dir), count);
    sizes[objects] = f.get('termination-guard');
    const kubeconform = f.get('kubeconform');
    const ours = f.get('termination-guard');
    if (kubeconform) goal(`large trees: ${objects / 1000}k objects within 1.0× of kubeconform`, ours.wall <= kubeconform.wall, `${(ours.wall / kubeconform.wall).toFixed(2)} × (CPU ${(ours.cpu / kubeconform.cpu).toFixed(2)} ×)`);
    if (objects === 100_000) goal('large trees: 100k objects under 400 MB peak', ours.rss < 400, `${ours.rss.toFixed(0)} MB`);
    if (before && objects === 20_000) goal('no slowdown beyond 10 % against the older bundle: 20k tree', ours.wall <= 1.1 * f.get('before').wall, `${(ours.wall / f.get('before').wall).toFixed(2)} × (CPU ${(ours.cpu / f.get('before').cpu).toFixed(2)} ×)`);
    if (objects === 20_000) {
      const built = dockerfiles(dir, objects / 10, 4);
      compare(`the 20k tree with ${built} Dockerfiles building its images (mapped by directory name)`, [{ name: 'termination-guard', ...ourCheck(cli, [dir, '--no-render']) }], runs);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  const time = sizes[100_000].wall / sizes[20_000].wall;
  const memory = sizes[100_000].rss / sizes[20_000].rss;
  const perObject = ((sizes[100_000].rss - sizes[20_000].rss) * 1024) / 80_000;
  console.log(`\ngrowth 20k → 100k objects (5 ×): time ${time.toFixed(2)} ×, peak RSS ${memory.toFixed(2)} × (${perObject.toFixed(1)} KiB per added object)`);
  goal('growth: 20k → 100k linear (±20 %) in time', time >= 4 && time <= 6, `${time.toFixed(2)} × for 5 × the objects`);
  goal('growth: 20k → 100k at most linear (+20 %) in memory', memory <= 6, `${memory.toFixed(2)} × for 5 × the objects, ${perObject.toFixed(1)} KiB per added object`);

  // Renders: our check of a chart or an overlay against the render tool's own runs of the same renders.
  if (helm && kustomize) {
    const renderCase = (title, target, toolRuns) => {
      const f = compare(title, [{ name: 'termination-guard', ...ourCheck(cli, [target], renderEnv) }, { name: 'render tool alone', commands: toolRuns }], largeRuns);
      const ratio = f.get('termination-guard').wall / f.get('render tool alone').wall;
      goal(`renders: ${title.split(':')[0]} within 1.5× of the render tool`, ratio <= 1.5, `${ratio.toFixed(2)} × (CPU ${(f.get('termination-guard').cpu / f.get('render tool alone').cpu).toFixed(2)} ×)`);
    };
    const helmTemplate = (chart, values) => [helm, 'template', 'bench', chart, '--skip-tests', ...values];
    const nodeExporter = join(corpus, 'prometheus-community__helm-charts/charts/prometheus-node-exporter');
    if (existsSync(nodeExporter)) {
      const ci = readdirSync(join(nodeExporter, 'ci')).filter((n) => /-values\.ya?ml$/.test(n)).sort();
      renderCase(`node-exporter chart (corpus): ${ci.length + 1} helm renders (defaults + ci values sets)`, nodeExporter, [
        helmTemplate(nodeExporter, []),
        ...ci.map((n) => helmTemplate(nodeExporter, ['--values', join(nodeExporter, 'ci', n)])),
      ]);
    }
    const chart = generateChart(join(scratch, 'chart'));
    renderCase('operator chart with 8 large CRDs (generated): 3 helm renders', chart.chart, chart.valuesSets.map((values) => helmTemplate(chart.chart, values)));
    const overlays = generateOverlays(join(scratch, 'overlays'));
    renderCase(`overlay tree shaped like argo-rollouts' manifests/ (generated): ${overlays.roots.length} kustomize builds`, overlays.root, overlays.roots.map((dir) => [kustomize, 'build', dir]));
    if (existsSync(corpus)) {
      compare('../shared/corpus with its charts and overlays rendered', [{ name: 'termination-guard', ...ourCheck(cli, [corpus], renderEnv) }], largeRuns);
    }
  } else {
    console.log('\nrenders: skipped (helm or kustomize could not be built: npm run setup-tools)');
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

console.log('\ngoals (issue 20; figures are ours / theirs, wall time unless named)');
for (const g of goals) console.log(`  ${g.met ? 'met    ' : 'NOT met'}  ${g.text}: ${g.figures}`);
