/**
 * Try the rule on an event: a sample from the templates' library, the rule's own examples, or a
 * record the person pastes. For every tool: fires or not, and when the rule does not fire, which
 * part of it did not hold, in plain words. An event can be kept as one of the rule's examples.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { CloudTrailEvent } from '../../lib/rules/canonical.ts';
import type { Rule, RuleExample } from '../../lib/rules/model.ts';
import type { CompiledRule, CountVerdict, TargetVerdict } from '../../lib/rules/evaluate.ts';
import type { CountFiring } from '../../lib/rules/count.ts';
import { countWords, firingsWords } from '../../lib/rules/words/count.ts';
import { readEventsText } from '../../lib/rules/event-input.ts';
import { whyNot } from '../../lib/rules/words/why-not.ts';
import { targetIds, targetNames } from '../../lib/rules/target.ts';
import { libraryFor, librarySourced, type SampleLibrary } from '../../lib/rules/builder/samples.ts';
import { sourceOf, sourceOfEvent } from '../../lib/rules/sources.ts';
import { searchSamples } from '../../lib/rules/builder/sample-search.ts';
import { useAfterPaint } from './after-paint.ts';
import Field from '../Field.tsx';
import SearchField from './SearchField.tsx';

type Picked = { from: 'own' | 'library'; name: string; event: CloudTrailEvent; expect: RuleExample['expect'] };

/** Each rule made ready for events once: trying another event on the same rule reuses it. */
const compiledRules = new WeakMap<Rule, CompiledRule>();

/**
 * The rule made ready for every tool's matcher. It needs every exporter, so they load (with the
 * evaluator) the first time an event is tried, not before.
 */
async function compiled(rule: Rule): Promise<CompiledRule> {
  const known = compiledRules.get(rule);
  if (known) return known;
  const { compileRule } = await import('../../lib/rules/evaluate.ts');
  const made = compileRule(rule, targetIds);
  compiledRules.set(rule, made);
  return made;
}

type Tried = { rule: Rule; event: CloudTrailEvent };
const sameTried = (a: Tried | undefined, b: Tried | undefined) => a === b || (a !== undefined && b !== undefined && a.rule === b.rule && a.event === b.event);
const verdictOn = async ({ rule, event }: Tried) => {
  const verdict = (await compiled(rule)).evaluate(event);
  return { verdict, reasons: verdict.fires ? [] : whyNot(rule, event) };
};

/** A counting rule over several events: the rule's windows and each tool's. */
type Burst = { events: CloudTrailEvent[]; label: string; expect?: RuleExample['expect'] };
type BurstResult = { firings: CountFiring[]; targets: Partial<Record<(typeof targetIds)[number], CountVerdict>> };
const countOn = async (rule: Rule, burst: Burst): Promise<BurstResult | undefined> => {
  const count = (await compiled(rule)).count;
  if (!count) return undefined;
  return { firings: count.firings(burst.events), targets: Object.fromEntries(targetIds.map((id) => [id, count.target(id, burst.events)])) };
};
const sameWindows = (a: CountFiring[], b: CountFiring[]) => a.map((f) => `${f.start} ${f.group ?? ''}`).join() === b.map((f) => `${f.start} ${f.group ?? ''}`).join();
/** What one tool's count did with the events, as the results table says it. */
const countResult = (v: CountVerdict | undefined, want: CountFiring[]) =>
  !v ? '—' : 'firings' in v ? `${v.firings.length > 0 ? `Fires in ${v.firings.length} window(s)` : 'Does not fire'}${sameWindows(v.firings, want) ? '' : ' (not the same windows as the rule)'}` : 'refused' in v ? v.refused : `Could not check: ${v.invalid}`;

/** What one tool's file did with the event, as the results table says it ("—" where it was not tried). */
const targetResult = (v: TargetVerdict | undefined) =>
  !v ? '—' : 'fires' in v ? (v.fires ? 'Fires' : 'Does not fire') : 'refused' in v ? v.refused : `Could not check: ${v.invalid}`;

