import { Field, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { RecordedEvent } from '../core/eventStore/types';
import { GraphQLContext, requireUser } from '../server/context';

export const PLAN_CHANGED = 'PLAN_CHANGED';

@ObjectType({ description: 'An event appended to one of your streams' })
export class PlanChange {
  @Field(() => GraphQLSafeInt, { description: 'Position in the global log' }) position!: number;
  @Field(() => String, { description: 'The stream it was appended to, e.g. consultation-<id>' }) streamId!: string;
  @Field(() => GraphQLSafeInt, { description: 'Its version within the stream, from 1' }) streamVersion!: number;
  @Field(() => String, { description: 'Past tense, e.g. ConsultationCompleted' }) type!: string;
  @Field(() => Date, { description: 'When it was committed' }) recordedAt!: Date;
}

export const toPlanChange = (event: RecordedEvent): PlanChange => ({
  position: event.globalPosition,
  streamId: event.streamId,
  streamVersion: event.streamVersion,
  type: event.type,
  recordedAt: event.recordedAt,
});

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
