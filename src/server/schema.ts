import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { PubSub, buildSchemaSync } from 'type-graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { ConsultationResolver } from '../consultations/consultation.resolver';
import { PlanChangeResolver } from '../notifications/planChange.resolver';
import { SystemResolver } from './system.resolver';
import { MealResolver, ProgramResolver, SessionResolver } from '../programs/program.resolver';
import { CalendarResolver } from '../calendar/calendar.resolver';

export const RESOLVERS = [
  SystemResolver, ConsultationResolver, ProgramResolver, SessionResolver, MealResolver, CalendarResolver, PlanChangeResolver,
] as const;

/** Builds the executable schema; the same code prints schema.graphql (npm run schema:print). */
export function buildAppSchema(pubSub: PubSub = createPubSub()): GraphQLSchema {
  return buildSchemaSync({
    resolvers: [...RESOLVERS],
    pubSub,
    // Inputs are validated by the domain rules (decide), which name the field at fault.
    validate: false,
  });
}

export function printAppSchema(schema: GraphQLSchema = buildAppSchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
