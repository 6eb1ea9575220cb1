import { ApplicationFailure } from '@temporalio/activity';

/** A flow or connector that can't work as configured: retrying won't help. */
export class ConfigurationError extends ApplicationFailure {
  constructor(message: string) {
    super(message, 'ConfigurationError', true);
  }
}
