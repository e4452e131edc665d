import { AppError, badInput } from '../core/errors';
import { addDays } from '../core/dates';
import { SqlExecutor } from '../core/db/sql';
import { encodeCursor, checkPageSize } from '../reference/connection';
import type { CalendarDay } from '../calendar/calendar.resolver';
import { exerciseOf, foodOf, toDailyTargets } from './program.loaders';
import { applyToSnapshot, PlanSnapshot, targetsOn } from './planDiff';
import { EMPTY_PLAN_DIFF, PlanChangeExplanation, PlanDiff, programStream } from './planChange.contracts';
import { programsStream, ProgramGeneratedData, StoredMeal, StoredSession } from './program';
import { Meal, MealItem, PlannedExercise, Program, Session } from './program.types';
import { PlanChangeActorEnum, PlanChangeKindEnum, PlanChangeTypeEnum, ProgramVersion, ProgramVersionConnection } from './planChange.types';

/** A session or meal folded from the log carries its exercises or items (the field resolvers read them, not the read models). */
export type FoldedSession = Session & { folded: PlannedExercise[] };
export type FoldedMeal = Meal & { folded: MealItem[] };

export function toFoldedSession(s: StoredSession, programId: string): FoldedSession {
  return {
    id: s.id, programId, week: s.week, day: s.day, date: s.date, name: s.name, focus: s.focus, isDeload: s.isDeload, estimatedMinutes: s.estimatedMinutes,
    folded: [...s.exercises].sort((a, b) => a.position - b.position).map((e) => ({
      id: e.id, position: e.position, sets: e.sets, repsMin: e.repsMin, repsMax: e.repsMax, targetRir: e.targetRir, restSeconds: e.restSeconds,
      loadKg: e.loadKg, notes: e.notes, exercise: exerciseOf(e.exerciseId),
    })),
  };
}

export function toFoldedMeal(m: StoredMeal, programId: string): FoldedMeal {
  return {
    id: m.id, programId, week: m.week, day: m.day, date: m.date, slot: m.slot, name: m.name, kcal: m.kcal, proteinG: m.proteinG, carbsG: m.carbsG, fatG: m.fatG,
    folded: [...m.items].sort((a, b) => a.position - b.position).map((i) => ({
      id: i.id, position: i.position, grams: i.grams, kcal: i.kcal, proteinG: i.proteinG, carbsG: i.carbsG, fatG: i.fatG, food: foodOf(i.foodId),
    })),
  };
}

interface LogRow { type: string; version: number; data: Record<string, any> }

const snapshotOf = (generated: ProgramGeneratedData): PlanSnapshot => ({
  sessions: generated.bundle?.sessions ?? [], meals: generated.bundle?.meals ?? [],
  targets: [{ from: generated.startDate, targets: generated.targets }], nextReassessmentDate: generated.nextReassessmentDate,
});

/** One change event's effect on a snapshot (ReassessmentApplied also moves the next reassessment). */
function foldChange(snapshot: PlanSnapshot, row: LogRow): PlanSnapshot {
  const diff: PlanDiff = { ...EMPTY_PLAN_DIFF, ...(row.data?.diff ?? {}) };
  return applyToSnapshot(snapshot, diff, row.type === 'ReassessmentApplied' ? row.data?.nextReassessmentDate ?? null : undefined);
}

/**
 * A program as it stood at a version of its change stream, folded from the log (not the read
 * models): its ProgramGenerated bundle with the diff of every change up to that version applied.
 * One statement reads both. Identity fields (status, supersededFrom) are the program's current ones.
 */
