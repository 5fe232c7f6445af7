/**
 * The /fix-first/ page: scanner reports (chosen, dropped or pasted) and, optionally, CISA's KEV
 * file become the upgrades to do, by bucket, each with why. Upgrades can be ticked off (kept in
 * this browser), exported as Markdown, CSV or a chat message, and the top ones added to the
 * checklist with owners.
 *
 * The reading and planning run in a Worker (fix-first/plan.worker.ts), loaded with the first
 * report, so the page stays responsive on a 20 MB report. The exports and the checklist code load
 * when first used. A report that cannot be read changes nothing: the page keeps the plan it showed.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useStore } from '@nanostores/preact';
import { buckets, type Bucket } from '../lib/fix-first/model.ts';
import { bucketHeading } from '../lib/fix-first/words.ts';
import type { ExportFormat, PlanResult, PlanView, Source, StepView, WorkerMessage, WorkerRequest } from './fix-first/plan.worker.ts';
import { localDay } from '../lib/checklist/model.ts';
import { $done, $doneProblem, loadDone, tick } from '../stores/fix-first.ts';
import { now } from '../stores/clock.ts';
import { copyText, saveFile } from './browser-files.ts';


/** Upgrades shown per bucket before "Show all": a large image can have hundreds. */
const shownAtFirst = 25;

/** A request without its id, for each kind of request. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

let worker: Worker | undefined;
let lastRequest = 0;
const stopped = 'This browser stopped while reading the reports. Reload the page and try again with fewer or smaller files.';

/** Sends a request to the Worker (started with the first report) and waits for its answer; progress is reported as it goes. */
function ask(request: WithoutId<WorkerRequest>, progress: (step: string) => void = () => {}): Promise<WorkerMessage | undefined> {
  worker ??= new Worker(new URL('./fix-first/plan.worker.ts', import.meta.url), { type: 'module' });
  const id = ++lastRequest;
  const running = worker;
  return new Promise((resolve) => {
    const listen = (event: MessageEvent<WorkerMessage>) => {
      // An older request still finishing is ignored: only the latest one is shown.
      if (event.data.id !== id) return;
      if (event.data.kind === 'progress') return progress(event.data.step);
      running.removeEventListener('message', listen);
      resolve(event.data);
    };
    running.addEventListener('message', listen);
    running.onerror = () => resolve(undefined);
    running.postMessage({ ...request, id } as WorkerRequest);
  });
}

