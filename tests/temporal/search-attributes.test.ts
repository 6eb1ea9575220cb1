import type Long from 'long';
import { type Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSearchAttributes, SEARCH_ATTRIBUTES, type OperatorApi } from '../../temporal/search-attributes';
import { startTestTemporal } from '../helpers/temporal';

describe('search attributes', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startTestTemporal();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('given the dev server started by the tests, then every Switchyard attribute is registered as a keyword', async () => {
    const res = await env.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    for (const k of SEARCH_ATTRIBUTES) expect(res.customAttributes?.[k.name], k.name).toBe(2);
  });

  it('given a namespace that lacks them, when ensured, then the missing ones are added and a second call adds nothing', async () => {
    const conn = env.connection as unknown as Connection;
    await conn.workflowService.registerNamespace({ namespace: 'sa-test', workflowExecutionRetentionPeriod: { seconds: 86400 as unknown as Long } });
    const operator = conn.operatorService as unknown as OperatorApi;
    const before = await operator.listSearchAttributes({ namespace: 'sa-test' });
    expect(Object.keys(before.customAttributes ?? {})).not.toContain('SwitchyardConnector');
    expect((await ensureSearchAttributes(operator, 'sa-test')).sort()).toEqual(SEARCH_ATTRIBUTES.map((k) => k.name).sort());
    const after = await operator.listSearchAttributes({ namespace: 'sa-test' });
    for (const k of SEARCH_ATTRIBUTES) expect(after.customAttributes ?? {}, k.name).toHaveProperty(k.name);
    expect(await ensureSearchAttributes(operator, 'sa-test')).toEqual([]);
  });
});
