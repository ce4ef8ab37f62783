import { RequireHllExtension1763900000000 } from './migrations/1763900000000-require-hll-extension.migration';

/** Migrations every Pulse database needs, before any app's own. */
export const platformMigrations = [RequireHllExtension1763900000000];
