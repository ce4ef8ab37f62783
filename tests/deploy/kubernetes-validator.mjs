// Validates Kubernetes manifests with kubernetes-models, in a plain Node process.
// Why a separate process: kubernetes-models is ESM-only (its package exports have only an
// "import" condition), which Jest's CommonJS runtime cannot load without
// --experimental-vm-modules. Called through kubernetes-validation.ts.
//
// stdin:  JSON [{ "source": string, "document": unknown }]
// stdout: JSON [{ "source": string, "valid": boolean, "problems": string[] }]
import { readFileSync } from 'node:fs';

// <group>/<version>, or <version> alone for the core group; nothing that could leave the package.
const API_VERSION = /^(?:[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

/** The model class for apiVersion/kind, or undefined when kubernetes-models has none. */
async function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  if (!API_VERSION.test(apiVersion) || !KIND.test(kind)) return undefined;
  let module;
  try {
    // The package mirrors the API: kubernetes-models/apps/v1/Deployment, kubernetes-models/v1/Service.
    module = await import(`kubernetes-models/${apiVersion}/${kind}`);
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' || error?.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
      return undefined;
    }
    throw error;
  }
  const Model = module[kind];
  const matches = typeof Model === 'function' && Model.apiVersion === apiVersion && Model.kind === kind;
  return matches ? Model : undefined;
}

async function verdictFor(source, document) {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { source, valid: false, problems: ['not a mapping'] };
  }
  const { apiVersion, kind } = document;
  const Model = await modelFor(apiVersion, kind);
  if (!Model) {
    const problem = `unknown apiVersion/kind ${JSON.stringify(apiVersion)}/${JSON.stringify(kind)}`;
    return { source, valid: false, problems: [problem] };
  }
  try {
    new Model(document).validate();
    return { source, valid: true, problems: [] };
  } catch (error) {
    return {
      source,
      valid: false,
      problems: [error instanceof Error ? error.message : String(error)],
    };
  }
}

const manifests = JSON.parse(readFileSync(0, 'utf8'));
const verdicts = [];
for (const { source, document } of manifests) {
  verdicts.push(await verdictFor(source, document));
}
process.stdout.write(JSON.stringify(verdicts));
