/**
 * The simulation's chart (issue #9 item 4): a hand-written SVG of a few people's trajectories,
 * the target weight path against the trend weight (as % of the starting weight) above, and the
 * daily calorie target the reassessments set below. No dependency: a few paths and labels.
 */
import { PersonResult } from './runner';
import { trendSeries } from './trend';

const WIDTH = 960;
const PANEL = { left: 70, right: 250, top: 64, height: 240, gap: 70 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (x: number) => (Math.round(x * 10) / 10).toString();

/** Up to `count` people who finished, spread over the goals (fat loss first). */
export function pickTrajectories(results: readonly PersonResult[], count = 6): PersonResult[] {
  const done = results.filter((r) => !r.error && r.days.length > 0);
  const order = ['FAT_LOSS', 'MUSCLE_GAIN', 'MAINTENANCE'];
  const byGoal = order.map((goal) => done.filter((r) => r.person.answers.goal === goal));
  const picked: PersonResult[] = [];
  for (let round = 0; picked.length < count && byGoal.some((g) => g.length > round); round++) {
    for (const group of byGoal) if (group[round] && picked.length < count) picked.push(group[round]!);
  }
  return picked;
}

function label(r: PersonResult): string {
  const p = r.person;
  const goal = p.answers.goal === 'FAT_LOSS' ? `lose ${p.answers.targetRatePctPerWeek} %/wk`
    : p.answers.goal === 'MUSCLE_GAIN' ? `gain ${p.answers.targetRatePctPerWeek} %/wk` : 'maintain';
  return `#${p.index} ${p.answers.sex === 'MALE' ? 'M' : 'F'} ${p.answers.weightKg} kg, ${goal}`;
}

interface Scale { min: number; max: number }
function niceRange(values: number[], pad: number): Scale {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { min: Math.floor((min - pad) / pad) * pad, max: Math.ceil((max + pad) / pad) * pad };
}

function axes(top: number, x: (day: number) => number, y: (v: number) => number, yr: Scale, days: number, step: number, unit: string, title: string): string[] {
  const out: string[] = [];
  const plotW = WIDTH - PANEL.left - PANEL.right;
  out.push(`<text x="${PANEL.left}" y="${top - 12}" font-size="14" font-weight="bold">${esc(title)}</text>`);
  out.push(`<rect x="${PANEL.left}" y="${top}" width="${plotW}" height="${PANEL.height}" fill="none" stroke="#999"/>`);
  for (let v = yr.min; v <= yr.max + 1e-9; v += step) {
    out.push(`<line x1="${PANEL.left}" x2="${PANEL.left + plotW}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" stroke="#eee"/>`);
    out.push(`<text x="${PANEL.left - 6}" y="${fmt(y(v) + 4)}" font-size="11" text-anchor="end">${fmt(v)}${unit}</text>`);
  }
  for (let week = 0; week * 7 <= days; week += 2) {
    const xx = x(week * 7);
    out.push(`<line x1="${fmt(xx)}" x2="${fmt(xx)}" y1="${top}" y2="${top + PANEL.height}" stroke="#eee"/>`);
    out.push(`<text x="${fmt(xx)}" y="${top + PANEL.height + 16}" font-size="11" text-anchor="middle">wk ${week}</text>`);
  }
  return out;
}

const path = (points: Array<[number, number] | null>): string => {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!p) { pen = false; continue; }
    d += `${pen ? 'L' : 'M'}${fmt(p[0])},${fmt(p[1])}`;
    pen = true;
  }
  return d;
};

/** The SVG document for the picked people. */
export function renderChart(results: readonly PersonResult[], meta: { people: number; weeks: number; seed: number }): string {
  const picked = pickTrajectories(results);
  const days = meta.weeks * 7;
  const plotW = WIDTH - PANEL.left - PANEL.right;
  const x = (day: number) => PANEL.left + (day / days) * plotW;
  const topA = PANEL.top;
  const topB = PANEL.top + PANEL.height + PANEL.gap;
  const height = topB + PANEL.height + 60;

  const series = picked.map((r) => {
    const start = r.person.answers.weightKg;
    const trend = trendSeries(r.days.map((d) => d.weighInKg)).map((t) => (t === null ? null : (100 * t) / start));
    const target = r.days.map((d) => 100 * (1 + (r.person.targetRatePctPerWeek / 100) * (d.day / 7)));
    return { r, trend, target, kcal: r.days.map((d) => d.targetKcal) };
  });
  const yA = niceRange(series.flatMap((s) => [...s.target, ...s.trend.filter((t): t is number => t !== null)]), 1);
  const yB = niceRange(series.flatMap((s) => s.kcal), 100);
  const yOfA = (v: number) => topA + PANEL.height - ((v - yA.min) / (yA.max - yA.min)) * PANEL.height;
  const yOfB = (v: number) => topB + PANEL.height - ((v - yB.min) / (yB.max - yB.min)) * PANEL.height;
  const kcalStep = yB.max - yB.min > 1200 ? 200 : 100;

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${PANEL.left}" y="22" font-size="16" font-weight="bold">Simulation: ${meta.people} synthetic people, ${meta.weeks} weeks, seed ${meta.seed} (${picked.length} shown)</text>`,
    ...axes(topA, x, yOfA, yA, days, yA.max - yA.min > 12 ? 2 : 1, ' %', 'Trend weight (solid) vs target path (dashed), % of starting weight'),
    ...axes(topB, x, yOfB, yB, days, kcalStep, '', 'Daily calorie target (kcal), changed by the reassessments every 14 days'),
  ];
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    out.push(`<path d="${path(s.target.map((v, d) => [x(d), yOfA(v)]))}" fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
    out.push(`<path d="${path(s.trend.map((v, d) => (v === null ? null : [x(d), yOfA(v)])))}" fill="none" stroke="${color}" stroke-width="2"/>`);
    // The target as a step line: it changes on the day a reassessment's targets apply.
    const steps: Array<[number, number]> = [];
    s.kcal.forEach((v, d) => {
      if (d > 0 && v !== s.kcal[d - 1]) steps.push([x(d), yOfB(s.kcal[d - 1]!)]);
      steps.push([x(d), yOfB(v)]);
    });
    steps.push([x(s.kcal.length), yOfB(s.kcal[s.kcal.length - 1]!)]);
    out.push(`<path d="${path(steps)}" fill="none" stroke="${color}" stroke-width="2"/>`);
    const ly = topA + 10 + i * 22;
    out.push(`<line x1="${WIDTH - PANEL.right + 16}" x2="${WIDTH - PANEL.right + 40}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="3"/>`);
    out.push(`<text x="${WIDTH - PANEL.right + 46}" y="${ly + 4}" font-size="12">${esc(label(s.r))}</text>`);
  });
  out.push(`<text x="${PANEL.left}" y="${height - 20}" font-size="11" fill="#555">Trend weight: exponentially smoothed logged weigh-ins (alpha 0.1/day, gap-aware). Written by npm run simulate.</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
