import { createField } from './fields';
import { mulberry32 } from '../framework/prng';
import { createOrganization } from './organizations';
import { type ZendeskState } from './state';
import { createTicket } from './ticket-ops';
import { createUser } from './user-ops';
import { TICKET_PRIORITIES, type UserRecord } from './types';

/**
 * Deterministic demo data: the same `seed` gives the same users,
 * organizations and tickets (mulberry32), so tests can rely on them.
 */

export interface SeedOptions {
  users?: number;
  organizations?: number;
  tickets?: number;
  seed?: number;
}


const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Edsger'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Dijkstra'];
const SUBJECTS = ['Order arrived damaged', 'Refund request', 'Cannot log in', 'Invoice copy needed', 'Change shipping address', 'Discount code not working'];

/** The agent behind the API token, plus the system ticket fields every account has. */
export function bootstrapAccount(state: ZendeskState, agentEmail: string): UserRecord {
  const agent = createUser(state, { name: 'Sandbox Admin', email: agentEmail, role: 'admin', verified: true });
  state.agentId = agent.id;
  const system: [string, string][] = [['subject', 'Subject'], ['description', 'Description'], ['status', 'Status'], ['tickettype', 'Type'], ['priority', 'Priority'], ['group', 'Group'], ['assignee', 'Assignee']];
  for (const [type, title] of system) createField(state, 'ticket', { type, title }, true);
  return agent;
}

export function seedAccount(state: ZendeskState, opts: SeedOptions): void {
  const rnd = mulberry32(opts.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const orgs = Array.from({ length: opts.organizations ?? 0 }, (_, i) => createOrganization(state, { name: `Org ${i + 1} ${pick(LAST)}`, external_id: `org-${i + 1}` }));
  const users = Array.from({ length: opts.users ?? 0 }, (_, i) => {
    const name = `${pick(FIRST)} ${pick(LAST)}`;
    const org = orgs.length && rnd() < 0.6 ? pick(orgs).id : null;
    return createUser(state, { name, email: `customer${i + 1}@example.com`, external_id: `cust-${i + 1}`, organization_id: org });
  });
  const actor = state.users.get(state.agentId);
  if (!actor) return;
  for (let i = 0; i < (opts.tickets ?? 0); i++) {
    const requester = users.length ? pick(users) : actor;
    createTicket(state, { subject: pick(SUBJECTS), comment: { body: `Seeded ticket ${i + 1}` }, requester_id: requester.id, priority: pick(TICKET_PRIORITIES) }, actor);
  }
}
