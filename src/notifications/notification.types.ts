import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject, GraphQLLocalDate, GraphQLUUID } from 'graphql-scalars';
import { PageInfo } from '../reference/catalog.types';

export enum NotificationKindEnum {
  PROGRAM_READY = 'program_ready',
  ADJUSTMENT_PROPOSED = 'adjustment_proposed',
  ADJUSTMENT_AUTO_APPLIED = 'adjustment_auto_applied',
  SESSION_MISSED = 'session_missed',
  REASSESSMENT = 'reassessment',
}
registerEnumType(NotificationKindEnum, {
  name: 'NotificationKind',
  description: 'What a notification is about',
  valuesConfig: {
    PROGRAM_READY: { description: 'A program was generated for you (programId)' },
    ADJUSTMENT_PROPOSED: { description: 'A change to a day awaits your approval (overrideId, date)' },
    ADJUSTMENT_AUTO_APPLIED: { description: 'A day was changed under your AUTO adjustment policy (overrideId, date)' },
    SESSION_MISSED: { description: 'A day ended with planned sessions not logged (date, sessionIds)' },
    REASSESSMENT: { description: 'Your plan was reassessed: new targets or training from the next day, and why' },
  },
});

@ObjectType({ description: 'Something that happened to your plan, to tell you about' })
export class Notification {
  @Field(() => ID, { description: 'Notification id' }) id!: string;
  @Field(() => NotificationKindEnum, { description: 'What it is about' }) kind!: NotificationKindEnum;
  @Field(() => String, { description: 'One line to show' }) title!: string;
  @Field(() => String, { description: 'A sentence or two of detail' }) body!: string;
  @Field(() => GraphQLDateTime, { description: 'When it was created' }) createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When you marked it read; null while unread' }) readAt!: Date | null;
  @Field(() => Boolean, { description: 'Whether you marked it read' }) read!: boolean;
  @Field(() => GraphQLUUID, { nullable: true, description: 'The program it is about (PROGRAM_READY, adjustments)' }) programId!: string | null;
  @Field(() => GraphQLUUID, { nullable: true, description: 'The day override it is about (ADJUSTMENT_*): approve, reject or undo it' }) overrideId!: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The local day it is about (ADJUSTMENT_*, SESSION_MISSED)' }) date!: string | null;
  @Field(() => [GraphQLUUID], { description: 'The planned sessions it is about (SESSION_MISSED); empty otherwise' }) sessionIds!: string[];
  @Field(() => GraphQLJSONObject, { description: 'Everything a client may follow up with, including the fields above, as sent by the kind' }) data!: Record<string, unknown>;
}

@ObjectType({ description: 'A notification and its place in the list' })
export class NotificationEdge {
  @Field(() => String, { description: 'Opaque position: pass it as `after` to continue after this notification' }) cursor!: string;
  @Field(() => Notification, { description: 'The notification' }) node!: Notification;
}

@ObjectType({ description: 'A page of your notifications, newest first' })
export class NotificationConnection {
  @Field(() => [NotificationEdge], { description: 'The notifications of this page' }) edges!: NotificationEdge[];
  @Field(() => PageInfo, { description: 'Where this page ends' }) pageInfo!: PageInfo;
}
