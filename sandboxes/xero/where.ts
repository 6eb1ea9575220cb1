import { parseXeroDate } from './dates';
import { queryParseError } from './errors';

/**
 * The `where` and `order` query parameters of GET endpoints
 * (https://developer.xero.com/documentation/api/accounting/requests-and-responses#retrieving-a-filtered-set-of-resources):
 * a .NET-LINQ-like expression: `Status=="AUTHORISED" AND Contact.ContactID==guid("…")`,
 * `Name.Contains("Ltd")`, `Date>=DateTime(2024, 01, 31)`, `IsCustomer==true`, with
 * AND/OR/&&/||, NOT/!, parentheses. Values are compared against the rendered
 * JSON record, so any field path the response has can be filtered on. A
 * malformed expression is a QueryParseException (400).
 */

type Value = string | number | boolean | null | { date: number };
type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; inner: Node }
  | { kind: 'cmp'; path: string[]; op: string; value: Value }
  | { kind: 'call'; path: string[]; method: string; arg: string | null; op: string | null; value: Value | undefined };

const METHODS = new Set(['Contains', 'StartsWith', 'EndsWith', 'ToLower', 'ToUpper']);
const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|(==|!=|>=|<=|&&|\|\||[<>!(),.])|([A-Za-z_][A-Za-z0-9_]*))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw queryParseError(`Unexpected character in where clause at position ${pos}: ${src.slice(pos, pos + 10)}`);
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
    pos = TOKEN.lastIndex;
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly t: string[]) {}

  parse(): Node {
    const n = this.or();
    if (this.i < this.t.length) throw queryParseError(`Unexpected token '${this.t[this.i]}' in where clause`);
    return n;
  }
  private peek(): string | undefined {
    return this.t[this.i];
  }
  private take(expected?: string): string {
    const tok = this.t[this.i++];
    if (tok === undefined || (expected !== undefined && tok !== expected)) throw queryParseError(`Expected ${expected ?? 'a token'} in where clause, got ${tok ?? 'the end'}`);
    return tok;
  }
  private or(): Node {
    let left = this.and();
    while (this.peek() === '||' || this.peek()?.toUpperCase() === 'OR') {
      this.take();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }
  private and(): Node {
    let left = this.unary();
    while (this.peek() === '&&' || this.peek()?.toUpperCase() === 'AND') {
      this.take();
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }
  private unary(): Node {
    if (this.peek() === '!' || this.peek()?.toUpperCase() === 'NOT') {
      this.take();
      return { kind: 'not', inner: this.unary() };
    }
    if (this.peek() === '(') {
      this.take('(');
      const n = this.or();
      this.take(')');
      return n;
    }
    return this.comparison();
  }
  private comparison(): Node {
    const path = [this.ident()];
    let method: string | null = null;
    let arg: string | null = null;
    while (this.peek() === '.') {
      this.take('.');
      const name = this.ident();
      if (METHODS.has(name) && this.peek() === '(') {
        this.take('(');
        if (this.peek() !== ')') arg = this.stringLiteral();
        this.take(')');
        method = name;
        break;
      }
      path.push(name);
    }
    const op = this.peek();
    const isOp = op !== undefined && ['==', '!=', '>', '<', '>=', '<='].includes(op);
    if (method) {
      if (!isOp) return { kind: 'call', path, method, arg, op: null, value: undefined };
      this.take();
      return { kind: 'call', path, method, arg, op, value: this.literal() };
    }
    if (!isOp) return { kind: 'cmp', path, op: '==', value: true };
    this.take();
    return { kind: 'cmp', path, op, value: this.literal() };
  }
  private ident(): string {
    const tok = this.take();
    if (!/^[A-Za-z_]/.test(tok)) throw queryParseError(`Expected a field name in where clause, got '${tok}'`);
    return tok;
  }
  private stringLiteral(): string {
    const tok = this.take();
    if (!tok.startsWith('"')) throw queryParseError(`Expected a string in where clause, got '${tok}'`);
    return JSON.parse(tok) as string;
  }
  private literal(): Value {
    const tok = this.take();
    if (tok.startsWith('"')) return JSON.parse(tok) as string;
    if (/^-?\d/.test(tok)) return Number(tok);
    const lower = tok.toLowerCase();
    if (lower === 'true' || lower === 'false') return lower === 'true';
    if (lower === 'null') return null;
    if (lower === 'guid') {
      this.take('(');
      const s = this.stringLiteral();
      this.take(')');
      return s.toLowerCase();
    }
    if (tok === 'DateTime') {
      if (this.peek() === '.') {
        this.take('.');
        this.take('Parse');
        this.take('(');
        const d = parseXeroDate(this.stringLiteral());
        this.take(')');
        if (d === null) throw queryParseError('DateTime.Parse could not read its argument');
        return { date: d };
      }
      this.take('(');
      const parts: number[] = [];
      while (this.peek() !== ')') {
        parts.push(Number(this.take()));
        if (this.peek() === ',') this.take(',');
      }
      this.take(')');
      const [y, mo, d, h, mi, s] = parts;
      if (y === undefined || mo === undefined || d === undefined || parts.some((n) => Number.isNaN(n))) throw queryParseError('DateTime needs year, month and day');
      return { date: Date.UTC(y, mo - 1, d, h ?? 0, mi ?? 0, s ?? 0) };
    }
    throw queryParseError(`Unexpected value '${tok}' in where clause`);
  }
}

export type WherePredicate = (record: unknown) => boolean;

function lookup(record: unknown, path: string[]): unknown {
  let cur = record;
  for (const seg of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    const obj = cur as { [k: string]: unknown };
    const key = Object.keys(obj).find((k) => k.toLowerCase() === seg.toLowerCase());
    cur = key === undefined ? undefined : obj[key];
  }
  return cur;
}

function compare(actual: unknown, op: string, expected: Value): boolean {
  let a: unknown = actual;
  let b: string | number | boolean | null;
  if (expected !== null && typeof expected === 'object') {
    a = typeof actual === 'string' ? parseXeroDate(actual) : null;
    b = expected.date;
  } else b = expected;
  if (typeof a === 'string' && typeof b === 'string') {
    // Xero string comparisons are case-insensitive (SQL collation); GUIDs come lower-cased.
    a = a.toLowerCase();
    b = b.toLowerCase();
  }
  if (a === undefined) a = null;
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    default: {
      if (a === null || b === null || typeof a !== typeof b) return false;
      const x = a as number | string;
      const y = b as number | string;
      return op === '>' ? x > y : op === '<' ? x < y : op === '>=' ? x >= y : x <= y;
    }
  }
}