export async function programAsOfVersion(sql: SqlExecutor, userId: string, current: Program, asOfVersion: number): Promise<Program> {
  if (!Number.isInteger(asOfVersion) || asOfVersion < 0) throw badInput('asOfVersion', `asOfVersion must be 0 or more, got ${asOfVersion}`);
  if (asOfVersion > current.version) throw badInput('asOfVersion', `the program is at version ${current.version}; asOfVersion ${asOfVersion} does not exist yet`);
  const { rows } = await sql.query<LogRow>(
    `SELECT event_type AS type, stream_version AS version, data FROM plan_change_events
     WHERE (stream_id = $1 AND event_type = 'ProgramGenerated' AND data->>'programId' = $3)
        OR (stream_id = $2 AND stream_version <= $4)
     ORDER BY global_position`,
    [programsStream(userId), programStream(current.id), current.id, asOfVersion],
  );
  const generated = rows.find((r) => r.type === 'ProgramGenerated');
  if (!generated) throw new AppError('NOT_FOUND', 'program not found', 'id');
  const snapshot = rows.filter((r) => r !== generated).reduce(foldChange, snapshotOf(generated.data as ProgramGeneratedData));
  const latest = snapshot.targets[snapshot.targets.length - 1];
  return {
    ...current,
    version: asOfVersion,
    nextReassessmentDate: snapshot.nextReassessmentDate,
    targets: toDailyTargets(latest.targets, current.consultationId),
    targetsHistory: snapshot.targets.map((entry) => ({ from: entry.from, targets: toDailyTargets(entry.targets, current.consultationId) })),
    snapshot,
  };
}

/**
 * The calendar as it stood at an instant, for all the user's programs, in one statement: the
 * ProgramGenerated events recorded by then whose dates meet the range (their bundles cut to the
 * range in SQL) and those programs' change events recorded by then, folded in log order. A
 * program superseded by a later generation (by then) keeps only its days before supersededFrom,
 * and a day's targets are those of the program that plans it, as the live calendar shows them.
 */
export async function calendarAsOf(sql: SqlExecutor, userId: string, from: string, to: string, span: number, asOf: Date): Promise<CalendarDay[]> {
  const { rows } = await sql.query<LogRow & { program_id: string }>(
    `WITH gen AS (
       SELECT global_position, stream_version, data->>'programId' AS program_id,
              jsonb_set(data - 'bundle', '{bundle}', jsonb_build_object(
                'sessions', jsonb_path_query_array(data->'bundle'->'sessions', '$[*] ? (@.date >= $f && @.date <= $t)', jsonb_build_object('f', $3::text, 't', $4::text)),
                'meals', jsonb_path_query_array(data->'bundle'->'meals', '$[*] ? (@.date >= $f && @.date <= $t)', jsonb_build_object('f', $3::text, 't', $4::text)))) AS data
       FROM plan_change_events
       WHERE stream_id = $1 AND event_type = 'ProgramGenerated' AND recorded_at <= $2
         AND data->>'startDate' <= $4 AND data->>'endDate' >= $3)
     SELECT global_position, 'ProgramGenerated' AS type, stream_version AS version, program_id, data FROM gen
     UNION ALL
     SELECT e.global_position, e.event_type, e.stream_version, g.program_id, e.data
     FROM gen g JOIN plan_change_events e ON e.stream_id = 'program-' || g.program_id
     WHERE e.recorded_at <= $2 AND e.event_type IN ('PlanChangedByPerson', 'ReassessmentApplied')
     ORDER BY 1`,
    [programsStream(userId), asOf.toISOString(), from, to],
  );
  const snapshots = new Map<string, PlanSnapshot>();
  const until = new Map<string, string>();
  for (const row of rows) {
    if (row.type === 'ProgramGenerated') {
      const data = row.data as ProgramGeneratedData;
      snapshots.set(row.program_id, snapshotOf(data));
      if (data.supersedes) until.set(data.supersedes.programId, data.supersedes.from);
    } else {
      const snapshot = snapshots.get(row.program_id);
      if (snapshot) snapshots.set(row.program_id, foldChange(snapshot, row));
    }
  }
  const days = new Map<string, CalendarDay>();
  for (let i = 0; i < span; i++) {
    const date = addDays(from, i);
    days.set(date, { date, targets: null, sessions: [], meals: [] });
  }
  for (const [programId, snapshot] of snapshots) {
    const end = until.get(programId);
    const inForce = (date: string) => date >= from && date <= to && (!end || date < end);
    const mark = (date: string) => {
      const day = days.get(date)!;
      day.targets ??= targetsOn(snapshot.targets, date) ? toDailyTargets(targetsOn(snapshot.targets, date)!.targets) : null;
    };
    for (const s of snapshot.sessions) if (inForce(s.date)) { days.get(s.date)!.sessions.push(toFoldedSession(s, programId)); mark(s.date); }
    for (const m of snapshot.meals) if (inForce(m.date)) { days.get(m.date)!.meals.push(toFoldedMeal(m, programId)); mark(m.date); }
  }
  for (const day of days.values()) {
    day.sessions.sort((a, b) => a.name.localeCompare(b.name));
    day.meals.sort((a, b) => a.slot - b.slot);
  }
  return [...days.values()];
}

