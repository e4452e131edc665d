import { Field, ObjectType } from 'type-graphql';
import { Program } from '../programs/program.types';
import { Consultation } from './consultation.types';

/**
 * Apart from consultation.types.ts, which the program and catalog types import for their enums:
 * keeping Program out of it breaks an import cycle that decorator metadata trips over.
 */
@ObjectType({ description: 'A completed consultation and the program generated from it' })
export class CompleteConsultationPayload {
  @Field(() => Consultation, { description: 'The completed consultation' }) consultation!: Consultation;
  @Field(() => Program, { description: 'The program generated from the answers' }) program!: Program;
}
