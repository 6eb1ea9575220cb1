import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { findTemporalCli } from '../../temporal/cli-binary';
import { SEARCH_ATTRIBUTES } from '../../temporal/search-attributes';

/**
 * A real Temporal server for integration tests: the pinned CLI's dev server
 * (the same binary `npm start` runs), with our search attributes registered.
 * TEMPORAL_ADDRESS points the tests at an existing cluster instead.
 */
let runtimeInstalled = false;

export async function startTestTemporal(): Promise<TestWorkflowEnvironment> {
  if (!runtimeInstalled) {
    // Worker state changes at INFO drown the test output; keep warnings and errors.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  if (process.env.TEMPORAL_ADDRESS) {
    return TestWorkflowEnvironment.createFromExistingServer({ address: process.env.TEMPORAL_ADDRESS });
  }
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: findTemporalCli() },
      searchAttributes: [...SEARCH_ATTRIBUTES],
      extraArgs: ['--log-level', 'error'],
    },
  });
}
