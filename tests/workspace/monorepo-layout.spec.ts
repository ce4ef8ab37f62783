import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appPorts } from '../../libs/config/src/app-ports';

const root = join(__dirname, '../..');
const folders = (dir: string) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));

interface NestCli {
  monorepo: boolean;
  projects: Record<string, { type: string; root: string; sourceRoot: string; entryFile: string }>;
}
interface TsConfig {
  compilerOptions: { strict: boolean; paths: Record<string, string[]> };
}

describe('monorepo layout', () => {
  const nestCli = readJson('nest-cli.json') as NestCli;
  const tsconfig = readJson('tsconfig.json') as TsConfig;

  it.each(folders('apps'))('app %s has an entry point, a Nest project and a port', (app) => {
    expect(existsSync(join(root, 'apps', app, 'src/main.ts'))).toBe(true);
    expect(nestCli.projects[app]).toMatchObject({ type: 'application', root: `apps/${app}`, entryFile: 'main' });
    expect(Object.keys(appPorts)).toContain(app);
  });

  it.each(folders('libs'))('lib %s has an index, a path alias and a Nest project', (lib) => {
    expect(existsSync(join(root, 'libs', lib, 'src/index.ts'))).toBe(true);
    expect(tsconfig.compilerOptions.paths[`@pulse/${lib}`]).toEqual([`libs/${lib}/src/index.ts`]);
    expect(nestCli.projects[lib]).toMatchObject({ type: 'library', root: `libs/${lib}`, entryFile: 'index' });
  });

  it('lists no project or alias that does not exist', () => {
    expect(nestCli.monorepo).toBe(true);
    expect(Object.keys(nestCli.projects).sort()).toEqual([...folders('apps'), ...folders('libs')].sort());
    expect(Object.keys(tsconfig.compilerOptions.paths).sort()).toEqual(folders('libs').map((lib) => `@pulse/${lib}`));
  });

  it('compiles strictly for Node 24', () => {
    const packageJson = readJson('package.json') as { engines: { node: string }; dependencies: Record<string, string> };
    expect(tsconfig.compilerOptions.strict).toBe(true);
    expect(readFileSync(join(root, '.nvmrc'), 'utf8').trim()).toMatch(/^24\./);
    expect(packageJson.engines.node).toMatch(/24/);
    expect(packageJson.dependencies.graphql).toMatch(/^\^?16\./);
  });
});
