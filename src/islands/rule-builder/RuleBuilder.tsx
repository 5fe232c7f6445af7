/**
 * The rule builder on /rules/: start from a template, a blank rule, your own saved rules, a rule
 * file, a share link or a Sigma rule; fill in the rule as a sentence; see every tool's file as you
 * type; try it on an event; keep it in "My rules". All rule logic is in src/lib/rules; this island
 * holds the form state and the browser-only parts. Code only some people need (the exports, YAML,
 * try-it, files and Sigma import) loads when they first need it.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useStore } from '@nanostores/preact';
import type { Rule, RuleSet } from '../../lib/rules/model.ts';
import { blankDraft, draftFromRule, ruleFromDraft, whoChoices, type Draft } from '../../lib/rules/builder/draft.ts';
import { actionById, addActionChecks } from '../../lib/rules/actions.ts';
import { fieldOf } from '../../lib/rules/field-names.ts';
import { useCatalogue } from '../../lib/rules/source-catalogues.ts';
import { sourceOf, type RuleSource } from '../../lib/rules/sources.ts';
import { fieldErrors, builderFields, type FieldErrors } from '../../lib/rules/builder/field-errors.ts';
import { suggestMeans, suggestRuleId, suggestTitle, suggestWhatToDo, sentenceOf } from '../../lib/rules/words/rule.ts';
import {
  $myRules,
  $rulesProblem,
  $undo,
  addRuleSet,
  deleteRule,
  duplicateRule,
  keepNewRules,
  replaceMyRules,
  saveRule,
  startMyRules,
  undoRulesChange,
} from '../../stores/rules.ts';
import { rulesShareKey } from '../../lib/rules/builder/stored-rules.ts';
import type { MergeSource } from '../../lib/rules/builder/merge.ts';
import type { Backup } from '../../lib/storage/backup.ts';
import { backupNotice } from '../../lib/storage/backup-words.ts';
import { now } from '../../stores/clock.ts';
import { SentenceForm, fieldId } from './SentenceForm.tsx';
import { wholeTemplate } from './templates.ts';
import UndoButtons from '../UndoButtons.tsx';

type Checker = typeof import('./checker.ts');

/**
 * The cluster's actions and fields load only when someone picks the cluster or opens a cluster
 * rule: importing them adds them to the catalogue the form and the sentence read.
 */
let clusterCatalogue: Promise<void> | undefined;
let checksLoaded: Promise<void> | undefined;
const loadActionChecks = (): Promise<void> => (checksLoaded ??= import('../../lib/rules/action-checks.ts').then((m) => addActionChecks(m.actionChecks)));
const catalogueFor = (source: RuleSource): Promise<void> =>
  source === 'cloudtrail' ? Promise.resolve() : (clusterCatalogue ??= import('../../lib/rules/sources/k8s-audit-actions.ts').then((m) => useCatalogue(m.clusterCatalogue)));
type Switching = typeof import('./SourceSwitch.tsx');
type Panels = typeof import('./Panels.tsx');

const fieldLabels: Record<(typeof builderFields)[number], string> = {
  when: 'What it looks for',
  roles: 'Roles to ignore',
  users: 'People to ignore',
  regions: 'Regions',
  notify: 'Channel',
  urgency: 'How urgent',
  timeZone: 'Time zone',
  days: 'Working days',
  start: 'Working hours start',
  end: 'Working hours end',
  title: 'Title',
  means: 'What it means',
  whatToDo: 'What to do',
  id: 'Rule id',
  other: 'The rule',
};

/** The Undo notice: what changed, and when what it replaced was kept ("today at 10:00"). */
function undoWords(backup: Backup): string {
  return backupNotice(backup, { subject: 'Your rules before that', plural: true }, now());
}

/** Fills in the texts and id the person has not written themselves, from the sentence. */
function withSuggestions(draft: Draft, takenIds: readonly string[]): Draft {
  const rule = ruleFromDraft(draft);
  const title = draft.edited.title ? draft.title : suggestTitle(rule);
  const next = { ...draft, title };
  if (!draft.edited.means) next.means = suggestMeans(rule);
  if (!draft.edited.whatToDo) next.whatToDo = suggestWhatToDo(rule);
  if (!draft.idEdited) next.id = suggestRuleId(title, takenIds);
  return next;
}

