import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { StackFailure } from './stack-output';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A pid file is trusted only while its process still runs the expected program: after a reboot
 * the number may belong to something else, which we must never signal.
 */
export function runningPid(pidFile: string, commandLineMarker: string): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return commandLine.includes(commandLineMarker) ? pid : null;
  } catch {
    return null;
  }
}

export function spawnDetached(
  command: string,
  args: readonly string[],
  options: { logFile: string; pidFile: string; env?: NodeJS.ProcessEnv; cwd?: string },
): number {
  const log = openSync(options.logFile, 'a');
  try {
    const child = spawn(command, args, {
      detached: true,
      stdio: ['ignore', log, log],
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
    if (child.pid === undefined) throw new StackFailure(`could not start ${command}`);
    child.unref();
    writeFileSync(options.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

export async function stopProcess(pid: number, graceMs = 20_000): Promise<'stopped' | 'killed'> {
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'stopped';
    await delay(200);
  }
  process.kill(pid, 'SIGKILL');
  return 'killed';
}

export function removeFile(path: string): void {
  rmSync(path, { force: true });
}

export function commandExists(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Runs a command to completion, failing with its output when it exits non-zero. */
export function runOrFail(
  command: string,
  args: readonly string[],
  what: string,
  options: SpawnSyncOptions = {},
): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw new StackFailure(`${what}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${String(result.stdout ?? '')}${String(result.stderr ?? '')}`
      .trim()
      .split('\n')
      .slice(-20)
      .join('\n');
    throw new StackFailure(`${what} failed (exit ${result.status}):\n${output}`);
  }
  return String(result.stdout ?? '');
}

export async function waitUntil<T>(
  attempt: () => Promise<T>,
  options: { timeoutMs: number; intervalMs?: number; giveUpIf?: () => string | null },
): Promise<{ ok: true; value: T } | { ok: false; lastError: string }> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = 'not attempted';
  while (Date.now() < deadline) {
    try {
      return { ok: true, value: await attempt() };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    const reason = options.giveUpIf?.();
    if (reason) return { ok: false, lastError: reason };
    await delay(options.intervalMs ?? 500);
  }
  return { ok: false, lastError };
}
