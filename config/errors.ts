/**
 * Config errors are for operators: each issue says where (file:line:col and
 * the path inside the document) and what was expected instead, so the fix
 * is obvious without reading our source.
 */

/** A location inside the YAML document: keys and list indexes from the root. */
export type ConfigPath = readonly (string | number)[];

export interface ConfigIssue {
  /** The config file as it was named to loadConfig (not made absolute). */
  file: string;
  /** 1-based; 0 when the issue has no position (e.g. the file cannot be read). */
  line: number;
  /** 1-based; 0 when `line` is 0. */
  col: number;
  /** Rendered path such as `flows[1].to[0]` or `connectors.shop.accessToken`; '' for the whole document. */
  path: string;
  message: string;
}

export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    if (issues.length === 0) throw new TypeError('ConfigError needs at least one issue');
    super(`invalid configuration:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** `flows[1].to[0]`, `connectors.shop.accessToken`; keys that are not plain words are quoted: `fields["a.b"]`. */
export function renderPath(path: ConfigPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** `config.yaml:12:7: flows[1].to[0]: expected ...`; position and path are left out when absent. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

/** One line per issue, in document order, newline-terminated. */
export function formatConfigError(err: ConfigError): string {
  return err.issues.map((issue) => `${formatIssue(issue)}\n`).join('');
}
