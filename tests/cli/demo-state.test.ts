import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setAsidePreviousDemo } from '../../cli/demo-state';

/** A second `start --demo` begins from a clean store and history; the last run's files are kept aside, not deleted. */
describe('demo state from an earlier run', () => {
  it('given the store (with its WAL) and the Temporal database of a last run, when set aside, then they move to previous/ and replace what an older run left there', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'demo-state-'));
    const store = path.join(dir, 'switchyard.db');
    const temporal = path.join(dir, 'temporal.db');
    writeFileSync(store, 'store');
    writeFileSync(`${store}-wal`, 'wal');
    writeFileSync(temporal, 'history');
    expect(setAsidePreviousDemo([store, temporal], dir)).toEqual([store, `${store}-wal`, temporal]);
    expect([store, `${store}-wal`, temporal].some((f) => existsSync(f))).toBe(false);
    expect(readFileSync(path.join(dir, 'previous', 'switchyard.db-wal'), 'utf8')).toBe('wal');

    writeFileSync(store, 'newer store');
    expect(setAsidePreviousDemo([store, temporal], dir)).toEqual([store]);
    expect(readFileSync(path.join(dir, 'previous', 'switchyard.db'), 'utf8')).toBe('newer store');
    expect(readFileSync(path.join(dir, 'previous', 'temporal.db'), 'utf8')).toBe('history');
  });

  it('given a first run, when set aside, then nothing moves and no previous/ folder appears', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'demo-state-'));
    expect(setAsidePreviousDemo([path.join(dir, 'switchyard.db')], dir)).toEqual([]);
    expect(existsSync(path.join(dir, 'previous'))).toBe(false);
  });
});
