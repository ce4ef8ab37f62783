import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineName, EngineStatus, LocalEngine } from './engine';
import { ElasticsearchEngine } from './elasticsearch-engine';
import { KafkaEngine } from './kafka-engine';
import { PostgresEngine } from './postgres-engine';
import { isAlive, waitUntil } from './process-control';
import { RedisEngine } from './redis-engine';
import { say, StackFailure } from './stack-output';
import { stackPaths, type StackPaths } from './stack-paths';

function answers(engine: LocalEngine): Promise<boolean> {
  return engine.probe(1_000).then(
    () => true,
    () => false,
  );
}

export interface UpResult {
  started: EngineName[];
  seconds: number;
}

/** The local Kafka, Elasticsearch, PostgreSQL and Redis, managed without Docker. */
export class LocalStack {
  readonly paths: StackPaths;
  readonly postgres: PostgresEngine;
  readonly engines: LocalEngine[];

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.paths = stackPaths(env);
    mkdirSync(this.paths.runDir, { recursive: true });
    mkdirSync(this.paths.logsDir, { recursive: true });
    this.postgres = new PostgresEngine(this.paths);
    this.engines = [
      new KafkaEngine(this.paths),
      new ElasticsearchEngine(this.paths),
      this.postgres,
      new RedisEngine(this.paths),
    ];
  }

  engine(name: string): LocalEngine {
    const found = this.engines.find((engine) => engine.name === name);
    if (!found)
      throw new StackFailure(`unknown service "${name}" (one of ${this.engines.map((e) => e.name).join(', ')})`);
    return found;
  }

  async up(timeoutSeconds: number): Promise<UpResult> {
    const began = Date.now();
    return this.withLock(async () => {
      // Downloads one after the other: Maven's local repository does not like two writers.
      for (const engine of this.engines) await engine.install();
      const started: EngineName[] = [];
      for (const engine of this.engines) if (await engine.start()) started.push(engine.name);
      const failures: string[] = [];
      await Promise.all(
        this.engines.map(async (engine) => {
          const result = await waitUntil(() => engine.probe(2_000), {
            timeoutMs: timeoutSeconds * 1000,
            intervalMs: 500,
            giveUpIf: () => engine.startFailure(),
          });
          if (result.ok) say(`${engine.name}: healthy on port ${engine.port} (${result.value})`);
          else
            failures.push(
              `${engine.name} is not healthy on port ${engine.port} after ${timeoutSeconds}s: ${result.lastError}\n` +
                `  read ${engine.logFile}`,
            );
        }),
      );
      if (failures.length > 0) throw new StackFailure(failures.join('\n'));
      await this.postgres.prepare();
      return { started, seconds: (Date.now() - began) / 1000 };
    });
  }

  async down(only?: readonly EngineName[]): Promise<void> {
    for (const engine of [...this.engines].reverse()) {
      if (only && !only.includes(engine.name)) continue;
      const outcome = await engine.stop();
      if (outcome === 'stopped') say(`${engine.name}: stopped`);
      else if (outcome === 'not ours' || (await answers(engine)))
        say(`${engine.name}: left running (not started by pulse)`);
      else say(`${engine.name}: not running`);
    }
  }

  /**
   * Databases and keys are deleted through the running server, data directories once their
   * engine has stopped; either way nothing but Pulse's own data goes.
   */
  async reset(): Promise<void> {
    const throughServer = this.engines.filter((engine) => engine.wipesWhileRunning);
    for (const engine of throughServer) await engine.wipe();
    await this.down();
    for (const engine of this.engines.filter((candidate) => !candidate.wipesWhileRunning)) await engine.wipe();
  }

  status(): Promise<EngineStatus[]> {
    return Promise.all(this.engines.map((engine) => engine.status()));
  }

  logs(name: string | undefined, lines: number, follow: boolean): Promise<void> {
    const files = (name ? [this.engine(name)] : this.engines)
      .map((engine) => engine.logFile)
      .filter((file) => existsSync(file));
    if (files.length === 0) {
      say("no log files yet (the engines in use are the machine's own, or the stack never ran)");
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const tail = spawn('tail', ['-n', String(lines), ...(follow ? ['-F'] : []), ...files], { stdio: 'inherit' });
      tail.on('close', () => resolve());
    });
  }

  /** Two `up`s at once (say two terminals) must not both format Kafka or unpack Elasticsearch. */
  private async withLock<T>(work: () => Promise<T>): Promise<T> {
    const lock = join(this.paths.runDir, 'stack.lock');
    const result = await waitUntil(
      async () => {
        try {
          writeFileSync(lock, String(process.pid), { flag: 'wx' });
        } catch {
          const holder = Number(readFileSync(lock, 'utf8'));
          if (!Number.isInteger(holder) || !isAlive(holder)) rmSync(lock, { force: true });
          throw new Error(`another "stack up" (pid ${holder}) is running`);
        }
      },
      { timeoutMs: 10 * 60_000, intervalMs: 500 },
    );
    if (!result.ok) throw new StackFailure(result.lastError);
    try {
      return await work();
    } finally {
      rmSync(lock, { force: true });
    }
  }
}
