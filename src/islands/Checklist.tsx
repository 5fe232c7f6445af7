/**
 * The whole checklist as a working tool: progress per practice and level, compact items that open
 * to show the details, done dates, owners, due dates, notes, statuses and filters.
 * The records stay in this browser (src/stores/checklist.ts); statuses and filters come from
 * src/lib/checklist. Saving, loading and exporting files is code only some readers need, so it
 * loads when first used (ChecklistFiles.tsx).
 *
 * Items are compact from the first paint, as they stay once the page runs, so starting it neither
 * moves the page nor redraws every item (a long task on a slow phone). With JavaScript off a
 * `scripting: none` rule in Checklist.css opens every item, fields disabled, so the page reads and
 * prints as a complete list.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ReadableAtom } from 'nanostores';
import { Component, type ComponentChildren } from 'preact';
import type { EffortLevel, PracticeId } from '../lib/practices.ts';
import { localDay, maxNotesLength, maxOwnerLength, type ItemRecord, type ItemSummary } from '../lib/checklist/model.ts';
import { countDone, describeStatus, itemStatus, statusKinds, statusWords, type StatusKind } from '../lib/checklist/status.ts';
import { isUnfiltered, matchesFilter, type ChecklistFilter } from '../lib/checklist/filter.ts';
import { ownersInUse } from '../lib/checklist/stored.ts';
import { $checklist, $checklistHasBackup, $checklistProblem, markItem, recordField, rememberMe, startChecklist } from '../stores/checklist.ts';
import { now } from '../stores/clock.ts';
import type { LoadedFile } from './ChecklistUndo.tsx';

type FilesModule = typeof import('./ChecklistFiles.tsx');
type UndoModule = typeof import('./ChecklistUndo.tsx');

/** Shown where counts will be until the saved records are read, so nothing reads as lost. */
const reading = 'Reading your saved progress…';

interface Props {
  /** All items, in reading order. */
  items: ItemSummary[];
  /**
   * Each item's reading text, made at build time (details-html.ts) and passed as the named slot
   * `text<index>`: Astro hands it over as static HTML that hydrating never rebuilds or compares.
   */
  [text: `text${number}`]: ComponentChildren;
  /**
   * Practice names in page order, and effort in words: passed in rather than imported, so this
   * page's code does not carry the practices' descriptions that other islands share.
   * `effortWords` is `effortLevelWords` of src/lib/practices.ts (the prop keeps its name: Astro
   * writes prop names into the page's HTML).
   */
  practiceNames: Record<PracticeId, string>;
  effortWords: Record<EffortLevel, string>;
  /** What the exports are for: static text from the page, kept out of the page's code. */
  children?: ComponentChildren;
}

const levels = [1, 2, 3];

/**
 * The store's current value, re-rendering when it changes. Smaller than @nanostores/preact's
 * useStore, which this page cannot afford within its budget. The stores hold their initial
 * values until startChecklist() runs after hydration, so server and first client render match.
 */
function useAtom<T>(store: ReadableAtom<T>): T {
  const [, rerender] = useState({});
  useEffect(() => store.listen(() => rerender({})), [store]);
  return store.get();
}

