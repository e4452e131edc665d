import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { PubSub, buildSchemaSync } from 'type-graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { ConsultationResolver } from '../consultations/consultation.resolver';
import { PlanChangeResolver } from '../notifications/planChange.resolver';
import { NotificationResolver } from '../notifications/notification.resolver';
import { SystemResolver } from './system.resolver';
import { MealResolver, ProgramResolver, SessionResolver } from '../programs/program.resolver';
import { CalendarResolver } from '../calendar/calendar.resolver';
import { PlanChangeCommandResolver } from '../programs/planChange.resolver';
import { DailyTargetsRateResolver, ProgramGraphResolver } from '../programs/program.graph.resolver';
import { ReferenceResolver } from '../reference/reference.resolver';
import { MeResolver } from '../profiles/me.resolver';
import { LoggingResolver } from '../logging/logging.resolver';
import { AdherenceResolver } from '../adherence/adherence.resolver';
import { DailyContextResolver } from '../context/context.resolver';
import { ActivityPlanResolver, MealLogLinkResolver, MealLogPlanResolver, SessionLogResolver } from '../logging/planLinks.resolver';
import { AdjustmentsResolver } from '../adjustments/adjustments.resolver';
import { CalendarDayOverrideResolver } from '../adjustments/calendarDay.resolver';
import { ReassessmentResolver } from '../reassessment/reassessment.resolver';

export const RESOLVERS = [
  SystemResolver, ConsultationResolver, ProgramResolver, SessionResolver, MealResolver, CalendarResolver, PlanChangeResolver,
  ProgramGraphResolver, ReferenceResolver, MeResolver, LoggingResolver, AdherenceResolver, SessionLogResolver, MealLogLinkResolver,
  ActivityPlanResolver, MealLogPlanResolver, DailyContextResolver, AdjustmentsResolver, CalendarDayOverrideResolver,
  NotificationResolver, PlanChangeCommandResolver, ReassessmentResolver, DailyTargetsRateResolver,
] as const;

/** type-graphql cannot describe the root types; clients read these in introspection and schema.graphql. */
const ROOT_DESCRIPTIONS = {
  Query: 'Reads: everything is scoped to the caller',
  Mutation: 'Commands: each appends events, or nothing when it fails',
  Subscription: 'Live pushes over graphql-ws on /graphql',
} as const;

/** Builds the executable schema; the same code prints schema.graphql (npm run schema:print). */
export function buildAppSchema(pubSub: PubSub = createPubSub()): GraphQLSchema {
  const schema = buildSchemaSync({
    resolvers: [...RESOLVERS],
    pubSub,
    // Inputs are validated by the domain rules (decide), which name the field at fault.
    validate: false,
  });
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (root) root.description = ROOT_DESCRIPTIONS[root.name as keyof typeof ROOT_DESCRIPTIONS];
  }
  return schema;
}

export function printAppSchema(schema: GraphQLSchema = buildAppSchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
