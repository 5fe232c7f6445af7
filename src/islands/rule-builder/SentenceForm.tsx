/**
 * The rule as a sentence the person fills in: When [someone] [does what] [to what] · unless … ·
 * only in … · tell … · how urgent · at what hours; then the extra field tests for experts, and
 * the texts written from the sentence (editable). Every field's error sits next to it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { searchActions, actionById } from '../../lib/rules/actions.ts';
import { fieldsOf } from '../../lib/rules/field-names.ts';
import type { RuleSource } from '../../lib/rules/sources.ts';
import { countWindowMinutes, urgencies, urgencyWords, weekdays, type Urgency } from '../../lib/rules/vocabulary.ts';
import { operatorWords, operators, targetFieldsOf, whoChoices, type Draft, type DraftCount, type DraftTest, type Operator, type Who } from '../../lib/rules/builder/draft.ts';
import type { BuilderField, FieldErrors } from '../../lib/rules/builder/field-errors.ts';
import Field from '../Field.tsx';
import Options from '../Options.tsx';
import SearchField from './SearchField.tsx';

interface Props {
  draft: Draft;
  errors: FieldErrors;
  change: (update: (d: Draft) => Draft) => void;
  /** The person picked what to watch; the builder loads its catalogue and asks before dropping anything. */
  onSource: (to: RuleSource) => void;
  /** The choice being loaded, shown as picked meanwhile: a render before the catalogue arrives must not undo the person's click. */
  choosing?: RuleSource | undefined;
  /** Shown right under the choice of what to watch: the question before a switch drops anything, or its undo. */
  children?: ComponentChildren;
}

/** What a rule can watch, as the form offers it. */
const watchChoices: [RuleSource, string][] = [
  ['cloudtrail', 'An AWS account (what CloudTrail records)'],
  ['k8s-audit', 'A Kubernetes cluster (what its audit log records)'],
];

/** The element id of a field, for labels, error links and focus. */
export const fieldId = (field: BuilderField): string => `builder-${field}`;

/** How a counting rule's groups are offered: counted together, per person or role, per address. */
const countByChoices: [DraftCount['by'], string][] = [
  ['who', 'by the same person or role'],
  ['address', 'from the same address'],
  ['together', 'all together, whoever did it'],
];

const urgencyHints: Record<Urgency, string> = {
  'wake-me-up': 'pages whoever is on call, day or night',
  'look-today': 'someone looks at it today',
  fyi: 'a note in the channel, no one needs to act',
};

function ErrorText({ field, errors }: { field: BuilderField; errors: FieldErrors }) {
  return errors[field] ? (
    <p class="field__error" id={`${fieldId(field)}-error`}>
      {errors[field]}
    </p>
  ) : null;
}