export default function Checklist(props: Props) {
  const { items, practiceNames, effortWords: effortLevelWords, children } = props;
  const practiceIds = Object.keys(practiceNames) as PracticeId[];
  const state = useAtom($checklist);
  const problem = useAtom($checklistProblem);
  const hasBackup = useAtom($checklistHasBackup);
  /**
   * How many practices have gone live. The page goes live one practice at a time, each in its own
   * task, so no single task redraws every item (each is a long task on a slow phone).
   */
  const [liveParts, setLiveParts] = useState(0);
  const live = liveParts > 0;
  const [today, setToday] = useState('');
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState<Omit<ChecklistFilter, 'mine'>>({});
  const [onlyMine, setOnlyMine] = useState(false);
  const [files, setFiles] = useState<FilesModule | undefined>(undefined);
  const [fileError, setFileError] = useState('');
  const [status, setStatus] = useState('');
  const [markdown, setMarkdown] = useState<string | undefined>(undefined);
  /** The file just added, so the reader can still choose to replace instead. */
  const [loaded, setLoaded] = useState<LoadedFile | undefined>(undefined);
  /** The Undo notice's code, loaded only once there is a backup to offer. */
  const [undoNotice, setUndoNotice] = useState<UndoModule | undefined>(undefined);
  useEffect(() => {
    if (hasBackup && !undoNotice) void import('./ChecklistUndo.tsx').then(setUndoNotice);
  }, [hasBackup]);

  useEffect(() => {
    startChecklist();
    setToday(localDay(now()));
    const goLive = (parts: number) => {
      setLiveParts(parts);
      if (parts < practiceIds.length) setTimeout(() => goLive(parts + 1));
    };
    goLive(1);
    // A link to one item (from the self-assessment) opens it.
    const id = decodeURIComponent(location.hash.slice(1));
    if (items.some((i) => i.id === id)) {
      setOpen(new Set([id]));
      // Closing the other items moved it: bring it back into view once the page has redrawn.
      requestAnimationFrame(() => document.getElementById(id)?.scrollIntoView());
    }
  }, []);

  const records = state.items;
  const owners = useMemo(() => ownersInUse(state), [state]);
  const fullFilter: ChecklistFilter = onlyMine && state.me ? { ...filter, mine: state.me } : filter;
  const shown = useMemo(
    () => new Set(items.filter((i) => !live || matchesFilter(i, records, today, fullFilter)).map((i) => i.id)),
    [items, records, today, live, filter, onlyMine, state.me],
  );
  const overall = countDone(
    records,
    items.map((i) => i.id),
  );

  // One function for the page's life, so opening an item redraws that item only (see ItemMemo).
  const [toggle] = useState(() => (id: string) =>
    setOpen((before) => {
      const next = new Set(before);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    }),
  );

  const withFiles = async (): Promise<FilesModule> => {
    if (files) return files;
    const loaded = await import('./ChecklistFiles.tsx');
    setFiles(loaded);
    return loaded;
  };
  const say = (text: string) => setStatus(text);

  return (
    <div class="checklist-tool">
      <p class="checklist-progress checklist-progress--overall" id="checklist-overall" data-reading={live ? undefined : ''}>
        {live ? `${overall.done} of ${overall.total} done overall` : reading}
      </p>
      {problem && (
        <div class="notice notice--error" role="alert">
          <p>{problem}</p>
        </div>
      )}
      {hasBackup && undoNotice && <undoNotice.default loaded={loaded} onDone={setLoaded} say={say} />}

      <section class="checklist-filters" aria-labelledby="checklist-filters-heading">
        <h2 id="checklist-filters-heading" class="checklist-filters__heading">
          Show
        </h2>
        <fieldset disabled={!live} class="checklist-filters__fields">
          <legend class="visually-hidden">Filters</legend>
          <div class="field">
            <label for="filter-practice">Practice</label>
            <select
              id="filter-practice"
              value={filter.practice ?? ''}
              onChange={(e) => setFilter({ ...filter, practice: (e.currentTarget.value || undefined) as PracticeId | undefined })}
            >
              <option value="">All practices</option>
              {practiceIds.map((p) => (
                <option key={p} value={p}>
                  {practiceNames[p]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-level">Level</label>
            <select id="filter-level" value={filter.level ?? ''} onChange={(e) => setFilter({ ...filter, level: Number(e.currentTarget.value) || undefined })}>
              <option value="">All levels</option>
              {levels.map((l) => (
                <option key={l} value={l}>
                  Level {l}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-owner">Owner</label>
            <select
              id="filter-owner"
              value={filter.owner === undefined ? '*' : filter.owner === '' ? '-' : `=${filter.owner}`}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setFilter({ ...filter, owner: v === '*' ? undefined : v === '-' ? '' : v.slice(1) });
              }}
            >
              <option value="*">Anyone</option>
              <option value="-">Nobody yet</option>
              {owners.map((o) => (
                <option key={o} value={`=${o}`}>
                  {o}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-status">Status</label>
            <select
              id="filter-status"
              value={filter.status ?? ''}
              onChange={(e) => setFilter({ ...filter, status: (e.currentTarget.value || undefined) as StatusKind | undefined })}
            >
              <option value="">Any status</option>
              {statusKinds.map((s) => (
                <option key={s} value={s}>
                  {statusWords[s]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="my-name">Your name</label>
            <input
              id="my-name"
              type="text"
              list="checklist-owners"
              maxLength={maxOwnerLength}
              value={state.me ?? ''}
              onChange={(e) => {
                if (!rememberMe(e.currentTarget.value)) e.currentTarget.value = state.me ?? '';
              }}
            />
          </div>
          <div class="choice checklist-filters__mine">
            <input id="only-mine" type="checkbox" checked={onlyMine} onChange={(e) => setOnlyMine(e.currentTarget.checked)} />
            <label for="only-mine">Show only what is mine</label>
          </div>
        </fieldset>
        {live && (
          <p class="hint" role="status" aria-live="polite">
            {onlyMine && !state.me
              ? 'Type your name above to see only the items you own.'
              : isUnfiltered(fullFilter)
                ? `Showing all ${items.length} items.`
                : `Showing ${shown.size} of ${items.length} items.`}
          </p>
        )}
      </section>

      <datalist id="checklist-owners">
        {owners.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>

      {live && shown.size === 0 && <p class="notice">No items match these filters. Change or clear them above.</p>}

      {practiceIds.map((practice, practiceIndex) => {
        const partLive = liveParts > practiceIndex;
        const inPractice = items.filter((i) => i.practice === practice);
        if (inPractice.length === 0) return null;
        const practiceCount = countDone(
          records,
          inPractice.map((i) => i.id),
        );
        const visible = inPractice.some((i) => shown.has(i.id));
        return (
          <section key={practice} aria-labelledby={`checklist-${practice}`} class="checklist-practice" hidden={!visible}>
            <h2 id={`checklist-${practice}`}>{practiceNames[practice]}</h2>
            <p class="checklist-progress" data-reading={partLive ? undefined : ''}>
              {partLive ? `${practiceCount.done} of ${practiceCount.total} done` : reading}
            </p>
            {levels.map((level) => {
              const group = inPractice.filter((i) => i.level === level);
              if (group.length === 0) return null;
              const count = countDone(
                records,
                group.map((i) => i.id),
              );
              const groupVisible = group.some((i) => shown.has(i.id));
              return (
                <div key={level} class="checklist-level" hidden={!groupVisible}>
                  <h3 id={`checklist-${practice}-level-${level}`}>
                    Level {level}
                    {partLive && ` · ${count.done} of ${count.total} done`}
                  </h3>
                  <ul class="checklist">
                    {group.map((item) => (
                      <ItemMemo
                        key={item.id}
                        item={item}
                        text={props[`text${items.indexOf(item)}`]}
                        record={records[item.id]}
                        today={partLive ? today : ''}
                        live={partLive}
                        effort={effortLevelWords[item.effort]}
                        open={open.has(item.id)}
                        hidden={!shown.has(item.id)}
                        onToggle={toggle}
                      />
                    ))}
                  </ul>
                </div>
              );
            })}
          </section>
        );
      })}

      <section aria-labelledby="checklist-files" class="checklist-files">
        <h2 id="checklist-files">Take it with you</h2>
        {children}
        {fileError && (
          <div class="notice notice--error" role="alert">
            <p>{fileError}</p>
          </div>
        )}
        <p class="button-row">
          {(
            [
              ['markdown', 'Copy as a task list (Markdown)'],
              ['csv', 'Download CSV'],
              ['ics', 'Download calendar (.ics)'],
              ['json', 'Save as a file (JSON)'],
            ] as const
          ).map(([kind, label]) => (
            <button
              key={kind}
              type="button"
              class="button button--secondary"
              disabled={!live}
              onClick={async () => {
                const module = await withFiles();
                setFileError('');
                const done = await module.exportChecklist(kind, items, $checklist.get().items);
                setMarkdown(done.text);
                say(done.message);
              }}
            >
              {label}
            </button>
          ))}
          <button type="button" class="button button--secondary" disabled={!live} onClick={() => print()}>
            Print
          </button>
        </p>
        <div class="field">
          <label for="load-checklist">Load a saved checklist (JSON, at most 1 MB) to add to this one</label>
          <input
            id="load-checklist"
            type="file"
            accept="application/json,.json"
            disabled={!live}
            onChange={async (e) => {
              const input = e.currentTarget;
              const picked = input.files?.[0];
              input.value = '';
              if (!picked) return;
              const module = await withFiles();
              const outcome = await module.loadChecklistFile(picked, items);
              if (outcome.ok) {
                setFileError('');
                setLoaded(outcome.file);
                say(outcome.message);
              } else {
                setFileError(outcome.message);
                say('');
              }
            }}
          />
        </div>
        <p class="visually-hidden" role="status" aria-live="polite">
          {status}
        </p>
        {status && <p class="hint checklist-files__status">{status}</p>}
        {markdown && (
          <div class="field">
            <label for="checklist-markdown">Task list in Markdown</label>
            <textarea id="checklist-markdown" readOnly rows={8} value={markdown} onFocus={(e) => e.currentTarget.select()} />
          </div>
        )}
      </section>
    </div>
  );
}

interface ItemProps {
  item: ItemSummary;
  /** The item's reading text (see Props). */
  text: ComponentChildren;
  record: ItemRecord | undefined;
  today: string;
  live: boolean;
  effort: string;
  open: boolean;
  hidden: boolean;
  onToggle: (id: string) => void;
}

/** Two records show the same when each field is the same (every change re-reads them, so they are new objects). */
const sameRecord = (a: ItemRecord | undefined, b: ItemRecord | undefined) =>
  a === b || (!!a && !!b && a.done === b.done && a.owner === b.owner && a.due === b.due && a.notes === b.notes);

/**
 * An item that redraws only when what it shows has changed: a tick, a filter or a practice going
 * live redraws those items, not all of them. (Preact's memo lives in preact/compat, which this page
 * cannot afford.)
 */
class ItemMemo extends Component<ItemProps> {
  override shouldComponentUpdate(next: ItemProps): boolean {
    return (Object.keys(next) as (keyof ItemProps)[]).some((key) => (key === 'record' ? !sameRecord(next.record, this.props.record) : next[key] !== this.props[key]));
  }
  override render(props: ItemProps) {
    return Item(props);
  }
}

function Item({ item, text, record, today, live, effort, open, hidden, onToggle }: ItemProps) {
  const status = today ? itemStatus(item, record, today) : { kind: record?.done ? ('done' as const) : ('todo' as const) };
  const detailsId = `details-${item.id}`;
  const field = (name: keyof ItemRecord) => `${name}-${item.id}`;
  // A change the browser could not save is put back by hand: the state did not change, so nothing re-renders.
  const save = (name: keyof ItemRecord, input: HTMLInputElement | HTMLTextAreaElement) => {
    if (!recordField(item.id, name, input.value)) input.value = record?.[name] ?? '';
  };
  return (
    <li id={item.id} class={`checklist__item checklist__item--${status.kind}`} hidden={hidden}>
      <div class="checklist__head">
        <h4 class="checklist__title">
          <label>
            <input
              type="checkbox"
              checked={record?.done !== undefined}
              disabled={!live}
              onChange={(event) => {
                const box = event.currentTarget;
                if (!markItem(item.id, box.checked, today)) box.checked = !box.checked;
              }}
            />{' '}
            {item.title}
          </label>
        </h4>
        <p class="checklist__meta">
          <span>Level {item.level}</span>
          <span>{effort}</span>
          {/* Before the saved records are read (and with JavaScript off), an owner or status would only be a guess. */}
          <span>Owner: {live ? (record?.owner ?? 'nobody yet') : '…'}</span>
          {record?.due && <span>Due {record.due}</span>}
          <span class={`status status--${status.kind}`}>{live ? describeStatus(status, record) : '…'}</span>
        </p>
        {live && (
          <button type="button" class="button button--small button--secondary checklist__toggle" aria-expanded={open ? 'true' : 'false'} aria-controls={detailsId} onClick={() => onToggle(item.id)}>
            {open ? 'Hide details' : 'Details'}
            <span class="visually-hidden">: {item.title}</span>
          </button>
        )}
      </div>
      <div class="checklist__details" id={detailsId} hidden={!open}>
        {text}
        {item.cadenceDays !== undefined && (
          <p>
            <strong>Check again:</strong> every {item.cadenceDays} days
            {status.nextCheck ? ` (next on ${status.nextCheck})` : ''}.
          </p>
        )}
        {/* The fields exist while the item is open: the items' fields are most of the page's
            elements, and hydrating and laying them all out made starting the page a long task. */}
        {open && (
          <div class="checklist__fields">
            <div class="field">
              <label for={field('done')}>Done on</label>
              <input id={field('done')} type="date" value={record?.done ?? ''} disabled={!live} onChange={(e) => save('done', e.currentTarget)} />
            </div>
            <div class="field">
              <label for={field('owner')}>Owner</label>
              <input
                id={field('owner')}
                type="text"
                list="checklist-owners"
                maxLength={maxOwnerLength}
                value={record?.owner ?? ''}
                disabled={!live}
                onChange={(e) => save('owner', e.currentTarget)}
              />
            </div>
            <div class="field">
              <label for={field('due')}>Due</label>
              <input id={field('due')} type="date" value={record?.due ?? ''} disabled={!live} onChange={(e) => save('due', e.currentTarget)} />
            </div>
            <div class="field checklist__notes">
              <label for={field('notes')}>Notes</label>
              <textarea id={field('notes')} rows={2} maxLength={maxNotesLength} value={record?.notes ?? ''} disabled={!live} onChange={(e) => save('notes', e.currentTarget)} />
            </div>
          </div>
        )}
      </div>
    </li>
  );
}
