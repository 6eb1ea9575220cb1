import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the vendors' published specs live: $SWITCHYARD_SPECS_DIR, else
 * `<repo>/../shared/specs` (present on this project's machines). A clone
 * elsewhere has no specs: the contract checks then say so and stand down.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function specsDir(): string {
  return process.env.SWITCHYARD_SPECS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'specs');
}

/** Path of one spec file, e.g. specPath('xero', 'xero_accounting.yaml'). */
export function specPath(vendor: string, file: string): string {
  return path.join(specsDir(), vendor, file);
}

export function specsAvailable(): boolean {
  return existsSync(specsDir());
}
