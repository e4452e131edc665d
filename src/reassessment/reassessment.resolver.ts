import { Arg, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import { GraphQLUUID } from 'graphql-scalars';
import { GraphQLContext, requireUser } from '../server/context';
import type { ReassessmentRecord } from './reassessment';
import { ReassessmentOutcome, runReassessment } from './reassessment.service';
import { ReassessmentResult } from './reassessment.types';

export function toReassessmentResult(outcome: ReassessmentOutcome): ReassessmentResult {
  const data = outcome.data;
  const record = data?.reassessment as unknown as ReassessmentRecord | undefined;
  const n = record?.nutrition;
  const t = record?.training;
  const ev = record?.evidence;
  return {
    programId: outcome.programId,
    version: outcome.version,
    applied: outcome.applied,
    reassessmentId: data?.reassessmentId ?? null,
    windowFrom: data?.window.from ?? null,
    windowTo: data?.window.to ?? null,
    effectiveFrom: data?.effectiveFrom ?? null,
    nextReassessmentDate: data?.nextReassessmentDate ?? null,
    summary: data?.explanation.summary ?? null,
    reasons: data?.explanation.reasons ?? [],
    nutrition: n && ev ? {
      decision: n.decision, previousTargetKcal: n.previousTargetKcal, targetKcal: n.targetKcal, changeKcal: n.changeKcal,
      targetRatePctPerWeek: record.targetRatePctPerWeek, attainableRatePctPerWeek: n.attainableRatePctPerWeek ?? null, observedRatePctPerWeek: ev.weight.ratePctPerWeek, trendWeightKg: ev.weight.trendEndKg,
      intakeDaysLogged: ev.intake.daysLogged, observedTdeeKcal: n.observedTdeeKcal, tdeeEstimateKcal: n.state.tdeeEstimateKcal,
      clamped: n.clamped, floorApplied: n.floorApplied,
    } : null,
    training: t && ev ? {
      decision: t.decision, fatigueSignals: t.fatigueSignals, completion: ev.training.completion, rpeDrift: ev.training.rpeDrift,
      e1rmTrendPct: ev.training.e1rmTrendPct, sessionsChanged: data?.diff.sessions.length ?? 0, loadsChanged: t.loadChanges.length,
    } : null,
  };
}

@Resolver()
export class ReassessmentResolver {
  @Mutation(() => ReassessmentResult, {
    description: 'Reassesses your program now over the last 14 days (adherence, intake, trend weight, training): new targets, '
      + 'rescaled meals and changed sessions from tomorrow, the next reassessment in 14 days. Not your program: NOT_FOUND; '
      + 'not active, not started or ended: BAD_USER_INPUT on programId; stale expectedVersion or already reassessed today: CONFLICT',
  })
  async runReassessment(
    @Arg('programId', () => GraphQLUUID, { description: 'The program' }) programId: string,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'Answer CONFLICT if the program has moved past this version' }) expectedVersion: number | null,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'A retry with the same key returns the first result and appends nothing' }) idempotencyKey: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ReassessmentResult> {
    const user = requireUser(context);
    const outcome = await runReassessment(context.services, user.id, programId, { expectedVersion, idempotencyKey, trigger: 'on_demand' });
    if (!outcome.applied && idempotencyKey) {
      // A replay: answer with the first request's event.
      const events = await context.services.store.readStream(`program-${programId}`, { userId: user.id, toVersion: outcome.version });
      const first = events.reverse().find((e) => e.type === 'ReassessmentApplied');
      if (first) return toReassessmentResult({ ...outcome, data: first.data as never });
    }
    return toReassessmentResult(outcome);
  }
}
