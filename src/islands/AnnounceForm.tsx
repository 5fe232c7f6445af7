/**
 * The /announce/ form: what, when, who and which alerts, then the texts to post, the silences,
 * the amtool commands and a calendar entry, each to copy or download. All the work is done by
 * src/lib/announce; this island holds the form state, the store and the browser-only bits
 * (clipboard, downloads, the URL fragment).
 */
import { now } from '../stores/clock.ts';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { copyText, saveFile } from './browser-files.ts';
import { useStore } from '@nanostores/preact';
import {
  checkAnnouncement,
  emptyInput,
  type AlertChoice,
  type Announcement,
  type AnnouncementField,
  type AnnouncementInput,
} from '../lib/announce/announcement.ts';
import { parseShareFragment, shareFragment } from '../lib/announce/share.ts';
import { localTimeZone } from '../lib/announce/time.ts';
import { alertListFileName, mergeCatalogues } from '../lib/announce/alert-list.ts';
import { matchesEveryWord } from '../lib/text/words.ts';
import Field from './Field.tsx';
import { $announceProblem, $lastAnnouncement, $ownAlerts, builderAlerts, hasBackups, keepAnnouncement, loadBackups, loadOwnAlerts, watchAnnounceTabs } from '../stores/announce.ts';

type Undo = typeof import('./AnnounceUndo.tsx');
type Writers = typeof import('./announce-writers.ts');

interface Props {
  catalogue: AlertChoice[];
}

type Errors = Partial<Record<AnnouncementField, string>>;

const fieldOrder: AnnouncementField[] = ['what', 'who', 'startDate', 'startTime', 'endDate', 'endTime', 'timeZone', 'alerts', 'alertmanagerUrl'];

/** A fixed form for the server render, so the page and the hydrated island start the same. */
const serverInput: AnnouncementInput = { ...emptyInput(new Date(Date.UTC(2026, 0, 1, 9)), 'UTC'), startDate: '', startTime: '', endDate: '', endTime: '' };

