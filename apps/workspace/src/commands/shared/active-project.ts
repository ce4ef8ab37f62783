import { DomainRuleException } from '@pulse/domain';
import type { WorkspaceReadModel } from '../../queries/shared/workspace-read-model.repository';
import type { ProjectView } from '../../queries/shared/workspace-views';
import { canSeeProject, type Caller } from './caller';

/** What is added to a project (stores, write keys) needs one the caller can see and not archived. */
export async function requireActiveProject(
  readModel: WorkspaceReadModel,
  caller: Caller,
  projectId: string,
): Promise<ProjectView> {
  const project = canSeeProject(caller, projectId) ? await readModel.project(caller.organizationId, projectId) : null;
  if (!project) throw new DomainRuleException('NOT_FOUND', 'no such project', 'projectId');
  if (project.archived) throw new DomainRuleException('GONE', 'the project is archived', 'projectId');
  return project;
}
