import { SqlExecutor } from '../core/db/sql';
import { RecordedEvent } from '../core/eventStore/types';
import type { DayOverrideProposedData, NotificationData, NotificationKind } from '../adjustments/contracts';
import type { AdherenceDayClosedData } from '../adherence/adherence';
import type { ProgramGeneratedData } from '../programs/program';
import type { ReassessmentAppliedData } from '../programs/planChange.contracts';
import { notificationIdFor } from './notification';

/** What a source event asks to tell its owner; the reactor adds the id, owner, source and time. */
export interface NotificationDraft {
  kind: NotificationKind;
  title: string;
  body: string;
  data: Record<string, unknown>;
}

/**
 * An event type that causes notifications. `drafts` is pure: the event (and what `lookup`
 * found for it) in, drafts out, none when nothing is worth telling. `lookup` reads, for a whole
 * batch of the source's events at once, what the log does not carry (the read models as of
 * processing), keyed by the event's global position. Adding a source is adding an entry to
 * NOTIFICATION_SOURCES: the reactor's loop does not change.
 */
export interface NotificationSource<Lookup = unknown> {
  eventType: string;
  /** Top-level keys of the event's data the drafts never read (not fetched: a program's bundle). */
  omitDataKeys?: readonly string[];
  lookup?(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<Map<number, Lookup>>;
  drafts(event: RecordedEvent, lookup: Lookup | undefined): NotificationDraft[];
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export const programReady: NotificationSource = {
  eventType: 'ProgramGenerated',
  omitDataKeys: ['bundle'],
  drafts(event) {
    const data = event.data as Omit<ProgramGeneratedData, 'bundle'>;
    return [{
      kind: 'program_ready',
      title: `Your ${data.weeks}-week program is ready`,
      body: `It starts on ${data.startDate} and runs to ${data.endDate}, at ${Math.round(data.targets.targetKcal)} kcal a day.`,
      data: { programId: data.programId, startDate: data.startDate },
    }];
  },
};

/** What a proposal changes, in a few words. */
function proposalSummary(data: DayOverrideProposedData): string {
  const training = data.trainingOverride?.kind;
  const what = training === 'rest' ? 'a rest day' : training === 'recovery' ? 'a recovery session' : training ? 'a lighter session' : null;
  if (data.overrideType === 'nutrition' || !what) return 'new nutrition targets';
  return data.overrideType === 'both' ? `${what} and new nutrition targets` : what;
}

export const dayOverrideProposed: NotificationSource = {
  eventType: 'DayOverrideProposed',
  drafts(event) {
    const data = event.data as DayOverrideProposedData;
    const body = data.reasons?.[0]?.message ?? 'Your day was analysed.';
    const follow = { overrideId: data.overrideId, date: data.date, programId: data.programId };
    if (data.status === 'pending') {
      return [{ kind: 'adjustment_proposed', title: `Proposed for ${data.date}: ${proposalSummary(data)}`, body, data: follow }];
    }
    if (data.status === 'auto_applied') {
      return [{ kind: 'adjustment_auto_applied', title: `${data.date} was adjusted: ${proposalSummary(data)}`, body, data: follow }];
    }
    return [];
  },
};

interface MissedSessions {
  sessionIds: string[];
  names: string[];
}

export const sessionMissed: NotificationSource<MissedSessions> = {
  eventType: 'AdherenceDayClosed',
  // The planned sessions of the closed day recorded as skipped: closing the day wrote them in
  // the same transaction as the event, so they are there; a log since then may have taken one.
  async lookup(events, tx) {
    const days = events.map((event) => event.data as AdherenceDayClosedData);
    const { rows } = await tx.query<{ user_id: string; date: string; ids: string[]; names: string[] }>(
      `SELECT r.user_id, r.date, array_agg(r.id::text ORDER BY r.id) AS ids, array_agg(coalesce(s.name, 'a session') ORDER BY r.id) AS names
       FROM adherence_records r
       LEFT JOIN session_instances s ON s.id = r.session_instance_id
       WHERE r.kind = 'session' AND r.status = 'skipped'
         AND (r.user_id, r.date) IN (SELECT * FROM unnest($1::uuid[], $2::date[]))
       GROUP BY r.user_id, r.date`,
      [days.map((d) => d.userId), days.map((d) => d.date)],
    );
    const byDay = new Map(rows.map((row) => [`${row.user_id}/${row.date}`, { sessionIds: row.ids, names: row.names }]));
    const found = new Map<number, MissedSessions>();
    events.forEach((event, i) => {
      const missed = byDay.get(`${days[i].userId}/${days[i].date}`);
      if (missed) found.set(event.globalPosition, missed);
    });
    return found;
  },
  drafts(event, missed) {
    if (!missed || missed.sessionIds.length === 0) return [];
    const data = event.data as AdherenceDayClosedData;
    return [{
      kind: 'session_missed',
      title: `Missed ${plural(missed.sessionIds.length, 'session')} on ${data.date}`,
      body: `Nothing was logged for ${missed.names.join(', ')}. Log it if you trained; otherwise the plan carries on.`,
      data: { date: data.date, sessionIds: missed.sessionIds },
    }];
  },
};

/** A bi-weekly reassessment changed (or kept) the plan: its summary and the reasons behind it. */
export const reassessmentApplied: NotificationSource = {
  eventType: 'ReassessmentApplied',
  omitDataKeys: ['diff', 'reassessment'],
  drafts(event) {
    const data = event.data as Omit<ReassessmentAppliedData, 'diff' | 'reassessment'>;
    const reasons = data.explanation?.reasons ?? [];
    return [{
      kind: 'reassessment',
      title: 'Your plan was reassessed',
      body: [data.explanation?.summary, ...reasons.map((r) => r.message)].filter(Boolean).join(' '),
      data: {
        programId: data.programId, reassessmentId: data.reassessmentId, effectiveFrom: data.effectiveFrom,
        nextReassessmentDate: data.nextReassessmentDate, reasons: reasons.map((r) => r.code),
      },
    }];
  },
};

/** Every source, by event type. */
export const NOTIFICATION_SOURCES: readonly NotificationSource[] = [
  programReady, dayOverrideProposed, sessionMissed as NotificationSource, reassessmentApplied,
];

/**
 * The notifications one source event makes: the drafts of its source, each with an id derived
 * from the event's position and the kind (the same attempt twice gives the same ids), the
 * event's owner, and the time they are made.
 */
export function notificationsFor(
  event: RecordedEvent,
  lookup: unknown,
  createdAt: string,
  sources: readonly NotificationSource[] = NOTIFICATION_SOURCES,
): NotificationData[] {
  const source = sources.find((s) => s.eventType === event.type);
  if (!source) return [];
  return source.drafts(event, lookup).map((draft) => ({
    notificationId: notificationIdFor(event.globalPosition, draft.kind),
    userId: event.userId,
    kind: draft.kind,
    title: draft.title,
    body: draft.body,
    data: draft.data,
    sourcePosition: event.globalPosition,
    createdAt,
  }));
}
