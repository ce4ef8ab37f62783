import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoPath } from './repo-files';

// Runs the real script against a fake dist/ tree, the way the image runs it from /app.
describe('docker/entrypoint.sh', () => {
  let workdir: string;

  const run = (pulseApp: string | undefined, ...args: string[]) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
    if (pulseApp !== undefined) env.PULSE_APP = pulseApp;
    return spawnSync('sh', [repoPath('docker/entrypoint.sh'), ...args], {
      cwd: workdir,
      env,
      encoding: 'utf8',
    });
  };

  beforeAll(() => {
    workdir = mkdtempSync(join(tmpdir(), 'pulse-entrypoint-'));
    for (const app of ['gateway', 'collector']) {
      const main = join(workdir, 'dist', 'apps', app, 'src', 'main.js');
      mkdirSync(dirname(main), { recursive: true });
      writeFileSync(main, `console.log(JSON.stringify({ app: '${app}', args: process.argv.slice(2) }));\n`);
    }
    // A folder without a main.js is not an app.
    mkdirSync(join(workdir, 'dist', 'apps', 'half-built'), { recursive: true });
  });

  afterAll(() => {
    rmSync(workdir, { recursive: true, force: true });
  });

  it('runs the app PULSE_APP names, passing the arguments on', () => {
    const result = run('gateway', '--flag');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ app: 'gateway', args: ['--flag'] });
  });

  it.each([
    ['an unknown app', 'nope'],
    ['a folder without main.js', 'half-built'],
    ['a path outside dist/apps', '../apps/gateway'],
    ['an empty value', ''],
    ['no value', undefined],
  ])('refuses %s and names the valid apps', (_case, pulseApp) => {
    const result = run(pulseApp);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('PULSE_APP');
    expect(result.stderr).toContain('Valid apps: collector, gateway.');
  });
});
