import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { SwitchyardConfig } from './schema';

/**
 * JSON Schema for editors (yaml-language-server via the `$schema` comment in
 * the YAML): completion and red squiggles while typing, before any load.
 * Generated from the zod schema so the two cannot disagree; a test fails
 * when the committed file drifts. Regenerate with `npm run schema`.
 */

/** Committed next to the configs that reference it. */
export const SCHEMA_FILE = fileURLToPath(new URL('./switchyard.schema.json', import.meta.url));

export function buildJsonSchema(): z.core.JSONSchema.BaseSchema {
  const schema = z.toJSONSchema(SwitchyardConfig, {
    // Input side: keys with defaults are optional to write.
    io: 'input',
    // draft-07 is what yaml-language-server and most editors understand best.
    target: 'draft-07',
  });
  return { ...schema, title: 'Switchyard configuration' };
}

/** Exactly the committed file's content. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}

function isMain(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === import.meta.url;
}

if (isMain()) {
  writeFileSync(SCHEMA_FILE, renderJsonSchema());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
