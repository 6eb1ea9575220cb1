import { describe } from 'vitest';
import { describeDataContract } from './contract-data';
import { describeEventContract } from './contract-events';
import { describeQueueContract } from './contract-queues';
import { postgresBackend, sqliteBackend, useStoreFixture } from './harness';

// One contract, every backend. The Postgres run needs a server: without
// SWITCHYARD_PG_URL or .tools/pg/url every test FAILS, telling you to run
// `bash scripts/postgres.sh`; it is never skipped.
for (const backend of [sqliteBackend(), postgresBackend()]) {
  describe(`Store contract [${backend.kind}]`, () => {
    const fx = useStoreFixture(backend);
    describeDataContract(fx);
    describeQueueContract(fx);
    describeEventContract(fx);
  });
}
