import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Calculated query cost, as the Admin API computes it before (requested) and
 * after (actual) execution:
 *   scalar / enum 0 · object 1 · interface & union: the most expensive
 *   possible selection · connection: 2 + first|last × cost of one item
 *   (edges.node / nodes; cursor & pageInfo are free) · mutation field 10.
 * The actual cost counts the items the connection really returned.
 * https://shopify.dev/docs/api/usage/rate-limits#graphql-admin-api-rate-limits
 * https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits#cost-calculation
 *
 * Two choices Shopify does not document: a plain list field (e.g.
 * Product.options) costs like one object, except QueryRoot.nodes which costs
 * one object per requested id; a mutation field costs a flat 10 regardless of
 * the payload selection (what Shopify reports for typical mutations).
 */

export const MUTATION_FIELD_COST = 10;

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function requestedQueryCost(input: CostInput): number {
  const root = rootType(input);
  if (!root) return 0;
  return selectionCost(input, input.operation.selectionSet, root, null, input.operation.operation === 'mutation');
}

/** Cost of what was actually returned (`data` as produced by execute). */
export function actualQueryCost(input: CostInput, data: unknown): number {
  const root = rootType(input);
  if (!root || !isRecord(data)) return 0;
  return selectionCost(input, input.operation.selectionSet, root, data, input.operation.operation === 'mutation');
}

function rootType(input: CostInput): GraphQLCompositeType | null | undefined {
  return input.operation.operation === 'mutation' ? input.schema.getMutationType() : input.schema.getQueryType();
}

/** Per-request memo: the actual-cost walk revisits the same selections once per returned item. */
interface Memo {
  fields: Map<SelectionSetNode, CollectedField[]>;
  args: Map<FieldNode, Record<string, unknown>>;
  kinds: Map<FieldNode, Map<GraphQLCompositeType, FieldKind>>;
}
const memos = new WeakMap<CostInput, Memo>();

function memo(input: CostInput): Memo {
  let m = memos.get(input);
  if (!m) {
    m = { fields: new Map(), args: new Map(), kinds: new Map() };
    memos.set(input, m);
  }
  return m;
}

function fieldsOf(input: CostInput, set: SelectionSetNode): CollectedField[] {
  const m = memo(input);
  let fields = m.fields.get(set);
  if (!fields) {
    fields = collectFields(input, set, null, []);
    m.fields.set(set, fields);
  }
  return fields;
}

function argsOf(input: CostInput, def: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
  const m = memo(input);
  let args = m.args.get(node);
  if (!args) {
    args = getArgumentValues(def, node, input.variables);
    m.args.set(node, args);
  }
  return args;
}

interface CollectedField {
  node: FieldNode;
  /** Type condition of the enclosing fragment, when any. */
  condition: GraphQLNamedType | null;
}

/**
 * Cost of a selection set on `parent`. When `data` is given (actual cost),
 * connections count the returned items and null objects cost nothing.
 */
function selectionCost(input: CostInput, set: SelectionSetNode, parent: GraphQLCompositeType, data: Record<string, unknown> | null, isMutationRoot: boolean): number {
  const fields = fieldsOf(input, set);
  if (!isAbstractType(parent)) return fields.reduce((sum, f) => sum + fieldCost(input, f.node, parent, data, isMutationRoot), 0);
  // Interface/union: the most expensive concrete type among those the fragments name.
  const candidates = new Set<GraphQLNamedType>(fields.map((f) => f.condition).filter((c): c is GraphQLNamedType => c !== null && isObjectType(c)));
  if (!candidates.size) candidates.add(parent);
  let best = 0;
  for (const t of candidates) {
    let sum = 0;
    for (const f of fields) {
      if (!applies(input.schema, f.condition, t)) continue;
      const owner = f.condition && isCompositeType(f.condition) ? f.condition : parent;
      sum += fieldCost(input, f.node, owner, data, false);
    }
    best = Math.max(best, sum);
  }
  return best;
}

/** What a field is, for pricing: decided once per (field node, parent type) and memoised. */
type FieldKind =
  | { kind: 'free' }
  | { kind: 'connection' | 'list' | 'object'; def: GraphQLField<unknown, unknown>; named: GraphQLCompositeType; rootNodes: boolean };

function classify(input: CostInput, node: FieldNode, parent: GraphQLCompositeType): FieldKind {
  const m = memo(input);
  let byParent = m.kinds.get(node);
  if (!byParent) {
    byParent = new Map();
    m.kinds.set(node, byParent);
  }
  let k = byParent.get(parent);
  if (!k) {
    k = computeKind(input, node, parent);
    byParent.set(parent, k);
  }
  return k;
}

function computeKind(input: CostInput, node: FieldNode, parent: GraphQLCompositeType): FieldKind {
  if (node.name.value.startsWith('__') || !node.selectionSet) return { kind: 'free' };
  const def = 'getFields' in parent ? (parent.getFields() as Record<string, GraphQLField<unknown, unknown>>)[node.name.value] : undefined;
  if (!def) return { kind: 'free' };
  const named = getNamedType(def.type);
  if (isLeafType(named) || !isCompositeType(named)) return { kind: 'free' };
  const rootNodes = parent.name === input.schema.getQueryType()?.name && node.name.value === 'nodes';
  if (isConnection(named)) return { kind: 'connection', def, named, rootNodes };
  const list = isListType(isNonNullType(def.type) ? def.type.ofType : def.type);
  return { kind: list ? 'list' : 'object', def, named, rootNodes };
}

