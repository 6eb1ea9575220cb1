import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ConfigError, renderPath, type ConfigIssue, type ConfigPath } from './errors';

/**
 * A parsed YAML document that can say where any path in it is. The plain
 * data goes to zod; the document with source ranges stays here so every
 * issue can be reported at file:line:col.
 */

/** An issue before it has a position: the path it is about, and where to point. */
export interface PendingIssue {
  path: ConfigPath;
  message: string;
  /** `key` points at the mapping key itself (unknown keys, bad record keys); default: the value. */
  at?: 'value' | 'key';
  /** Point at this path instead of `path` (e.g. the `env` name inside a secret). */
  pointAt?: ConfigPath;
}

interface Found {
  /** Deepest node that exists along the path (the parent object when the last key is missing). */
  node: Node | null;
  /** Key node of the last step, when the whole path exists and ends in a mapping key. */
  keyNode: Node | null;
}

export class YamlSource {
  private constructor(
    readonly file: string,
    readonly data: unknown,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Parses `text`; YAML syntax errors throw ConfigError with their positions. */
  static parse(text: string, file: string): YamlSource {
    const lines = new LineCounter();
    // uniqueKeys: a duplicated key is almost always a paste error, never intended.
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      throw new ConfigError(
        doc.errors.map((e) => {
          const { line, col } = lines.linePos(e.pos[0]);
          const firstLine = e.message.split('\n')[0] ?? e.message;
          return { file, line, col, path: '', message: `YAML syntax error: ${firstLine} (${e.code})` };
        }),
      );
    }
    return new YamlSource(file, doc.toJS(), doc, lines);
  }

  issue(pending: PendingIssue): ConfigIssue {
    const { line, col } = this.position(pending.pointAt ?? pending.path, pending.at ?? 'value');
    return { file: this.file, line, col, path: renderPath(pending.path), message: pending.message };
  }

  /** 1-based line/col of the node at `path`, or of its nearest existing ancestor. */
  position(path: ConfigPath, at: 'value' | 'key' = 'value'): { line: number; col: number } {
    const { node, keyNode } = this.find(path);
    const valueIsEmpty = node !== null && isScalar(node) && node.range != null && node.range[0] === node.range[1];
    // Point at the key for unknown keys, and for `key:` with nothing after it (an empty value has no useful column).
    const target = keyNode !== null && (at === 'key' || valueIsEmpty || node === null) ? keyNode : node;
    const offset = target?.range?.[0];
    return offset === undefined ? { line: 1, col: 1 } : this.lines.linePos(offset);
  }

  private find(path: ConfigPath): Found {
    let node: Node | null = this.resolve(this.doc.contents);
    let keyNode: Node | null = null;
    for (const seg of path) {
      if (node === null) break;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (pair === undefined) return { node, keyNode: null };
        keyNode = isScalar(pair.key) ? pair.key : null;
        node = this.resolve(pair.value);
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined) return { node, keyNode: null };
        keyNode = null;
        node = this.resolve(item);
      } else {
        return { node, keyNode: null };
      }
    }
    return { node, keyNode };
  }

  /** Follows aliases (`*anchor`) to the node they name; non-nodes become null. */
  private resolve(value: unknown): Node | null {
    if (isAlias(value)) return value.resolve(this.doc) ?? null;
    if (isMap(value) || isSeq(value) || isScalar(value)) return value;
    return null;
  }
}
