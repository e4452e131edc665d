import { appErrorOf, scenario } from '../core/testing/givenWhenThen';
import { AdjustmentPolicy, AdjustmentProposal, DayOverrideEvent, DayOverrideProposedData } from './contracts';
import { DayOverrideCommand, REJECT_REASON_MAX, dayOverrideDecider } from './dayOverride.decide';
import { adjustmentPolicyDecider } from './adjustmentPolicy';

const userId = 'u1';
const date = '2026-03-04';
const now = '2026-03-04T07:00:00.000Z';
const ASK: AdjustmentPolicy = { mode: 'ASK', autoApplyThreshold: 0.8 };
const AUTO: AdjustmentPolicy = { mode: 'AUTO', autoApplyThreshold: 0.8 };

const proposal = (inputsHash = 'h1', confidence = 0.85, rulesVersion = 1): AdjustmentProposal => ({
  overrideType: 'training', nutritionOverride: null, confidence, rulesVersion, inputsHash,
  reasons: [{ code: 'low_readiness', message: 'You slept little and feel sore: a lighter session today.' }],
  trainingOverride: { kind: 'lighter', sessionId: 's1', estimatedMinutes: 40, exercises: [] },
});

const run = (today = date, user = userId) => scenario(dayOverrideDecider, { now, userId: user, lookups: { today } });

const proposeCmd = (overrideId: string, p: AdjustmentProposal | null = proposal(), policy = ASK): DayOverrideCommand => ({
  type: 'ProposeDayOverride', overrideId, date, programId: 'p1', proposal: p, policy, trigger: 'on_demand',
});

const proposedEvent = (overrideId: string, status: 'pending' | 'auto_applied' = 'pending', inputsHash = 'h1'): DayOverrideEvent => ({
  type: 'DayOverrideProposed',
  data: { ...proposal(inputsHash), overrideId, userId, programId: 'p1', date, status, trigger: 'on_demand', at: now },
});
const ev = (type: 'DayOverrideApproved' | 'DayOverrideUndone', overrideId: string): DayOverrideEvent => ({ type, data: { overrideId, userId, date, at: now } });
const rejected = (overrideId: string): DayOverrideEvent => ({ type: 'DayOverrideRejected', data: { overrideId, userId, date, reason: null, at: now } });

describe('day override decide: proposals and the policy', () => {
  it('asks under ASK, applies at once under AUTO at or above the threshold, asks below it, proposes nothing under OFF', () => {
    const [ask] = run().given().when(proposeCmd('o1'));
    expect(ask.type).toBe('DayOverrideProposed');
    expect((ask.data as DayOverrideProposedData).status).toBe('pending');
    expect((run().given().when(proposeCmd('o1', proposal('h1', 0.8), AUTO))[0].data as DayOverrideProposedData).status).toBe('auto_applied');
    expect((run().given().when(proposeCmd('o1', proposal('h1', 0.79), AUTO))[0].data as DayOverrideProposedData).status).toBe('pending');
    expect(run().given().when(proposeCmd('o1', proposal(), { mode: 'OFF', autoApplyThreshold: 0.8 }))).toEqual([]);
  });

  it('makes no new proposal when it equals the pending one, and none with inputs the person rejected or undid', () => {
    expect(run().given(proposedEvent('o1')).when(proposeCmd('o2'))).toEqual([]);
    expect(run().given(proposedEvent('o1'), rejected('o1')).when(proposeCmd('o2'))).toEqual([]);
    expect(run().given(proposedEvent('o1', 'auto_applied'), ev('DayOverrideUndone', 'o1')).when(proposeCmd('o2'))).toEqual([]);
    // Other inputs after a rejection: a new proposal.
    const [next] = run().given(proposedEvent('o1'), rejected('o1')).when(proposeCmd('o2', proposal('h2')));
    expect(next).toMatchObject({ type: 'DayOverrideProposed', data: { overrideId: 'o2', inputsHash: 'h2' } });
  });

  it('supersedes a pending proposal when the inputs change, and withdraws it when no change is warranted any more', () => {
    expect(run().given(proposedEvent('o1')).when(proposeCmd('o2', proposal('h2'))).map((e) => [e.type, e.data.overrideId]))
      .toEqual([['DayOverrideSuperseded', 'o1'], ['DayOverrideProposed', 'o2']]);
    expect(run().given(proposedEvent('o1')).when(proposeCmd('o2', null))).toEqual([
      { type: 'DayOverrideWithdrawn', data: { overrideId: 'o1', userId, date, at: now } },
    ]);
    // A newer rules version with the same inputs is a new proposal too.
    expect(run().given(proposedEvent('o1')).when(proposeCmd('o2', proposal('h1', 0.85, 2)))).toHaveLength(2);
  });

  it('never replaces an approved or auto-applied override the person has not undone', () => {
    expect(run().given(proposedEvent('o1'), ev('DayOverrideApproved', 'o1')).when(proposeCmd('o2', proposal('h2')))).toEqual([]);
    expect(run().given(proposedEvent('o1', 'auto_applied')).when(proposeCmd('o2', null))).toEqual([]);
  });

  it('refuses any proposal for a day that is over, with the current status', () => {
    const error = appErrorOf(() => run('2026-03-05').given(proposedEvent('o1')).when(proposeCmd('o2', proposal('h2'))));
    expect(error.code).toBe('CONFLICT');
    expect(error.details).toMatchObject({ status: 'PENDING', overrideId: 'o1' });
  });
});

