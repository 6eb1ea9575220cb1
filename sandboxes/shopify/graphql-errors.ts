import { BREAK, Kind, visit, type ASTNode, type DocumentNode, type GraphQLError } from 'graphql';

/**
 * Error bodies in Shopify's shape. Shopify runs graphql-ruby, whose validation
 * messages and `extensions.code` values differ from graphql-js; the common
 * ones are translated so clients see what Shopify would send, e.g.
 * {"message":"Field 'foo' doesn't exist on type 'Product'","locations":[…],
 *  "path":["query","products","nodes","foo"],"extensions":{"code":"undefinedField",…}}.
 * Anything not translated keeps graphql-js's message.
 * https://shopify.dev/docs/api/admin-graphql#status-and-error-codes
 */

export interface ShopifyErrorBody {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

type Rule = [RegExp, (m: RegExpExecArray, opName: string) => { message: string; extensions: Record<string, unknown> }];

const RULES: Rule[] = [
  [/^Cannot query field "(\w+)" on type "(\w+)"/, (m) => ({ message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`, extensions: { code: 'undefinedField', typeName: m[2], fieldName: m[1] } })],
  [/^Unknown argument "(\w+)" on field "\w+\.(\w+)"/, (m) => ({ message: `Field '${m[2]}' doesn't accept argument '${m[1]}'`, extensions: { code: 'argumentNotAccepted', name: m[2], typeName: 'Field', argumentName: m[1] } })],
  [/^Field "(\w+)" argument "(\w+)" of type "[^"]+" is required, but it was not provided/, (m) => ({ message: `Field '${m[1]}' is missing required arguments: ${m[2]}`, extensions: { code: 'missingRequiredArguments', className: 'Field', name: m[1], arguments: m[2] } })],
  [/^Field "(\w+)" of type "([^"]+)" must have a selection of subfields/, (m) => ({ message: `Field must have selections (field '${m[1]}' returns ${(m[2] ?? '').replace(/[[\]!]/g, '')} but has no selections. Did you mean '${m[1]} { ... }'?)`, extensions: { code: 'selectionMismatch', nodeName: `field '${m[1]}'`, typeName: (m[2] ?? '').replace(/[[\]!]/g, '') } })],
  [/^Field "(\w+)" must not have a selection since type "([^"]+)" has no subfields/, (m) => ({ message: `Selections can't be made on scalars (field '${m[1]}' returns ${m[2]} but has selections [...])`, extensions: { code: 'selectionMismatch', nodeName: `field '${m[1]}'`, typeName: m[2] } })],
  [/^Variable "\$(\w+)" is not defined/, (m, op) => ({ message: `Variable $${m[1]} is used by ${op} but not declared`, extensions: { code: 'variableNotDefined', variableName: m[1] } })],
  [/^Variable "\$(\w+)" is never used/, (m, op) => ({ message: `Variable $${m[1]} is declared by ${op} but not used`, extensions: { code: 'variableNotUsed', variableName: m[1] } })],
  [/^Unknown type "(\w+)"/, (m) => ({ message: `${m[1]} isn't a defined input type`, extensions: { code: 'variableRequiresValidType', typeName: m[1] } })],
  [/^Variable "\$(\w+)" of type "([^"]+)" used in position expecting type "([^"]+)"/, (m) => ({ message: `Type mismatch on variable $${m[1]} and argument (${m[2]} / ${m[3]})`, extensions: { code: 'variableMismatch', variableName: m[1], typeName: m[2] } })],
  [/^Unknown fragment "(\w+)"/, (m) => ({ message: `Fragment ${m[1]} was used, but not defined`, extensions: { code: 'undefinedFragment', fragmentName: m[1] } })],
  [/^Fragment "(\w+)" is never used/, (m) => ({ message: `Fragment ${m[1]} was defined, but not used`, extensions: { code: 'useAndDefineFragment', fragmentName: m[1] } })],
  [/^Syntax Error: (.*)$/, (m) => ({ message: `syntax error: ${m[1]}`, extensions: { code: 'syntaxError' } })],
  [/cannot represent|Expected value of type/, (m) => ({ message: m.input, extensions: { code: 'argumentLiteralsIncompatible' } })],
];

/** A validation or syntax error from graphql-js, reshaped as Shopify reports it. */
export function toShopifyValidationError(err: GraphQLError, document: DocumentNode | null): ShopifyErrorBody {
  const opName = operationLabel(document);
  let message = err.message;
  let extensions: Record<string, unknown> = { code: 'validationError' };
  for (const [re, build] of RULES) {
    const m = re.exec(err.message);
    if (m) {
      ({ message, extensions } = build(m, opName));
      break;
    }
  }
  const body: ShopifyErrorBody = { message };
  if (err.locations?.length) body.locations = err.locations.map((l) => ({ line: l.line, column: l.column }));
  const target = err.nodes?.[0];
  const path = document && target ? astPath(document, target) : null;
  if (path) body.path = path;
  body.extensions = extensions;
  return body;
}

/** An error raised while resolving (GraphQLError with path), in Shopify's shape. */
export function toShopifyExecutionError(err: GraphQLError): ShopifyErrorBody {
  const body: ShopifyErrorBody = { message: err.message };
  if (err.locations?.length) body.locations = err.locations.map((l) => ({ line: l.line, column: l.column }));
  if (err.path) body.path = [...err.path];
  if (err.extensions && Object.keys(err.extensions).length) body.extensions = { ...err.extensions };
  return body;
}

/** graphql-ruby names operations "query" / "query Name" / "mutation Name". */
function operationLabel(document: DocumentNode | null): string {
  const op = document?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!op || op.kind !== Kind.OPERATION_DEFINITION) return 'anonymous query';
  return op.name ? `${op.operation} ${op.name.value}` : `anonymous ${op.operation}`;
}

/** graphql-ruby's error path: operation / fragment label, then field, fragment and argument names down to the node. */
function astPath(document: DocumentNode, target: ASTNode): string[] | null {
  const stack: string[] = [];
  let found: string[] | null = null;
  const push = (label: string): void => {
    stack.push(label);
  };
  const pop = (): void => {
    stack.pop();
  };
  const enterLeave = (label: (n: ASTNode) => string) => ({
    enter(n: ASTNode) {
      push(label(n));
      if (n === target) {
        found = [...stack];
        return BREAK;
      }
      return undefined;
    },
    leave() {
      pop();
    },
  });
  visit(document, {
    OperationDefinition: enterLeave((n) => (n.kind === Kind.OPERATION_DEFINITION ? (n.name ? `${n.operation} ${n.name.value}` : n.operation) : '')),
    FragmentDefinition: enterLeave((n) => (n.kind === Kind.FRAGMENT_DEFINITION ? `fragment ${n.name.value}` : '')),
    Field: enterLeave((n) => (n.kind === Kind.FIELD ? (n.alias?.value ?? n.name.value) : '')),
    InlineFragment: enterLeave((n) => (n.kind === Kind.INLINE_FRAGMENT ? `... on ${n.typeCondition?.name.value ?? ''}` : '')),
    Argument: enterLeave((n) => (n.kind === Kind.ARGUMENT ? n.name.value : '')),
    VariableDefinition: enterLeave((n) => (n.kind === Kind.VARIABLE_DEFINITION ? `$${n.variable.name.value}` : '')),
  });
  return found;
}
