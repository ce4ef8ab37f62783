import { CreateConsumerCheckpoints1764000000000 } from './1764000000000-create-consumer-checkpoints.migration';

/** Migrations of a database that holds a sink with consumer checkpoints; add after platformMigrations. */
export const checkpointMigrations = [CreateConsumerCheckpoints1764000000000];
