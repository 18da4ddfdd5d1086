// Asserts what the self-test's `uses: ./` steps in ci.yml returned, so the job fails when the
// Action runs but its outputs are missing, malformed or disagree with its reports and its gate.
// Inputs, all through the environment (never interpolated into the script):
//   OUTPUTS       toJSON(steps.guard.outputs): a run with fail-on: never
//   SARIF_FILE    that run's sarif-file input (relative to the working directory)
//   GATE_OUTPUTS  toJSON(steps.gate.outputs): the same paths with fail-on: error
//   GATE_OUTCOME  steps.gate.outcome (the gate step has continue-on-error)
//   WHOLE_TREE    'true' when the event has no base commit (workflow_dispatch): every object is
//                 analysed, so the broken examples must be found
import { existsSync, readFileSync } from 'node:fs';

const problems = [];
const check = (ok, message) => {
  if (!ok) problems.push(message);
};
const parse = (name) => {
  try {
    return JSON.parse(process.env[name] ?? '');
  } catch {
    problems.push(`${name} is not JSON: ${JSON.stringify(process.env[name] ?? null)}`);
    return {};
  }
};

const outputs = parse('OUTPUTS');
const gate = parse('GATE_OUTPUTS');
const gateOutcome = process.env.GATE_OUTCOME ?? '';
const wholeTree = process.env.WHOLE_TREE === 'true';
const sarifFile = process.env.SARIF_FILE ?? '';

const severities = ['errors', 'warnings', 'infos'];
const counts = [...severities, ...['new', 'existing', 'fixed'].flatMap((status) => severities.map((s) => `${status}-${s}`))];
const number = (values, name) => Number(values[name]);

// The Action with fail-on: never always passes.
check(outputs.verdict === 'pass', `verdict is ${JSON.stringify(outputs.verdict)} with fail-on: never; expected "pass"`);

// Counts come all together (an analysis ran) or not at all (the change touched no manifest).
const present = counts.filter((name) => name in outputs);
check(present.length === 0 || present.length === counts.length, `only some count outputs are set: ${present.join(', ')}`);
const analysed = present.length === counts.length;
if (wholeTree) check(analysed, 'without a base commit every object is analysed, but the count outputs are missing');

if (analysed) {
  for (const name of counts) check(/^\d+$/.test(String(outputs[name])), `${name} is ${JSON.stringify(outputs[name])}; expected a whole number`);
  for (const s of severities) {
    check(number(outputs, s) === number(outputs, `new-${s}`) + number(outputs, `existing-${s}`), `${s} (${outputs[s]}) is not new-${s} + existing-${s} (${outputs[`new-${s}`]} + ${outputs[`existing-${s}`]})`);
  }
  if (wholeTree) {
    check(number(outputs, 'errors') > 0, 'the examples hold broken workloads, but errors is 0');
    for (const s of severities) check(number(outputs, `existing-${s}`) === 0 && number(outputs, `fixed-${s}`) === 0, `without a base nothing is existing or fixed, but existing-${s}/fixed-${s} are set`);
  }

  // The JSON report says the same as the outputs. Both runs may write the same path (the
  // runner's temp directory); then it holds the later run's, the gate's.
  const checkReport = (values, label) => {
    const reportPath = values['report-json'];
    check(typeof reportPath === 'string' && existsSync(reportPath), `${label}: report-json ${JSON.stringify(reportPath)} is not a file`);
    if (typeof reportPath !== 'string' || !existsSync(reportPath)) return;
    const { summary } = JSON.parse(readFileSync(reportPath, 'utf8'));
    check(summary?.gate === values.verdict, `${label}: the JSON report's gate (${summary?.gate}) is not the verdict output (${values.verdict})`);
    for (const [output, field] of [['errors', 'errors'], ['warnings', 'warnings'], ['infos', 'info']]) {
      check(summary?.[field] === number(values, output), `${label}: the JSON report's ${field} (${summary?.[field]}) is not the ${output} output (${values[output]})`);
    }
  };
  if (outputs['report-json'] !== gate['report-json']) checkReport(outputs, 'fail-on: never');
  checkReport(gate, 'fail-on: error');

  // The SARIF file is valid SARIF 2.1.0 with one unsuppressed result per finding (suppressed
  // findings are results too, marked with their in-source suppression).
  check(existsSync(sarifFile), `sarif-file ${JSON.stringify(sarifFile)} was not written`);
  if (existsSync(sarifFile)) {
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    check(sarif.version === '2.1.0', `SARIF version is ${JSON.stringify(sarif.version)}`);
    const results = (sarif.runs ?? []).flatMap((run) => run.results ?? []).filter((result) => !(result.suppressions?.length > 0)).length;
    const findings = severities.reduce((sum, s) => sum + number(outputs, s), 0);
    check(results === findings, `SARIF holds ${results} unsuppressed results for ${findings} findings`);
  }
}

for (const values of [outputs, gate]) if ('publication' in values) check(existsSync(values.publication), `publication ${JSON.stringify(values.publication)} is not a file`);

// The same analysis with fail-on: error fails exactly when there are errors, and the step's
// outcome follows the verdict output.
const shouldFail = analysed && number(outputs, 'errors') > 0;
check(gate.verdict === (shouldFail ? 'fail' : 'pass'), `with fail-on: error and ${outputs.errors ?? 0} errors the verdict is ${JSON.stringify(gate.verdict)}; expected "${shouldFail ? 'fail' : 'pass'}"`);
check(gateOutcome === (shouldFail ? 'failure' : 'success'), `with fail-on: error the step's outcome is ${JSON.stringify(gateOutcome)}; expected "${shouldFail ? 'failure' : 'success'}"`);
for (const name of counts) check(gate[name] === outputs[name], `${name} differs between the two runs (${outputs[name]} vs ${gate[name]})`);

if (problems.length > 0) {
  for (const problem of problems) process.stdout.write(`::error title=self-test::${problem.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
  process.exit(1);
}
process.stdout.write(`The Action's outputs are consistent: verdict ${outputs.verdict}, ${analysed ? `${outputs.errors} errors, ${outputs.warnings} warnings, ${outputs.infos} infos` : 'no manifest changed'}; with fail-on: error the gate ${gate.verdict === 'fail' ? 'fails' : 'passes'}.\n`);
