import { Inject, Injectable } from '@nestjs/common';
import type { CredentialVerifier, GatewayIdentity } from '@pulse/auth';
import { WorkspaceReadModel } from '../shared/workspace-read-model.repository';

/**
 * The workspace owns the keys, so it answers for them from its read model. No cache: mutations
 * wait for the read model, so a key revoked by one request is refused by the next.
 */
@Injectable()
export class ReadModelCredentialVerifier implements CredentialVerifier {
  constructor(@Inject(WorkspaceReadModel) private readonly readModel: WorkspaceReadModel) {}

  async verifySecretKey(keyHash: string): Promise<GatewayIdentity | null> {
    const key = await this.readModel.activeKeyByHash(keyHash);
    if (!key || key.kind !== 'SECRET') return null;
    return {
      organizationId: key.organizationId,
      principal: { kind: 'secret-key', id: key.id },
      projectScope: key.projectScope,
    };
  }
}
