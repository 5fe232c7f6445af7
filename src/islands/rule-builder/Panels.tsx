/**
 * The builder's panels that load once someone starts (the exports, YAML, try-it, files, share and
 * Sigma import). Only their frames load then: each tool's exporter loads when its tab opens or a
 * zip is made, and the YAML reader, the zip writer and the Sigma reader when they are first used.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Alerting, Rule, RuleExample, RuleSet } from '../../lib/rules/model.ts';
import { formatRuleSetError, type RuleSetError } from '../../lib/rules/rule-set-check.ts';
import { exportRuleSetWith, loadTargets, targetIds, targetLoaders, targetNames, type MultiExportResult, type Target, type TargetId } from '../../lib/rules/target.ts';
import { reviewedRefusals } from '../../lib/rules/known-refusals.ts';
import { pagingLine } from '../../lib/rules/delivery/index.ts';
import { alertingOf } from '../../lib/rules/vocabulary.ts';
import { arrivalOf, cloudwatchRegionSentence, eventbridgeRegionSentence } from '../../lib/rules/regions.ts';
import { rulesShareFragment, ruleSetFromShareLink } from '../../lib/rules/builder/share-link.ts';
import { $rulesProblem } from '../../stores/rules.ts';
import type { MergeSource } from '../../lib/rules/builder/merge.ts';
import { copyText, saveFile } from '../browser-files.ts';
import { TryIt } from './TryIt.tsx';
import { useAfterPaint } from './after-paint.ts';

const ruleSetOf = (rule: Rule, alerting?: Partial<Alerting>): RuleSet => ({ plainsecRules: 1, ...(alerting ? { alerting: alerting as Alerting } : {}), rules: [rule] });

/** The YAML reader and printer (the yaml library), loaded the first time a rule is read or written as YAML. */
const ruleSetYaml = () => import('../../lib/rules/rule-set.ts');

/** Every file for a rule set as one zip, with a README that says how to install each, the rules as YAML, and CI recipes that check them. */
async function zipOf(ruleSet: RuleSet): Promise<Uint8Array> {
  const [registry, { zipFiles }, { installReadme, zipRecipeFiles }, { printRuleSetYaml }, { exportSearches, searchEngineIds }] = await Promise.all([
    loadTargets(targetIds),
    import('../../lib/rules/bundle.ts'),
    import('../../lib/rules/builder/install-readme.ts'),
    ruleSetYaml(),
    import('../../lib/rules/search/export.ts'),
  ]);
  const made = exportRuleSetWith(registry, ruleSet, targetIds);
  const files = [...made.files];
  const refused: { target: string; ruleId: string; reason: string }[] = [...made.refused];
  // The searches over months of logs (Athena, CloudTrail Lake) go in too, with their refusals.
  for (const id of searchEngineIds) {
    const searched = exportSearches(ruleSet, id);
    files.push(...searched.files);
    refused.push(...searched.refused.map((r) => ({ ...r, target: id })));
  }
  return zipFiles([
    { path: 'README.md', content: installReadme(files, refused, ruleSet, location.origin) },
    { path: 'rules.yaml', content: printRuleSetYaml(ruleSet) },
    ...zipRecipeFiles(location.origin),
    ...files,
  ]);
}

/**
 * Editing the rule as YAML: the switch, and the text while it is on. Going back to the form reads
 * the YAML; with a mistake the text stays, with the errors, and the form keeps the rule it had.
 */
