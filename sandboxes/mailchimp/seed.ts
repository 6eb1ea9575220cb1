import { createMember } from './members';
import { type MailchimpState } from './state';
import { type JsonObject, type ListRecord } from './types';

/** Deterministic demo data: the same seed gives the same audiences, ids and contacts. */

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim', 'Hedy', 'Linus'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Perlman', 'Berners-Lee', 'Lamarr', 'Torvalds'];

export function listSettings(name: string): JsonObject {
  return {
    name,
    contact: { company: 'Switchyard', address1: '675 Ponce de Leon Ave NE', address2: '', city: 'Atlanta', state: 'GA', zip: '30308', country: 'US', phone: '' },
    permission_reminder: 'You signed up on our website.',
    use_archive_bar: true,
    campaign_defaults: { from_name: 'Switchyard', from_email: 'news@example.com', subject: '', language: 'en' },
    notify_on_subscribe: '',
    notify_on_unsubscribe: '',
    email_type_option: false,
    double_optin: false,
    marketing_permissions: false,
    visibility: 'pub',
  };
}

export function seedMembers(state: MailchimpState, list: ListRecord, count: number): void {
  const start = list.members.size;
  for (let i = start; i < start + count; i++) {
    const first = state.rand.pick(FIRST);
    const last = state.rand.pick(LAST);
    const email = `${first}.${last}.${i}@example.com`.toLowerCase();
    const status = state.rand.next() < 0.85 ? 'subscribed' : 'unsubscribed';
    createMember(state, list, email, status, { merge_fields: { FNAME: first, LNAME: last } }, { source: 'admin', skipMergeValidation: true });
  }
}

export function seed(state: MailchimpState, opts: { lists?: number; members?: number }): ListRecord[] {
  const out: ListRecord[] = [];
  for (let i = 0; i < (opts.lists ?? 1); i++) {
    const list = state.createList(listSettings(i === 0 ? 'Switchyard Audience' : `Switchyard Audience ${i + 1}`));
    seedMembers(state, list, opts.members ?? 0);
    out.push(list);
  }
  return out;
}
