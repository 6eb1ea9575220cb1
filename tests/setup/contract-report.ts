import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { specsAvailable, specsDir } from '../../sandboxes/framework/specs';

/**
 * Vitest global setup: gives the test processes a folder for contract
 * coverage and, after the run, prints which vendor operations the suite
 * exercised against the sandboxes (every one of them spec-validated).
 */
const VENDORS = ['shopify', 'square', 'stripe', 'xero', 'mailchimp', 'zendesk'];

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sy-contract-'));
  process.env.SWITCHYARD_CONTRACT_DIR = dir;
  if (!specsAvailable()) {
    process.stdout.write(`\nvendor specs not found at ${specsDir()}: the sandbox, connector and end-to-end suites (which validate against them) are left out of this run\n`);
  }
  return () => {
    const totals = new Map<string, Map<string, number>>();
    for (const f of readdirSync(dir)) {
      const data = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, Record<string, number>>;
      for (const [vendor, ops] of Object.entries(data)) {
        const t = totals.get(vendor) ?? new Map<string, number>();
        for (const [op, n] of Object.entries(ops)) t.set(op, (t.get(op) ?? 0) + n);
        totals.set(vendor, t);
      }
    }
    rmSync(dir, { recursive: true, force: true });
    if (!totals.size) return;
    // Only the vendor sandboxes; ad-hoc servers that tests spin up for one check are not vendors.
    const rows = [...totals].filter(([name]) => VENDORS.includes(name)).sort(([a], [b]) => a.localeCompare(b));
    const out = ['', 'Vendor contract coverage (operations exercised against the sandboxes, each request/response validated against the published spec; 0 violations or the test failed)', ''];
    out.push(`${'vendor'.padEnd(12)} ${'operations'.padStart(10)} ${'requests'.padStart(9)}`);
    out.push(`${'-'.repeat(12)} ${'-'.repeat(10)} ${'-'.repeat(9)}`);
    for (const [vendor, ops] of rows) {
      const requests = [...ops.values()].reduce((a, b) => a + b, 0);
      out.push(`${vendor.padEnd(12)} ${String(ops.size).padStart(10)} ${String(requests).padStart(9)}`);
    }
    if (process.env.SWITCHYARD_CONTRACT_DETAIL) {
      for (const [vendor, ops] of rows) out.push('', `${vendor}:`, ...[...ops].sort().map(([op, n]) => `  ${op}  ×${n}`));
    }
    process.stdout.write(`${out.join('\n')}\n`);
  };
}