export function YamlMode({ rule, active, setActive, onApply }: { rule: Rule; active: boolean; setActive: (on: boolean) => void; onApply: (rule: Rule) => void }) {
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<RuleSetError[]>([]);
  const area = useRef<HTMLTextAreaElement>(null);
  const list = useRef<HTMLDivElement>(null);

  async function apply() {
    const { parseRuleSetYaml } = await ruleSetYaml();
    const read = parseRuleSetYaml(text);
    if (!read.ok) {
      setErrors(read.errors);
      requestAnimationFrame(() => list.current?.focus());
      return;
    }
    if (read.ruleSet.rules.length !== 1) {
      setErrors([{ path: 'rules', message: `the builder edits one rule at a time; this YAML holds ${read.ruleSet.rules.length}. Load several rules with “Load a rule file” below` }]);
      return;
    }
    setErrors([]);
    setActive(false);
    onApply(read.ruleSet.rules[0]!);
  }

  return (
    <>
      <div class="button-row">
        {!active ? (
          <button
            type="button"
            class="button button--secondary"
            onClick={async () => {
              const { printRuleSetYaml } = await ruleSetYaml();
              setText(printRuleSetYaml(ruleSetOf(rule)));
              setErrors([]);
              setActive(true);
              requestAnimationFrame(() => area.current?.focus());
            }}
          >
            Edit as YAML
          </button>
        ) : (
          <>
            <button type="button" class="button" onClick={() => void apply()}>
              Back to the form
            </button>{' '}
            <button
              type="button"
              class="button button--secondary"
              onClick={() => {
                setErrors([]);
                setActive(false);
              }}
            >
              Discard YAML changes
            </button>
          </>
        )}
      </div>
      {active && (
        <div class="builder-yaml">
          {errors.length > 0 && (
            <div class="notice notice--error" tabindex={-1} ref={list} role="alert">
              <p>The YAML was not read, and the form is unchanged. Fix these, then go back to the form:</p>
              <ul>
                {errors.map((e, i) => (
                  <li key={i}>{formatRuleSetError(e)}</li>
                ))}
              </ul>
            </div>
          )}
          <div class="field">
            <label for="builder-yaml">The rule as YAML, as the plainsec command reads it</label>
            <textarea id="builder-yaml" ref={area} rows={22} spellcheck={false} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          </div>
        </div>
      )}
    </>
  );
}

/** Each rule's files, per tool, once worked out: going back to a tab, or to an unchanged rule, shows them at once. */
const exportsMade = new WeakMap<Rule, { alerting: Partial<Alerting> | undefined; byTarget: Map<TargetId, MultiExportResult> }>();

/** The exporters loaded so far. */
const loadedTargets: Partial<Record<TargetId, Target>> = {};

/** One tool's files for the rule, once its exporter has loaded; undefined before. */
function exportNow(rule: Rule, alerting: Partial<Alerting> | undefined, id: TargetId): MultiExportResult | undefined {
  const target = loadedTargets[id];
  if (!target) return undefined;
  let made = exportsMade.get(rule);
  if (!made || made.alerting !== alerting) exportsMade.set(rule, (made = { alerting, byTarget: new Map() }));
  let result = made.byTarget.get(id);
  if (!result) made.byTarget.set(id, (result = exportRuleSetWith({ [id]: target }, ruleSetOf(rule, alerting), [id])));
  return result;
}

/** One tool's files for the rule, loading the tool's exporter first if this is its first use. */
async function exportFor(rule: Rule, alerting: Partial<Alerting> | undefined, id: TargetId): Promise<MultiExportResult | 'failed'> {
  try {
    loadedTargets[id] ??= await targetLoaders[id]();
  } catch {
    return 'failed';
  }
  return exportNow(rule, alerting, id)!;
}

type Shown = { rule: Rule; alerting: Partial<Alerting> | undefined; id: TargetId };
const sameShown = (a: Shown, b: Shown) => a.rule === b.rule && a.alerting === b.alerting && a.id === b.id;
const work = (shown: Shown) => exportFor(shown.rule, shown.alerting, shown.id);

/** Where an AWS tool's files go for this rule, in plain words; nothing for the other tools. */
function regionNote(id: TargetId, rule: Rule): string | undefined {
  if (id === 'eventbridge') return `Where to set it up: ${eventbridgeRegionSentence(arrivalOf(rule))}`;
  if (id === 'cloudwatch') return `Where to set it up: ${cloudwatchRegionSentence}`;
  return undefined;
}

/**
 * Whether each tool's file pages whoever is on call when the rule asks it to, before anyone
 * downloads it (the delivery matrix, src/lib/rules/delivery/). Nothing to say for a rule that
 * never pages.
 */
