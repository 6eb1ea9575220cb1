import zendesk from 'node-zendesk';
import type { ZendeskClient, ZendeskClientOptions } from 'node-zendesk';

/**
 * node-zendesk is CommonJS bundled in a way Node's ESM loader cannot read
 * named exports from, so it is imported once here through its default export.
 */
export function createZendeskClient(options: ZendeskClientOptions): ZendeskClient {
  return zendesk.createClient(options);
}

export type { ZendeskClient, ZendeskClientOptions };
