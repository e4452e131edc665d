import { rateColour, weeklySummary } from './adherence.summary';

describe('weekly adherence summary', () => {
  it('rates assessed items and leaves pending ones out', () => {
    const [week, next] = weeklySummary([
      { date: '2026-12-01', kind: 'session', status: 'completed' },
      { date: '2026-12-03', kind: 'session', status: 'partial' },
      { date: '2026-12-05', kind: 'session', status: 'skipped' },
      { date: '2026-12-07', kind: 'session', status: null },
      { date: '2026-12-01', kind: 'meal', status: 'completed' },
      { date: '2026-12-08', kind: 'meal', status: 'similar' },
    ], '2026-12-01', '2026-12-14');
    expect(week.weekStart).toBe('2026-12-01');
    expect(week.training).toMatchObject({ planned: 4, completed: 1, partial: 1, skipped: 1, pending: 1, rate: 0.5, colour: 'yellow' });
    expect(week.nutrition).toMatchObject({ planned: 1, rate: 1, colour: 'green' });
    expect(next.nutrition).toMatchObject({ planned: 1, similar: 1, rate: 0.75, colour: 'yellow' });
    expect(next.training).toMatchObject({ planned: 0, rate: null, colour: 'grey' });
  });

  it('colours rates like single items', () => {
    expect([0.85, 0.6, 0.2, 0, null].map(rateColour)).toEqual(['green', 'yellow', 'orange', 'red', 'grey']);
  });
});