const invalid = (field: BuilderField, errors: FieldErrors) =>
  errors[field] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${fieldId(field)}-error` } : {};

export function SentenceForm({ draft, errors, change, onSource, choosing, children }: Props) {
  const cluster = draft.source === 'k8s-audit';
  const [actionSearch, setActionSearch] = useState('');
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => {
    try {
      setZones(Intl.supportedValuesOf('timeZone'));
    } catch {
      // An old browser without the list: the field still takes any zone name.
    }
  }, []);
  // The source's fields: the cluster's are there once its catalogue has loaded (it loads before the switch).
  const offeredFields = fieldsOf(draft.source);
  // Long lists that change only with the source: made once, so an edit does not redraw them.
  const fieldNames = useMemo(
    () => (
      <datalist id="builder-field-names">
        {offeredFields.map((f) => (
          <option key={f.path} value={f.path}>
            {f.plainName}
          </option>
        ))}
      </datalist>
    ),
    [draft.source],
  );
  const zoneList = useMemo(
    () => (
      <datalist id="builder-zones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
    ),
    [zones],
  );
  const found = useMemo(() => (actionSearch.trim() ? searchActions(actionSearch, draft.source).slice(0, 12) : []), [actionSearch, draft.source]);
  const chosen = draft.actions.map(actionById).filter((a) => a !== undefined);
  const targets = targetFieldsOf(draft.actions);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => change((d) => ({ ...d, [key]: value }));
  const text = (key: 'roles' | 'users' | 'regions' | 'notify') => (e: Event) => set(key, (e.currentTarget as HTMLInputElement).value);
  const setTest = (i: number, patch: Partial<DraftTest>) => change((d) => ({ ...d, tests: d.tests.map((t, j) => (j === i ? { ...t, ...patch } : t)) }));

  return (
    <div class="builder-form">
      <fieldset class="builder-part builder-watch">
        <legend>What to watch</legend>
        {watchChoices.map(([source, words]) => (
          <label class="choice" key={source}>
            <input type="radio" name="builder-source" value={source} checked={(choosing ?? draft.source) === source} onChange={() => onSource(source)} /> {words}
          </label>
        ))}
      </fieldset>
      {children}
      <fieldset class="builder-part" id={fieldId('when')} tabindex={-1} {...(errors.when ? { 'aria-describedby': `${fieldId('when')}-error` } : {})}>
        <legend>When</legend>
        <ErrorText field="when" errors={errors} />
        {!cluster && (
          <div class="field">
            <label for="builder-who">Who</label>
            <select id="builder-who" value={draft.who} onChange={(e) => set('who', e.currentTarget.value as Who)}>
              <Options values={Object.keys(whoChoices) as Who[]} label={(w) => whoChoices[w].label} />
            </select>
          </div>
        )}
        <SearchField
          id="builder-action-search"
          label="Does what"
          hintId="builder-action-hint"
          hint={
            cluster
              ? 'Type a few words, like “shell”, “secret” or “role”, then tick the actions. Kubernetes names work too.'
              : 'Type a few words, like “server”, “access key” or “logging”, then tick the actions. AWS names work too.'
          }
          value={actionSearch}
          onSearch={setActionSearch}
          describedBy="builder-action-hint"
          controls="builder-action-results"
        >
          <ul class="builder-choices" id="builder-action-results" aria-label="Actions">
            {[...chosen, ...found.filter((a) => !draft.actions.includes(a.id))].map((a) => (
              <li key={a.id}>
                <label class="choice">
                  <input
                    type="checkbox"
                    checked={draft.actions.includes(a.id)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      change((d) => ({ ...d, actions: on ? [...d.actions, a.id] : d.actions.filter((x) => x !== a.id) }));
                    }}
                  />
                  <span>
                    {a.label} <span class="hint">({cluster ? a.eventNames.join(', ') : `${a.service}: ${a.eventNames.join(', ')}`})</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {actionSearch.trim() && found.length === 0 && <p class="hint">No action matches “{actionSearch}”. Add a test on a field below instead.</p>}
        </SearchField>
        {targets.map((t) => (
          <div class="field" key={t.field}>
            <label for={`builder-target-${t.field}`}>
              {t.field === 'objectRef.namespace' ? 'In which namespace' : `To what: ${t.label}`} <span class="hint">(leave empty for any)</span>
            </label>
            <input
              id={`builder-target-${t.field}`}
              type="text"
              placeholder={String(t.example)}
              value={draft.targets[t.field] ?? ''}
              onInput={(e) => {
                const value = e.currentTarget.value;
                change((d) => ({ ...d, targets: { ...d.targets, [t.field]: value } }));
              }}
            />
          </div>
        ))}
      </fieldset>

      <fieldset class="builder-part">
        <legend>And also, for experts: tests on any field</legend>
        {draft.tests.length > 1 && (
          <div class="field">
            <label for="builder-match">These tests must</label>
            <select id="builder-match" value={draft.match} onChange={(e) => set('match', e.currentTarget.value as 'allOf' | 'anyOf')}>
              <option value="allOf">all hold</option>
              <option value="anyOf">hold at least one</option>
            </select>
          </div>
        )}
        {fieldNames}
        {draft.tests.map((t, i) => {
          const n = i + 1;
          const known = offeredFields.find((f) => f.path === t.field);
          return (
            <div class="builder-test" key={i} role="group" aria-label={`Test ${n}`}>
              <Field id={`builder-test-${i}-field`} label="Field">
                <input id={`builder-test-${i}-field`} type="text" list="builder-field-names" value={t.field} onInput={(e) => setTest(i, { field: e.currentTarget.value })} autocomplete="off" />
                {known && (
                  <p class="hint">
                    {known.plainName}; for example {known.examples.slice(0, 3).map(String).join(', ')}
                  </p>
                )}
              </Field>
              <label class="choice">
                <input type="checkbox" checked={t.negate} onChange={(e) => setTest(i, { negate: e.currentTarget.checked })} /> does not
              </label>
              <Field id={`builder-test-${i}-operator`} label="Test">
                <select id={`builder-test-${i}-operator`} value={t.operator} onChange={(e) => setTest(i, { operator: e.currentTarget.value as Operator })}>
                  <Options values={operators} label={(o) => operatorWords[o]} />
                </select>
              </Field>
              {t.operator !== 'exists' && t.operator !== 'missing' && (
                <>
                  <Field id={`builder-test-${i}-value`} label="Value">
                    <input id={`builder-test-${i}-value`} type="text" value={t.value} onInput={(e) => setTest(i, { value: e.currentTarget.value })} autocomplete="off" />
                  </Field>
                  <label class="choice">
                    <input type="checkbox" checked={t.ignoreCase} onChange={(e) => setTest(i, { ignoreCase: e.currentTarget.checked })} /> ignore upper and lower case
                  </label>
                </>
              )}
              <button type="button" class="button button--secondary" onClick={() => change((d) => ({ ...d, tests: d.tests.filter((_, j) => j !== i) }))}>
                Remove test {n}
              </button>
            </div>
          );
        })}
        {draft.advanced && (
          <p class="notice">
            This rule also has a condition with groups inside groups, which the form cannot show. It is kept as it is; switch to
            YAML to see or change it.
          </p>
        )}
        <button
          type="button"
          class="button button--secondary"
          onClick={() => change((d) => ({ ...d, tests: [...d.tests, { field: '', operator: 'equals', value: '', negate: false, ignoreCase: false }] }))}
        >
          Add a test on a field
        </button>
      </fieldset>

      <fieldset class="builder-part">
        <legend>Unless</legend>
        {cluster ? (
          <label class="choice">
            <input type="checkbox" checked={draft.cluster} onChange={(e) => set('cluster', e.currentTarget.checked)} /> the cluster did it itself (its
            nodes, the helpers in kube-system, the control plane, EKS)
          </label>
        ) : (
          <label class="choice">
            <input type="checkbox" checked={draft.awsOnBehalf} onChange={(e) => set('awsOnBehalf', e.currentTarget.checked)} /> AWS did it on your behalf
            (auto-scaling, EKS node groups)
          </label>
        )}
        <label class="choice">
          <input type="checkbox" checked={draft.failed} onChange={(e) => set('failed', e.currentTarget.checked)} /> {cluster ? 'it was refused or failed' : 'it failed'}
        </label>
        {!cluster && (
          <div class="field">
            <label for={fieldId('roles')}>These roles did it (comma-separated role names)</label>
            <input id={fieldId('roles')} type="text" value={draft.roles} onInput={text('roles')} autocomplete="off" {...invalid('roles', errors)} />
            <ErrorText field="roles" errors={errors} />
          </div>
        )}
        <div class="field">
          <label for={fieldId('users')}>{cluster ? 'These people did it (comma-separated user names, as the cluster knows them)' : 'These people did it (comma-separated IAM user names)'}</label>
          <input id={fieldId('users')} type="text" value={draft.users} onInput={text('users')} autocomplete="off" {...invalid('users', errors)} />
          <ErrorText field="users" errors={errors} />
        </div>
      </fieldset>

      {!cluster && (
        <div class="field">
          <label for={fieldId('regions')}>Only in these regions (comma-separated; leave empty for all)</label>
          <input id={fieldId('regions')} type="text" placeholder="eu-west-1, eu-central-1" value={draft.regions} onInput={text('regions')} autocomplete="off" {...invalid('regions', errors)} />
          <ErrorText field="regions" errors={errors} />
        </div>
      )}

      <fieldset class="builder-part">
        <legend>How often</legend>
        <label class="choice">
          <input type="checkbox" checked={draft.count.on} onChange={(e) => set('count', { ...draft.count, on: e.currentTarget.checked })} /> Only when it
          happens many times in a short time (a burst), not on each event
        </label>
        {draft.count.on && (
          <div class="field">
            <label for={'builder-count-at-least'}>How many times</label>
            <input
              id={'builder-count-at-least'}
              type="number"
              min={2}
              step={1}
              value={draft.count.atLeast}
              onInput={(e) => set('count', { ...draft.count, atLeast: Math.max(2, Math.round(Number(e.currentTarget.value)) || 2) })}
            />
            <label for={'builder-count-within'}>Within</label>
            <select
              id={'builder-count-within'}
              value={String(draft.count.withinMinutes)}
              onChange={(e) => set('count', { ...draft.count, withinMinutes: Number(e.currentTarget.value) as DraftCount['withinMinutes'] })}
            >
              {countWindowMinutes.map((m) => (
                <option key={m} value={String(m)}>
                  {m % 60 === 0 ? `${m / 60} hour${m === 60 ? '' : 's'}` : `${m} minute${m === 1 ? '' : 's'}`}
                </option>
              ))}
            </select>
            <fieldset>
              <legend>Counted</legend>
              {countByChoices.map(([by, words]) => (
                <label class="choice" key={by}>
                  <input type="radio" name="builder-count-by" checked={draft.count.by === by} onChange={() => set('count', { ...draft.count, by })} /> {words}
                </label>
              ))}
            </fieldset>
            <p class="hint">Minutes are counted in fixed blocks on the clock (UTC), so a burst split across two blocks counts as two smaller ones.</p>
          </div>
        )}
      </fieldset>

      <fieldset class="builder-part">
        <legend>Tell</legend>
        <div class="field">
          <label for={fieldId('notify')}>Channel</label>
          <input id={fieldId('notify')} type="text" value={draft.notify} onInput={text('notify')} autocomplete="off" {...invalid('notify', errors)} />
          <ErrorText field="notify" errors={errors} />
        </div>
        <fieldset id={fieldId('urgency')} tabindex={-1}>
          <legend>How urgent</legend>
          {urgencies.map((u) => (
            <label class="choice" key={u}>
              <input type="radio" name="builder-urgency" value={u} checked={draft.urgency === u} onChange={() => set('urgency', u)} />
              {urgencyWords[u]} <span class="hint">({urgencyHints[u]})</span>
            </label>
          ))}
          <ErrorText field="urgency" errors={errors} />
        </fieldset>
        <fieldset>
          <legend>At what hours</legend>
          <label class="choice">
            <input type="radio" name="builder-hours" checked={draft.hours === 'any'} onChange={() => set('hours', 'any')} /> The same at any hour
          </label>
          <label class="choice">
            <input type="radio" name="builder-hours" checked={draft.hours === 'working'} onChange={() => set('hours', 'working')} /> Outside working hours,
            escalate: page whoever is on call
          </label>
          {draft.hours === 'working' && (
            <div class="builder-hours">
              <fieldset id={fieldId('days')} tabindex={-1}>
                <legend>Working days</legend>
                {weekdays.map((day) => (
                  <label class="choice" key={day}>
                    <input
                      type="checkbox"
                      checked={draft.workingHours.days.includes(day)}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        change((d) => ({
                          ...d,
                          workingHours: { ...d.workingHours, days: weekdays.filter((w) => (w === day ? on : d.workingHours.days.includes(w))) },
                        }));
                      }}
                    />
                    {day[0]!.toUpperCase() + day.slice(1)}
                  </label>
                ))}
                <ErrorText field="days" errors={errors} />
              </fieldset>
              {(['start', 'end'] as const).map((edge) => (
                <div class="field" key={edge}>
                  <label for={fieldId(edge)}>{edge === 'start' ? 'From' : 'Until'} (HH:MM)</label>
                  <input
                    id={fieldId(edge)}
                    type="text"
                    inputMode="numeric"
                    value={draft.workingHours[edge]}
                    onInput={(e) => {
                      const value = e.currentTarget.value;
                      change((d) => ({ ...d, workingHours: { ...d.workingHours, [edge]: value } }));
                    }}
                    {...invalid(edge, errors)}
                  />
                  <ErrorText field={edge} errors={errors} />
                </div>
              ))}
              <div class="field">
                <label for={fieldId('timeZone')}>Time zone</label>
                <input
                  id={fieldId('timeZone')}
                  type="text"
                  list="builder-zones"
                  value={draft.workingHours.timeZone}
                  onInput={(e) => {
                    const value = e.currentTarget.value;
                    change((d) => ({ ...d, workingHours: { ...d.workingHours, timeZone: value } }));
                  }}
                  autocomplete="off"
                  {...invalid('timeZone', errors)}
                />
                {zoneList}
                <ErrorText field="timeZone" errors={errors} />
              </div>
            </div>
          )}
        </fieldset>
      </fieldset>

      <fieldset class="builder-part">
        <legend>In words, for whoever gets the alert</legend>
        <p class="hint">Written for you from the sentence above until you change them.</p>
        {(
          [
            ['title', 'Title'],
            ['means', 'What it means'],
            ['whatToDo', 'What to do'],
          ] as const
        ).map(([key, label]) => (
          <div class="field" key={key}>
            <label for={fieldId(key)}>{label}</label>
            {key === 'title' ? (
              <input
                id={fieldId(key)}
                type="text"
                value={draft[key]}
                onInput={(e) => {
                  const value = e.currentTarget.value;
                  change((d) => ({ ...d, [key]: value, edited: { ...d.edited, [key]: true } }));
                }}
                {...invalid(key, errors)}
              />
            ) : (
              <textarea
                id={fieldId(key)}
                rows={3}
                value={draft[key]}
                onInput={(e) => {
                  const value = e.currentTarget.value;
                  change((d) => ({ ...d, [key]: value, edited: { ...d.edited, [key]: true } }));
                }}
                {...invalid(key, errors)}
              />
            )}
            <ErrorText field={key} errors={errors} />
          </div>
        ))}
        <div class="field">
          <label for={fieldId('id')}>Rule id (lower case with dashes; names the files)</label>
          <input
            id={fieldId('id')}
            type="text"
            value={draft.id}
            onInput={(e) => {
              const value = e.currentTarget.value;
              change((d) => ({ ...d, id: value, idEdited: true }));
            }}
            autocomplete="off"
            {...invalid('id', errors)}
          />
          <ErrorText field="id" errors={errors} />
        </div>
        {errors.other && <p class="field__error">{errors.other}</p>}
      </fieldset>
    </div>
  );
}
