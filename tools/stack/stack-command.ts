import { parseArgs } from 'node:util';
import type { EngineName, EngineStatus } from './engine';
import { LocalStack } from './local-stack';

const usage = `usage: ./pulse stack <command>
  up [--timeout S]          start what is missing and wait until every engine is healthy
  down [service...]         stop what this tool started (the machine's own services stay)
  status [--json]           each service: port, pid, owner, health, log
  logs [service] [-n N] [-f]   the last lines of the engines' logs
  reset                     stop, then delete Kafka's and Elasticsearch's data, the pulse databases and pulse:* Redis keys`;

function formatStatus(rows: readonly EngineStatus[]): string {
  const header = ['service', 'port', 'pid', 'owner', 'health', 'detail'];
  const table = rows.map((row) => [
    row.engine,
    String(row.port),
    row.pid === null ? '-' : String(row.pid),
    row.owner,
    row.healthy ? 'healthy' : 'DOWN',
    row.healthy ? row.detail : `${row.detail} (log: ${row.logFile})`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...table.map((cells) => (cells[column] ?? '').length)),
  );
  return [header, ...table]
    .map((cells) =>
      cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  '),
    )
    .join('\n');
}

export async function runStackCommand(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: [...rest],
    allowPositionals: true,
    options: {
      timeout: { type: 'string', default: process.env.PULSE_STACK_TIMEOUT_S ?? '180' },
      json: { type: 'boolean', default: false },
      lines: { type: 'string', short: 'n', default: '50' },
      follow: { type: 'boolean', short: 'f', default: false },
    },
  });
  const stack = new LocalStack();
  switch (command) {
    case 'up': {
      const result = await stack.up(Number(values.timeout));
      process.stdout.write(`${formatStatus(await stack.status())}\n`);
      process.stdout.write(
        `stack is up in ${result.seconds.toFixed(1)}s${result.started.length ? ` (started ${result.started.join(', ')})` : ' (everything was already running)'}\n`,
      );
      return 0;
    }
    case 'down':
      await stack.down(
        positionals.length ? positionals.map((name) => stack.engine(name).name as EngineName) : undefined,
      );
      return 0;
    case 'status': {
      const rows = await stack.status();
      process.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatStatus(rows)}\n`);
      return rows.every((row) => row.healthy) ? 0 : 1;
    }
    case 'logs':
      await stack.logs(positionals[0], Number(values.lines), values.follow);
      return 0;
    case 'reset':
      await stack.reset();
      process.stdout.write('stack data wiped; run ./pulse stack up to start again\n');
      return 0;
    default:
      process.stderr.write(`${usage}\n`);
      return command === undefined || command === 'help' ? 0 : 2;
  }
}