function fieldCost(input: CostInput, node: FieldNode, parent: GraphQLCompositeType, data: Record<string, unknown> | null, isMutationRoot: boolean): number {
  if (isMutationRoot) return node.name.value.startsWith('__') ? 0 : MUTATION_FIELD_COST;
  const k = classify(input, node, parent);
  if (k.kind === 'free') return 0;
  const value = data ? data[node.alias?.value ?? node.name.value] : undefined;
  if (data && (value === null || value === undefined)) return 0;
  const set = node.selectionSet!;
  if (k.kind === 'connection') return connectionCost(input, set, k.named, argsOf(input, k.def, node), data ? asRecord(value) : null);
  if (k.kind === 'object') return 1 + selectionCost(input, set, k.named, data ? asRecord(value) : null, false);
  const items = Array.isArray(value) ? value.filter(isRecord) : null;
  if (k.rootNodes) {
    if (items) return items.reduce((sum, item) => sum + 1 + selectionCost(input, set, k.named, item, false), 0);
    const ids = argsOf(input, k.def, node).ids;
    return (Array.isArray(ids) ? ids.length : 1) * (1 + selectionCost(input, set, k.named, null, false));
  }
  if (items) return items.length ? 1 + Math.max(...items.map((item) => selectionCost(input, set, k.named, item, false))) : 0;
  return 1 + selectionCost(input, set, k.named, null, false);
}

function connectionCost(input: CostInput, set: SelectionSetNode, conn: GraphQLCompositeType, args: Record<string, unknown>, data: Record<string, unknown> | null): number {
  const size = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : 0;
  const connFields = 'getFields' in conn ? (conn.getFields() as Record<string, GraphQLField<unknown, unknown>>) : {};
  let cost = 2;
  for (const { node } of fieldsOf(input, set)) {
    const name = node.name.value;
    const key = node.alias?.value ?? name;
    if ((name !== 'edges' && name !== 'nodes') || !node.selectionSet) continue;
    const itemType = getNamedType(connFields[name]!.type);
    if (!isCompositeType(itemType)) continue;
    // edges { cursor node { … } }: only the node costs; cursor is free.
    const edgeFields = 'getFields' in itemType ? (itemType.getFields() as Record<string, GraphQLField<unknown, unknown>>) : {};
    const edgeNodeType = edgeFields.node ? getNamedType(edgeFields.node.type) : null;
    const nodeSelections = name === 'edges' && edgeNodeType && isCompositeType(edgeNodeType) ? fieldsOf(input, node.selectionSet).filter((e) => e.node.name.value === 'node' && e.node.selectionSet) : [];
    const perItem = (item: Record<string, unknown> | null): number => {
      if (name === 'nodes') return 1 + selectionCost(input, node.selectionSet!, itemType, item, false);
      let c = 0;
      for (const e of nodeSelections) {
        const nodeValue = item ? asRecord(item[e.node.alias?.value ?? 'node']) : null;
        if (item && !nodeValue) continue;
        c += 1 + selectionCost(input, e.node.selectionSet!, edgeNodeType as GraphQLCompositeType, nodeValue, false);
      }
      return c;
    };
    if (data) {
      const items = data[key];
      if (Array.isArray(items)) for (const item of items) cost += perItem(asRecord(item));
    } else {
      cost += size * perItem(null);
    }
  }
  return cost;
}

function collectFields(input: CostInput, set: SelectionSetNode, condition: GraphQLNamedType | null, out: CollectedField[]): CollectedField[] {
  for (const sel of set.selections) {
    if (!included(input, sel)) continue;
    if (sel.kind === Kind.FIELD) out.push({ node: sel, condition });
    else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const cond = sel.typeCondition ? (input.schema.getType(sel.typeCondition.name.value) ?? null) : condition;
      collectFields(input, sel.selectionSet, cond, out);
    } else {
      const frag = input.fragments[sel.name.value];
      if (frag) collectFields(input, frag.selectionSet, input.schema.getType(frag.typeCondition.name.value) ?? null, out);
    }
  }
  return out;
}

function included(input: CostInput, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, input.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, input.variables);
  return include?.if !== false;
}

function applies(schema: GraphQLSchema, condition: GraphQLNamedType | null, type: GraphQLNamedType): boolean {
  if (!condition || condition === type) return true;
  return isAbstractType(condition) && isObjectType(type) && schema.isSubType(condition, type);
}

/** Relay connection: an object named *Connection with edges and pageInfo. */
function isConnection(t: GraphQLNamedType): boolean {
  return isObjectType(t) && t.name.endsWith('Connection') && 'pageInfo' in t.getFields() && ('edges' in t.getFields() || 'nodes' in t.getFields());
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asRecord(v: unknown): Record<string, unknown> | null {
  return isRecord(v) ? v : null;
}
