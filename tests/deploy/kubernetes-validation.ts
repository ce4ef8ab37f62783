import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { asList, asMap, asString } from './yaml-values';

export interface ManifestInput {
  /** Where the document came from, echoed back in its verdict. */
  source: string;
  document: unknown;
}

export interface ManifestVerdict {
  source: string;
  valid: boolean;
  problems: string[];
}

const validatorScript = join(__dirname, 'kubernetes-validator.mjs');

/**
 * Schema-validates each document with the kubernetes-models class for its apiVersion and kind;
 * an unknown kind is invalid. One child process for the whole batch (see the script for why).
 */
export function validateManifests(manifests: readonly ManifestInput[]): ManifestVerdict[] {
  const output = execFileSync(process.execPath, [validatorScript], {
    input: JSON.stringify(manifests),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return asList(JSON.parse(output) as unknown, 'validator output').map((entry, index) => {
    const verdict = asMap(entry, `verdict ${index}`);
    const valid = verdict.valid;
    if (typeof valid !== 'boolean') throw new Error(`verdict ${index}: valid is not a boolean`);
    return {
      source: asString(verdict.source, `verdict ${index}.source`),
      valid,
      problems: asList(verdict.problems, `verdict ${index}.problems`).map((problem, at) =>
        asString(problem, `verdict ${index}.problems.${at}`),
      ),
    };
  });
}
