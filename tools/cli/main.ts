import { runStackCommand } from '../stack/stack-command';
import { StackFailure } from '../stack/stack-output';

const commands: Record<string, (argv: readonly string[]) => Promise<number>> = {
  stack: runStackCommand,
  test: async (argv) => (await import('../test-suite/test-suite-command')).runTestSuite(argv),
  start: async (argv) => (await import('../local-platform/local-platform-command')).runLocalPlatform(argv),
};

async function main(): Promise<void> {
  const [name = '', ...argv] = process.argv.slice(2);
  const command = commands[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}" (one of ${Object.keys(commands).join(', ')})\n`);
    process.exit(2);
  }
  process.exitCode = await command(argv);
}

main().catch((error: unknown) => {
  if (error instanceof StackFailure) process.stderr.write(`[stack] FAILED: ${error.message}\n`);
  else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
