import { specFor } from '@pulse/testing';
import { projectDecider, type ProjectEvent } from './project.decider';

const spec = specFor(projectDecider);
const settings = { domains: ['shop.example.com'], currency: 'EUR', timeZone: 'Europe/Paris' };
const created: ProjectEvent = {
  type: 'ProjectCreated',
  data: { projectId: 'p-1', organizationId: 'org-1', name: 'Main shop', ...settings },
};
const archived: ProjectEvent = { type: 'ProjectArchived', data: { projectId: 'p-1' } };
const create = (overrides: Partial<typeof settings & { name: string }>) =>
  ({
    type: 'CreateProject',
    data: { projectId: 'p-1', organizationId: 'org-1', name: 'Main shop', ...settings, ...overrides },
  }) as const;

describe('Project', () => {
  describe('CreateProject', () => {
    it('creates a shop with normalised domains', () =>
      spec([])
        .when(create({ domains: ['Shop.Example.com', 'shop.example.com'] }))
        .then([created]));

    it('refuses to create it twice', () => spec([created]).when(create({})).thenRefuses('ALREADY_EXISTS'));
    it('refuses an empty name', () =>
      spec([])
        .when(create({ name: ' ' }))
        .thenRefuses('VALIDATION_FAILED', 'name'));
    it('refuses an unknown currency', () =>
      spec([])
        .when(create({ currency: 'EURO' }))
        .thenRefuses('VALIDATION_FAILED', 'ISO 4217'));
    it('refuses an unknown time zone', () =>
      spec([])
        .when(create({ timeZone: 'Mars/Olympus' }))
        .thenRefuses('VALIDATION_FAILED', 'IANA'));
    it('refuses a domain with a scheme or path', () =>
      spec([])
        .when(create({ domains: ['https://shop.example.com/'] }))
        .thenRefuses('VALIDATION_FAILED', 'host names'));
    it('refuses more than 20 domains', () =>
      spec([])
        .when(create({ domains: Array.from({ length: 21 }, (_, i) => `s${i}.example.com`) }))
        .thenRefuses('VALIDATION_FAILED', 'at most 20'));
  });

  describe('RenameProject', () => {
    it('renames it', () =>
      spec([created])
        .when({ type: 'RenameProject', data: { projectId: 'p-1', name: 'Outlet' } })
        .then([{ type: 'ProjectRenamed', data: { projectId: 'p-1', name: 'Outlet' } }]));
    it('records nothing for the same name', () =>
      spec([created])
        .when({ type: 'RenameProject', data: { projectId: 'p-1', name: 'Main shop' } })
        .then([]));
    it('refuses an unknown project', () =>
      spec([])
        .when({ type: 'RenameProject', data: { projectId: 'p-1', name: 'X' } })
        .thenRefuses('NOT_FOUND'));
    it('refuses an archived project', () =>
      spec([created, archived])
        .when({ type: 'RenameProject', data: { projectId: 'p-1', name: 'X' } })
        .thenRefuses('GONE'));
  });

  describe('ChangeProjectSettings', () => {
    it('changes only what is given, keeping the rest', () =>
      spec([created])
        .when({ type: 'ChangeProjectSettings', data: { projectId: 'p-1', currency: 'USD' } })
        .then([{ type: 'ProjectSettingsChanged', data: { projectId: 'p-1', ...settings, currency: 'USD' } }]));
    it('records nothing when nothing changes', () =>
      spec([created])
        .when({ type: 'ChangeProjectSettings', data: { projectId: 'p-1', timeZone: 'Europe/Paris' } })
        .then([]));
    it('refuses an invalid value', () =>
      spec([created])
        .when({ type: 'ChangeProjectSettings', data: { projectId: 'p-1', timeZone: 'nowhere' } })
        .thenRefuses('VALIDATION_FAILED'));
    it('refuses an unknown project', () =>
      spec([])
        .when({ type: 'ChangeProjectSettings', data: { projectId: 'p-1' } })
        .thenRefuses('NOT_FOUND'));
    it('refuses an archived project', () =>
      spec([created, archived])
        .when({ type: 'ChangeProjectSettings', data: { projectId: 'p-1', currency: 'USD' } })
        .thenRefuses('GONE'));
  });

  describe('ArchiveProject', () => {
    it('archives it', () =>
      spec([created])
        .when({ type: 'ArchiveProject', data: { projectId: 'p-1' } })
        .then([archived]));
    it('refuses an unknown project', () =>
      spec([])
        .when({ type: 'ArchiveProject', data: { projectId: 'p-1' } })
        .thenRefuses('NOT_FOUND'));
    it('refuses to archive twice', () =>
      spec([created, archived])
        .when({ type: 'ArchiveProject', data: { projectId: 'p-1' } })
        .thenRefuses('GONE'));
  });
});
