import type { z } from 'zod';

/**
 * Turns the first zod issue into an operator-readable reason that names the
 * field the way a human reads the payload: `variants[2].price: not a decimal`.
 * GraphQL connection plumbing (`nodes`) is dropped from the path because the
 * operator thinks in "the third variant", not in connection shapes.
 */
export function issueReason(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid payload';
  return `${formatPath(issue.path)}: ${issue.message}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (segment === 'nodes') continue;
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out || '(root)';
}
