import {
  coerceInputValue, DocumentNode, GraphQLError, GraphQLSchema, isInputType, isNonNullType, Kind, OperationDefinitionNode,
  typeFromAST, valueFromAST,
} from 'graphql';
import { ArgumentPath, fieldName, operationArgumentValues } from './argumentPaths';
import { isStorableText } from './storableText';

/** Longest part of a library message quoted back (it may echo a large value). */
const MESSAGE_DETAIL_MAX = 200;

export function badUserInput(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } } });
}

interface VariableProblem {
  variable: string;
  /** Inside the variable's value. */
  path: ArgumentPath;
  message: string;
}

/** graphql-js getVariableValues, keeping the path inside each value that is wrong. */
function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  inputs: Record<string, unknown>,
): { values: Record<string, unknown>; problem?: VariableProblem } {
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const variable = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    if (!type || !isInputType(type)) continue; // refused by validation
    if (!Object.prototype.hasOwnProperty.call(inputs, variable)) {
      if (definition.defaultValue) values[variable] = valueFromAST(definition.defaultValue, type);
      else if (isNonNullType(type)) return { values, problem: { variable, path: [], message: `a value of type ${String(type)} is required` } };
      continue;
    }
    const input = inputs[variable];
    if (input === null && isNonNullType(type)) {
      return { values, problem: { variable, path: [], message: `a value of type ${String(type)} is required, not null` } };
    }
    let problem: VariableProblem | undefined;
    values[variable] = coerceInputValue(input, type, (path, _invalid, error) => {
      problem ??= { variable, path, message: error.message };
    });
    if (problem) return { values, problem };
  }
  return { values };
}

/** The first string in a coerced value that PostgreSQL text cannot hold, as a path inside it. */
function unstorableIn(value: unknown, path: ArgumentPath): ArgumentPath | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableIn(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    for (const [key, inner] of Object.entries(value)) {
      const found = unstorableIn(inner, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

const clip = (text: string): string => (text.length > MESSAGE_DETAIL_MAX ? `${text.slice(0, MESSAGE_DETAIL_MAX)}...` : text);

/**
 * Checks an operation's inputs before anything runs, naming the argument path at fault (never the
 * caller's variable names): variables that do not fit their types, and strings PostgreSQL text
 * cannot hold, in literals, variables and defaults, however deeply nested.
 */
export function checkOperationInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError | null {
  const argumentValues = operationArgumentValues(document, operation);
  const { values, problem } = coerceVariables(schema, operation, variables ?? {});
  if (problem) {
    const usage = argumentValues.find((a) => a.node.kind === Kind.VARIABLE && a.node.name.value === problem.variable);
    const field = fieldName([...(usage?.path ?? [problem.variable]), ...problem.path]);
    return badUserInput(field, `${field}: ${clip(problem.message)}`);
  }
  for (const { path, node } of argumentValues) {
    let at: ArgumentPath | undefined;
    if (node.kind === Kind.STRING) at = isStorableText(node.value) ? undefined : path;
    else if (node.kind === Kind.VARIABLE) at = unstorableIn(values[node.name.value], path);
    if (at) {
      const field = fieldName(at);
      return badUserInput(field, `${field} holds a character that cannot be stored: NUL (U+0000) or an unpaired UTF-16 surrogate`);
    }
  }
  return null;
}
