import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * The demo's vendor sandboxes start fresh on every `switchyard start --demo`
 * (reseeded, in memory), so a store and a Temporal history left by an
 * earlier demo describe objects those sandboxes no longer hold: id-map links
 * to Square items that are gone, entity workflows with writes pending
 * against the old stock. The demo starts from a clean slate instead; the
 * earlier files are moved, not deleted, to `<dir>/previous/`, replacing what
 * an older run left there. Only files are touched (SQLite and the dev
 * server's database); a PostgreSQL store or an external Temporal cluster is
 * never reset.
 */
export function setAsidePreviousDemo(files: readonly string[], dir: string): string[] {
  const previous = path.join(dir, 'previous');
  const moved: string[] = [];
  for (const file of files) {
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
      if (!existsSync(f)) continue;
      mkdirSync(previous, { recursive: true });
      const target = path.join(previous, path.basename(f));
      rmSync(target, { force: true });
      renameSync(f, target);
      moved.push(f);
    }
  }
  return moved;
}