export default function AnnounceForm({ catalogue: templates }: Props) {
  const own = useStore($ownAlerts, { ssr: 'initial' });
  /** The rule builder's saved rules, read when there are any. */
  const [mine, setMine] = useState<AlertChoice[]>([]);
  const catalogue = useMemo(() => mergeCatalogues(mergeCatalogues(own, mine), templates), [own, mine, templates]);
  const [ownProblem, setOwnProblem] = useState<string | undefined>(undefined);
  const [input, setInput] = useState<AnnouncementInput>(serverInput);
  const [errors, setErrors] = useState<Errors>({});
  const [result, setResult] = useState<Announcement | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState('');
  /** The time zone names for the field's suggestions, listed when the field is first used: about 400 of them, too many to add while the page starts. */
  const [zones, setZones] = useState<string[]>([]);
  const listZones = () => {
    if (zones.length > 0) return;
    try {
      setZones(Intl.supportedValuesOf('timeZone'));
    } catch {
      // An old browser without the list: the field still takes any zone name it knows.
    }
  };
  const [live, setLive] = useState(false);
  const problem = useStore($announceProblem, { ssr: 'initial' });
  /** The Undo notices, loaded once there is a backup to offer. */
  const [undo, setUndo] = useState<Undo | undefined>(undefined);
  const offerUndo = () => {
    if (hasBackups()) void Promise.all([import('./AnnounceUndo.tsx'), loadBackups()]).then(([ui]) => setUndo(ui));
  };
  const outputs = useRef<HTMLElement>(null);
  /** The code that writes the texts, loaded when the first announcement is shown. */
  const [writers, setWriters] = useState<Writers | undefined>(undefined);
  /** Set by "Write the announcement": move the focus to the texts once they are written. */
  const focusOutputs = useRef(false);

  // Runs once in the browser: a share link wins over the last announcement, which wins over a fresh form.
  useEffect(() => {
    setLive(true);
    // The Undo offers come from what is stored, so they survive a reload.
    offerUndo();
    // Another tab's change: the builder's rules are read again, and a backup it kept is offered here too.
    watchAnnounceTabs(() => void loadMine(), offerUndo);
    // The rule builder's rules load first (only when some are saved), so a shared or last announcement can name them.
    void loadMine().then((saved) => {
      const shared = parseShareFragment(location.hash);
      if (shared.kind === 'ok') {
        setInput(shared.input);
        // The store's own rules, read directly: on this first run the hook may still hold its initial value.
        show(shared.input, false, mergeCatalogues(mergeCatalogues($ownAlerts.get(), saved), templates));
        setStatus('Loaded the announcement from the share link.');
        return;
      }
      if (shared.kind === 'bad') $announceProblem.set(shared.problem);
      const last = $lastAnnouncement.get();
      if (last) {
        setInput(last);
        show(last, false, mergeCatalogues(mergeCatalogues($ownAlerts.get(), saved), templates));
        return;
      }
      setInput(emptyInput(now(), localTimeZone()));
    });
  }, []);

  async function loadMine(): Promise<AlertChoice[]> {
    const read = await builderAlerts();
    if (!read) return [];
    setMine(read);
    return read;
  }

  const set = (field: Exclude<AnnouncementField, 'alerts'>) => (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement).value;
    setInput((old) => ({ ...old, [field]: value }));
  };

  function show(candidate: AnnouncementInput, focusProblems: boolean, choices: AlertChoice[] = catalogue): boolean {
    const checked = checkAnnouncement(candidate, choices);
    if (!checked.ok) {
      setErrors(checked.errors);
      setResult(undefined);
      if (focusProblems) {
        const first = fieldOrder.find((f) => checked.errors[f]);
        if (first) document.getElementById(`announce-${first}`)?.focus();
        setStatus(`Please fix ${Object.keys(checked.errors).length === 1 ? 'the field' : `the ${Object.keys(checked.errors).length} fields`} marked below.`);
      }
      return false;
    }
    setErrors({});
    setResult(checked.announcement);
    return true;
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (!show(input, true)) return;
    if (await keepAnnouncement(input)) offerUndo();
    history.replaceState(null, '', `#${shareFragment(input)}`);
    setStatus('Your announcement is ready below. It is kept in this browser, and the share link carries it.');
    focusOutputs.current = true;
  }

  async function copy(text: string, what: string) {
    setStatus((await copyText(text)) ? `Copied the ${what}.` : `Your browser did not allow copying. Select the ${what} and copy it by hand.`);
  }

  const toggle = (id: string, on: boolean) =>
    setInput((old) => ({ ...old, alerts: on ? [...new Set([...old.alerts, id])] : old.alerts.filter((a) => a !== id) }));

  /** What is ticked, as one value: a new form with nothing ticked is the same list, and need not be drawn again. */
  const chosenKey = input.alerts.join('\n');
  const visible = useMemo(() => {
    const matches = matchesEveryWord(search);
    return catalogue.filter((c) => input.alerts.includes(c.id) || matches(`${c.title} ${c.id} ${c.urgencyWords} ${c.from}`));
  }, [catalogue, chosenKey, search]);

  // The list of choices is kept between renders while neither what is shown nor what is ticked
  // changes, so typing in the other fields does not compare over a hundred rows each time.
  const choiceList = useMemo(
    () => (
      <ul class="announce-choices" id="announce-alerts" tabindex={-1}>
        {visible.map((c) => (
          <li key={c.id}>
            <label>
              <input type="checkbox" checked={input.alerts.includes(c.id)} onChange={(e) => toggle(c.id, e.currentTarget.checked)} /> {c.title}{' '}
              <span class="urgency" data-urgency={c.urgency}>
                {c.urgencyWords}
              </span>{' '}
              <span class="announce-from">{c.from}</span>
            </label>
          </li>
        ))}
      </ul>
    ),
    [visible],
  );

  const field = (name: Exclude<AnnouncementField, 'alerts'>, label: string, hint?: string, extra: Record<string, unknown> = {}) => {
    const id = `announce-${name}`;
    const described = [hint ? `${id}-hint` : '', errors[name] ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
    return (
      <div class="announce-field">
        <label for={id}>{label}</label>
        {hint && (
          <p class="announce-hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        <input id={id} name={name} type="text" value={input[name]} onInput={set(name)} aria-invalid={errors[name] ? 'true' : undefined} aria-describedby={described} {...extra} />
        {errors[name] && (
          <p class="announce-error" id={`${id}-error`}>
            {errors[name]}
          </p>
        )}
      </div>
    );
  };

  useEffect(() => {
    if (result && !writers) void import('./announce-writers.ts').then(setWriters);
  }, [result !== undefined]);

  const texts = useMemo(() => {
    if (!result || !writers) return undefined;
    return {
      message: writers.announcementMessage(result),
      allClear: writers.allClearMessage(result),
      silences: writers.silencesFor(result).map((s) => ({ ...s, amtool: writers.amtoolCommand(s.silence, result.input.alertmanagerUrl) })),
      ics: writers.calendarEntry(result, now()),
      window: writers.windowWords(result),
      share: `${location.origin}${location.pathname}#${shareFragment(result.input)}`,
    };
  }, [result, writers]);

  useEffect(() => {
    if (!texts || !focusOutputs.current) return;
    focusOutputs.current = false;
    outputs.current?.focus();
  }, [texts]);

  const output = (title: string, text: string, what: string, file: string, type: string, id: string) => (
    <section class="announce-output" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <pre id={id} tabindex={0}>
        <code>{text}</code>
      </pre>
      <p class="announce-actions">
        <button type="button" onClick={() => copy(text, what)}>
          Copy {what}
        </button>
        <button type="button" onClick={() => saveFile(file, text, type)}>
          Download {file}
        </button>
      </p>
    </section>
  );

  return (
    <div class="announce">
      {problem && (
        <p class="notice" role="alert">
          {problem}
        </p>
      )}
      {undo && (
        <undo.AnnounceUndo
          onAnnouncementBack={(earlier) => {
            setInput(earlier);
            show(earlier, false);
            history.replaceState(null, '', `#${shareFragment(earlier)}`);
          }}
          setStatus={setStatus}
        />
      )}
      <form class="announce-form" onSubmit={onSubmit} noValidate aria-describedby="announce-form-note">
        <p id="announce-form-note" class="announce-hint">
          All fields are needed. Times are on the clock of the time zone you pick.
        </p>
        {field('what', 'What will you change?', 'Plain words, like "Upgrade the payments database to version 16".', { autocomplete: 'off' })}
        {field('who', 'Who is doing it?', 'A name people can ask.', { autocomplete: 'name' })}
        <fieldset class="announce-when">
          <legend>When</legend>
          {field('startDate', 'Start date', 'YYYY-MM-DD', { inputmode: 'numeric', autocomplete: 'off' })}
          {field('startTime', 'Start time', 'HH:MM, 24-hour clock', { inputmode: 'numeric', autocomplete: 'off' })}
          {field('endDate', 'End date', 'YYYY-MM-DD', { inputmode: 'numeric', autocomplete: 'off' })}
          {field('endTime', 'End time', 'HH:MM, 24-hour clock', { inputmode: 'numeric', autocomplete: 'off' })}
          {field('timeZone', 'Time zone', 'Starts as this browser’s; like Europe/London or UTC.', { list: 'announce-zones', autocomplete: 'off', spellcheck: false, onFocus: listZones, onPointerDown: listZones })}
          <datalist id="announce-zones">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </fieldset>
        <fieldset class="announce-alerts" aria-describedby={errors.alerts ? 'announce-alerts-error' : undefined}>
          <legend>Which alerts will it set off?</legend>
          <div class="announce-field">
            <label for="announce-own">Your own rules (optional)</label>
            <p class="announce-hint" id="announce-own-hint">
              Load <code>alertmanager/{alertListFileName}</code> from <code>plainsec rules export --to alertmanager</code> to pick from your rules
              as well as the templates.{own.length > 0 ? ` ${own.length} of your rules are loaded.` : ''}
            </p>
            <input
              id="announce-own"
              type="file"
              accept=".json,application/json"
              disabled={!live}
              aria-describedby={ownProblem ? 'announce-own-hint announce-own-error' : 'announce-own-hint'}
              aria-invalid={ownProblem ? 'true' : undefined}
              onChange={async (e) => {
                const file = e.currentTarget.files?.[0];
                if (!file) return;
                const problem = await loadOwnAlerts(await file.text(), file.name);
                setOwnProblem(problem);
                offerUndo();
                if (!problem) setStatus(`Loaded your rules from ${file.name}.`);
              }}
            />
            {ownProblem && (
              <p class="announce-error" id="announce-own-error">
                {ownProblem}
              </p>
            )}
          </div>
          <Field class="announce-field" id="announce-search" label="Search the alerts">
            <input id="announce-search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} autocomplete="off" />
          </Field>
          <p class="announce-hint" aria-live="polite">
            {input.alerts.length} chosen · {visible.length} of {catalogue.length} shown
          </p>
          {errors.alerts && (
            <p class="announce-error" id="announce-alerts-error">
              {errors.alerts}
            </p>
          )}
          {choiceList}
        </fieldset>
        {field('alertmanagerUrl', 'Your Alertmanager’s address', 'Only used in the amtool command; nothing is sent from this page.', { inputmode: 'url', autocomplete: 'url', spellcheck: false })}
        <p>
          <button type="submit" class="button" disabled={!live}>
            Write the announcement
          </button>
        </p>
      </form>
      <p class="announce-status" role="status">
        {status}
      </p>
      {result && texts && (
        <section class="announce-results" aria-labelledby="announce-results-title" tabindex={-1} ref={outputs}>
          <h2 id="announce-results-title">Your announcement</h2>
          <p>
            {texts.window.local} ({texts.window.utc}), {texts.window.length}.
          </p>
          {result.notes.map((n) => (
            <p class="notice" key={n}>
              {n}
            </p>
          ))}
          {output('1. Post this before you start', texts.message, 'chat message', 'announcement.txt', 'text/plain', 'announce-message')}
          {output('2. Post this when you are done', texts.allClear, 'all-clear message', 'all-clear.txt', 'text/plain', 'announce-all-clear')}
          <h3>3. Silence the alerts in Alertmanager</h3>
          <p>
            Alerts reach Alertmanager in two shapes, so there is a silence for each. Post the JSON to <code>/api/v2/silences</code>, or run
            the amtool command; both cover exactly the window above.
          </p>
          {texts.silences.map((s) => (
            <div key={s.key}>
              {output(`Silence for ${s.label}`, JSON.stringify(s.silence, null, 2), `silence JSON (${s.key})`, `silence-${s.key}.json`, 'application/json', `announce-silence-${s.key}`)}
              {output(
                `The same silence with amtool, for ${s.label}`,
                s.amtool,
                `amtool command (${s.key})`,
                `silence-${s.key}.sh`,
                'text/x-shellscript',
                `announce-amtool-${s.key}`,
              )}
            </div>
          ))}
          <p class="notice">
            Alerts that go from EventBridge or CloudWatch straight to chat (through AWS Chatbot or an SNS topic) do not pass through
            Alertmanager, and nothing here can silence them. For those teams the chat message is the announcement: post it, and expect the
            alerts it lists.
          </p>
          {output('4. Put it in the calendar', texts.ics, 'calendar entry', 'announced-change.ics', 'text/calendar', 'announce-ics')}
          <section class="announce-output" aria-labelledby="announce-share-title">
            <h3 id="announce-share-title">5. Share it</h3>
            <label for="announce-share">Share link (the announcement travels in the link itself, after the #)</label>
            <input id="announce-share" type="text" readOnly value={texts.share} />
            <p class="announce-actions">
              <button type="button" onClick={() => copy(texts.share, 'share link')}>
                Copy share link
              </button>
            </p>
          </section>
        </section>
      )}
    </div>
  );
}
