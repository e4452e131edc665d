import { Field, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { RecordedEvent } from '../core/eventStore/types';
import { GraphQLContext, requireUser } from '../server/context';
import { PlanChangeExplanation } from '../programs/planChange.types';
import type { PlanChangeExplanation as Explanation } from '../programs/planChange.contracts';
import { PLAN_CHANGE_EVENT_TYPES } from '../programs/program.projection';

export const PLAN_CHANGED = 'PLAN_CHANGED';

@ObjectType({ description: 'An event appended to one of your streams' })
export class PlanChange {
  @Field(() => GraphQLSafeInt, { description: 'Position in the global log' }) position!: number;
  @Field(() => String, { description: 'The stream it was appended to, e.g. consultation-<id>' }) streamId!: string;
  @Field(() => GraphQLSafeInt, { description: 'Its version within the stream, from 1' }) streamVersion!: number;
  @Field(() => String, { description: 'Past tense, e.g. ConsultationCompleted' }) type!: string;
  @Field(() => Date, { description: 'When it was committed' }) recordedAt!: Date;
  @Field(() => PlanChangeExplanation, {
    nullable: true,
    description: 'For a change to a program\'s plan (PlanChangedByPerson, ReassessmentApplied): who or what changed it and why, as planChanges lists it '
      + '(streamVersion is then the program\'s new version); null for other events',
  })
  explanation!: PlanChangeExplanation | null;
}

const isPlanChange = (type: string): boolean => (PLAN_CHANGE_EVENT_TYPES as readonly string[]).includes(type);

export const toPlanChange = (event: RecordedEvent): PlanChange => ({
  position: event.globalPosition,
  streamId: event.streamId,
  streamVersion: event.streamVersion,
  type: event.type,
  recordedAt: event.recordedAt,
  explanation: isPlanChange(event.type) ? explanationOf((event.data as { explanation?: Explanation } | null)?.explanation) : null,
});

/** The explanation as GraphQL shows it; an event without one (odd data) shows none. */
function explanationOf(explanation: Explanation | undefined): PlanChangeExplanation | null {
  if (!explanation || typeof explanation.summary !== 'string') return null;
  return { actor: explanation.actor as PlanChangeExplanation['actor'], summary: explanation.summary, reasons: Array.isArray(explanation.reasons) ? explanation.reasons : [] };
}

@Resolver()
export class PlanChangeResolver {
  @Subscription(() => PlanChange, {
    description: 'Your events as they are committed (live only: nothing is replayed on connect)',
    topics: PLAN_CHANGED,
    topicId: ({ context }) => requireUser(context as GraphQLContext).id,
  })
  planChanged(@Root() change: PlanChange): PlanChange {
    return change;
  }
}
