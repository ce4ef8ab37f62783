import { rmSync } from 'node:fs';
import { removeFile, runningPid, stopProcess } from './process-control';
import { say } from './stack-output';

export type EngineName = 'kafka' | 'elasticsearch' | 'postgres' | 'redis';

export interface EngineStatus {
  engine: EngineName;
  port: number;
  pid: number | null;
  /** pulse: started by this tool (and stopped by `down`); machine: the machine's own service. */
  owner: 'pulse' | 'machine' | 'none';
  healthy: boolean;
  detail: string;
  logFile: string;
}

/** One engine of the local stack. `up` is idempotent: an engine that answers is left alone. */
export interface LocalEngine {
  readonly name: EngineName;
  readonly port: number;
  readonly logFile: string;
  /** Resolves with a short description when the engine answers, throws otherwise. */
  probe(timeoutMs: number): Promise<string>;
  /** Downloads or installs what is missing; a no-op once done on this machine. */
  install(): Promise<void>;
  /** Starts the engine unless it answers already; returns whether this call started it. */
  start(): Promise<boolean>;
  /** A reason to stop waiting, e.g. the process we started has exited. */
  startFailure(): string | null;
  status(): Promise<EngineStatus>;
  /** Stops the engine only if this tool started it. */
  stop(): Promise<'stopped' | 'not ours' | 'not running'>;
  /** Deletes Pulse's data in the engine. */
  wipe(): Promise<void>;
  /** True when wipe() talks to the running server (databases, keys), false when it deletes files. */
  readonly wipesWhileRunning: boolean;
}

/** Probes the engine for `status`: `ours` says whether this tool started it (and `down` stops it). */
export async function engineStatus(
  engine: Pick<LocalEngine, 'name' | 'port' | 'logFile' | 'probe'>,
  pid: number | null,
  ours: boolean,
): Promise<EngineStatus> {
  let healthy = false;
  let detail: string;
  try {
    detail = await engine.probe(1_500);
    healthy = true;
  } catch (error) {
    detail = error instanceof Error ? error.message : String(error);
  }
  const owner = ours ? 'pulse' : healthy ? 'machine' : 'none';
  return { engine: engine.name, port: engine.port, pid, owner, healthy, detail, logFile: engine.logFile };
}

/**
 * An engine that runs as a process of ours (Kafka, Elasticsearch): known by a pid file whose
 * process must still run `mainClass`, with its data in one directory that reset deletes.
 */
export abstract class ProcessEngine implements LocalEngine {
  abstract readonly name: EngineName;
  abstract readonly port: number;
  abstract readonly logFile: string;
  readonly wipesWhileRunning = false;

  protected constructor(
    protected readonly pidFile: string,
    protected readonly dataDir: string,
    protected readonly mainClass: string,
  ) {}

  abstract probe(timeoutMs: number): Promise<string>;
  abstract install(): Promise<void>;
  abstract start(): Promise<boolean>;
  abstract startFailure(): string | null;

  protected runningPid(): number | null {
    return runningPid(this.pidFile, this.mainClass);
  }

  status(): Promise<EngineStatus> {
    const pid = this.runningPid();
    return engineStatus(this, pid, pid !== null);
  }

  async stop(): Promise<'stopped' | 'not running'> {
    const pid = this.runningPid();
    if (pid === null) return 'not running';
    await stopProcess(pid, 30_000);
    removeFile(this.pidFile);
    return 'stopped';
  }

  async wipe(): Promise<void> {
    rmSync(this.dataDir, { recursive: true, force: true });
    say(`${this.name}: deleted ${this.dataDir}`);
  }
}
