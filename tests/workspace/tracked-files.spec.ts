import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');

describe('what git tracks', () => {
  const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);

  it('holds sources, not downloads, build output, data or installed packages', () => {
    expect(tracked.length).toBeGreaterThan(50);
    const generated = tracked.filter((file) =>
      /(^|\/)(node_modules|dist|coverage|reports|\.pulse)\/|\.(jar|zip|tgz|tsbuildinfo|log)$/.test(file),
    );
    expect(generated).toEqual([]);
  });

  it('keeps every tracked file small enough to be source', () => {
    const large = tracked.filter(
      (file) =>
        file !== 'package-lock.json' && existsSync(join(root, file)) && statSync(join(root, file)).size > 1_000_000,
    );
    expect(large).toEqual([]);
  });
});
