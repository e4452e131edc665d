/**
 * Runs synthetic people through the real command path on a database (issue #9 item 4): the
 * consultation and its completion (which generates the program), then per day a daily context
 * with the morning weigh-in and one meal log of what was eaten, through the same resolver
 * methods the GraphQL API calls, and the reassessment on its due date. Each person has a clock of
 * their own, set to the simulated instant before each command.
 */
import { randomUUID } from 'node:crypto';
import { handle } from '../core/commandHandler';
import { addDays } from '../core/dates';
import { AppError } from '../core/errors';
import { consultationStream } from '../consultations/consultation';
import { consultationDecider } from '../consultations/consultation.decide';
import { DailyContextResolver } from '../context/context.resolver';
import { dailyContextStream } from '../context/dailyContext';
import { DailyContextInput, dailyContextDecider } from '../context/dailyContext.decide';
import { localDate } from '../consultations/consultation.rules';
import { LoggingResolver } from '../logging/logging.resolver';
import { energyFloorKcal, NutritionTargets } from '../programs/nutrition/targets';
import { completeWithProgram } from '../programs/program.service';
import { profileDecider, userStream } from '../profiles/profile';
import { runReassessment } from '../reassessment/reassessment.service';
import type { ReassessmentAppliedData } from '../programs/planChange.contracts';
import type { LogDailyContextInput } from '../context/context.types';
import type { LogMealInput } from '../logging/logging.types';
import type { GraphQLContext } from '../server/context';
import type { Services } from '../services';
import { BodyState, DayPlan, PERSON_MODEL, PersonModel, SyntheticPerson, dailyFeelings, drawPerson, initialBodyState, simulateDay } from './person';
import { Rng, mixSeed } from './random';
import { reassessmentChangeLimitKcal } from './invariants';

export interface SimulationOptions {
  people: number;
  weeks: number;
  seed: number;
  /** People run at once (each one's days run in order). */
  concurrency: number;
  /** The programs' first day (everyone starts together; the clock is simulated). */
  startDate: string;
  model?: PersonModel;
  /**
   * Also run the daily adjustment analysis that logDailyContext starts after its commit (the
   * resolver's path). Off by default: under the default ASK policy it only proposes day overrides,
   * which change nothing the simulation measures, and it costs more than the context itself.
   */
  analysis?: boolean;
  /** Called after every simulated person-day (for a progress bar). */
  onDay?: () => void;
}

/** One person's day as the run saw it. */
export interface DayRecord {
  day: number;
  date: string;
  /** The controller's daily energy target in force that day (the program's targets). */
  targetKcal: number;
  /** The planned meals on the calendar that day, summed (what the person eats against). */
  plannedKcal: number;
  eatenKcal: number;
  weighInKg: number | null;
  mealLogged: boolean;
  trueWeightKg: number;
  massKg: number;
}

/** One reassessment and the checks the run makes of it. */
export interface ReassessmentRecord {
  day: number;
  date: string;
  applied: boolean;
  previousKcal: number;
  newKcal: number;
  /** max(BMR, 1200/1500) for the targets the reassessment set (its own BMR). */
  floorKcal: number;
  changeKcal: number;
  /** The most a single reassessment may change the target (see invariants.ts). */
  limitKcal: number;
  summary: string | null;
  reasonCodes: string[];
  /** The calendar's planned energy on the first day the new targets apply (null: no day left). */
  plannedKcalAfter: number | null;
}

export interface PersonResult {
  person: SyntheticPerson;
  userId: string;
  programId: string | null;
  initialTargets: NutritionTargets | null;
  days: DayRecord[];
  reassessments: ReassessmentRecord[];
  /** The first thing that failed (a command error); the person stops there. */
  error: string | null;
}

/** Instants of a simulated day, in UTC, inside the same local day in every SIMULATION_TIME_ZONES zone. */
const AT = { consultation: 'T09:00:00.000Z', reassessment: 'T06:00:00.000Z', logs: 'T18:00:00.000Z', meal: 'T17:00:00.000Z' };

