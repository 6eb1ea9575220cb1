import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { allSandboxServers } from '../../sandboxes/framework/server';

/**
 * Runs around every test file. Every request and response a sandbox handles
 * is checked against the vendor's published spec; a violation nobody took on
 * purpose (takeViolations) fails the test that caused it. Coverage is written
 * for the end-of-run table (tests/setup/contract-report.ts).
 */
afterEach(() => {
  const leftovers = allSandboxServers().flatMap((s) => s.violations.splice(0));
  if (leftovers.length) {
    const lines = leftovers.slice(0, 10).map((v) => `  ${v.sandbox} ${v.method} ${v.path}: ${v.messages.slice(0, 3).join('; ')}`);
    throw new Error(`${leftovers.length} vendor contract violation(s):\n${lines.join('\n')}`);
  }
});

afterAll(() => {
  const dir = process.env.SWITCHYARD_CONTRACT_DIR;
  if (!dir) return;
  const byVendor: Record<string, Record<string, number>> = {};
  for (const s of allSandboxServers()) {
    const ops = (byVendor[s.opts.name] ??= {});
    for (const [op, n] of s.coverage) ops[op] = (ops[op] ?? 0) + n;
  }
  if (!Object.keys(byVendor).length) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${process.pid}-${Date.now()}.json`), JSON.stringify(byVendor));
});
