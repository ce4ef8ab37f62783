import { DomainRuleException } from '@pulse/domain';

/** Who is asking, as the credential says: the tenant never comes from an argument. */
export interface Caller {
  organizationId: string;
  actor: { kind: string; id: string };
  /** Projects a scoped secret key may act on; null for the whole organization. */
  projectScope: string[] | null;
  correlationId: string;
}

export function canSeeProject(caller: Caller, projectId: string): boolean {
  return caller.projectScope === null || caller.projectScope.includes(projectId);
}

/** Organization-wide changes need an organization-wide credential. */
export function requireOrganizationScope(caller: Caller): void {
  if (caller.projectScope !== null) {
    throw new DomainRuleException('FORBIDDEN', 'this key is scoped to some projects; use an organization-wide key');
  }
}

export const metadataOf = (caller: Caller) => ({
  organizationId: caller.organizationId,
  actor: caller.actor,
  correlationId: caller.correlationId,
});
