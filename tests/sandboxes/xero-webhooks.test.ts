import { afterEach, describe, expect, it } from 'vitest';
import { Invoice } from 'xero-node';
import { createXeroWebhookVerifier } from '../../connectors/xero/webhooks';
import { KEY, startReceiver, startXero, TENANT, until, type Harness, type Receiver } from './xero-harness';

/** Intent to receive, signed deliveries, batching and retries. */

let h: Harness | null = null;
let rx: Receiver | null = null;
afterEach(async () => {
  if (h) expect(h.sb.server.violations).toEqual([]);
  await h?.stop();
  await rx?.close();
  h = null;
  rx = null;
});

describe('Xero sandbox webhooks', () => {
  it('given a receiver that checks signatures, when subscribing, then intent-to-receive passes with 200s and 401s', async () => {
    h = await startXero();
    rx = await startReceiver(KEY);
    const sub = await h.sb.subscribeWebhooks(rx.url);
    expect(sub.status).toBe('OK');
    expect(sub.intentAttempts.map((a) => [a.correctlySigned, a.status])).toEqual([
      [true, 200],
      [false, 401],
      [true, 200],
      [false, 401],
    ]);
  });

  it('given a receiver that accepts anything, when subscribing, then intent-to-receive fails and no events are delivered', async () => {
    h = await startXero();
    rx = await startReceiver(KEY, () => 200);
    const sub = await h.sb.subscribeWebhooks(rx.url);
    expect(sub.status).toBe('FAILED');
    const before = rx.statuses.length;
    h.sb.admin.createContact({ Name: 'Nobody Hears' });
    await new Promise((r) => setTimeout(r, 50));
    expect(rx.statuses.length).toBe(before);
  });

  it('given an OK subscription, when contacts and invoices change via API and web app, then signed batches arrive and verify', async () => {
    h = await startXero();
    rx = await startReceiver(KEY);
    await h.sb.subscribeWebhooks(rx.url);
    const itrBodies = rx.bodies.length;
    const created = await h.xero.accountingApi.createContacts(TENANT, { contacts: [{ name: 'Hook A' }, { name: 'Hook B' }] });
    const contactID = created.body.contacts?.[0]?.contactID ?? '';
    const inv = h.sb.admin.createInvoice({ ContactID: contactID, LineItems: [{ Description: 'x', Quantity: 1, UnitAmount: 5, AccountCode: '200' }] });
    h.sb.admin.approveInvoice(String(inv.InvoiceID));
    await until(() => rx!.bodies.length >= itrBodies + 2);
    const payloads = rx.bodies.slice(itrBodies).map((b) => JSON.parse(b) as { events: { eventCategory: string; eventType: string; resourceId: string; tenantId: string }[]; firstEventSequence: number; lastEventSequence: number });
    const contactBatch = payloads.find((p) => p.events[0]?.eventCategory === 'CONTACT');
    expect(contactBatch?.events.map((e) => e.eventType)).toEqual(['CREATE', 'CREATE']);
    expect(contactBatch?.events[0]?.tenantId).toBe(TENANT);
    expect(contactBatch && contactBatch.lastEventSequence - contactBatch.firstEventSequence).toBe(1);
    const invoiceEvents = payloads.flatMap((p) => p.events).filter((e) => e.eventCategory === 'INVOICE');
    expect(invoiceEvents.map((e) => e.eventType)).toEqual(['CREATE', 'UPDATE']);
    const verifier = createXeroWebhookVerifier(KEY);
    const sent = h.sb.webhooks.sent[0];
    const verdict = verifier.verifyBatch({ headers: { 'x-xero-signature': sent?.signature }, rawBody: Buffer.from(sent?.body ?? ''), url: rx.url });
    expect(verdict.ok && verdict.events.map((e) => e.entity)).toEqual(['customer', 'customer']);
  });

  it('given a receiver failing at first, when an event is sent, then Xero retries until it is accepted', async () => {
    h = await startXero();
    let failNext = 0;
    rx = await startReceiver(KEY, () => (failNext-- > 0 ? 503 : null));
    await h.sb.subscribeWebhooks(rx.url, ['INVOICE']);
    failNext = 2;
    await h.xero.accountingApi.createInvoices(TENANT, { invoices: [{ type: Invoice.TypeEnum.ACCREC, contact: { name: 'Retry Me' }, lineItems: [{ description: 'x', quantity: 1, unitAmount: 1 }] }] });
    await until(() => h!.sb.emitter.log.some((d) => d.delivered && d.attempts === 3));
    expect(rx.statuses.slice(-3)).toEqual([503, 503, 200]);
  });
});