/** The results table: one row per tool, with what its file did. */
function ToolResults({ caption, result }: { caption: string; result: (id: (typeof targetIds)[number]) => string }) {
  return (
    <section class="table-scroll" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Tool</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {targetIds.map((id) => (
            <tr key={id}>
              <th scope="row">{targetNames[id]}</th>
              <td>{result(id)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function TryIt({ rule, valid, onSaveExample }: { rule: Rule; valid: boolean; onSaveExample: (example: RuleExample) => void }) {
  const [library, setLibrary] = useState<SampleLibrary | undefined>(undefined);
  const [libraryProblem, setLibraryProblem] = useState<string | undefined>(undefined);
  const [choice, setChoice] = useState('');
  const [sampleQuery, setSampleQuery] = useState('');
  const [pasted, setPasted] = useState('');
  const [event, setEvent] = useState<{ event: CloudTrailEvent; label: string; expect?: RuleExample['expect'] } | undefined>(undefined);
  const [pasteError, setPasteError] = useState<string | undefined>(undefined);
  const [burst, setBurst] = useState<Burst | undefined>(undefined);
  const [burstResult, setBurstResult] = useState<BurstResult | undefined>(undefined);
  const [exampleName, setExampleName] = useState('');
  const [saved, setSaved] = useState('');

  useEffect(() => {
    fetch('/rules/samples.json')
      .then((r) => (r.ok ? (r.json() as Promise<SampleLibrary>) : Promise.reject(new Error(String(r.status)))))
      .then(setLibrary)
      .catch(() => setLibraryProblem('The sample events could not be loaded. Reload the page, or paste an event below.'));
  }, []);

  // The template this rule came from comes first, with all of its samples, so they are the first offered.
  const source = sourceOf(rule);
  const cluster = source === 'k8s-audit';
  // Only the samples of what the rule watches: a cluster rule never fires on a CloudTrail record.
  const offeredLibrary = useMemo(() => (library ? libraryFor(librarySourced(library, source), rule.title) : undefined), [library, rule.title, source]);
  // A counting rule's example of several events is checked by `plainsec rules test`; the panel tries one event at a time.
  const ownSingle = useMemo(() => (rule.examples ?? []).filter((e): e is typeof e & { event: Record<string, unknown> } => e.event !== undefined), [rule.examples]);
  const options = useMemo(() => {
    const own: Picked[] = ownSingle.map((e) => ({ from: 'own', name: e.name, event: e.event as CloudTrailEvent, expect: e.expect }));
    const groups = (offeredLibrary?.templates ?? []).map((t, at) => ({
      at,
      title: t.title,
      picks: t.examples.map((e): Picked => ({ from: 'library', name: e.name, event: e.event as CloudTrailEvent, expect: e.expect })),
    }));
    return { own, groups };
  }, [offeredLibrary, ownSingle]);

  const all = [...options.own, ...options.groups.flatMap((g) => g.picks)];
  // The option groups as offered: all of them, or the samples that match the search, best first.
  // This rule's own examples are searched as one more group, before the library's.
  const searchable = useMemo<SampleLibrary>(() => ({ templates: [{ id: '', title: '', examples: ownSingle }, ...(offeredLibrary?.templates ?? [])] }), [offeredLibrary, ownSingle]);
  const offered = useMemo(() => {
    const starts = options.groups.map((_, gi) => options.own.length + options.groups.slice(0, gi).reduce((n, x) => n + x.picks.length, 0));
    const own = { key: 'own', label: 'This rule’s examples', items: options.own.map((p, i) => ({ value: i, text: `${p.name} (${p.expect === 'fires' ? 'should fire' : 'should not fire'})` })) };
    const groups = options.groups.map((g, gi) => ({ key: g.title, label: g.title, at: g.at, items: g.picks.map((p, i) => ({ value: starts[gi]! + i, text: p.name })) }));
    if (sampleQuery.trim() === '') return [own, ...groups];
    return searchSamples(searchable, sampleQuery).map((m) => {
      const group = m.template === 0 ? own : groups.find((g) => g.at === m.template - 1)!;
      return { ...group, items: m.samples.map((at) => group.items[at]!) };
    });
  }, [options, searchable, sampleQuery]);
  const offeredCount = offered.reduce((n, g) => n + g.items.length, 0);
  // The verdicts are worked out after the edit or the choice of event is painted; until then the
  // earlier ones stay, marked as updating, but only for the same event.
  const tried = useMemo(() => (event ? { rule, event: event.event } : undefined), [rule, event]);
  const { result, busy } = useAfterPaint(tried, valid && tried ? (t) => verdictOn(t!) : undefined, sameTried);
  const shown = valid && event && result && result.key?.event === event.event ? result.value : undefined;
  const verdict = shown?.verdict;
  const reasons = shown?.reasons ?? [];

  // A counting rule is tried on several events at once; the result is worked out when the rule or the events change.
  useEffect(() => {
    let current = true;
    setBurstResult(undefined);
    if (valid && burst && rule.count) void countOn(rule, burst).then((r) => current && setBurstResult(r));
    return () => {
      current = false;
    };
  }, [rule, burst, valid]);
  const ownBursts = (rule.examples ?? []).filter((e): e is typeof e & { events: Record<string, unknown>[] } => e.events !== undefined);

  function tryPasted() {
    const read = readEventsText(pasted);
    if (!read.ok) {
      setPasteError(read.error);
      setEvent(undefined);
      return;
    }
    if (rule.count && read.events.length > 1) {
      setPasteError(undefined);
      setEvent(undefined);
      setBurst({ events: read.events, label: `the ${read.events.length} events you pasted` });
      return;
    }
    setBurst(undefined);
    if (read.events.length !== 1) {
      setPasteError(`That holds ${read.events.length} events; paste one record at a time here (the plainsec command checks whole log files).`);
      return;
    }
    setPasteError(undefined);
    setEvent({ event: read.events[0]!, label: 'the event you pasted' });
  }

  return (
    <section class="builder-try" aria-labelledby="builder-try-title">
      <h3 id="builder-try-title">Try it on an event</h3>
      {libraryProblem && <p class="notice notice--error">{libraryProblem}</p>}
      <SearchField
        id="builder-sample-search"
        label="Find a sample event"
        hintId="builder-sample-search-hint"
        hint={cluster ? 'Type a few words, like “shell”, “secret” or “privileged”.' : 'Type a few words, like “sign in”, “bucket” or “delete a key”.'}
        value={sampleQuery}
        onSearch={setSampleQuery}
        describedBy="builder-sample-search-hint builder-sample-search-status"
        controls="builder-sample"
      >
        <p class="hint" id="builder-sample-search-status" role="status" aria-live="polite">
          {sampleQuery.trim() === ''
            ? ''
            : offeredCount === 0
              ? `No sample event matches “${sampleQuery.trim()}”. Try fewer words, or other words such as “sign in” or “server”.`
              : `${offeredCount} ${offeredCount === 1 ? 'sample matches' : 'samples match'}.`}
        </p>
      </SearchField>
      <div class="field">
        <label for="builder-sample">A sample event</label>
        <select
          id="builder-sample"
          value={choice}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setChoice(value);
            const picked = all[Number(value)];
            if (value !== '' && picked) {
              setBurst(undefined);
              setEvent({ event: picked.event, label: picked.name, expect: picked.expect });
            }
          }}
        >
          <option value="">Choose a sample…</option>
          {offered
            .filter((g) => g.items.length > 0)
            .map((g) => (
              <optgroup key={g.key} label={g.label}>
                {g.items.map((item) => (
                  <option key={item.value} value={String(item.value)}>
                    {item.text}
                  </option>
                ))}
              </optgroup>
            ))}
        </select>
      </div>
      {rule.count && ownBursts.length > 0 && (
        <div class="button-row">
          {ownBursts.map((e) => (
            <button
              type="button"
              class="button button--secondary"
              key={e.name}
              onClick={() => {
                setEvent(undefined);
                setBurst({ events: e.events as CloudTrailEvent[], label: `“${e.name}” (${e.events.length} events)`, expect: e.expect });
              }}
            >
              Try “{e.name}”
            </button>
          ))}
        </div>
      )}
      <Field
        id="builder-paste"
        label={
          cluster
            ? rule.count
              ? 'Or paste your own: audit events (a list, an EventList, one per line, or lines of the cluster’s log from CloudWatch Logs), to try the count on them'
              : 'Or paste your own: one audit event, an EventList, or a line of the cluster’s log from CloudWatch Logs (EKS)'
            : rule.count
              ? 'Or paste your own: CloudTrail records (a list, or a CloudTrail file with Records), to try the count on them'
              : 'Or paste your own: one CloudTrail record, a CloudTrail file with Records, or an EventBridge event'
        }
      >
        <textarea id="builder-paste" rows={6} spellcheck={false} value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} aria-invalid={pasteError ? 'true' : undefined} aria-describedby={pasteError ? 'builder-paste-error' : undefined} />
        {pasteError && (
          <p class="field__error" id="builder-paste-error">
            {pasteError}
          </p>
        )}
      </Field>
      <div class="button-row">
        <button type="button" class="button button--secondary" disabled={!pasted.trim()} onClick={tryPasted}>
          {rule.count ? 'Try the pasted events' : 'Try the pasted event'}
        </button>
      </div>
      {!valid && burst && <p class="notice">Complete the rule first (press “Save to My rules” to see what is missing); then the results appear here.</p>}
      {valid && burst && rule.count && burstResult && (
        <div class="builder-try-result" aria-live="polite">
          <p>
            <strong>{burstResult.firings.length > 0 ? 'The rule fires' : 'The rule does not fire'}</strong> on {burst.label}: it fires only {countWords(rule.count)}.{' '}
            {firingsWords(rule.count, burstResult.firings)}
            {burst.expect && ((burst.expect === 'fires') === burstResult.firings.length > 0 ? ' As the example expects.' : ' The example expects the opposite.')}
          </p>
          <ToolResults caption="What each tool’s file counts on these events" result={(id) => countResult(burstResult.targets[id], burstResult.firings)} />
        </div>
      )}
      {!valid && event && <p class="notice">Complete the rule first (press “Save to My rules” to see what is missing); then the results appear here.</p>}
      {valid && event && !verdict && busy && <p class="hint" aria-busy="true">Trying the rule on {event.label}…</p>}
      {verdict && event && (
        <div class="builder-try-result" aria-live="polite" aria-busy={busy ? 'true' : 'false'}>
          {busy && <p class="hint builder-updating">Updating for your last change…</p>}
          <p>
            {rule.count ? (
              <>
                <strong>{verdict.fires ? 'This event counts toward the rule' : 'This event does not count toward the rule'}</strong>: it fires only{' '}
                {countWords(rule.count)}. Paste several events to try the count.
              </>
            ) : (
              <>
                <strong>{verdict.fires ? 'The rule fires' : 'The rule does not fire'}</strong> on {event.label}.
                {event.expect && ((event.expect === 'fires') === verdict.fires ? ' As the sample expects.' : ' The sample expects the opposite.')}
                {sourceOfEvent(event.event) !== source &&
                  (cluster
                    ? ' This looks like an AWS CloudTrail record, and the rule watches a cluster’s audit log.'
                    : ' This looks like an audit event of a Kubernetes cluster, and the rule watches AWS CloudTrail.')}
              </>
            )}
          </p>
          {reasons.length > 0 && (
            <ul>
              {reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          )}
          <ToolResults caption="What each tool’s file does with this event" result={(id) => targetResult(verdict.targets[id])} />
          {!rule.count && (<>
          <div class="field">
            <label for="builder-example-name">Keep this event as one of the rule’s examples, named</label>
            <input id="builder-example-name" type="text" value={exampleName} onInput={(e) => setExampleName(e.currentTarget.value)} autocomplete="off" />
          </div>
          <div class="button-row">
            <button
              type="button"
              class="button button--secondary"
              disabled={!exampleName.trim() || busy}
              onClick={() => {
                onSaveExample({ name: exampleName.trim(), event: event.event, expect: verdict.fires ? 'fires' : 'does-not-fire' });
                setSaved(`Kept “${exampleName.trim()}” as an example that ${verdict.fires ? 'fires' : 'does not fire'}. Save the rule to keep it.`);
                setExampleName('');
              }}
            >
              Keep as an example
            </button>
          </div>
          {saved && <p role="status">{saved}</p>}
          </>)}
        </div>
      )}
    </section>
  );
}
