/**
 * Typed store errors. Callers branch on the class (a conflict is a data
 * problem to quarantine; anything else is infrastructure and worth a retry),
 * so driver-specific error shapes never leak past the store.
 */

export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The configuration cannot work (bad schema name, unreachable location, ...). */
export class StoreConfigError extends StoreError {
  override readonly name = 'StoreConfigError';
}

/** A versioned migration failed; its transaction rolled back, earlier ones stay applied. */
export class StoreMigrationError extends StoreError {
  override readonly name = 'StoreMigrationError';
  constructor(
    message: string,
    readonly failedMigration: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A write hit a unique constraint it does not upsert on, e.g. linking a
 * canonical id to a second external id of the same type in one connector.
 * The whole batch was rolled back.
 */
export class StoreConflictError extends StoreError {
  override readonly name = 'StoreConflictError';
  constructor(
    message: string,
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The operation was called on a store that was already closed. */
export class StoreClosedError extends StoreError {
  override readonly name = 'StoreClosedError';
}

/** True for a unique/primary-key violation from either driver. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const code = (err as { code: unknown }).code;
  // better-sqlite3 SqliteError codes vs. PostgreSQL SQLSTATE 23505.
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
