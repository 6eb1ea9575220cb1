import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rules are the guard rail that keeps workflow code replayable; prove they bite.
const eslint = new ESLint({ cwd: process.cwd() });

async function lintWorkflow(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: 'workflows/example.ts' });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('workflow determinism lint', () => {
  it('given a workflow importing a Node built-in, when linted, then it is an error', async () => {
    const messages = await lintWorkflow("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
    expect(messages.join('\n')).toMatch(/deterministic/);
  });

  it('given a workflow importing a vendor SDK, when linted, then it is an error', async () => {
    const messages = await lintWorkflow("import { SquareClient } from 'square';\nexport const x = SquareClient;\n");
    expect(messages.join('\n')).toMatch(/vendor SDKs/);
  });

  it('given a workflow importing activities by value, when linted, then it is an error', async () => {
    const messages = await lintWorkflow("import { createActivities } from '../activities';\nexport const x = createActivities;\n");
    expect(messages.join('\n')).toMatch(/Import types only/);
  });

  it('given a workflow importing activities as a type, when linted, then it passes', async () => {
    const messages = await lintWorkflow("import type { createActivities } from '../activities';\nexport type A = ReturnType<typeof createActivities>;\n");
    expect(messages).toEqual([]);
  });

  it('given a workflow using process.env, when linted, then it is an error', async () => {
    const messages = await lintWorkflow('export const x = process.env.HOME;\n');
    expect(messages.join('\n')).toMatch(/No process/);
  });

  it('given the real workflows folder, when linted, then it is clean', async () => {
    const results = await eslint.lintFiles(['workflows/**/*.ts']);
    const errors = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(errors).toEqual([]);
  });
});