function evaluate(n: Node, rec: unknown): boolean {
  switch (n.kind) {
    case 'and':
      return evaluate(n.left, rec) && evaluate(n.right, rec);
    case 'or':
      return evaluate(n.left, rec) || evaluate(n.right, rec);
    case 'not':
      return !evaluate(n.inner, rec);
    case 'cmp':
      return compare(lookup(rec, n.path), n.op, n.value);
    case 'call': {
      const v = lookup(rec, n.path);
      const s = typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
      const arg = (n.arg ?? '').toLowerCase();
      if (n.method === 'Contains') return s.toLowerCase().includes(arg);
      if (n.method === 'StartsWith') return s.toLowerCase().startsWith(arg);
      if (n.method === 'EndsWith') return s.toLowerCase().endsWith(arg);
      const mapped = n.method === 'ToLower' ? s.toLowerCase() : s.toUpperCase();
      return n.op === null || n.value === undefined ? mapped !== '' : compare(mapped, n.op, n.value);
    }
  }
}

export function parseWhere(src: string): WherePredicate {
  const tree = new Parser(tokenize(src)).parse();
  return (record) => evaluate(tree, record);
}

/** `order=UpdatedDateUTC DESC, Name` → a comparator over rendered records (stable sort keeps ties in store order). */
export function parseOrder(src: string): (a: unknown, b: unknown) => number {
  const keys = src.split(',').map((part) => {
    const [field, dir] = part.trim().split(/\s+/);
    if (!field || !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(field) || (dir !== undefined && !/^(ASC|DESC)$/i.test(dir))) throw queryParseError(`Cannot order by '${part.trim()}'`);
    return { path: field.split('.'), desc: dir?.toUpperCase() === 'DESC' };
  });
  const norm = (v: unknown): string | number | null => {
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v !== 'string') return null;
    return v.startsWith('/Date(') ? (parseXeroDate(v) ?? v) : v.toLowerCase();
  };
  return (a, b) => {
    for (const k of keys) {
      const x = norm(lookup(a, k.path));
      const y = norm(lookup(b, k.path));
      if (x === y) continue;
      const c = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return k.desc ? -c : c;
    }
    return 0;
  };
}
