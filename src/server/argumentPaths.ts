import {
  DefinitionNode, DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, SelectionSetNode, ValueNode,
} from 'graphql';

/** Where a value sits in the arguments: ['input', 'lifts', 0, 'reps']. */
export type ArgumentPath = ReadonlyArray<string | number>;

/** The notation of extensions.field: argument names and list indexes joined by dots (input.lifts.0.reps). */
export const fieldName = (path: ArgumentPath): string => path.join('.');

export interface ArgumentValue {
  path: ArgumentPath;
  node: ValueNode;
}

function walkValue(node: ValueNode, path: ArgumentPath, out: ArgumentValue[]): void {
  out.push({ path, node });
  if (node.kind === Kind.OBJECT) for (const field of node.fields) walkValue(field.value, [...path, field.name.value], out);
  else if (node.kind === Kind.LIST) node.values.forEach((value, index) => walkValue(value, [...path, index], out));
}

function walkSelections(
  set: SelectionSetNode | undefined,
  out: ArgumentValue[],
  fragments: Map<string, FragmentDefinitionNode> | null,
  seen: Set<string>,
): void {
  for (const selection of set?.selections ?? []) {
    for (const directive of selection.directives ?? []) {
      for (const argument of directive.arguments ?? []) walkValue(argument.value, [argument.name.value], out);
    }
    if (selection.kind === Kind.FIELD) {
      for (const argument of selection.arguments ?? []) walkValue(argument.value, [argument.name.value], out);
      walkSelections(selection.selectionSet, out, fragments, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      walkSelections(selection.selectionSet, out, fragments, seen);
    } else if (fragments && !seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      walkSelections(fragments.get(selection.name.value)?.selectionSet, out, fragments, seen);
    }
  }
}

/** Every value given to a field or directive argument in the operation, fragments it spreads included. */
export function operationArgumentValues(document: DocumentNode, operation: OperationDefinitionNode): ArgumentValue[] {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const out: ArgumentValue[] = [];
  walkSelections(operation.selectionSet, out, fragments, new Set());
  return out;
}

/** The argument path of the value that starts at `offset` in the document, if one does. */
export function argumentPathAt(document: DocumentNode, offset: number): ArgumentPath | undefined {
  const out: ArgumentValue[] = [];
  for (const definition of document.definitions as DefinitionNode[]) {
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) {
      walkSelections(definition.selectionSet, out, null, new Set());
    }
  }
  return out.find((value) => value.node.loc?.start === offset)?.path;
}
