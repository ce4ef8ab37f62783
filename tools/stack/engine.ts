import { removeFile, runningPid, stopProcess } from './process-control';
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

/** Status of an engine that runs as a process of ours when `pid` is set, else maybe the machine's. */
export async function processEngineStatus(
  engine: Pick<LocalEngine, 'name' | 'port' | 'logFile' | 'probe'>,
  pid: number | null,
): Promise<EngineStatus> {
  let healthy = false;
  let detail: string;
  try {
    detail = await engine.probe(1_500);
    healthy = true;
  } catch (error) {
    detail = error instanceof Error ? error.message : String(error);
  }
  const owner = pid ? 'pulse' : healthy ? 'machine' : 'none';
  return { engine: engine.name, port: engine.port, pid, owner, healthy, detail, logFile: engine.logFile };
}

/** Stops a process engine of ours by its pid file; anything else is left alone. */
export async function stopProcessEngine(
  pidFile: string,
  commandLineMarker: string,
): Promise<'stopped' | 'not running'> {
  const pid = runningPid(pidFile, commandLineMarker);
  if (pid === null) return 'not running';
  await stopProcess(pid, 30_000);
  removeFile(pidFile);
  return 'stopped';
}
