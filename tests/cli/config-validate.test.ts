import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The CLI as an operator runs it: a real process, its exit code and its stderr.
function validate(yamlText: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sy-cli-'));
  const file = path.join(dir, 'switchyard.yaml');
  writeFileSync(file, yamlText);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/switchyard.ts', 'config', 'validate', file], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, file };
}

const GOOD = `connectors:
  shop:
    kind: shopify
    shop: demo.myshopify.com
    accessToken: { env: SHOPIFY_TOKEN }
    webhookSecret: { env: SHOPIFY_WEBHOOK_SECRET }
  pos:
    kind: square
    accessToken: { env: SQUARE_TOKEN }
    webhookSignatureKey: { env: SQUARE_KEY }
flows:
  - id: catalog
    entity: product
    from: shop
    to: [pos]
`;
const SECRETS = { SHOPIFY_TOKEN: 't', SHOPIFY_WEBHOOK_SECRET: 's', SQUARE_TOKEN: 'q', SQUARE_KEY: 'k' };

describe('switchyard config validate', () => {
  it('given a valid file and its secrets, when validated, then exit 0 and OK', () => {
    const r = validate(GOOD, SECRETS);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK: /);
  });

  it('given a flow sending to an unknown connector, when validated, then exit 2 with file:line:col and the config path', () => {
    const r = validate(GOOD.replace('to: [pos]', 'to: [store]'), SECRETS);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${r.file}:15:10: flows[0].to[0]`);
  });

  it('given broken YAML, when validated, then exit 2 with the line of the break', () => {
    const r = validate(GOOD.replace('  pos:\n', '  pos:\n   - [unclosed\n'), SECRETS);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${r.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
  });

  it('given an unknown key, when validated, then exit 2 naming the key at its line', () => {
    const r = validate(GOOD.replace('    entity: product\n', '    entity: product\n    colour: blue\n'), SECRETS);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${r.file}:14:5: flows[0]`);
    expect(r.stderr).toContain('colour');
  });

  it('given a missing secret, when validated, then exit 2 naming the variable and the config path', () => {
    const { SQUARE_TOKEN: _omit, ...rest } = SECRETS;
    const r = validate(GOOD, rest);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SQUARE_TOKEN');
    expect(r.stderr).toContain('connectors.pos.accessToken');
    expect(r.stderr).toContain(`${r.file}:9:`);
  });
});
