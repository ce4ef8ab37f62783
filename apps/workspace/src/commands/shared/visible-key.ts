import { DomainRuleException } from '@pulse/domain';
import type { WorkspaceReadModel } from '../../queries/shared/workspace-read-model.repository';
import { canSeeProject, type Caller } from './caller';

/** Keys outside a scoped key's reach answer as if they did not exist. */
export async function requireVisibleKey(readModel: WorkspaceReadModel, caller: Caller, keyId: string): Promise<void> {
  const key = await readModel.apiKey(caller.organizationId, keyId);
  const visible =
    key !== null &&
    (key.kind === 'WRITE'
      ? key.projectId !== null && canSeeProject(caller, key.projectId)
      : caller.projectScope === null);
  if (!visible) throw new DomainRuleException('NOT_FOUND', 'no such key');
}
