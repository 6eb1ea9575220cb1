import {
  GraphQLError,
  Kind,
  execute,
  getOperationAST,
  getVariableValues,
  print,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { GraphQLDocumentCache } from '../framework/graphql-document-cache';
import { actualQueryCost, requestedQueryCost, type CostInput } from './cost';
import { toShopifyExecutionError, toShopifyValidationError, type ShopifyErrorBody } from './graphql-errors';
import type { ExecContext } from './resolvers/context';
import { MutationRoot } from './resolvers/mutation-root';
import { QueryRoot } from './resolvers/query-root';
import type { ShopifyState } from './state';
import { SINGLE_QUERY_MAX_COST, type CostBucket } from './throttle';

/**
 * One GraphQL request end to end: validate against the published schema,
 * coerce variables, price the query, take it from the leaky bucket, execute
 * over in-memory state, refund the unused cost, and shape the body the way
 * the Admin API does (errors / data / extensions.cost).
 * https://shopify.dev/docs/api/admin-graphql#rate-limits
 */

export interface GraphQLRequestBody {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface ExecutionOutcome {
  body: Record<string, unknown>;
  /** Client-side contract problems (invalid documents/variables) and sandbox gaps. */
  violations: string[];
}

const GAP_CODE = 'SANDBOX_NOT_IMPLEMENTED';

/** Resolvers are objects whose properties are field names; methods receive (args, context, info). */
const fieldResolver: GraphQLFieldResolver<unknown, ExecContext> = (source, args, ctx, info) => {
  if (typeof source !== 'object' || source === null) return null;
  if (!(info.fieldName in source)) {
    throw new GraphQLError(`${info.parentType.name}.${info.fieldName} is not implemented by the Switchyard Shopify sandbox`, { extensions: { code: GAP_CODE } });
  }
  const value: unknown = Reflect.get(source, info.fieldName);
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).call(source, args, ctx, info) : value;
};

export class ShopifyExecutor {
  private readonly documents: GraphQLDocumentCache;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly state: ShopifyState,
    private readonly bucket: CostBucket,
  ) {
    this.documents = new GraphQLDocumentCache(schema);
  }

  async run(request: GraphQLRequestBody): Promise<ExecutionOutcome> {
    const prepared = this.documents.prepare(request.query);
    const { document } = prepared;
    if (!document || prepared.errors.length) {
      const errors = prepared.errors.map((e) => toShopifyValidationError(e, document));
      return { body: { errors }, violations: errors.map((e) => `invalid GraphQL document: ${e.message}${e.path ? ` (at ${e.path.join('.')})` : ''}`) };
    }
    const operation = getOperationAST(document, request.operationName ?? undefined);
    if (!operation) {
      const message = request.operationName ? `No operation named "${request.operationName}"` : 'An operation name is required';
      return { body: { errors: [{ message, extensions: { code: 'operationNotFound' } }] }, violations: [message] };
    }
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], request.variables ?? {});
    if (coerced.errors) {
      const errors = coerced.errors.map((e) => variableError(e, operation, request.variables ?? {}));
      return { body: { errors }, violations: errors.map((e) => `invalid variables: ${e.message}`) };
    }
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    const costInput: CostInput = { schema: this.schema, operation, fragments, variables: coerced.coerced };
    const requested = requestedQueryCost(costInput);

    if (requested > SINGLE_QUERY_MAX_COST) {
      // Enforced before execution, on the requested cost, whatever the bucket holds.
      const message = `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`;
      return { body: { errors: [{ message, extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: SINGLE_QUERY_MAX_COST } }], extensions: { cost: this.cost(requested, null) } }, violations: [] };
    }
    if (!this.bucket.tryTake(requested)) {
      return {
        body: { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }], extensions: { cost: this.cost(requested, null) } },
        violations: [],
      };
    }

    const ctx: ExecContext = { state: this.state, searchWarnings: [] };
    const root = operation.operation === 'mutation' ? new MutationRoot(ctx) : new QueryRoot(ctx);
    let result: ExecutionResult;
    try {
      result = await execute({ schema: this.schema, document, rootValue: root, contextValue: ctx, variableValues: request.variables ?? {}, operationName: request.operationName ?? undefined, fieldResolver });
    } catch (err) {
      this.bucket.refund(requested);
      throw err;
    }
    const actual = result.data ? actualQueryCost(costInput, result.data) : 0;
    this.bucket.refund(requested - actual);

    const body: Record<string, unknown> = {};
    const violations: string[] = [];
    if (result.errors?.length) {
      body.errors = result.errors.map(toShopifyExecutionError);
      for (const e of result.errors) if (e.extensions?.code === GAP_CODE) violations.push(`sandbox gap: ${e.message}`);
    }
    body.data = result.data ?? null;
    const extensions: Record<string, unknown> = { cost: this.cost(requested, actual) };
    if (ctx.searchWarnings.length) extensions.search = ctx.searchWarnings.map((w) => ({ path: w.path, query: w.query, warnings: w.warnings }));
    body.extensions = extensions;
    return { body, violations };
  }

  private cost(requested: number, actual: number | null): Record<string, unknown> {
    return { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: this.bucket.status() };
  }
}

/**
 * Shopify reports bad variables as
 * {"message":"Variable $id of type ID! was provided invalid value","extensions":{"value":…,"problems":[{"path":[],"explanation":…}]}}.
 */
function variableError(err: GraphQLError, operation: OperationDefinitionNode, variables: Record<string, unknown>): ShopifyErrorBody {
  const name = /^Variable "\$(\w+)"/.exec(err.message)?.[1] ?? 'variable';
  const def = operation.variableDefinitions?.find((d) => d.variable.name.value === name);
  const body: ShopifyErrorBody = {
    message: `Variable $${name} of type ${def ? print(def.type) : 'unknown'} was provided invalid value`,
    extensions: { code: 'INVALID_VARIABLE', value: variables[name] ?? null, problems: [{ path: [], explanation: err.message.replace(/^Variable "\$\w+" /, '') }] },
  };
  if (err.locations?.length) body.locations = err.locations.map((l) => ({ line: l.line, column: l.column }));
  return body;
}
