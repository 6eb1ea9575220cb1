import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../config/errors';

export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

export const DEMO_FILE = fileURLToPath(new URL('../../config/demo.yaml', import.meta.url));

/** Env with every secret the fixtures reference. */
export const FIXTURE_ENV: NodeJS.ProcessEnv = {
  FIX_SHOP_TOKEN: 'shop-token',
  FIX_SHOP_SECRET: 'shop-secret',
  FIX_POS_TOKEN: 'pos-token',
  FIX_POS_KEY: 'pos-key',
};

export const DEMO_ENV: NodeJS.ProcessEnv = {
  SWITCHYARD_PAYLOAD_KEY: 'cGF5bG9hZC1rZXktcGF5bG9hZC1rZXktcGF5bG9hZCE=',
  SHOPIFY_TOKEN: 'shpat_demo',
  SHOPIFY_WEBHOOK_SECRET: 'whsec_demo',
  SQUARE_TOKEN: 'sq_demo',
  SQUARE_WEBHOOK_SIGNATURE_KEY: 'sqsig_demo',
};

/** 1-based line of the first line containing `needle`, read from the file independently of the loader. */
export function lineOf(file: string, needle: string): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${needle} not in ${file}`);
  return index + 1;
}

/** 1-based column where `needle` starts on its line. */
export function colOf(file: string, needle: string): number {
  const line = readFileSync(file, 'utf8').split('\n')[lineOf(file, needle) - 1] ?? '';
  return line.indexOf(needle) + 1;
}

export function catchConfigError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}
