import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const repoRoot: string = resolve(__dirname, '../..');

export function repoPath(path: string): string {
  return join(repoRoot, path);
}

export function readRepoFile(path: string): string {
  return readFileSync(repoPath(path), 'utf8');
}

export function isRepoFile(path: string): boolean {
  const absolute = repoPath(path);
  return existsSync(absolute) && statSync(absolute).isFile();
}

/** Files under `dir` (recursively) whose names match, as sorted repository-relative paths. */
export function listRepoFiles(dir: string, name: RegExp): string[] {
  const found: string[] = [];
  const walk = (absolute: string): void => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      const child = join(absolute, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && name.test(entry.name)) {
        found.push(relative(repoRoot, child).split(sep).join(posix.sep));
      }
    }
  };
  walk(repoPath(dir));
  return found.sort();
}

/** Every non-empty document of a YAML file; a syntax error fails loudly instead of parsing to null. */
export function readYamlDocuments(path: string): unknown[] {
  return parseAllDocuments(readRepoFile(path))
    .map((document, index) => {
      if (document.errors.length > 0) {
        throw new Error(`${path} (document ${index + 1}): ${document.errors[0]?.message}`);
      }
      return document.toJS() as unknown;
    })
    .filter((value) => value !== null && value !== undefined);
}
