import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * Parse + validate GraphQL documents once and remember the outcome.
 *
 * Sandboxes validate every incoming document against the vendor's published
 * schema. Clients send the same few documents thousands of times (pagination),
 * so the result is cached by query text in a small LRU.
 */

export interface PreparedDocument {
  /** null when the text does not parse. */
  document: DocumentNode | null;
  /** Syntax or validation errors; empty when the document is valid. */
  errors: readonly GraphQLError[];
}

export class GraphQLDocumentCache {
  private readonly entries = new Map<string, PreparedDocument>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxEntries = 500,
  ) {}

  prepare(query: string): PreparedDocument {
    const hit = this.entries.get(query);
    if (hit) {
      // Refresh recency: Map iteration order is insertion order.
      this.entries.delete(query);
      this.entries.set(query, hit);
      return hit;
    }
    const prepared = this.compile(query);
    this.entries.set(query, prepared);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return prepared;
  }

  private compile(query: string): PreparedDocument {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (err) {
      if (err instanceof GraphQLError) return { document: null, errors: [err] };
      throw err;
    }
    return { document, errors: validate(this.schema, document) };
  }
}
