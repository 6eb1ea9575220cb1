import { describe, expect, it } from 'vitest';
import { runConfigValidate } from '../../config/validate-command';
import { colOf, DEMO_ENV, DEMO_FILE, fixture, FIXTURE_ENV, lineOf } from './helpers';

function captureIo() {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: { write: (chunk: string) => (out.stdout += chunk) },
    stderr: { write: (chunk: string) => (out.stderr += chunk) },
  };
  return { out, io };
}

describe('runConfigValidate', () => {
  it('given the demo config with its secrets, when validated, then it prints OK with counts and returns 0', () => {
    const { out, io } = captureIo();

    const code = runConfigValidate(DEMO_FILE, io, DEMO_ENV);

    expect(code).toBe(0);
    expect(out.stdout).toBe(`OK: ${DEMO_FILE} (2 connectors, 4 flows)\n`);
    expect(out.stderr).toBe('');
  });

  it('given a config with a bad value, when validated, then it prints file:line:col and the path on stderr and returns 2', () => {
    const file = fixture('bad-page-size.yaml');
    const { out, io } = captureIo();

    const code = runConfigValidate(file, io, FIXTURE_ENV);

    expect(code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(`${file}:${lineOf(file, 'pageSize')}:${colOf(file, '"ten"')}: flows[0].pageSize: expected an integer (got "ten")\n`);
  });

  it('given the demo config without its env vars, when validated, then every missing secret gets its own line and it returns 2', () => {
    const { out, io } = captureIo();

    const code = runConfigValidate(DEMO_FILE, io, {});

    expect(code).toBe(2);
    const lines = out.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(Object.keys(DEMO_ENV).length);
    for (const name of Object.keys(DEMO_ENV)) {
      expect(lines.some((l) => l.startsWith(`${DEMO_FILE}:${lineOf(DEMO_FILE, name)}:`) && l.includes(`environment variable ${name} `))).toBe(true);
    }
  });
});
