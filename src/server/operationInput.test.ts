import { getOperationAST, parse } from 'graphql';
import { buildAppSchema } from './schema';
import { checkOperationInput } from './operationInput';
import { isStorableText } from './storableText';

const schema = buildAppSchema();

function check(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const error = checkOperationInput(schema, document, getOperationAST(document)!, variables);
  return error && { message: error.message, code: error.extensions.code, field: error.extensions.field };
}

describe('isStorableText', () => {
  it.each([
    ['plain text', 'Europe/Paris', true],
    ['a surrogate pair', 'lift \u{1F3CB}', true],
    ['NUL', 'a\u0000', false],
    ['a lone high surrogate at the end', 'a\uD83C', false],
    ['a lone low surrogate', '\uDFCBa', false],
    ['two high surrogates', '\uD83C\uD83C\uDFCB', false],
  ])('%s', (_name, text, storable) => {
    expect(isStorableText(text)).toBe(storable);
  });
});

describe('checkOperationInput', () => {
  it('admits good input', () => {
    expect(check('mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }', { i: { heightCm: 170, timeZone: 'UTC' } })).toBeNull();
  });

  it('names the argument a variable feeds through a fragment', () => {
    const query = 'query($n: Int!) { ...F } fragment F on Query { myConsultations(first: $n) { id } }';
    expect(check(query, { n: 'ten' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('names a directive argument', () => {
    expect(check('query($b: Boolean!) { me @include(if: $b) { id } }', { b: 'yes' })).toMatchObject({ field: 'if' });
  });

  it('finds unstorable text in a variable used inside a nested literal', () => {
    const query = 'mutation($food: String!) { startConsultation(input: { excludedFoods: ["rice", $food] }) { id } }';
    expect(check(query, { food: 'x\u0000' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.excludedFoods.1' });
  });

  it('quotes at most a short part of a huge wrong value', () => {
    const error = check('mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }', { i: { heightCm: 'x'.repeat(10_000) } });
    expect(error).toMatchObject({ field: 'input.heightCm' });
    expect(error!.message.length).toBeLessThan(300);
  });
});
