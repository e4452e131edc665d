import { AppError, badInput, notFound } from '../core/errors';
import { DecideContext, Decider, assertNever } from '../core/decider';
import { localDate } from '../consultations/consultation.rules';
import { assessMeal } from '../adherence/adherence.rules';
import type { FoodRef } from '../reference/reference.types';
import {
  EatenItem, Macros, MealFactsData, MealLogEvent, MealLogState, MealMatch, evolveMealLog, initialMealLogState,
} from './mealLog';
import { ATWATER_TOLERANCE, LOG_LIMITS } from './logging.constants';
import { checkInstant, checkRange, checkText } from './logging.rules';

/** A catalog food by weight (foodId, grams), or a free-form item (name, kcal and macros). */
export interface EatenItemInput {
  foodId?: string | null;
  grams?: number | null;
  name?: string | null;
  kcal?: number | null;
  proteinG?: number | null;
  carbsG?: number | null;
  fatG?: number | null;
}

export interface MealInput {
  eatenAt: string;
  slot?: number | null;
  name?: string | null;
  items: EatenItemInput[];
  notes?: string | null;
}

export interface PlannedMealCandidate extends Macros {
  id: string;
  programId: string;
  date: string;
  slot: number;
  heldByMealLogId: string | null;
}

export interface MealLogLookups {
  timeZone: string;
  food(id: string): FoodRef | undefined;
  /** The named planned meal, or the person's planned meals on the meal's local day. */
  candidates: readonly PlannedMealCandidate[];
}

export type MealLogCommand =
  | { type: 'LogMeal'; mealLogId: string; input: MealInput; plannedMealId?: string | null }
  | { type: 'EditMealLog'; mealLogId: string; changes: Partial<MealInput>; plannedMealId?: string | null }
  | { type: 'DeleteMealLog'; mealLogId: string };

type Context = DecideContext<MealLogLookups>;

const round1 = (x: number) => Math.round(x * 10) / 10;
const sum = (items: readonly Macros[]): Macros => ({
  kcal: round1(items.reduce((s, i) => s + i.kcal, 0)),
  proteinG: round1(items.reduce((s, i) => s + i.proteinG, 0)),
  carbsG: round1(items.reduce((s, i) => s + i.carbsG, 0)),
  fatG: round1(items.reduce((s, i) => s + i.fatG, 0)),
});

function item(input: EatenItemInput, at: string, context: Context): EatenItem {
  if (input.foodId != null) {
    const food = context.lookups.food(input.foodId);
    if (!food) throw badInput(`${at}.foodId`, `unknown food ${input.foodId}`);
    if (input.grams == null) throw badInput(`${at}.grams`, 'grams is required with foodId');
    checkRange(`${at}.grams`, input.grams, LOG_LIMITS.grams, ' g');
    const f = input.grams / 100;
    return {
      foodId: food.id, name: food.name, grams: input.grams,
      kcal: round1(food.kcal * f), proteinG: round1(food.proteinG * f), carbsG: round1(food.carbsG * f), fatG: round1(food.fatG * f),
    };
  }
  if (!input.name || input.name.trim() === '') throw badInput(`${at}.name`, 'an item needs a foodId, or a name with its kcal and macros');
  checkText(`${at}.name`, input.name, LOG_LIMITS.name);
  for (const key of ['kcal', 'proteinG', 'carbsG', 'fatG'] as const) {
    if (input[key] == null) throw badInput(`${at}.${key}`, `a free-form item needs ${key}`);
    checkRange(`${at}.${key}`, input[key], key === 'kcal' ? LOG_LIMITS.freeformKcal : LOG_LIMITS.freeformMacroG);
  }
  checkRange(`${at}.grams`, input.grams, LOG_LIMITS.grams, ' g');
  const kcal = input.kcal!;
  // Atwater general factors: 4 kcal/g protein and carbohydrate, 9 kcal/g fat.
  const atwater = 4 * input.proteinG! + 4 * input.carbsG! + 9 * input.fatG!;
  if (Math.abs(kcal - atwater) > Math.max(ATWATER_TOLERANCE.absoluteKcal, ATWATER_TOLERANCE.relative * Math.max(kcal, atwater))) {
    throw badInput(`${at}.kcal`, `kcal ${kcal} disagrees with the macros (4/4/9 gives ${Math.round(atwater)})`);
  }
  return {
    foodId: null, name: input.name.trim(), grams: input.grams ?? null,
    kcal: round1(kcal), proteinG: round1(input.proteinG!), carbsG: round1(input.carbsG!), fatG: round1(input.fatG!),
  };
}

function facts(input: MealInput, context: Context): MealFactsData {
  checkInstant('input.eatenAt', input.eatenAt, context.now);
  if (input.slot != null && (!Number.isInteger(input.slot) || input.slot < 1 || input.slot > 10)) {
    throw badInput('input.slot', 'slot must be a whole number from 1 to 10');
  }
  checkText('input.name', input.name, LOG_LIMITS.name);
  checkText('input.notes', input.notes, LOG_LIMITS.notes);
  if (!input.items || input.items.length < 1 || input.items.length > LOG_LIMITS.mealItems) {
    throw badInput('input.items', `a meal has 1-${LOG_LIMITS.mealItems} items`);
  }
  const items = input.items.map((entry, i) => item(entry, `input.items.${i}`, context));
  return {
    eatenAt: new Date(input.eatenAt).toISOString(),
    localDate: localDate(input.eatenAt, context.lookups.timeZone),
    timeZone: context.lookups.timeZone,
    slot: input.slot ?? null,
    name: input.name ?? null,
    items,
    totals: sum(items),
    notes: input.notes ?? null,
  };
}