function WhoIsTold({ rule, alerting }: { rule: Rule; alerting: Partial<Alerting> | undefined }) {
  const settings = alertingOf({ alerting });
  const lines = targetIds.map((id) => ({ id, ...pagingLine(id, [rule], settings) }));
  if (lines.every((l) => l.pages === 'not-asked')) return null;
  return (
    <div class="builder-who-pages">
      <p>Who gets woken up, file by file:</p>
      <ul>
        {lines.map((l) => (
          <li key={l.id} data-pages={l.pages}>
            <strong>{targetNames[l.id]}</strong>: {l.words}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * One tab per tool with the rule's file, copy and download; the tool's refusal in plain words where
 * it cannot say the rule. Only the open tab's file is written (the panels get an edit after it has
 * been painted). A tab whose exporter has not loaded yet loads it after the next paint; until
 * then the file shown is marked as updating (or, for a tab just opened, not shown).
 */
function ExportTabs({ rule, alerting, onStatus }: { rule: Rule; alerting: Partial<Alerting> | undefined; onStatus: (s: string) => void }) {
  const ids = targetIds;
  const [active, setActive] = useState<TargetId>(ids[0]!);
  const [zipping, setZipping] = useState(false);
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});
  const key = useMemo<Shown>(() => ({ rule, alerting, id: active }), [rule, alerting, active]);
  const ready = exportNow(rule, alerting, active);
  const later = useAfterPaint(key, ready ? undefined : work, sameShown);
  const result = ready ? { key, value: ready } : later.result;
  const busy = !ready && later.busy;

  function onKey(e: KeyboardEvent) {
    const at = ids.indexOf(active);
    const next = e.key === 'ArrowRight' ? ids[(at + 1) % ids.length] : e.key === 'ArrowLeft' ? ids[(at - 1 + ids.length) % ids.length] : e.key === 'Home' ? ids[0] : e.key === 'End' ? ids[ids.length - 1] : undefined;
    if (!next) return;
    e.preventDefault();
    setActive(next);
    tabs.current[next]?.focus();
  }

  // Another tool's file is never shown under this tab; this tool's file for an earlier version of the rule is, marked as updating.
  const current = result && result.key.id === active ? result.value : undefined;
  const name = targetNames[active];
  const paging = pagingLine(active, [rule], alertingOf({ alerting }));
  return (
    <section class="builder-exports" aria-labelledby="builder-exports-title">
      <h3 id="builder-exports-title">Files for your tools</h3>
      <p>Every file fires on the same events, but not every file wakes someone up. They change as you edit the rule.</p>
      <WhoIsTold rule={rule} alerting={alerting} />
      <div role="tablist" aria-label="Tools" class="builder-tabs" onKeyDown={onKey}>
        {ids.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`builder-tab-${id}`}
            aria-selected={id === active}
            aria-controls={`builder-panel-${id}`}
            tabindex={id === active ? 0 : -1}
            ref={(el) => {
              tabs.current[id] = el;
            }}
            onClick={() => setActive(id)}
          >
            {targetNames[id]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`builder-panel-${active}`} aria-labelledby={`builder-tab-${active}`} tabindex={0} class="builder-panel" aria-busy={busy ? 'true' : 'false'}>
        {busy && <p class="hint builder-updating">{current ? `Updating the ${name} file for your last change…` : `Writing the ${name} file…`}</p>}
        {current === 'failed' && <p class="notice notice--error">The {name} file could not be written: its code did not load. Check your connection, then open this tab again.</p>}
        {current !== undefined && current !== 'failed' && current.refused.map((r, i) => {
          const reviewed = reviewedRefusals.find((x) => x.target === active && x.reason === r.reason);
          return (
            <div class="notice" key={i}>
              <p>
                {name} cannot say this rule exactly, so no file is made for it: {r.reason}.
              </p>
              <p>{reviewed ? reviewed.instead : 'Change the part of the rule named above, or use another tool’s file: they fire on the same events.'}</p>
            </div>
          );
        })}
        {(paging.pages === 'no' || paging.pages === 'partly') && <p class="notice builder-no-page">{paging.words}</p>}
        {current !== undefined && current !== 'failed' && current.files.length > 0 && regionNote(active, rule) && <p class="builder-region">{regionNote(active, rule)}</p>}
        {current !== undefined && current !== 'failed' && current.files.map((file) => (
          <div key={file.path} class="builder-file">
            <p>
              <code>{file.path}</code>
            </p>
            <pre tabindex={0} aria-label={`Contents of ${file.path}`}>
              <code>{file.content}</code>
            </pre>
            <div class="button-row">
              <button type="button" class="button button--secondary" onClick={async () => onStatus((await copyText(file.content)) ? `Copied ${file.path}.` : `Your browser did not allow copying; select the text and copy it by hand.`)}>
                Copy {file.path.split('/').pop()}
              </button>{' '}
              <button type="button" class="button button--secondary" onClick={() => saveFile(file.path.split('/').pop()!, file.content, 'text/plain')}>
                Download {file.path.split('/').pop()}
              </button>
            </div>
          </div>
        ))}
      </div>
      <div class="button-row">
        <button
          type="button"
          class="button"
          disabled={zipping}
          onClick={async () => {
            setZipping(true);
            try {
              saveFile(`${rule.id}-all-tools.zip`, await zipOf(ruleSetOf(rule, alerting)), 'application/zip');
            } catch {
              onStatus('The zip could not be made: part of its code did not load. Check your connection and try again.');
            } finally {
              setZipping(false);
            }
          }}
        >
          Download all as a zip
        </button>
      </div>
    </section>
  );
}

type SearchBody = typeof import('./SearchLogs.tsx').SearchLogs;

/** "Did this already happen?": the searches over months of logs, whose code loads when the section is first opened. */
function SearchLogs({ rule, onStatus }: { rule: Rule; onStatus: (s: string) => void }) {
  const [body, setBody] = useState<{ Body: SearchBody } | 'failed' | undefined>(undefined);
  function opened(e: Event) {
    if (!(e.currentTarget as HTMLDetailsElement).open || (body && body !== 'failed')) return;
    import('./SearchLogs.tsx').then(
      (m) => setBody({ Body: m.SearchLogs }),
      () => setBody('failed'),
    );
  }
  return (
    <details class="builder-search" onToggle={opened}>
      <summary>Did this already happen? Search months of logs first</summary>
      {body === undefined && <p class="hint">Writing the searches…</p>}
      {body === 'failed' && <p class="notice notice--error">The searches could not be written: their code did not load. Check your connection, then close and open this section again.</p>}
      {body !== undefined && body !== 'failed' && <body.Body rule={rule} onStatus={onStatus} />}
    </details>
  );
}

/** The panels under the form: the files for each tool, and trying the rule on an event. */
export function RulePanels({
  rule,
  valid,
  alerting,
  onSaveExample,
}: {
  rule: Rule;
  valid: boolean;
  alerting: Partial<Alerting> | undefined;
  onSaveExample: (rule: Rule) => void;
}) {
  const [status, setStatus] = useState('');
  return (
    <>
      <p class="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {valid ? (
        <>
          <ExportTabs rule={rule} alerting={alerting} onStatus={setStatus} />
          <SearchLogs rule={rule} onStatus={setStatus} />
        </>
      ) : (
        <section class="builder-exports" aria-labelledby="builder-exports-title">
          <h3 id="builder-exports-title">Files for your tools</h3>
          <p>The files appear here as soon as the rule is complete. Press “Save to My rules” to see what is missing.</p>
        </section>
      )}
      <TryIt rule={rule} valid={valid} onSaveExample={(example: RuleExample) => onSaveExample({ ...rule, examples: [...(rule.examples ?? []), example] })} />
    </>
  );
}