/** The person's planned meals per day, summed, from the calendar read model (as the person). */
async function plannedDays(services: Services, userId: string, from: string, to: string): Promise<Map<string, DayPlan>> {
  const { rows } = await services.db.sql.asUser(userId).query<{ date: string; kcal: number; protein_g: number; carbs_g: number; fat_g: number }>(
    `SELECT c.date::text AS date, sum(m.kcal)::float8 AS kcal, sum(m.protein_g)::float8 AS protein_g,
            sum(m.carbs_g)::float8 AS carbs_g, sum(m.fat_g)::float8 AS fat_g
     FROM calendar_events c JOIN meal_instances m ON m.id = c.meal_instance_id
     WHERE c.user_id = $1 AND c.event_type = 'meal' AND c.date BETWEEN $2 AND $3
     GROUP BY c.date`,
    [userId, from, to],
  );
  return new Map(rows.map((r) => [r.date, { kcal: r.kcal, proteinG: r.protein_g, carbsG: r.carbs_g, fatG: r.fat_g }]));
}

async function nextReassessmentDate(services: Services, userId: string, programId: string): Promise<string | null> {
  const { rows } = await services.db.sql.asUser(userId).query<{ next: string | null }>(
    'SELECT next_reassessment_date::text AS next FROM programs WHERE id = $1 AND user_id = $2',
    [programId, userId],
  );
  return rows[0]?.next ?? null;
}

/**
 * The one call into the reassessment (task E's service function, what the runReassessment
 * mutation runs): the program's due reassessment as of the services' clock.
 */
async function reassess(services: Services, userId: string, programId: string): Promise<ReassessmentAppliedData | null> {
  const outcome = await runReassessment(services, userId, programId, { trigger: 'on_demand' });
  return outcome.applied ? outcome.data : null;
}

/**
 * logDailyContext's command without the analysis it starts after the commit: the same decider,
 * the same lookups (the person's local today) and the same handle as the resolver.
 */
async function logContext(services: Services, userId: string, timeZone: string, input: DailyContextInput): Promise<void> {
  const now = services.clock.now().toISOString();
  // The resolver reads the person's time zone (their program's); the runner knows it already.
  const today = localDate(now, timeZone);
  await handle(services.store, dailyContextStream(userId, input.date), dailyContextDecider, { type: 'LogDailyContext', input }, {
    userId, now, lookups: { today }, request: { operation: 'logDailyContext', input }, metadata: { actor: userId },
  });
}

const errorText = (error: unknown): string =>
  error instanceof AppError ? `${error.code}${error.field ? ` (${error.field})` : ''}: ${error.message}` : error instanceof Error ? error.message : String(error);

