/** Scores over time from a result's snapshots: a line per practice (SVG) and the same in a table. */
import { practiceIds, practices } from '../lib/practices.ts';
import type { Snapshot } from '../lib/assessment/model.ts';

interface Props {
  /** One per day, oldest first. */
  snapshots: readonly Snapshot[];
  idPrefix: string;
  /** Whose scores these are: "The team's scores over time", "Your own scores over time". */
  title: string;
}

const day = (iso: string) => iso.slice(0, 10);

export default function ScoreTrend({ snapshots, idPrefix, title }: Props) {
  if (snapshots.length < 2) return null;
  const width = 560;
  const height = 220;
  const left = 40;
  const right = 20;
  const top = 12;
  const bottom = 40;
  const x = (i: number) => left + ((width - left - right) * i) / (snapshots.length - 1);
  const y = (score: number) => top + ((height - top - bottom) * (100 - score)) / 100;
  // Dates are about 75 units wide: one at most every 120 units, so with many saved results they
  // never run into each other. The first and last are always shown.
  const lastAt = snapshots.length - 1;
  const every = Math.ceil(lastAt / Math.floor((width - left - right) / 120));
  const dated = (i: number) => i === lastAt || (i % every === 0 && lastAt - i >= every);
  const first = snapshots[0]!;
  const last = snapshots[snapshots.length - 1]!;
  const summary = practiceIds
    .map((p) => `${practices[p].name} from ${first.scores[p] ?? 'no score'} to ${last.scores[p] ?? 'no score'}`)
    .join('; ');
  return (
    <div class="trend">
      <svg class="trend__chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${idPrefix}-trend-title ${idPrefix}-trend-desc`}>
        <title id={`${idPrefix}-trend-title`}>{title}</title>
        <desc id={`${idPrefix}-trend-desc`}>
          {snapshots.length} saved results from {day(first.date)} to {day(last.date)}: {summary}.
        </desc>
        {[0, 50, 100].map((tick) => (
          <g key={tick} class="scores__tick">
            <line x1={left} x2={width - right} y1={y(tick)} y2={y(tick)} />
            <text x={left - 6} y={y(tick) + 4} text-anchor="end">
              {tick}
            </text>
          </g>
        ))}
        {practiceIds.map((p, series) => {
          const points = snapshots.flatMap((s, i) => (s.scores[p] === null ? [] : [`${x(i).toFixed(1)},${y(s.scores[p]!).toFixed(1)}`]));
          return <polyline key={p} class={`trend__line trend__line--${series}`} points={points.join(' ')} fill="none" />;
        })}
        {snapshots.map(
          (s, i) =>
            // The first and last dates are anchored inside the chart, so neither is cut at its edge.
            dated(i) && (
              <text key={s.date} class="scores__tick" x={x(i)} y={height - 12} text-anchor={i === 0 ? 'start' : i === lastAt ? 'end' : 'middle'}>
                {day(s.date)}
              </text>
            ),
        )}
      </svg>
      <ul class="trend__legend">
        {practiceIds.map((p, series) => (
          <li key={p} class={`trend__key trend__key--${series}`}>
            {practices[p].name}
          </li>
        ))}
      </ul>
      <section class="table-scroll" aria-label={title} tabIndex={0}>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Saved on</th>
              {practiceIds.map((p) => (
                <th scope="col" key={p}>
                  {practices[p].name}
                </th>
              ))}
              <th scope="col">Level</th>
            </tr>
          </thead>
          <tbody>
            {snapshots.map((s) => (
              <tr key={s.date}>
                <th scope="row" class="num">
                  {day(s.date)}
                </th>
                {practiceIds.map((p) => (
                  <td key={p} class="num">
                    {s.scores[p] ?? '—'}
                  </td>
                ))}
                <td class="num">{s.headlineLevel ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