async function planInWorker(reports: Source[], kev: Source | undefined, progress: (step: string) => void): Promise<PlanResult> {
  const answer = await ask({ kind: 'plan', reports, ...(kev ? { kev } : {}) }, progress);
  return answer?.kind === 'planned' ? answer.result : { ok: false, problems: [stopped] };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function UpgradeItem({ upgrade, done, onTick }: { upgrade: StepView; done: string | undefined; onTick: (on: boolean) => void }) {
  const id = `upgrade-${hashOf(upgrade.key)}`;
  return (
    <li class={done ? 'fix-upgrade fix-upgrade--done' : 'fix-upgrade'}>
      <input id={id} type="checkbox" checked={done !== undefined} onChange={(e) => onTick(e.currentTarget.checked)} aria-describedby={`${id}-why`} />
      <label for={id}>{upgrade.line}</label>
      <p id={`${id}-why`} class="fix-upgrade__why">
        {upgrade.why}
        {done && <> Done on {done}.</>}
      </p>
    </li>
  );
}

/** A short stable id for an element from a key that may hold any character. */
function hashOf(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = ((h * 33) ^ text.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

function BucketSection({ bucket, upgrades, done, onTick }: { bucket: Bucket; upgrades: StepView[]; done: Record<string, string>; onTick: (u: StepView, on: boolean) => void }) {
  const [all, setAll] = useState(false);
  const shown = all ? upgrades : upgrades.slice(0, shownAtFirst);
  const ticked = upgrades.filter((u) => done[u.key]).length;
  return (
    <section class="fix-bucket" aria-labelledby={`bucket-${bucket}`} data-bucket={bucket}>
      <h3 id={`bucket-${bucket}`}>{bucketHeading(bucket)}</h3>
      <p class="fix-bucket__count">
        {plural(upgrades.length, 'step')}, {ticked} done.
      </p>
      <ol class="fix-upgrades">
        {shown.map((u) => (
          <UpgradeItem key={u.key} upgrade={u} done={done[u.key]} onTick={(on) => onTick(u, on)} />
        ))}
      </ol>
      {upgrades.length > shown.length && (
        <p>
          <button type="button" class="button button--secondary button--small" onClick={() => setAll(true)}>
            Show all {upgrades.length.toLocaleString('en')} in this bucket
          </button>
        </p>
      )}
    </section>
  );
}

/** "Paste a report instead": its own state, so typing here does not draw the rest of the page again. */
function PasteBox({ live, onPlan }: { live: boolean; onPlan: (text: string) => void }) {
  const [pasted, setPasted] = useState('');
  return (
    <details class="fix-paste">
      <summary>Paste a report instead</summary>
      <div class="field">
        <label for="fix-pasted">The report’s JSON</label>
        <textarea id="fix-pasted" rows={6} spellcheck={false} value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} />
      </div>
      <button type="button" class="button button--secondary" disabled={!live || pasted.trim() === ''} onClick={() => onPlan(pasted)}>
        Plan the pasted report
      </button>
    </details>
  );
}

export default function FixFirst() {
  const [live, setLive] = useState(false);
  const [planned, setPlanned] = useState<PlanView | undefined>(undefined);
  const [problems, setProblems] = useState<string[]>([]);
  const [working, setWorking] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState('');
  const [dragging, setDragging] = useState(false);
  /** What the plan was made from, kept in memory so a KEV file chosen later plans them again. */
  const reports = useRef<Source[]>([]);
  const kev = useRef<Source | undefined>(undefined);
  const results = useRef<HTMLElement>(null);
  const done = useStore($done).done;
  const doneProblem = useStore($doneProblem);
  const [owner, setOwner] = useState('');
  const [topCount, setTopCount] = useState(3);

  useEffect(() => {
    loadDone();
    setLive(true);
  }, []);

  async function plan(nextReports: Source[], nextKev: Source | undefined, what: string) {
    if (nextReports.length === 0) {
      if (!nextKev) return;
      // A KEV file alone: kept at once (a report chosen a moment later uses it), and checked, so a
      // wrong file is said now and dropped rather than failing every report to come.
      kev.current = nextKev;
      setProblems([]);
      const request = lastRequest + 1;
      const checked = await planInWorker([], nextKev, () => {});
      if (!checked.ok) {
        if (kev.current === nextKev) kev.current = undefined;
        return setProblems(checked.problems);
      }
      // A report chosen meanwhile has its own status; this one would only hide it.
      if (lastRequest !== request) return;
      setStatus(`The KEV file ${nextKev.name} lists ${plural(checked.view.kev?.holes ?? 0, 'hole')} used in real attacks. It will be used with the reports you add.`);
      return;
    }
    setProblems([]);
    setWorking('Starting…');
    const started = performance.now();
    const result = await planInWorker(nextReports, nextKev, setWorking);
    setWorking(undefined);
    if (!result.ok) {
      setProblems(result.problems);
      setStatus('');
      return;
    }
    reports.current = nextReports;
    kev.current = nextKev;
    setPlanned(result.view);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    setStatus(`Planned ${what} in ${seconds} s: ${plural(result.view.steps.length, 'step')}.`);
    requestAnimationFrame(() => results.current?.focus());
  }

  const named = (files: FileList | File[]): Source[] => [...files].map((file) => ({ name: file.name, file }));
  const addReports = (files: FileList | File[] | null | undefined) => {
    if (!files || files.length === 0) return;
    const list = named(files);
    void plan(list, kev.current, list.length === 1 ? list[0]!.name : `${list.length} reports`);
  };

  const onTick = (u: StepView, on: boolean) => {
    if (!tick(u.key, on ? localDay(now()) : undefined)) return;
    setStatus(on ? `Ticked off: ${u.line}` : `No longer ticked: ${u.line}`);
  };

  const byBucket = useMemo(() => {
    const groups = new Map<Bucket, StepView[]>();
    for (const u of planned?.steps ?? []) {
      const group = groups.get(u.bucket);
      if (group) group.push(u);
      else groups.set(u.bucket, [u]);
    }
    return groups;
  }, [planned]);

  /** The export written by the Worker from the whole plan, with the ticks as they are now. */
  async function exported(format: ExportFormat): Promise<string | undefined> {
    const answer = await ask({ kind: 'export', format, done: Object.keys(done), day: localDay(now()) });
    if (answer?.kind === 'exported') return answer.text;
    setStatus(stopped);
    return undefined;
  }

  async function copy(format: 'markdown' | 'chat') {
    const text = await exported(format);
    if (text === undefined) return;
    const what = format === 'markdown' ? 'plan as Markdown' : 'chat message';
    setStatus((await copyText(text)) ? `Copied the ${what}.` : `Your browser did not allow copying. Download the file instead.`);
  }

  async function download(format: 'markdown' | 'csv') {
    const text = await exported(format);
    if (text === undefined) return;
    const name = format === 'markdown' ? 'fix-first.md' : 'fix-first.csv';
    saveFile(name, text, format === 'markdown' ? 'text/markdown' : 'text/csv');
    setStatus(`Downloaded ${name}.`);
  }

  async function addToChecklist() {
    const p = planned!;
    const top = p.steps.filter((u) => !done[u.key]).slice(0, topCount);
    if (top.length === 0) return setStatus('Every upgrade is ticked off: nothing to add to the checklist.');
    const [{ addToChecklistItem }, { notesWithUpgrades, fixOrderItem, dueDay }] = await Promise.all([import('../stores/checklist-backups.ts'), import('../lib/fix-first/checklist-note.ts')]);
    const today = localDay(now());
    let outcome = { added: 0, left: 0 };
    const saved = addToChecklistItem(
      fixOrderItem,
      (current) => {
        const made = notesWithUpgrades(current, top.map((u) => ({ line: u.line, bucket: u.bucket, owner })), today);
        outcome = made;
        return made.notes;
      },
      owner,
      dueDay(top[0]!.bucket, today),
      'Upgrades were added to the checklist from Fix first.',
    );
    if (!saved) return setStatus('The checklist was not changed: this browser would not keep a backup of it (its storage may be full or blocked). Save your checklist as a file first, then try again.');
    const rest = outcome.left > 0 ? ` ${plural(outcome.left, 'more did', 'more did')} not fit in the item's notes; export the plan for those.` : '';
    setStatus(
      outcome.added === 0
        ? `The checklist item's notes are full, so nothing was added. Export the plan as Markdown or CSV instead.`
        : `Added ${plural(outcome.added, 'upgrade')} to the checklist item “The team has a written order for fixing known holes”, with owner and due dates. Undo is on the checklist page.${rest}`,
    );
  }

  const counts = planned?.counts;
  const total = counts ? buckets.reduce((n, b) => n + counts[b], 0) : 0;
  const steps = planned?.steps.length ?? 0;
  const ticked = planned ? planned.steps.filter((u) => done[u.key]).length : 0;

  return (
    <div class="fix-first">
      {!live && (
        <p class="fix-no-js notice">
          This page needs JavaScript to read the reports. Nothing you choose is sent anywhere. The <a href="/command/">plainsec command</a> does the same on your machine.
        </p>
      )}
      <div class="fix-inputs">
        <p class="fix-hint">
          Files are read in this browser. Nothing is sent anywhere.
        </p>
        <div
          class={dragging ? 'fix-drop fix-drop--over' : 'fix-drop'}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            if (live) addReports(e.dataTransfer?.files);
          }}
        >
          <label for="fix-reports">Scanner reports (JSON; choose several at once to plan them together)</label>
          <input
            id="fix-reports"
            type="file"
            multiple
            accept=".json,application/json"
            disabled={!live}
            onChange={(e) => {
              const input = e.currentTarget;
              const files = input.files ? [...input.files] : [];
              input.value = '';
              addReports(files);
            }}
          />
          <p class="fix-hint">Or drop the files on this box.</p>
        </div>
        <div class="field">
          <label for="fix-kev">CISA’s list of holes used in real attacks (optional, the KEV file)</label>
          <p class="fix-hint" id="fix-kev-hint">
            Download <code>known_exploited_vulnerabilities.json</code> from{' '}
            <a href="https://www.cisa.gov/known-exploited-vulnerabilities-catalog">CISA’s catalogue page</a> (the JSON link), then choose it here. Upgrades for holes on
            it go first.{kev.current ? ` Chosen: ${kev.current.name}.` : ''}
          </p>
          <input
            id="fix-kev"
            type="file"
            accept=".json,application/json"
            disabled={!live}
            aria-describedby="fix-kev-hint"
            onChange={(e) => {
              const input = e.currentTarget;
              const file = input.files?.[0];
              input.value = '';
              if (file) void plan(reports.current, { name: file.name, file }, `again with ${file.name}`);
            }}
          />
        </div>
        <PasteBox live={live} onPlan={(text) => void plan([{ name: 'the pasted report', text }], kev.current, 'the pasted report')} />
      </div>

      {working && (
        <div class="fix-working">
          <p id="fix-working-step">{working}</p>
        </div>
      )}
      <p class="fix-status" role="status">
        {working ? '' : status}
      </p>
      {problems.length > 0 && (
        <div class="notice notice--error" role="alert">
          <p>{problems.length === 1 ? 'This could not be planned:' : `${problems.length} files could not be planned:`}</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <p>{planned ? 'The page still shows the plan it had.' : 'Nothing was planned.'} Check that each file is a scanner’s JSON report, then choose them again.</p>
        </div>
      )}
      {doneProblem && (
        <p class="notice notice--error" role="alert">
          {doneProblem}
        </p>
      )}

      {planned && counts && (
        <section class="fix-results" aria-labelledby="fix-results-title" tabindex={-1} ref={results}>
          <h2 id="fix-results-title">What to fix first</h2>
          <p>
            {total === 0
              ? 'No known holes in these reports: nothing to fix.'
              : `${plural(steps, 'step')} for ${plural(total, 'known hole')}, most urgent first. ${ticked} done.`}
          </p>
          <p class="fix-hint">
            Read: {planned.reports.map((r) => `${r.name} (${r.formatWords}, ${plural(r.findings, 'finding')})`).join('; ')}.{' '}
            {planned.kev ? `Checked against ${planned.kev.name} (${plural(planned.kev.holes, 'hole')} used in real attacks).` : 'No KEV file: only what the reports themselves say marks a hole as used by attackers now.'}
          </p>
          {total > 0 && (
            <div class="fix-exports">
              <h3>Take the plan away</h3>
              <p class="fix-actions">
                <button type="button" onClick={() => void copy('markdown')}>
                  Copy as Markdown
                </button>{' '}
                <button type="button" onClick={() => void download('markdown')}>
                  Download fix-first.md
                </button>{' '}
                <button type="button" onClick={() => void download('csv')}>
                  Download fix-first.csv
                </button>{' '}
                <button type="button" onClick={() => void copy('chat')}>
                  Copy a chat message
                </button>
              </p>
              <p class="fix-hint">The Markdown is a task list for a GitHub or GitLab issue; the CSV opens in a spreadsheet.</p>
            </div>
          )}
          {buckets
            .filter((b) => byBucket.has(b))
            .map((b) => (
              <BucketSection key={b} bucket={b} upgrades={byBucket.get(b)!} done={done} onTick={onTick} />
            ))}
          {steps > 0 && (
            <fieldset class="fix-to-checklist">
              <legend>Put the top upgrades on the checklist</legend>
              <p class="fix-hint" id="fix-to-checklist-hint">
                The first upgrades not yet done go into the notes of the checklist item “The team has a written order for fixing known holes”. Each gets its owner and a
                due date from its bucket. A backup is kept first; Undo is on the{' '}<a href="/checklist/">checklist</a>.
              </p>
              <div class="field">
                <label for="fix-owner">Who does them</label>
                <input id="fix-owner" type="text" autocomplete="name" value={owner} onInput={(e) => setOwner(e.currentTarget.value)} maxLength={100} />
              </div>
              <div class="field">
                <label for="fix-top">How many</label>
                <select id="fix-top" value={String(topCount)} onChange={(e) => setTopCount(Number(e.currentTarget.value))}>
                  {[1, 3, 5, 10].map((n) => (
                    <option key={n} value={String(n)}>
                      The top {n}
                    </option>
                  ))}
                </select>
              </div>
              <button type="button" class="button" aria-describedby="fix-to-checklist-hint" onClick={() => void addToChecklist()}>
                Add to the checklist
              </button>
            </fieldset>
          )}
        </section>
      )}
    </div>
  );
}
