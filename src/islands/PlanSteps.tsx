/**
 * The next steps as the individual and team results show them: one section per bucket (This
 * sprint, This quarter, Later), each step with its topic, practice, what good looks like, effort
 * and guide. Each caller adds what only it shows after a step or a bucket.
 */
import type { ComponentChildren } from 'preact';
import { practices } from '../lib/practices.ts';
import { bucketNames, buckets, questionEffortWords, type Bucket, type NextStep } from '../lib/assessment/next-steps.ts';

interface Props {
  steps: readonly NextStep[];
  /** Prefix of the bucket headings' ids, so two plans on one page do not clash. */
  idPrefix: string;
  guideTitles: Record<string, string>;
  /** Show each step's priority figure (the individual results do, to explain the order). */
  showPriority?: boolean;
  /** Shown under a step's effort line. */
  afterStep?: (step: NextStep) => ComponentChildren;
  /** Shown under a bucket's list. */
  afterBucket?: (bucket: Bucket, steps: NextStep[]) => ComponentChildren;
}

export default function PlanSteps({ steps, idPrefix, guideTitles, showPriority = false, afterStep, afterBucket }: Props) {
  return (
    <>
      {buckets.map((bucket) => {
        const inBucket = steps.filter((s) => s.bucket === bucket);
        if (inBucket.length === 0) return null;
        return (
          <section key={bucket} aria-labelledby={`${idPrefix}-${bucket}`} class="plan-bucket">
            <h4 id={`${idPrefix}-${bucket}`}>{bucketNames[bucket]}</h4>
            <ol class="plan">
              {inBucket.map((s) => {
                const q = s.result.question;
                return (
                  <li key={q.id} class="plan__step">
                    <p class="plan__title">
                      <strong>{q.topic}</strong> <span class="tag">{practices[q.practice].name}</span>
                      {s.talkFirst && <span class="tag tag--warn">Talk about it first</span>}
                      {s.findOut && <span class="tag tag--warn">Find out first</span>}
                    </p>
                    <p>{q.goodLooksLike}</p>
                    <p class="plan__meta">
                      Effort: {questionEffortWords[q.effort]}
                      {showPriority && (
                        // A bare figure says nothing: say which way it runs, and link to how it is worked out.
                        <>
                          {' · '}
                          <a href="/assessment/how-scoring-works/#plan">Priority</a> {s.priority.toFixed(2)} (the higher, the sooner)
                        </>
                      )}
                      {guideTitles[q.guide] && (
                        <>
                          {' · '}Guide: <a href={`/guides/${q.guide}/`}>{guideTitles[q.guide]}</a>
                        </>
                      )}
                    </p>
                    {afterStep?.(s)}
                  </li>
                );
              })}
            </ol>
            {afterBucket?.(bucket, inBucket)}
          </section>
        );
      })}
    </>
  );
}
