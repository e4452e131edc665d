import { DocumentNode, getOperationAST, GraphQLError, GraphQLSchema } from 'graphql';
import { Config } from '../config';
import { costError, operationCost } from './limits';
import { checkOperationInput } from './operationInput';

/**
 * What both transports check once an operation is parsed and valid, before any resolver runs:
 * its inputs (types, storable text) and its estimated cost. Null admits it.
 */
export function admitOperation(
  schema: GraphQLSchema,
  limits: Config['limits'],
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null; // the transport reports an unknown or ambiguous operation
  const inputError = checkOperationInput(schema, document, operation, variables);
  if (inputError) return inputError;
  const cost = operationCost(schema, document, variables ?? undefined, operationName);
  return cost > limits.maxCost ? costError(cost, limits.maxCost) : null;
}