function matchTo(candidate: PlannedMealCandidate, meal: MealFactsData, matchedBy: MealMatch['matchedBy']): MealMatch {
  const planned: Macros = { kcal: candidate.kcal, proteinG: candidate.proteinG, carbsG: candidate.carbsG, fatG: candidate.fatG };
  const actual = meal.totals;
  const delta: Macros = {
    kcal: round1(actual.kcal - planned.kcal), proteinG: round1(actual.proteinG - planned.proteinG),
    carbsG: round1(actual.carbsG - planned.carbsG), fatG: round1(actual.fatG - planned.fatG),
  };
  return {
    plannedMealId: candidate.id, programId: candidate.programId, plannedDate: candidate.date, slot: candidate.slot, matchedBy,
    comparison: { planned, actual, delta }, assessment: assessMeal(planned.kcal, actual.kcal),
  };
}

/**
 * A meal without a named plan matches the planned meal of its local day at the slot it names;
 * without a slot, the free planned meal of that day closest in energy.
 */
function autoMatch(mealLogId: string, meal: MealFactsData, context: Context): MealMatch | null {
  const free = context.lookups.candidates.filter(
    (c) => c.date === meal.localDate && (!c.heldByMealLogId || c.heldByMealLogId === mealLogId),
  );
  if (meal.slot !== null) {
    const atSlot = free.find((c) => c.slot === meal.slot);
    return atSlot ? matchTo(atSlot, meal, 'auto') : null;
  }
  const best = [...free].sort((a, b) => Math.abs(a.kcal - meal.totals.kcal) - Math.abs(b.kcal - meal.totals.kcal) || a.slot - b.slot)[0];
  return best ? matchTo(best, meal, 'auto') : null;
}

function explicitMatch(mealLogId: string, plannedMealId: string, meal: MealFactsData, context: Context): MealMatch {
  const candidate = context.lookups.candidates.find((c) => c.id === plannedMealId);
  if (!candidate) throw notFound('planned meal', 'input.plannedMealId');
  if (candidate.heldByMealLogId && candidate.heldByMealLogId !== mealLogId) {
    throw new AppError('CONFLICT', 'another meal log is already linked to this planned meal', 'input.plannedMealId', {
      heldByMealLogId: candidate.heldByMealLogId,
    });
  }
  return matchTo(candidate, meal, 'explicit');
}

function requireOwn(state: MealLogState, context: Context): Exclude<MealLogState, { status: 'none' }> {
  if (state.status === 'none' || state.userId !== context.userId) throw notFound('meal log', 'id');
  if (state.status === 'deleted') throw new AppError('CONFLICT', 'the meal log was deleted', 'id', { status: 'deleted' });
  return state;
}

const asInput = (meal: MealFactsData): MealInput => ({
  eatenAt: meal.eatenAt, slot: meal.slot, name: meal.name, notes: meal.notes,
  items: meal.items.map((i) => (i.foodId ? { foodId: i.foodId, grams: i.grams } : { ...i })),
});

export function decideMealLog(command: MealLogCommand, state: MealLogState, context: Context): MealLogEvent[] {
  switch (command.type) {
    case 'LogMeal': {
      if (state.status !== 'none') throw new AppError('CONFLICT', 'a meal log with this id already exists', 'id');
      const meal = facts(command.input, context);
      const match = command.plannedMealId
        ? explicitMatch(command.mealLogId, command.plannedMealId, meal, context)
        : command.plannedMealId === null ? null : autoMatch(command.mealLogId, meal, context);
      return [{ type: 'MealLogged', data: { mealLogId: command.mealLogId, userId: context.userId, meal, match, at: context.now } }];
    }
    case 'EditMealLog': {
      const current = requireOwn(state, context);
      const changes = Object.fromEntries(Object.entries(command.changes).filter(([, v]) => v !== undefined));
      const meal = facts({ ...asInput(current.meal), ...changes }, context);
      const keep = command.plannedMealId === undefined && current.match?.matchedBy === 'explicit' ? current.match.plannedMealId : undefined;
      const target = command.plannedMealId ?? keep;
      const match = target
        ? explicitMatch(command.mealLogId, target, meal, context)
        : command.plannedMealId === null ? null : autoMatch(command.mealLogId, meal, context);
      return [{
        type: 'MealLogEdited',
        data: {
          mealLogId: command.mealLogId, userId: context.userId, meal, match,
          previousPlannedMealId: current.match?.plannedMealId ?? null, at: context.now,
        },
      }];
    }
    case 'DeleteMealLog': {
      const current = requireOwn(state, context);
      return [{
        type: 'MealLogDeleted',
        data: { mealLogId: command.mealLogId, userId: context.userId, previousPlannedMealId: current.match?.plannedMealId ?? null, at: context.now },
      }];
    }
    default:
      return assertNever(command);
  }
}

export const mealLogDecider: Decider<MealLogState, MealLogCommand, MealLogEvent, MealLogLookups> = {
  initialState: initialMealLogState,
  evolve: evolveMealLog,
  decide: decideMealLog,
};