describe('day override decide: the approval workflow', () => {
  it('approves, rejects (with a reason) and undoes', () => {
    expect(run().given(proposedEvent('o1')).when({ type: 'ApproveDayOverride', overrideId: 'o1' })).toEqual([ev('DayOverrideApproved', 'o1')]);
    expect(run().given(proposedEvent('o1')).when({ type: 'RejectDayOverride', overrideId: 'o1', reason: 'I feel fine' }))
      .toEqual([{ type: 'DayOverrideRejected', data: { overrideId: 'o1', userId, date, reason: 'I feel fine', at: now } }]);
    expect(run().given(proposedEvent('o1', 'auto_applied')).when({ type: 'UndoDayOverride', overrideId: 'o1' })).toEqual([ev('DayOverrideUndone', 'o1')]);
    expect(run().given(proposedEvent('o1'), ev('DayOverrideApproved', 'o1')).when({ type: 'UndoDayOverride', overrideId: 'o1' }))
      .toEqual([ev('DayOverrideUndone', 'o1')]);
  });

  const illegal: Array<[string, DayOverrideEvent[], DayOverrideCommand, string]> = [
    ['approve a rejected one', [proposedEvent('o1'), rejected('o1')], { type: 'ApproveDayOverride', overrideId: 'o1' }, 'REJECTED'],
    ['approve an approved one', [proposedEvent('o1'), ev('DayOverrideApproved', 'o1')], { type: 'ApproveDayOverride', overrideId: 'o1' }, 'APPROVED'],
    ['approve an auto-applied one', [proposedEvent('o1', 'auto_applied')], { type: 'ApproveDayOverride', overrideId: 'o1' }, 'AUTO_APPLIED'],
    ['reject an undone one', [proposedEvent('o1', 'auto_applied'), ev('DayOverrideUndone', 'o1')], { type: 'RejectDayOverride', overrideId: 'o1', reason: null }, 'UNDONE'],
    ['reject an approved one', [proposedEvent('o1'), ev('DayOverrideApproved', 'o1')], { type: 'RejectDayOverride', overrideId: 'o1', reason: null }, 'APPROVED'],
    ['undo a pending one', [proposedEvent('o1')], { type: 'UndoDayOverride', overrideId: 'o1' }, 'PENDING'],
    ['undo a rejected one', [proposedEvent('o1'), rejected('o1')], { type: 'UndoDayOverride', overrideId: 'o1' }, 'REJECTED'],
    ['undo twice', [proposedEvent('o1', 'auto_applied'), ev('DayOverrideUndone', 'o1')], { type: 'UndoDayOverride', overrideId: 'o1' }, 'UNDONE'],
    ['approve a superseded one', [proposedEvent('o1'), { type: 'DayOverrideSuperseded', data: { overrideId: 'o1', userId, date, by: 'o2', at: now } }, proposedEvent('o2', 'pending', 'h2')],
      { type: 'ApproveDayOverride', overrideId: 'o1' }, 'SUPERSEDED'],
  ];
  it.each(illegal)('answers CONFLICT with the current status: %s', (_name, history, command, status) => {
    const error = appErrorOf(() => run().given(...history).when(command));
    expect(error.code).toBe('CONFLICT');
    expect(error.details).toMatchObject({ status, overrideId: 'o1' });
    expect(error.message).toContain(status.toLowerCase());
  });

  it('answers CONFLICT for anything on a day that is over, even a legal transition', () => {
    const error = appErrorOf(() => run('2026-03-05').given(proposedEvent('o1')).when({ type: 'ApproveDayOverride', overrideId: 'o1' }));
    expect(error.code).toBe('CONFLICT');
    expect(error.details).toMatchObject({ status: 'PENDING' });
    expect(error.message).toMatch(/over/);
  });

  it("answers NOT_FOUND for an unknown override and for someone else's", () => {
    expect(appErrorOf(() => run().given(proposedEvent('o1')).when({ type: 'ApproveDayOverride', overrideId: 'nope' }))).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(appErrorOf(() => run(date, 'u2').given(proposedEvent('o1')).when({ type: 'ApproveDayOverride', overrideId: 'o1' }))).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('refuses a reason too long or unstorable, naming the field', () => {
    for (const reason of ['x'.repeat(REJECT_REASON_MAX + 1), 'a\u0000b']) {
      expect(appErrorOf(() => run().given(proposedEvent('o1')).when({ type: 'RejectDayOverride', overrideId: 'o1', reason })))
        .toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    }
  });
});

describe('adjustment policy decide', () => {
  const policy = scenario(adjustmentPolicyDecider, { now, userId, lookups: undefined });
  it('sets a policy, ignores the same one again, and refuses a threshold outside 0-1', () => {
    const [set] = policy.given().when({ type: 'SetAdjustmentPolicy', mode: 'AUTO', autoApplyThreshold: 0.7 });
    expect(set).toEqual({ type: 'AdjustmentPolicySet', data: { mode: 'AUTO', autoApplyThreshold: 0.7, userId, at: now } });
    expect(policy.given(set).when({ type: 'SetAdjustmentPolicy', mode: 'AUTO', autoApplyThreshold: 0.7 })).toEqual([]);
    for (const bad of [-0.01, 1.01, Number.NaN]) {
      expect(appErrorOf(() => policy.given().when({ type: 'SetAdjustmentPolicy', mode: 'ASK', autoApplyThreshold: bad })))
        .toMatchObject({ code: 'BAD_USER_INPUT', field: 'autoApplyThreshold' });
    }
  });
});
