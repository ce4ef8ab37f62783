import { spawnSync } from 'node:child_process';
import { commandExists } from './process-control';
import { say, StackFailure } from './stack-output';
import { isRoot } from './stack-paths';

let indexUpdated = false;

/** Installs Debian packages the stack needs and the machine lacks (as root; otherwise says how). */
export function installDebianPackages(packages: readonly string[], why: string): void {
  if (!commandExists('apt-get'))
    throw new StackFailure(`${why}: install ${packages.join(' ')} with your package manager`);
  if (!isRoot()) throw new StackFailure(`${why}: run "sudo apt-get install -y ${packages.join(' ')}" and try again`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!indexUpdated) {
    say('apt: updating the package index');
    const update = spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (update.status !== 0) throw new StackFailure(`${why}: apt-get update failed`);
    indexUpdated = true;
  }
  say(`apt: installing ${packages.join(' ')} (${why})`);
  const install = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
  });
  if (install.status !== 0) throw new StackFailure(`${why}: apt-get install ${packages.join(' ')} failed`);
}
