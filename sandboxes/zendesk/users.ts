import { type SandboxServer } from '../framework/server';
import { badRequest, notFound } from './errors';
import { intParam, mountApi, objectField, type ApiContext, type Call } from './http';
import { paginate } from './pagination';
import { iso, renderUser } from './render';
import { createOrUpdateUser, createUser, deleteUser, searchUsers, updateUser } from './user-ops';
import { type JsonObject, type UserRecord } from './types';

/** Users API routes: https://developer.zendesk.com/api-reference/ticketing/users/users/ */

export function requireRoot(call: Call, key: string): JsonObject {
  const v = objectField(call.body, key);
  if (!v) throw badRequest('ParameterMissing', `Parameter ${key} is required`);
  return v;
}

export function mountUserRoutes(server: SandboxServer, ctx: ApiContext): void {
  const { state } = ctx;
  const active = (): UserRecord[] => [...state.users.values()].filter((u) => u.active).sort((a, b) => a.id - b.id);
  const find = (id: string | undefined): UserRecord => {
    const u = state.users.get(intParam(id));
    if (!u) throw notFound();
    return u;
  };
  const one = (call: Call, u: UserRecord, status = 200) => ({ status, body: { user: renderUser(u, call.base) } });

  // https://developer.zendesk.com/api-reference/ticketing/users/users/#search-users
  mountApi(server, ctx, 'GET', '/api/v2/users/search', (call) => {
    const q = call.req.query;
    const externalId = q.get('external_id');
    const users = externalId !== null ? active().filter((u) => u.external_id === externalId) : searchUsers(state, q.get('query') ?? '');
    return { status: 200, body: paginate(call, users.sort((a, b) => a.id - b.id), 'users', (u) => renderUser(u, call.base)) };
  });
  // https://developer.zendesk.com/api-reference/ticketing/users/users/#show-many-users
  mountApi(server, ctx, 'GET', '/api/v2/users/show_many', (call) => {
    const ids = (call.req.query.get('ids') ?? '').split(',').filter(Boolean).map(Number);
    const ext = (call.req.query.get('external_ids') ?? '').split(',').filter(Boolean);
    const users = ids.length ? ids.map((id) => state.users.get(id)).filter((u): u is UserRecord => !!u) : active().filter((u) => u.external_id !== null && ext.includes(u.external_id));
    return { status: 200, body: { users: users.map((u) => renderUser(u, call.base)), next_page: null, previous_page: null, count: users.length } };
  });
  // https://developer.zendesk.com/api-reference/ticketing/users/users/#count-users
  mountApi(server, ctx, 'GET', '/api/v2/users/count', () => ({ status: 200, body: { count: { value: active().length, refreshed_at: iso(state.now()) } } }));
  // https://developer.zendesk.com/api-reference/ticketing/users/users/#show-the-currently-authenticated-user
  mountApi(server, ctx, 'GET', '/api/v2/users/me', (call) => one(call, call.actor));
  // https://developer.zendesk.com/api-reference/ticketing/users/users/#create-or-update-user
  mountApi(server, ctx, 'POST', '/api/v2/users/create_or_update', (call) => {
    const { user, created } = createOrUpdateUser(state, requireRoot(call, 'user'));
    return one(call, user, created ? 201 : 200);
  });
  // https://developer.zendesk.com/api-reference/ticketing/users/users/#list-users (cursor and offset)
  mountApi(server, ctx, 'GET', '/api/v2/users', (call) => {
    const q = call.req.query;
    const roles = [...q.getAll('role'), ...q.getAll('role[]')];
    const externalId = q.get('external_id');
    const users = active().filter((u) => (!roles.length || roles.includes(u.role)) && (externalId === null || u.external_id === externalId));
    return { status: 200, body: paginate(call, users, 'users', (u) => renderUser(u, call.base)) };
  });
  // https://developer.zendesk.com/api-reference/ticketing/users/users/#create-user
  mountApi(server, ctx, 'POST', '/api/v2/users', (call) => one(call, createUser(state, requireRoot(call, 'user')), 201));
  // https://developer.zendesk.com/api-reference/ticketing/users/users/#show-user (deleted users stay visible, active: false)
  mountApi(server, ctx, 'GET', '/api/v2/users/{user_id}', (call) => one(call, find(call.req.params.user_id)));
  // https://developer.zendesk.com/api-reference/ticketing/users/users/#update-user
  mountApi(server, ctx, 'PUT', '/api/v2/users/{user_id}', (call) => {
    const user = find(call.req.params.user_id);
    if (!user.active) throw notFound();
    return one(call, updateUser(state, user, requireRoot(call, 'user')));
  });
  // https://developer.zendesk.com/api-reference/ticketing/users/users/#delete-user
  mountApi(server, ctx, 'DELETE', '/api/v2/users/{user_id}', (call) => {
    const user = find(call.req.params.user_id);
    if (!user.active) throw notFound();
    return one(call, deleteUser(state, user));
  });
}
