import { specFor } from '@pulse/testing';
import { storeDecider, type StoreEvent } from './store.decider';

const spec = specFor(storeDecider);
const created: StoreEvent = {
  type: 'StoreCreated',
  data: { storeId: 's-1', projectId: 'p-1', organizationId: 'org-1', name: 'France' },
};
const removed: StoreEvent = { type: 'StoreRemoved', data: { storeId: 's-1' } };

describe('Store', () => {
  it('creates a store', () =>
    spec([])
      .when({
        type: 'CreateStore',
        data: { storeId: 's-1', projectId: 'p-1', organizationId: 'org-1', name: ' France ' },
      })
      .then([created]));
  it('refuses to create it twice', () =>
    spec([created])
      .when({
        type: 'CreateStore',
        data: { storeId: 's-1', projectId: 'p-1', organizationId: 'org-1', name: 'France' },
      })
      .thenRefuses('ALREADY_EXISTS'));
  it('refuses an empty name', () =>
    spec([])
      .when({ type: 'CreateStore', data: { storeId: 's-1', projectId: 'p-1', organizationId: 'org-1', name: '' } })
      .thenRefuses('VALIDATION_FAILED'));
  it('renames it', () =>
    spec([created])
      .when({ type: 'RenameStore', data: { storeId: 's-1', name: 'Belgium' } })
      .then([{ type: 'StoreRenamed', data: { storeId: 's-1', name: 'Belgium' } }]));
  it('records nothing for the same name', () =>
    spec([created])
      .when({ type: 'RenameStore', data: { storeId: 's-1', name: 'France' } })
      .then([]));
  it('refuses to rename an unknown store', () =>
    spec([])
      .when({ type: 'RenameStore', data: { storeId: 's-1', name: 'X' } })
      .thenRefuses('NOT_FOUND'));
  it('refuses to rename a removed store', () =>
    spec([created, removed])
      .when({ type: 'RenameStore', data: { storeId: 's-1', name: 'X' } })
      .thenRefuses('GONE'));
  it('removes it', () =>
    spec([created])
      .when({ type: 'RemoveStore', data: { storeId: 's-1' } })
      .then([removed]));
  it('refuses to remove an unknown store', () =>
    spec([])
      .when({ type: 'RemoveStore', data: { storeId: 's-1' } })
      .thenRefuses('NOT_FOUND'));
  it('refuses to remove it twice', () =>
    spec([created, removed])
      .when({ type: 'RemoveStore', data: { storeId: 's-1' } })
      .thenRefuses('GONE'));
});
