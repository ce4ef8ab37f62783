import { CreateEventStore1764000000000 } from './migrations/1764000000000-create-event-store.migration';

/** Add after platformMigrations in the data source of an app that keeps event-sourced aggregates. */
export const eventStoreMigrations = [CreateEventStore1764000000000];