const ACTORS: Record<string, PlanChangeActorEnum> = { person: PlanChangeActorEnum.PERSON, reassessment: PlanChangeActorEnum.REASSESSMENT };

/** A change event's history entry (also what changePlan answers). */
export function toProgramVersion(programId: string, row: { type: string; version: number; recordedAt: Date; explanation: PlanChangeExplanation | null; kind: string | null }): ProgramVersion {
  const explanation = row.explanation;
  return {
    programId, version: row.version, type: row.type as PlanChangeTypeEnum, kind: (row.kind as PlanChangeKindEnum) ?? null, recordedAt: row.recordedAt,
    actor: ACTORS[explanation?.actor ?? ''] ?? (row.type === 'ReassessmentApplied' ? PlanChangeActorEnum.REASSESSMENT : PlanChangeActorEnum.PERSON),
    summary: explanation?.summary ?? row.type, reasons: explanation?.reasons ?? [],
  };
}

const CURSOR_KIND = 'version';
function versionAfter(after: string | null | undefined): number {
  if (after == null) return -1;
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(after) ? Buffer.from(after, 'base64url').toString('utf8') : '';
  const match = /^version:(\d{1,9})$/.exec(text);
  if (!match) throw badInput('after', 'after must be a cursor this list returned');
  return Number(match[1]);
}

/**
 * A program's history, oldest first: its generation as version 0, then each change with its
 * explanation. Reads only the explanations (not the diffs): one statement for the page.
 */
export async function planHistory(sql: SqlExecutor, userId: string, program: Program, first: number, after: string | null | undefined): Promise<ProgramVersionConnection> {
  checkPageSize(first);
  const afterVersion = versionAfter(after);
  const { rows } = await sql.query<{ type: string; version: number; recorded_at: Date; explanation: PlanChangeExplanation | null; kind: string | null; total: number }>(
    `WITH changes AS (
       SELECT event_type, stream_version, recorded_at, data->'explanation' AS explanation, data->'change'->>'kind' AS kind
       FROM plan_change_events WHERE stream_id = $2 AND event_type IN ('PlanChangedByPerson', 'ReassessmentApplied')),
     generated AS (
       SELECT event_type, 0 AS stream_version, recorded_at, NULL::jsonb AS explanation, NULL::text AS kind
       FROM plan_change_events WHERE stream_id = $1 AND event_type = 'ProgramGenerated' AND data->>'programId' = $3),
     everything AS (SELECT * FROM generated UNION ALL SELECT * FROM changes)
     SELECT event_type AS type, stream_version AS version, recorded_at, explanation, kind, (SELECT count(*)::int FROM everything) AS total
     FROM everything WHERE stream_version > $4 ORDER BY stream_version LIMIT $5`,
    [programsStream(userId), programStream(program.id), program.id, afterVersion, first + 1],
  );
  const page = rows.slice(0, first);
  const edges = page.map((row) => {
    const node = row.type === 'ProgramGenerated'
      ? {
        programId: program.id, version: 0, type: PlanChangeTypeEnum.GENERATED, kind: null, recordedAt: row.recorded_at, actor: PlanChangeActorEnum.GENERATOR,
        summary: `Your ${program.weeks}-week ${program.split.replace(/_/g, ' ')} program was generated from your consultation, from ${program.startDate} to ${program.endDate}.`,
        reasons: [{ code: 'GENERATED', message: 'Built from your consultation\'s answers.' }],
      }
      : toProgramVersion(program.id, { ...row, recordedAt: row.recorded_at });
    return { cursor: encodeCursor(CURSOR_KIND, String(row.version)), node };
  });
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    // Past the last version the page is empty: every version there is, generation included.
    totalCount: rows[0]?.total ?? program.version + 1,
  };
}
