-- Same role and databases as the local stack: the app's DATABASE_URL and the integration tests
-- work unchanged against either.
CREATE ROLE pulse LOGIN PASSWORD 'pulse' CREATEDB;
CREATE DATABASE pulse OWNER pulse;
CREATE DATABASE pulse_test OWNER pulse;

-- Extensions are per database and need a superuser, so they are created here, not by migrations.
\connect pulse
CREATE EXTENSION IF NOT EXISTS hll;

\connect pulse_test
CREATE EXTENSION IF NOT EXISTS hll;
