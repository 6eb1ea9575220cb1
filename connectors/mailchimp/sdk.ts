import { createRequire } from 'node:module';

/**
 * A typed facade over the official SDK (@mailchimp/mailchimp_marketing, untyped JS).
 * The package's default export is a process-wide singleton (ApiClient.instance), so
 * two connectors calling `mailchimp.setConfig` would overwrite each other's key and
 * host. Its ApiClient constructor is public, though (src/ApiClient.js; every API
 * class takes the client it should use), so each connector gets its own instance
 * with its own `basePath` and `config`. The cast below is the only untyped boundary.
 */

export interface SdkMember {
  id: string;
  email_address: string;
  status: string;
  merge_fields?: { [tag: string]: unknown };
  tags?: { id: number; name: string }[];
  last_changed?: string;
}

export interface SdkMembersPage {
  members: SdkMember[];
  total_items: number;
}

export interface SdkBatch {
  id: string;
  status: string;
  total_operations: number;
  finished_operations: number;
  errored_operations: number;
  response_body_url: string;
}

export interface SdkOperation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  params?: { [key: string]: string };
  body?: string;
  operation_id?: string;
}

export interface MailchimpSdk {
  basePath: string;
  setConfig(config: { apiKey?: string; accessToken?: string; server?: string }): void;
  ping: { get(): Promise<{ health_status: string }> };
  lists: {
    getListMembersInfo(listId: string, opts: { [key: string]: string | number | string[] }): Promise<SdkMembersPage>;
    getListMember(listId: string, hash: string, opts?: { [key: string]: string | string[] }): Promise<SdkMember>;
    setListMember(listId: string, hash: string, body: object, opts?: { skipMergeValidation?: boolean }): Promise<SdkMember>;
    updateListMemberTags(listId: string, hash: string, body: { tags: { name: string; status: 'active' | 'inactive' }[] }): Promise<unknown>;
    deleteListMember(listId: string, hash: string): Promise<unknown>;
  };
  batches: {
    start(body: { operations: SdkOperation[] }): Promise<SdkBatch>;
    status(batchId: string): Promise<SdkBatch>;
  };
}

type ApiClientCtor = new () => MailchimpSdk;

const require = createRequire(import.meta.url);
const ApiClient = require('@mailchimp/mailchimp_marketing/src/ApiClient') as ApiClientCtor;

/**
 * One isolated SDK client. With a baseUrl (sandbox, proxy) the `server` config is
 * left out: the SDK would otherwise replace the first "server" in the URL by it.
 */
export function createSdk(apiKey: string, server: string, baseUrl?: string): MailchimpSdk {
  const client = new ApiClient();
  if (baseUrl) {
    client.basePath = `${baseUrl.replace(/\/+$/, '')}/3.0`;
    client.setConfig({ apiKey });
  } else client.setConfig({ apiKey, server });
  return client;
}
