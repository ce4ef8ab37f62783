import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalStack } from '../stack/local-stack';

interface StepResult {
  name: string;
  passed: number;
  failed: number;
  seconds: number;
  note: string;
}

interface Step {
  name: string;
  needsStack: boolean;
  run(): Promise<StepResult>;
}

const root = join(__dirname, '../../..');
const reportsDir = join(root, 'reports');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
/** A hung tier must fail the run, not eat CI's whole time budget. */
const TIER_TIMEOUT_MS = 25 * 60_000;

function execute(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; quiet: boolean }) {
  return new Promise<{ code: number; output: string; seconds: number }>((resolve) => {
    const began = Date.now();
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', options.quiet ? 'pipe' : 'inherit', options.quiet ? 'pipe' : 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const watchdog = setTimeout(() => {
      output += `\nkilled after ${TIER_TIMEOUT_MS / 60_000} minutes`;
      child.kill('SIGKILL');
    }, TIER_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(watchdog);
      resolve({ code: code ?? 1, output, seconds: (Date.now() - began) / 1000 });
    });
  });
}

/** A static check counts as one test: it passed or it did not. */
function checkStep(name: string, command: string, args: readonly string[]): Step {
  return {
    name,
    needsStack: false,
    async run() {
      const result = await execute(command, args, { quiet: true });
      if (result.code !== 0) process.stdout.write(`${result.output.trim().split('\n').slice(-80).join('\n')}\n`);
      return {
        name,
        passed: result.code === 0 ? 1 : 0,
        failed: result.code === 0 ? 0 : 1,
        seconds: result.seconds,
        note: result.code === 0 ? '' : `exit ${result.code}`,
      };
    },
  };
}

interface JestReport {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTests: number;
  numRuntimeErrorTestSuites: number;
}

function readJestReport(path: string): JestReport | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as JestReport;
  } catch {
    return null;
  }
}

function jestStep(tier: 'unit' | 'int' | 'e2e'): Step {
  return {
    name: tier,
    needsStack: tier !== 'unit',
    async run() {
      const outputFile = join(reportsDir, `jest-${tier}.json`);
      rmSync(outputFile, { force: true });
      const result = await execute(
        process.execPath,
        [
          '--experimental-vm-modules',
          '--disable-warning=ExperimentalWarning',
          '--disable-warning=TimeoutNegativeWarning',
          join(root, 'node_modules/jest/bin/jest.js'),
          '--selectProjects',
          tier,
          '--ci',
          '--json',
          `--outputFile=${outputFile}`,
          ...(tier === 'unit' ? [] : ['--maxWorkers=2']),
        ],
        // The stack is already up: the tiers' global setup need not check it again.
        { env: { PULSE_STACK: 'external' }, quiet: false },
      );
      const report = readJestReport(outputFile);
      if (!report)
        return { name: tier, passed: 0, failed: 1, seconds: result.seconds, note: `no report (exit ${result.code})` };
      const brokenSuites = report.numRuntimeErrorTestSuites;
      // A tier that ran nothing, or exited non-zero with every test green, still fails the run.
      const empty = report.numTotalTests === 0 ? 1 : 0;
      const unexplained = result.code !== 0 && report.numFailedTests + brokenSuites === 0 ? 1 : 0;
      return {
        name: tier,
        passed: report.numPassedTests,
        failed: report.numFailedTests + brokenSuites + empty + unexplained,
        seconds: result.seconds,
        note: [
          brokenSuites ? `${brokenSuites} suite(s) failed to run` : '',
          empty ? 'no tests ran' : '',
          unexplained ? `jest exited ${result.code}` : '',
        ]
          .filter(Boolean)
          .join('; '),
      };
    },
  };
}

const allSteps: Step[] = [
  checkStep('format', bin('prettier'), ['--check', '.']),
  checkStep('lint', bin('eslint'), ['--max-warnings', '0', '.']),
  checkStep('types', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']),
  checkStep('layering', bin('depcruise'), ['apps', 'libs', 'tools', 'tests', '--config', '.dependency-cruiser.cjs']),
  jestStep('unit'),
  jestStep('int'),
  jestStep('e2e'),
];

/**
 * Runs every check and tier and ends with the plain total our CI reads. In CI the engines this
 * run started are stopped again; locally they stay up for the next run (--stop-stack to stop).
 */
export async function runTestSuite(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      only: { type: 'string' },
      'stop-stack': { type: 'boolean', default: process.env.CI === 'true' },
    },
  });
  const only = values.only?.split(',').map((name) => name.trim());
  const steps = only ? allSteps.filter((step) => only.includes(step.name)) : allSteps;
  if (steps.length === 0) {
    process.stderr.write(`--only matches nothing (steps: ${allSteps.map((step) => step.name).join(', ')})\n`);
    return 2;
  }
  mkdirSync(reportsDir, { recursive: true });
  const stack = new LocalStack();
  let started: Awaited<ReturnType<LocalStack['up']>>['started'] = [];
  // Brought up before the first tier that needs it; a stack that fails fails those tiers only.
  let stackProblem: string | null | undefined;
  const results: StepResult[] = [];
  try {
    for (const step of steps) {
      process.stdout.write(`\n=== ${step.name} ===\n`);
      if (step.needsStack && stackProblem === undefined) {
        try {
          started = (await stack.up(Number(process.env.PULSE_STACK_TIMEOUT_S ?? 300))).started;
          stackProblem = null;
        } catch (error) {
          stackProblem = error instanceof Error ? error.message : String(error);
          process.stdout.write(`the local stack did not come up:\n${stackProblem}\n`);
        }
      }
      const result =
        step.needsStack && stackProblem
          ? { name: step.name, passed: 0, failed: 1, seconds: 0, note: 'not run: the local stack did not come up' }
          : await step.run();
      results.push(result);
      process.stdout.write(
        `=== ${step.name}: ${result.passed} passed, ${result.failed} failed (${result.seconds.toFixed(1)}s) ===\n`,
      );
    }
  } finally {
    if (values['stop-stack'] && started.length > 0) await stack.down(started);
  }
  process.stdout.write('\nstep        passed  failed  seconds  note\n');
  for (const result of results) {
    process.stdout.write(
      `${result.name.padEnd(10)}  ${String(result.passed).padStart(6)}  ${String(result.failed).padStart(6)}  ${result.seconds.toFixed(1).padStart(7)}  ${result.note}\n`,
    );
  }
  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed === 0 && passed > 0 ? 0 : 1;
}