export default function RuleBuilder() {
  const mine = useStore($myRules);
  const problem = useStore($rulesProblem);
  const undo = useStore($undo);
  const [draft, setDraft] = useState<Draft | undefined>(undefined);
  /** The id the rule had in "My rules" when editing started; undefined for a new rule. */
  const [editingId, setEditingId] = useState<string | undefined>(undefined);
  const [checker, setChecker] = useState<Checker | undefined>(undefined);
  const [panels, setPanels] = useState<Panels | undefined>(undefined);
  const [showErrors, setShowErrors] = useState(false);
  const [yamlMode, setYamlMode] = useState(false);
  const [status, setStatus] = useState('');
  /** The rules just added from a link or file, while the person may still choose to replace My rules with them instead. */
  const [offer, setOffer] = useState<{ ruleSet: RuleSet; source: MergeSource } | undefined>(undefined);
  /** What the last add did, shown when there is no Undo notice to say it (My rules were empty, or nothing was new). */
  const [added, setAdded] = useState<string | undefined>(undefined);
  /** The code for switching what to watch, once someone first switches. */
  const [switchUi, setSwitchUi] = useState<Switching | undefined>(undefined);
  /** What to watch while its catalogue loads: the radio stays as clicked until the switch is made or asked about. */
  const [choosingSource, setChoosingSource] = useState<RuleSource | undefined>(undefined);
  /** A switch of what to watch that would drop something, waiting for the person to say yes. */
  const [switching, setSwitching] = useState<import('./SourceSwitch.tsx').Pending | undefined>(undefined);
  /** The form before the last switch that dropped something, so it can be brought back. */
  const [beforeSwitch, setBeforeSwitch] = useState<import('./SourceSwitch.tsx').Done | undefined>(undefined);
  /** False in the page as served: the buttons wait for the island to start rather than pretend to work. */
  const [live, setLive] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const otherIds = useMemo(() => mine.rules.map((r) => r.id).filter((id) => id !== editingId), [mine, editingId]);
  const rule = useMemo(() => (draft ? ruleFromDraft(draft) : undefined), [draft]);
  const checked = useMemo(() => (checker && rule ? checker.checkRule(rule, mine.alerting) : undefined), [checker, rule, mine.alerting]);
  const errors: FieldErrors = useMemo(() => (checked && rule ? fieldErrors(checked.errors, 0, rule, otherIds) : {}), [checked, rule, otherIds]);
  const valid = checked !== undefined && Object.keys(errors).length === 0;
  // The panels under the form (each tool's file, try-it) take the rule one frame later: an edit
  // paints the sentence and the form first. Until they have it they say they are updating.
  const [panelsHave, setPanelsHave] = useState<{ rule: Rule; valid: boolean } | undefined>(undefined);
  useEffect(() => setPanelsHave(rule ? { rule, valid } : undefined), [rule, valid]);
  const panelsBehind = panelsHave?.rule !== rule || panelsHave?.valid !== valid;
  const rulePanels = useMemo(
    () =>
      panels && panelsHave ? (
        <panels.RulePanels rule={panelsHave.rule} valid={panelsHave.valid} alerting={mine.alerting} onSaveExample={(r: Rule) => setDraft((d) => (d ? { ...d, keep: { ...d.keep, examples: r.examples } } : d))} />
      ) : null,
    [panels, panelsHave, mine.alerting],
  );

  // Once in the browser: saved rules, then a share link or a template named in the address.
  useEffect(() => {
    setLive(true);
    const hash = new URLSearchParams(location.hash.slice(1));
    // A share link is read after the saved rules, so the saved ones are what Undo brings back.
    void startMyRules().then(() => {
      if (hash.has(rulesShareKey)) void openShareLink(location.href);
    });
    const wanted = new URLSearchParams(location.search).get('template');
    if (wanted) void openTemplate(wanted, { fromLink: true });
  }, []);

  // "Use this rule" in the template list under the island (TemplateList.astro): plain HTML the
  // island never draws, so the page does not read and draw the templates twice. Its buttons wait,
  // disabled, until the builder can answer them.
  useEffect(() => {
    const list = document.querySelector<HTMLElement>('.template-list');
    if (!list) return;
    const buttons = list.querySelectorAll<HTMLButtonElement>('button[data-template]');
    for (const button of buttons) button.disabled = false;
    const onClick = (event: MouseEvent) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-template]');
      if (button) void openTemplate(button.dataset.template!);
    };
    list.addEventListener('click', onClick);
    return () => list.removeEventListener('click', onClick);
  }, []);

  // The checker and the panels load once the person starts editing, not before; so do the lines of
  // what to check first, after which "What to do" is suggested again from them.
  useEffect(() => {
    if (!draft) return;
    if (!checker) void import('./checker.ts').then(setChecker);
    if (!panels) void import('./Panels.tsx').then(setPanels);
    void loadActionChecks().then(() => change((d) => d));
  }, [draft !== undefined]);

  async function openShareLink(link: string) {
    const { ruleSetFromShareLink } = await import('../../lib/rules/builder/share-link.ts');
    const read = await ruleSetFromShareLink(link);
    if (!read.ok) return $rulesProblem.set(read.problem);
    // Read once: a reload must not add the same rules again.
    if (await addFrom(read.ruleSet, { kind: 'link' })) history.replaceState(null, '', location.pathname + location.search);
  }

  /** Adds a shared rule set to My rules (never replaces), and offers to replace instead. */
  async function addFrom(ruleSet: RuleSet, source: MergeSource): Promise<boolean> {
    const before = $myRules.get().rules.length;
    const summary = await addRuleSet(ruleSet, source);
    if (summary === undefined) return false;
    setStatus(summary);
    setAdded(summary);
    // Replacing only means something when My rules held rules the incoming set does not.
    setOffer(before > 0 ? { ruleSet, source } : undefined);
    return true;
  }

  async function replaceInstead() {
    if (!offer) return;
    const from = offer.source.kind === 'link' ? 'the share link' : offer.source.name;
    const n = offer.ruleSet.rules.length;
    if (await replaceMyRules(offer.ruleSet, `Replaced My rules with the ${n} rule${n === 1 ? '' : 's'} from ${from}.`)) {
      setOffer(undefined);
      setStatus(`My rules are now the ${n} from ${from}.`);
    }
  }

  /** Opens a rule once its source's catalogue is there, so its actions read back as actions. */
  /** Opens a template as a new rule of one's own, once its whole rule has arrived. */
  async function openTemplate(templateId: string, { fromLink = false } = {}) {
    const rule = await wholeTemplate(templateId).catch(() => null);
    if (rule === null) return $rulesProblem.set('The template could not be loaded. Check the connection and try again, or reload the page.');
    // An address naming no template (a typo, or a template since renamed) says so rather than doing nothing.
    if (rule === undefined)
      return $rulesProblem.set(
        fromLink ? `The address asks for a template called “${templateId}”, and there is none by that name. Pick one from the list below.` : `There is no template called “${templateId}”.`,
      );
    startFrom(rule, undefined);
  }

  function startFrom(from: Rule | undefined, id: string | undefined) {
    if (from && sourceOf(from) !== 'cloudtrail') void catalogueFor(sourceOf(from)).then(() => openRule(from, id));
    else openRule(from, id);
  }

  function openRule(from: Rule | undefined, id: string | undefined) {
    const taken = $myRules.get().rules.map((r) => r.id);
    let next: Draft;
    if (from) {
      next = draftFromRule(from);
      // A template becomes the person's own rule: keep its texts, give it an id not already taken.
      if (id === undefined && taken.includes(next.id)) next.id = suggestRuleId(next.title, taken);
    } else {
      next = withSuggestions(blankDraft(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'), taken);
    }
    setDraft(next);
    setEditingId(id);
    setShowErrors(false);
    setYamlMode(false);
    setSwitching(undefined);
    setBeforeSwitch(undefined);
    setStatus(from ? `Editing “${from.title}”.` : 'Started a blank rule.');
    requestAnimationFrame(() => heading.current?.focus());
  }

  function change(update: (d: Draft) => Draft) {
    setDraft((old) => (old ? withSuggestions(update(old), otherIds) : old));
  }

  /** Moves the form to what the person picked to watch: at once when everything fits, or after asking. */
  async function chooseSource(to: RuleSource) {
    if (!draft || draft.source === to) return;
    setChoosingSource(to);
    try {
      const [ui] = await Promise.all([import('./SourceSwitch.tsx'), catalogueFor(to)]);
      setSwitchUi(ui);
      const { said } = ui;
      const moved = ui.switchSource(draft, to, {
        actionLabel: (id) => actionById(id)?.label,
        whoLabel: (w) => whoChoices[w].label,
        hasField: (path, source) => fieldOf(path, source) !== undefined,
      });
      if (moved.dropped.length === 0) {
        change(() => moved.draft);
        setSwitching(undefined);
        setStatus(said.now(to));
        return;
      }
      setSwitching({ to, dropped: moved.dropped, next: moved.draft });
      setStatus(said.ask(to, moved.dropped.length));
    } finally {
      // Cleared in the same turn as the switch or the question, so no render shows the old choice in between.
      setChoosingSource(undefined);
    }
  }

  function confirmSwitch() {
    if (!draft || !switching || !switchUi) return;
    const { said } = switchUi;
    setBeforeSwitch({ draft, from: draft.source, dropped: switching.dropped });
    change(() => switching.next);
    setStatus(said.done(switching.to));
    setSwitching(undefined);
  }

  function undoSwitch() {
    if (!beforeSwitch || !switchUi) return;
    const { said } = switchUi;
    setDraft(beforeSwitch.draft);
    setStatus(said.undone(beforeSwitch.from));
    setBeforeSwitch(undefined);
  }

  async function save() {
    if (!draft || !rule) return;
    setShowErrors(true);
    if (!checker) return setStatus('The checker is still loading; try again in a moment.');
    if (!valid) {
      setStatus(`Please fix ${Object.keys(errors).length === 1 ? 'the field' : `the ${Object.keys(errors).length} fields`} listed at the top.`);
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    if (await saveRule(rule, editingId)) {
      setEditingId(rule.id);
      setStatus(`Saved “${rule.title}” in My rules.`);
    }
  }

  function close() {
    setSwitching(undefined);
    setBeforeSwitch(undefined);
    setDraft(undefined);
    setEditingId(undefined);
    setStatus('');
  }

  const shownErrors = showErrors ? errors : {};
  const errorList = builderFields.filter((f) => shownErrors[f]);

  return (
    <div class="builder">
      {problem && (
        <div class="notice notice--error" role="alert">
          <p>{problem}</p>
          <button type="button" class="button button--secondary" onClick={() => $rulesProblem.set(undefined)}>
            Dismiss
          </button>
        </div>
      )}
      <p class="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {added && !undo && (
        <div class="notice" role="status">
          <p>{added}</p>
          <button type="button" class="button button--secondary" onClick={() => setAdded(undefined)}>
            Dismiss
          </button>
        </div>
      )}
      {undo && (
        <div class="notice builder-undo" role="status">
          <p>{undoWords(undo)}</p>
          <div class="button-row">
            <UndoButtons
              onUndo={async () => {
                if (await undoRulesChange()) {
                  setOffer(undefined);
                  setAdded(undefined);
                  setStatus('Undone: My rules are as they were before.');
                }
              }}
              onKeep={() => {
                keepNewRules();
                setAdded(undefined);
                setStatus('Kept My rules as they are now.');
              }}
              keepLabel="Keep the new ones"
            />
            {offer && (
              <>
                {' '}
                <button type="button" class="button button--secondary" onClick={() => void replaceInstead()}>
                  Replace My rules with these instead
                </button>
              </>
            )}
          </div>
        </div>
      )}

      {draft && rule ? (
        <section class="builder-edit" aria-labelledby="builder-editing">
          <h2 id="builder-editing" tabindex={-1} ref={heading}>
            {editingId ? 'Edit your rule' : 'Build a rule'}
          </h2>
          <p class="builder-sentence" aria-live="polite">
            {sentenceOf(rule)}
          </p>
          {errorList.length > 0 && (
            <div class="notice notice--error builder-error-summary" tabindex={-1} ref={summary} aria-labelledby="builder-error-title">
              <h3 id="builder-error-title">Fix {errorList.length === 1 ? 'this' : `these ${errorList.length}`} before saving</h3>
              <ul>
                {errorList.map((f) => (
                  <li key={f}>
                    <a href={`#${fieldId(f)}`}>
                      {fieldLabels[f]}: {shownErrors[f]}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {panels && (
            <panels.YamlMode
              rule={rule}
              active={yamlMode}
              setActive={setYamlMode}
              onApply={(r: Rule) => {
                void catalogueFor(sourceOf(r)).then(() => {
                  setDraft(draftFromRule(r));
                  setStatus('Read the rule from the YAML.');
                });
              }}
            />
          )}
          {!yamlMode && (
            <SentenceForm draft={draft} errors={shownErrors} change={change} onSource={(to) => void chooseSource(to)} choosing={choosingSource}>
              {switchUi && (
                <switchUi.SwitchNotices
                  current={draft.source}
                  pending={switching}
                  done={beforeSwitch}
                  onConfirm={confirmSwitch}
                  onKeep={() => {
                    setSwitching(undefined);
                    setStatus(switchUi.said.kept(draft.source));
                  }}
                  onUndo={undoSwitch}
                  onDismiss={() => setBeforeSwitch(undefined)}
                />
              )}
            </SentenceForm>
          )}
          <div class="button-row">
            <button type="button" class="button" onClick={save}>
              {editingId ? 'Save changes' : 'Save to My rules'}
            </button>{' '}
            <button type="button" class="button button--secondary" onClick={close}>
              Close
            </button>
          </div>
          <div aria-busy={panelsBehind ? 'true' : 'false'}>{rulePanels}</div>
        </section>
      ) : (
        <section aria-labelledby="builder-start">
          <h2 id="builder-start">Build a rule</h2>
          <p>Start from one of the rules below, or from a blank rule, and say in plain words what should raise an alert.</p>
          {!live && (
            <p class="hint" id="builder-needs-js">
              The builder needs JavaScript, and starts once the page has loaded. Without it, open any template below: its page shows every
              tool’s file to download.
            </p>
          )}
          <div class="button-row">
            <button type="button" class="button" disabled={!live} onClick={() => startFrom(undefined, undefined)}>
              Start a blank rule
            </button>
          </div>
        </section>
      )}

      <section aria-labelledby="my-rules">
        <h2 id="my-rules">My rules</h2>
        {mine.rules.length === 0 ? (
          <p>Rules you save are kept here, in this browser only. Nothing is sent anywhere.</p>
        ) : (
          <ul class="builder-mine">
            {mine.rules.map((r) => (
              <li key={r.id}>
                <span class="builder-mine__title">{r.title}</span> <span class="urgency" data-urgency={r.urgency}>{r.notify}</span>
                <span class="builder-mine__actions">
                  <button type="button" class="button button--secondary" onClick={() => startFrom(r, r.id)} aria-label={`Edit ${r.title}`}>
                    Edit
                  </button>
                  <button
                    type="button"
                    class="button button--secondary"
                    onClick={async () => {
                      if (await duplicateRule(r.id)) setStatus(`Made a copy of “${r.title}”.`);
                    }}
                    aria-label={`Duplicate ${r.title}`}
                  >
                    Duplicate
                  </button>
                  <button
                    type="button"
                    class="button button--secondary"
                    onClick={async () => {
                      if (await deleteRule(r.id)) {
                        if (editingId === r.id) close();
                        setStatus(`Deleted “${r.title}”. Undo is above.`);
                      }
                    }}
                    aria-label={`Delete ${r.title}`}
                  >
                    Delete
                  </button>
                </span>
              </li>
            ))}
          </ul>
        )}
        {panels ? (
          <panels.RuleSetFiles ruleSet={mine} onOpen={(r: Rule) => startFrom(r, undefined)} onAdd={addFrom} onStatus={setStatus} />
        ) : (
          <div class="button-row">
            <button type="button" class="button button--secondary" disabled={!live} onClick={() => void import('./Panels.tsx').then(setPanels)}>
              Save, load, share or import rules…
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
