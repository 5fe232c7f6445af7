/**
 * Scores by practice: an inline SVG bar chart (with title and description) and the same figures in
 * a table. Shared by the self-assessment results and the team view; colours come from theme
 * classes, because the site's CSP allows no inline styles.
 */
import { practiceIds, practices } from '../lib/practices.ts';
import type { AssessmentResult } from '../lib/assessment/score.ts';
import { nextLevelInWords } from '../lib/assessment/level-words.ts';

export const formatScore = (v: number | null) => (v === null ? '—' : v.toFixed(0));
const formatShare = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);

interface Props {
  result: AssessmentResult;
  caption: string;
  idPrefix: string;
}

export default function ScoresByPractice({ result, caption, idPrefix }: Props) {
  const rowHeight = 44;
  const left = 190;
  const width = 560;
  const barWidth = width - left - 60;
  const height = practiceIds.length * rowHeight + 28;
  const summary = practiceIds
    .map((p) => {
      const r = result.practices[p];
      // The whisker in words: "±" alone says nothing to a screen reader or a new reader.
      const spread = r.score !== null && r.uncertainty ? `, give or take ${r.uncertainty.toFixed(1)}` : '';
      return `${practices[p].name}: ${formatScore(r.score)} out of 100${spread}, level ${r.level}`;
    })
    .join('; ');
  return (
    <div class="scores">
      <svg class="scores__chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${idPrefix}-chart-title ${idPrefix}-chart-desc`}>
        <title id={`${idPrefix}-chart-title`}>{caption}</title>
        <desc id={`${idPrefix}-chart-desc`}>{summary}.</desc>
        {[0, 25, 50, 75, 100].map((tick) => (
          <g key={tick} class="scores__tick">
            <line x1={left + (barWidth * tick) / 100} x2={left + (barWidth * tick) / 100} y1={4} y2={height - 22} />
            <text x={left + (barWidth * tick) / 100} y={height - 6} text-anchor="middle">
              {tick}
            </text>
          </g>
        ))}
        {practiceIds.map((p, i) => {
          const r = result.practices[p];
          const y = 8 + i * rowHeight;
          const score = r.score ?? 0;
          const spread = r.uncertainty ?? 0;
          // The whisker's right end: the score's figure goes past it, so the line never strikes it through.
          const high = r.score === null ? score : Math.min(100, score + spread);
          return (
            <g key={p}>
              <text class="scores__label" x={left - 10} y={y + 20} text-anchor="end">
                {practices[p].name}
              </text>
              <rect class={`scores__bar${r.preliminary ? ' scores__bar--preliminary' : ''}`} x={left} y={y + 6} width={(barWidth * score) / 100} height={20} rx={3} />
              {r.score !== null && spread > 0 && (
                <line
                  class="scores__error"
                  x1={left + (barWidth * Math.max(0, score - spread)) / 100}
                  x2={left + (barWidth * high) / 100}
                  y1={y + 16}
                  y2={y + 16}
                />
              )}
              <text class="scores__value" x={left + (barWidth * high) / 100 + 8} y={y + 21}>
                {formatScore(r.score)}
              </text>
            </g>
          );
        })}
      </svg>
      {/* Seven columns do not fit a phone: the table scrolls in its own labelled region (global.css). */}
      <section class="table-scroll" aria-label={caption} tabIndex={0}>
        <table class="scores__table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Practice</th>
              <th scope="col">Score</th>
              {/* "±" alone says nothing to most people; the words say what it means. */}
              <th scope="col">Give or take (±)</th>
              <th scope="col">Effective score</th>
              <th scope="col">Coverage</th>
              <th scope="col">Level</th>
              <th scope="col">Progress to next level</th>
            </tr>
          </thead>
          <tbody>
            {practiceIds.map((p) => {
              const r = result.practices[p];
              return (
                <tr key={p}>
                  <th scope="row">{practices[p].name}</th>
                  <td class="num">
                    {formatScore(r.score)}
                    {r.preliminary && <span class="tag"> preliminary</span>}
                  </td>
                  <td class="num">{r.uncertainty === null ? '—' : `± ${r.uncertainty.toFixed(1)}`}</td>
                  <td class="num">{formatScore(r.effectiveScore)}</td>
                  <td class="num">{formatShare(r.coverage)}</td>
                  <td class="num">{r.level}</td>
                  <td class="num">{r.level === 3 ? 'Top level' : formatShare(r.progress)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}

/** Each practice's level and how far it is to the next, in words; beside the chart wherever it is shown. */
export function LevelProgress({ result }: { result: AssessmentResult }) {
  return (
    <ul class="results__levels">
      {practiceIds.map((p) => {
        const r = result.practices[p];
        return (
          <li key={p}>
            <strong>{practices[p].name}</strong>: level {r.level}
            {nextLevelInWords(r)}
            .
          </li>
        );
      })}
    </ul>
  );
}
