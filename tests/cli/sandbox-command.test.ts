import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxManifest } from '../../sandboxes/demo';
import { freePort } from '../../temporal/dev-server';

// `switchyard sandbox` as an operator runs it: six vendors up, a manifest written, each answering its own auth.
describe('switchyard sandbox', () => {
  it('given the command, when it starts, then the manifest lists all six sandboxes and each accepts its demo credentials', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sy-sandbox-'));
    const manifestFile = path.join(dir, 'manifest.json');
    // Six consecutive free ports are likely above a random free one.
    const base = (await freePort()) % 20000 + 30000;
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/switchyard.ts', 'sandbox', '--manifest', manifestFile, '--base-port', String(base), '--products', '30', '--customers', '20', '--orders', '20'], { stdio: 'pipe' });
    try {
      const deadline = Date.now() + 90_000;
      while (!existsSync(manifestFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Required<SandboxManifest>;
      expect(Object.keys(m).sort()).toEqual(['mailchimp', 'shopify', 'square', 'stripe', 'xero', 'zendesk']);
      const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
      const calls: [string, string, Record<string, string>][] = [
        ['shopify', `${m.shopify.baseUrl}/admin/api/2025-01/graphql.json`, { 'x-shopify-access-token': m.shopify.accessToken, 'content-type': 'application/json' }],
        ['square', `${m.square.baseUrl}/v2/locations`, { authorization: `Bearer ${m.square.accessToken}` }],
        ['stripe', `${m.stripe.baseUrl}/v1/customers?limit=1`, { authorization: `Bearer ${m.stripe.apiKey}` }],
        ['xero', `${m.xero.baseUrl}/api.xro/2.0/Organisation`, { authorization: `Bearer ${m.xero.accessToken}`, 'xero-tenant-id': m.xero.tenantId, accept: 'application/json' }],
        ['mailchimp', `${m.mailchimp.baseUrl}/3.0/lists/${m.mailchimp.listId}`, { authorization: basic('anystring', m.mailchimp.apiKey) }],
        ['zendesk', `${m.zendesk.baseUrl}/api/v2/users/me.json`, { authorization: basic(`${m.zendesk.email}/token`, m.zendesk.apiToken) }],
      ];
      for (const [vendor, url, headers] of calls) {
        const init = vendor === 'shopify' ? { method: 'POST', headers, body: JSON.stringify({ query: '{ shop { name } }' }) } : { headers };
        const ok = await fetch(url, init);
        expect(ok.status, vendor).toBe(200);
        const denied = await fetch(url, { ...init, headers: { ...headers, authorization: 'Bearer wrong', 'x-shopify-access-token': 'wrong' } });
        expect(denied.status, `${vendor} with a wrong credential`).toBe(401);
      }
    } finally {
      child.kill('SIGTERM');
    }
  }, 120_000);
});