/** Save, load, share and import: the rule set as a file, a link or a zip, and Sigma rules in. */
export function RuleSetFiles({
  ruleSet,
  onOpen,
  onAdd,
  onStatus,
}: {
  ruleSet: RuleSet;
  onOpen: (rule: Rule) => void;
  /** Adds a loaded rule set to My rules (never replaces); false when nothing could be added. */
  onAdd: (ruleSet: RuleSet, source: MergeSource) => Promise<boolean>;
  onStatus: (s: string) => void;
}) {
  const [loadErrors, setLoadErrors] = useState<string[]>([]);
  const [link, setLink] = useState('');
  const [pasted, setPasted] = useState('');
  const [sigma, setSigma] = useState('');
  const [sigmaProblem, setSigmaProblem] = useState<string | undefined>(undefined);
  const empty = ruleSet.rules.length === 0;

  useEffect(() => setLink(''), [ruleSet]);

  async function loadFile(file: File) {
    let text: string;
    try {
      text = await file.text();
    } catch {
      return setLoadErrors([`${file.name} could not be read. Choose the file again.`]);
    }
    const { parseRuleSetYaml } = await ruleSetYaml();
    const read = parseRuleSetYaml(text);
    if (!read.ok) return setLoadErrors(read.errors.map((e) => `${file.name}, ${formatRuleSetError(e)}`));
    setLoadErrors([]);
    await onAdd(read.ruleSet, { kind: 'file', name: file.name });
  }

  async function openLink() {
    const read = await ruleSetFromShareLink(pasted);
    if (!read.ok) return $rulesProblem.set(read.problem);
    if (await onAdd(read.ruleSet, { kind: 'link' })) setPasted('');
  }

  async function importSigma(text: string) {
    const { importSigmaRule } = await import('../../lib/rules/sigma-import.ts');
    const read = importSigmaRule(text);
    if (!read.ok) return setSigmaProblem(`This Sigma rule cannot be opened in the builder: ${read.reason}.`);
    setSigmaProblem(undefined);
    setSigma('');
    onOpen(read.rule);
    onStatus(`Opened the Sigma rule “${read.rule.title}”.${read.notes.length > 0 ? ` Check: ${read.notes.join(' ')}` : ''}`);
  }

  return (
    <div class="builder-files">
      <h3>Save, load and share</h3>
      <div class="button-row">
        <button type="button" class="button button--secondary" disabled={empty} onClick={async () => saveFile('plainsec-rules.yaml', (await ruleSetYaml()).printRuleSetYaml(ruleSet), 'application/yaml')}>
          Save as a rule file
        </button>{' '}
        <button type="button" class="button button--secondary" disabled={empty} onClick={async () => saveFile('plainsec-rules.zip', await zipOf(ruleSet), 'application/zip')}>
          Download all my rules as a zip
        </button>{' '}
        <button
          type="button"
          class="button button--secondary"
          disabled={empty}
          onClick={async () => {
            const url = `${location.origin}/rules/#${await rulesShareFragment(ruleSet)}`;
            setLink(url);
            onStatus((await copyText(url)) ? 'Copied the share link. It holds your rules; nothing is stored on a server.' : 'Your browser did not allow copying; copy the link below by hand.');
          }}
        >
          Copy a share link
        </button>
      </div>
      {link && (
        <div class="field">
          <label for="builder-share-link">Share link (your rules travel in the link itself)</label>
          <input id="builder-share-link" type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      <div class="field">
        <label for="builder-load">Load a rule file (adds its rules to My rules; you can undo)</label>
        <input id="builder-load" type="file" accept=".yaml,.yml,application/yaml,text/yaml" onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void loadFile(file);
          e.currentTarget.value = '';
        }} />
      </div>
      {loadErrors.length > 0 && (
        <div class="notice notice--error" role="alert">
          <p>The file was not loaded, and your rules are unchanged:</p>
          <ul>
            {loadErrors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      <div class="field">
        <label for="builder-open-link">Open a share link</label>
        <input id="builder-open-link" type="text" value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} autocomplete="off" />
      </div>
      <div class="button-row">
        <button type="button" class="button button--secondary" disabled={!pasted.trim()} onClick={() => void openLink()}>
          Open the link
        </button>
      </div>
      <h3>Import a Sigma rule</h3>
      <div class="field">
        <label for="builder-sigma">Paste a Sigma rule for AWS CloudTrail</label>
        <textarea id="builder-sigma" rows={8} spellcheck={false} value={sigma} onInput={(e) => setSigma(e.currentTarget.value)} />
      </div>
      <div class="button-row">
        <button type="button" class="button button--secondary" disabled={!sigma.trim()} onClick={() => void importSigma(sigma)}>
          Open it in the builder
        </button>
      </div>
      <div class="field">
        <label for="builder-sigma-file">Or choose a Sigma .yml file</label>
        <input id="builder-sigma-file" type="file" accept=".yml,.yaml" onChange={async (e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (!file) return;
          try {
            await importSigma(await file.text());
          } catch {
            setSigmaProblem(`${file.name} could not be read. Choose the file again.`);
          }
        }} />
      </div>
      {sigmaProblem && (
        <p class="notice notice--error" role="alert">
          {sigmaProblem}
        </p>
      )}
    </div>
  );
}
