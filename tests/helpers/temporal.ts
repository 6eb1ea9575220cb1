import { TestWorkflowEnvironment } from '@temporalio/testing';
import { findTemporalCli } from '../../temporal/cli-binary';
import { SEARCH_ATTRIBUTES } from '../../temporal/search-attributes';

/**
 * A real Temporal server for integration tests: the pinned CLI's dev server
 * (the same binary `npm start` runs), with our search attributes registered.
 * TEMPORAL_ADDRESS points the tests at an existing cluster instead.
 */
export async function startTestTemporal(): Promise<TestWorkflowEnvironment> {
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
