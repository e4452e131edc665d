import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Database } from './core/db/database';
import { EventStore } from './core/eventStore/eventStore';
import { ProjectionRegistry } from './core/projections/registry';
import { profileProjection } from './profiles/profile.projection';
import { consultationProjection } from './consultations/consultation.projection';
import { programProjection } from './programs/program.projection';
import { loggingProjection } from './logging/logging.projection';
import { adherenceProjection } from './adherence/adherence.projection';
import { adjustmentPolicyProjection, dayOverrideProjection } from './adjustments/adjustments.projection';
import { contextProjection } from './context/context.projection';
import { notificationProjection } from './notifications/notification.projection';
import { ConsultationLookups } from './consultations/consultation.rules';
import { EXERCISES } from './reference/exercises.data';
import { FOODS } from './reference/foods.data';

/** Every projection, in an order where a table's foreign-key targets come first. */
export const PROJECTIONS = [
  profileProjection, consultationProjection, programProjection, loggingProjection, adherenceProjection, contextProjection,
  dayOverrideProjection, adjustmentPolicyProjection, notificationProjection,
];

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What resolvers and commands depend on, built once in main.ts (or per test) and passed down. */
export interface Services {
  db: Database;
  store: EventStore;
  registry: ProjectionRegistry;
  clock: Clock;
  newId: () => string;
  logger: Logger;
  lookups: ConsultationLookups;
}

export function referenceLookups(): ConsultationLookups {
  return { exerciseIds: new Set(EXERCISES.map((e) => e.id)), foodIds: new Set(FOODS.map((f) => f.id)) };
}

export function createServices(db: Database, logger: Logger, overrides: Partial<Pick<Services, 'clock' | 'newId'>> = {}): Services {
  const registry = new ProjectionRegistry(PROJECTIONS);
  return {
    db,
    registry,
    store: new EventStore(db.sql, registry.apply),
    clock: overrides.clock ?? systemClock,
    newId: overrides.newId ?? randomUUID,
    logger,
    lookups: referenceLookups(),
  };
}
