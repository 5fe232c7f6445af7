/**
 * "Did this already happen?": the rule as SQL for the logs AWS already keeps (Athena over the
 * CloudTrail files in S3, or CloudTrail Lake), with the count per day that says how often it would
 * have fired, before anyone turns the alert on. This module, with the SQL writer, loads when the
 * section (in Panels.tsx) is first opened.
 */
import { useState } from 'preact/hooks';
import type { Rule } from '../../lib/rules/model.ts';
import { exportSearches, type SearchEngineId as EngineId } from '../../lib/rules/search/export.ts';
import { copyText, saveFile } from '../browser-files.ts';

const engines: [EngineId, string][] = [
  ['athena', 'Amazon Athena (your CloudTrail logs in S3)'],
  ['cloudtrail-lake', 'AWS CloudTrail Lake'],
];
const dayChoices = [7, 30, 90, 365];

/** One SQL file: its name, why, the text, copy and download. */
function SqlFile({ name, about, text, onStatus }: { name: string; about: string; text: string; onStatus: (s: string) => void }) {
  return (
    <div class="builder-file">
      <p>
        <code>{name}</code>: {about}
      </p>
      <pre tabindex={0} aria-label={`Contents of ${name}`}>
        <code>{text}</code>
      </pre>
      <div class="button-row">
        <button type="button" class="button button--secondary" onClick={async () => onStatus((await copyText(text)) ? `Copied ${name}.` : 'Your browser did not allow copying; select the text and copy it by hand.')}>
          Copy {name}
        </button>{' '}
        <button type="button" class="button button--secondary" onClick={() => saveFile(name, text, 'text/plain')}>
          Download {name}
        </button>
      </div>
    </div>
  );
}

export function SearchLogs({ rule, onStatus }: { rule: Rule; onStatus: (s: string) => void }) {
  const [engine, setEngine] = useState<EngineId>('athena');
  const [days, setDays] = useState(30);
  const made = exportSearches({ plainsecRules: 1, rules: [rule] }, engine, { lastDays: days });
  const file = (suffix: string) => made.files.find((f) => f.path.endsWith(suffix));
  const perDay = file(`/${rule.id}.per-day.sql`);
  const hits = file(`/${rule.id}.sql`);
  const table = file('/create-table.sql');

  return (
    <>
      <p>
        Before you turn the alert on, ask the logs AWS already keeps: how many times a day would this rule have fired, and when did it? Run these in your AWS account. They
        read the same events as the files above, and tell no one.
      </p>
      <fieldset class="builder-part">
        <legend>Where your team keeps CloudTrail</legend>
        {engines.map(([id, words]) => (
          <label class="choice" key={id}>
            <input type="radio" name="builder-search-engine" value={id} checked={engine === id} onChange={() => setEngine(id)} /> {words}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="builder-search-days">Search the last</label>{' '}
        <select id="builder-search-days" value={String(days)} onChange={(e) => setDays(Number((e.currentTarget as HTMLSelectElement).value))}>
          {dayChoices.map((d) => (
            <option key={d} value={String(d)}>
              {d} days
            </option>
          ))}
        </select>
      </div>
      {made.refused.map((r) => (
        <p class="notice" key={r.ruleId}>
          This search cannot say the rule exactly, so none is shown: {r.reason}.
        </p>
      ))}
      {perDay && <SqlFile name={`${rule.id}.per-day.sql`} about={`how many times a day it would have fired in the last ${days} days`} text={perDay.content} onStatus={onStatus} />}
      {hits && <SqlFile name={`${rule.id}.sql`} about="each time it would have fired: when, who, what and where" text={hits.content} onStatus={onStatus} />}
      {table && <SqlFile name="create-table.sql" about="the first time only: makes the CloudTrail table in Athena (put in your bucket and account IDs)" text={table.content} onStatus={onStatus} />}
    </>
  );
}
