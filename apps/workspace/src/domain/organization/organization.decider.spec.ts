import { specFor } from '@pulse/testing';
import { organizationDecider, type OrganizationEvent } from './organization.decider';

const spec = specFor(organizationDecider);
const created: OrganizationEvent = {
  type: 'OrganizationCreated',
  data: { organizationId: 'org-1', name: 'Acme', createdBy: 'bootstrap' },
};

describe('Organization', () => {
  describe('CreateOrganization', () => {
    it('creates an organization with a trimmed name', () =>
      spec([])
        .when({
          type: 'CreateOrganization',
          data: { organizationId: 'org-1', name: '  Acme ', createdBy: 'bootstrap' },
        })
        .then([created]));

    it('refuses to create it twice', () =>
      spec([created])
        .when({ type: 'CreateOrganization', data: { organizationId: 'org-1', name: 'Acme', createdBy: 'x' } })
        .thenRefuses('ALREADY_EXISTS'));

    it('refuses an empty name', () =>
      spec([])
        .when({ type: 'CreateOrganization', data: { organizationId: 'org-1', name: '   ', createdBy: 'x' } })
        .thenRefuses('VALIDATION_FAILED', 'name must not be empty'));

    it('refuses a name over 100 characters', () =>
      spec([])
        .when({ type: 'CreateOrganization', data: { organizationId: 'org-1', name: 'a'.repeat(101), createdBy: 'x' } })
        .thenRefuses('VALIDATION_FAILED', 'at most 100'));
  });

  describe('RenameOrganization', () => {
    it('renames it', () =>
      spec([created])
        .when({ type: 'RenameOrganization', data: { organizationId: 'org-1', name: 'Acme Inc' } })
        .then([{ type: 'OrganizationRenamed', data: { organizationId: 'org-1', name: 'Acme Inc' } }]));

    it('records nothing when the name does not change', () =>
      spec([created])
        .when({ type: 'RenameOrganization', data: { organizationId: 'org-1', name: 'Acme' } })
        .then([]));

    it('refuses an unknown organization', () =>
      spec([])
        .when({ type: 'RenameOrganization', data: { organizationId: 'org-1', name: 'X' } })
        .thenRefuses('NOT_FOUND'));

    it('refuses an empty name', () =>
      spec([created])
        .when({ type: 'RenameOrganization', data: { organizationId: 'org-1', name: '' } })
        .thenRefuses('VALIDATION_FAILED'));
  });
});
