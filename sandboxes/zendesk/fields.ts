import { type SandboxServer } from '../framework/server';
import { forbidden, notFound, recordInvalid, type FieldError } from './errors';
import { intParam, mountApi, type ApiContext } from './http';
import { renderField } from './render';
import { type ZendeskState } from './state';
import { isJsonObject, type FieldKind, type FieldRecord, type JsonObject } from './types';
import { requireRoot } from './users';

/**
 * User fields (https://developer.zendesk.com/api-reference/ticketing/users/user_fields/)
 * and ticket fields (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/).
 * User fields need a unique `key`; system ticket fields cannot be deleted.
 */

const TYPES: Record<FieldKind, readonly string[]> = {
  user: ['text', 'textarea', 'checkbox', 'date', 'integer', 'decimal', 'regexp', 'dropdown', 'lookup', 'multiselect'],
  ticket: ['text', 'textarea', 'checkbox', 'date', 'integer', 'decimal', 'regexp', 'partialcreditcard', 'multiselect', 'tagger', 'lookup'],
};

export function createField(state: ZendeskState, kind: FieldKind, input: JsonObject, system = false): FieldRecord {
  const errors: Record<string, FieldError[]> = {};
  const type = typeof input.type === 'string' ? input.type : '';
  const title = typeof input.title === 'string' ? input.title.trim() : '';
  const key = typeof input.key === 'string' ? input.key : null;
  if (!system && !TYPES[kind].includes(type)) errors.type = [{ description: `Type: ${type || 'blank'} is not a valid field type`, error: 'InvalidValue' }];
  if (!title) errors.title = [{ description: 'Title: cannot be blank', error: 'BlankValue' }];
  if (kind === 'user') {
    if (!key) errors.key = [{ description: 'Key: cannot be blank', error: 'BlankValue' }];
    else if (!/^[A-Za-z0-9_-]+$/.test(key)) errors.key = [{ description: 'Key: is invalid', error: 'InvalidValue' }];
    else if ([...state.fields.values()].some((f) => f.kind === 'user' && f.key === key)) errors.key = [{ description: 'Key: has already been taken', error: 'DuplicateValue' }];
  }
  if (Object.keys(errors).length) throw recordInvalid(errors);
  const now = state.now();
  const options = Array.isArray(input.custom_field_options) ? input.custom_field_options.filter(isJsonObject) : [];
  const field: FieldRecord = {
    id: state.nextId('field'), kind, type, title, key: kind === 'user' ? key : null,
    description: typeof input.description === 'string' ? input.description : '', active: input.active !== false, required: input.required === true,
    position: typeof input.position === 'number' ? input.position : 9999, system,
    options: options.map((o) => ({ id: state.nextId('option'), name: String(o.name ?? ''), value: String(o.value ?? '') })),
    created_at: now, updated_at: now,
  };
  state.fields.set(field.id, field);
  if (kind === 'user' && field.key) for (const u of state.users.values()) u.user_fields[field.key] ??= null;
  return field;
}

export function mountFieldRoutes(server: SandboxServer, ctx: ApiContext): void {
  const { state } = ctx;
  for (const kind of ['user', 'ticket'] as const) {
    const plural = `${kind}_fields`;
    const idName = `${kind}_field_id`;
    const find = (id: string | undefined): FieldRecord => {
      const f = state.fields.get(intParam(id));
      if (!f || f.kind !== kind) throw notFound();
      return f;
    };
    const all = (): FieldRecord[] => [...state.fields.values()].filter((f) => f.kind === kind).sort((a, b) => a.position - b.position || a.id - b.id);
    // List: https://developer.zendesk.com/api-reference/ticketing/users/user_fields/#list-user-fields
    mountApi(server, ctx, 'GET', `/api/v2/${plural}`, (call) => {
      const fields = all();
      return { status: 200, body: { [plural]: fields.map((f) => renderField(f, call.base)), next_page: null, previous_page: null, count: fields.length } };
    });
    // Create: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/#create-ticket-field
    mountApi(server, ctx, 'POST', `/api/v2/${plural}`, (call) => ({ status: 201, body: { [kind + '_field']: renderField(createField(state, kind, requireRoot(call, `${kind}_field`)), call.base) } }));
    mountApi(server, ctx, 'GET', `/api/v2/${plural}/{${idName}}`, (call) => ({ status: 200, body: { [kind + '_field']: renderField(find(call.req.params[idName]), call.base) } }));
    mountApi(server, ctx, 'PUT', `/api/v2/${plural}/{${idName}}`, (call) => {
      const f = structuredClone(find(call.req.params[idName]));
      const input = requireRoot(call, `${kind}_field`);
      if (typeof input.title === 'string' && input.title.trim()) f.title = input.title.trim();
      if (typeof input.description === 'string') f.description = input.description;
      if (typeof input.active === 'boolean') f.active = input.active;
      if (typeof input.required === 'boolean') f.required = input.required;
      if (typeof input.position === 'number') f.position = input.position;
      f.updated_at = state.now();
      state.fields.set(f.id, f);
      return { status: 200, body: { [kind + '_field']: renderField(f, call.base) } };
    });
    mountApi(server, ctx, 'DELETE', `/api/v2/${plural}/{${idName}}`, (call) => {
      const f = find(call.req.params[idName]);
      if (f.system) throw forbidden('System fields cannot be deleted');
      state.fields.delete(f.id);
      return { status: 204 };
    });
  }
}