/** One person from consultation to the last simulated day. */
export async function runPerson(services: Services, person: SyntheticPerson, options: SimulationOptions, rng: Rng): Promise<PersonResult> {
  const model = options.model ?? PERSON_MODEL;
  const userId = randomUUID();
  let now = '';
  const s: Services = { ...services, clock: { now: () => new Date(now) } };
  const context: GraphQLContext = { services: s, user: { id: userId, email: null }, requestId: `simulation-${person.index}`, log: services.logger };
  const result: PersonResult = { person, userId, programId: null, initialTargets: null, days: [], reassessments: [], error: null };
  const contexts = new DailyContextResolver();
  const logs = new LoggingResolver();
  const start = options.startDate;
  const totalDays = options.weeks * 7;
  let day = 0;
  try {
    now = `${addDays(start, -1)}${AT.consultation}`;
    const base = { userId, now, metadata: { actor: userId } };
    await handle(s.store, userStream(userId), profileDecider, { type: 'RegisterProfile', userId, email: null }, { ...base, lookups: undefined });
    const consultationId = s.newId();
    await handle(s.store, consultationStream(consultationId), consultationDecider,
      { type: 'StartConsultation', consultationId, answers: person.answers }, { ...base, lookups: s.lookups });
    const { program } = await completeWithProgram(context, consultationId, null);
    const programId = program.id;
    result.programId = programId;
    const end = addDays(start, totalDays - 1);
    let targets: NutritionTargets = {
      bmrKcal: program.targets.bmrKcal, bmrFormula: program.targets.bmrFormula as NutritionTargets['bmrFormula'],
      tdeeKcal: program.targets.tdeeKcal, targetKcal: program.targets.kcal, floorApplied: program.targets.floorApplied,
      proteinG: program.targets.proteinG, fatG: program.targets.fatG, carbsG: program.targets.carbsG, fibreG: program.targets.fibreG,
      dailyDeltaKcal: program.targets.kcal - program.targets.tdeeKcal,
    };
    result.initialTargets = targets;
    let pending: { from: string; targets: NutritionTargets } | null = null;
    let due = program.nextReassessmentDate;
    let plan = await plannedDays(s, userId, start, end);
    let body: BodyState = initialBodyState(person, rng, model);

    for (; day < totalDays; day++) {
      const date = addDays(start, day);
      if (pending && date >= pending.from) {
        targets = pending.targets;
        pending = null;
      }
      if (due !== null && date >= due) {
        now = `${date}${AT.reassessment}`;
        const previousKcal = (pending ?? { targets }).targets.targetKcal;
        const data = await reassess(s, userId, programId);
        const next = data?.diff.targets ?? null;
        if (next) pending = next;
        const newKcal = next ? next.targets.targetKcal : previousKcal;
        const from = next?.from ?? addDays(date, 1);
        plan = new Map([...plan, ...(await plannedDays(s, userId, from, end))]);
        result.reassessments.push({
          day, date, applied: data !== null, previousKcal, newKcal,
          floorKcal: energyFloorKcal(person.answers.sex, next ? next.targets.bmrKcal : targets.bmrKcal),
          changeKcal: newKcal - previousKcal, limitKcal: reassessmentChangeLimitKcal(previousKcal),
          summary: data?.explanation.summary ?? null, reasonCodes: data?.explanation.reasons.map((r) => r.code) ?? [],
          plannedKcalAfter: from <= end ? plan.get(from)?.kcal ?? null : null,
        });
        const moved = data?.nextReassessmentDate ?? (await nextReassessmentDate(s, userId, programId));
        // A reassessment that did not move the due date would run again tomorrow: move on by 14 days.
        due = moved !== null && moved > date ? moved : addDays(date, 14);
        if (pending && date >= pending.from) {
          targets = pending.targets;
          pending = null;
        }
      }
      const dayPlan = plan.get(date);
      if (!dayPlan) throw new Error(`no planned meals on ${date}`);
      const { outcome, next } = simulateDay(person, body, dayPlan, rng, model);
      const feelings = dailyFeelings(rng);
      now = `${date}${AT.logs}`;
      if (outcome.weighInKg !== null) {
        const input = { date, ...feelings, bodyWeightKg: outcome.weighInKg };
        if (options.analysis) await contexts.logDailyContext(input as LogDailyContextInput, null, null, context);
        else await logContext(s, userId, person.answers.timeZone, input);
      }
      if (outcome.meal !== null) {
        const input = { eatenAt: `${date}${AT.meal}`, name: 'The day\'s food', items: outcome.meal } as LogMealInput;
        await logs.logMeal(input, null, context);
      }
      result.days.push({
        day, date, targetKcal: targets.targetKcal, plannedKcal: dayPlan.kcal, eatenKcal: outcome.eatenKcal,
        weighInKg: outcome.weighInKg, mealLogged: outcome.meal !== null, trueWeightKg: outcome.trueWeightKg, massKg: outcome.massKg,
      });
      body = next;
      options.onDay?.();
    }
  } catch (error) {
    result.error = `day ${day}: ${errorText(error)}`;
    for (; day < totalDays; day++) options.onDay?.();
  }
  return result;
}

/** The people of a run, drawn from the seed (the same seed, the same people). */
export function drawPeople(options: Pick<SimulationOptions, 'people' | 'seed' | 'startDate' | 'weeks' | 'model'>): Array<{ person: SyntheticPerson; rng: Rng }> {
  return Array.from({ length: options.people }, (_, index) => {
    const rng = new Rng(mixSeed(options.seed, index));
    return { person: drawPerson(rng, index, options, options.model ?? PERSON_MODEL), rng };
  });
}

/** Runs every person, `concurrency` at a time; results in the people's order. */
export async function runSimulation(services: Services, options: SimulationOptions): Promise<PersonResult[]> {
  const people = drawPeople(options);
  const results: PersonResult[] = new Array(people.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < people.length) {
      const i = nextIndex++;
      results[i] = await runPerson(services, people[i]!.person, options, people[i]!.rng);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, people.length)) }, worker));
  return results;
}
