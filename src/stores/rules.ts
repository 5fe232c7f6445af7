/**
 * The rule builder's "My rules", kept in this browser only. Reads and writes go through
 * browser-storage.ts; the stored shape's writer is in src/lib/rules/builder/stored-rules.ts, its
 * reader and migrations in src/lib/rules/builder/stored.ts.
 *
 * Keys:
 * - `plainsec:rules:v1`: `{ "version": 1, "ruleSet": <a rule set, as the rule-set YAML file holds
 *   it> }`.
 * - `plainsec:rules:v1:backup`: the rule set as it was before the last change that removed or
 *   replaced something (a delete, rules added from a link or file, a replace), for Undo. The
 *   envelope (when it was taken, and what changed) is in src/lib/storage/backup.ts; older backups
 *   are the rule set's text alone and still undo. One backup is kept: the next such change takes
 *   its place. It stays until Undo or "Keep the new ones", so Undo survives a reload.
 * - `plainsec:rules:v1:unreadable`: stored text this page could not read, kept aside before
 *   anything overwrites it, so nothing is silently lost.
 *
 * Migrations: none yet (version 1 is the first shape).
 *
 * Every change starts from what is stored now, not from what this tab last saw: another tab may
 * have saved a rule since, and writing this tab's older set would lose it. Other tabs' writes also
 * refresh `$myRules` and the Undo offer as they happen.
 *
 * Reading never throws. A change the browser cannot keep (storage full or blocked) is not shown
 * as made: the action returns false and a plain message says what to do.
 */
import { atom } from 'nanostores';
import type { Rule, RuleSet } from '../lib/rules/model.ts';
import type { Backup } from '../lib/storage/backup.ts';
import type { MergeSource } from '../lib/rules/builder/merge.ts';
import { duplicateId, emptyRuleSet, encodeMyRules, myRulesKey } from '../lib/rules/builder/stored-rules.ts';
import { readStored, removeStored, writeStored, watchOtherTabs } from './browser-storage.ts';
import { dropBackup, keepBackup, readBackup } from './backups.ts';

const rulesKey = myRulesKey;
const rulesBackupKey = `${rulesKey}:backup`;

export const $myRules = atom<RuleSet>(emptyRuleSet);
/** A plain-words problem with reading or saving, shown above the builder. */
export const $rulesProblem = atom<string | undefined>(undefined);
/** The backup Undo would put back, as stored; undefined when there is nothing to undo. */
export const $undo = atom<Backup | undefined>(undefined);

const cannotSave = 'Your browser could not keep this change (its storage may be full or blocked), so nothing was changed. Save your rules as a file to keep them.';
const cannotBackUp = 'Your browser could not keep a backup of your rules (its storage may be full), so nothing was changed. Save your rules as a file first, using “Save as a rule file”.';

type Reader = typeof import('../lib/rules/builder/stored.ts');
/** The stored-rules reader (with the rule-set check); loaded only once there is something to read. */
let reader: Reader | undefined;
async function loadReader(): Promise<Reader> {
  reader ??= await import('../lib/rules/builder/stored.ts');
  return reader;
}

/** The stored text `$myRules` shows; another text in storage means another tab changed it. */
let shownText: string | null = null;
let watching = false;

function show(ruleSet: RuleSet, text: string | null): void {
  shownText = text;
  $myRules.set(ruleSet);
}

function refreshUndo(): void {
  $undo.set(readBackup(rulesKey));
}

/**
 * The rule set as stored now, read synchronously (call `latest` first so the reader is loaded).
 * Undefined when another tab left text this page cannot read: it is kept aside and the change is
 * not made.
 */
function readNow(): RuleSet | undefined {
  const raw = readStored(rulesKey);
  if (raw === undefined || raw === shownText) return $myRules.get();
  if (raw === null) {
    show(emptyRuleSet, null);
    return emptyRuleSet;
  }
  const read = reader?.decodeMyRules(raw);
  if (!read) return undefined;
  if (read.ok) {
    show(read.ruleSet, raw);
    return read.ruleSet;
  }
  writeStored(`${rulesKey}:unreadable`, raw);
  // Seen and kept aside: the next change may write over it, as after an unreadable start.
  shownText = raw;
  $rulesProblem.set(`${read.problem} A copy is kept in your browser under "${rulesKey}:unreadable". Nothing was changed; try again.`);
  return undefined;
}

/** The latest stored rule set, re-read when another tab has written since this tab last looked. */
async function latest(): Promise<RuleSet | undefined> {
  if (readStored(rulesKey) !== shownText) await loadReader();
  return readNow();
}

/**
 * Loads the saved rules and the Undo offer; called once when the builder starts in the browser.
 * The reader (with the rule-set check) loads only when there is something saved to read.
 */
export async function startMyRules(): Promise<void> {
  if (!watching) {
    watching = true;
    watchOtherTabs([rulesKey], () => void latest());
    watchOtherTabs([rulesBackupKey], refreshUndo);
  }
  refreshUndo();
  const raw = readStored(rulesKey);
  if (raw === undefined) {
    $rulesProblem.set('This browser does not let the page keep rules. You can still build rules and save them as a file.');
    return;
  }
  if (raw === null) return;
  const { decodeMyRules } = await loadReader();
  const read = decodeMyRules(raw);
  if (read.ok) {
    show(read.ruleSet, raw);
    return;
  }
  // Shown as empty; the text stays where it was (and aside, when it can) until the person changes something.
  shownText = raw;
  const keptAside = writeStored(`${rulesKey}:unreadable`, raw);
  $rulesProblem.set(
    keptAside
      ? `${read.problem} A copy of what was saved is kept in your browser under "${rulesKey}:unreadable".`
      : `${read.problem} What was saved is left where it was until you change something.`,
  );
}

/**
 * Writes the next rule set. With `backup`, the set it replaces is kept for Undo first; when that
 * backup cannot be kept, nothing changes. When the backup was kept but the rules could not be
 * written, the backup from before is put back, so Undo never offers a change that did not happen.
 */
function write(next: RuleSet, backup?: { of: RuleSet; what: string }): boolean {
  const backupBefore = readStored(rulesBackupKey);
  if (backup && !keepBackup(rulesKey, encodeMyRules(backup.of), backup.what)) {
    $rulesProblem.set(cannotBackUp);
    return false;
  }
  const text = encodeMyRules(next);
  if (!writeStored(rulesKey, text)) {
    if (backup) {
      if (typeof backupBefore === 'string') writeStored(rulesBackupKey, backupBefore);
      else removeStored(rulesBackupKey);
    }
    $rulesProblem.set(cannotSave);
    return false;
  }
  show(next, text);
  refreshUndo();
  return true;
}

/** Adds a rule, or replaces the one with the id it had (`previousId`) when it is being edited. */
export async function saveRule(rule: Rule, previousId?: string): Promise<boolean> {
  const current = await latest();
  if (!current) return false;
  const at = current.rules.findIndex((r) => r.id === (previousId ?? rule.id));
  const rules = at >= 0 ? current.rules.map((r, i) => (i === at ? rule : r)) : [...current.rules, rule];
  return write({ ...current, rules });
}

/** Removes a rule; the set before is kept as the backup, so Undo brings it back, after a reload too. */
export async function deleteRule(id: string): Promise<boolean> {
  const before = await latest();
  const rule = before?.rules.find((r) => r.id === id);
  if (!before || !rule) return false;
  return write({ ...before, rules: before.rules.filter((r) => r.id !== id) }, { of: before, what: `Deleted “${rule.title}”.` });
}

/** Adds a copy of a rule right after it, with its own id; returns the copy's id. */
export async function duplicateRule(id: string): Promise<string | undefined> {
  const before = await latest();
  const at = before ? before.rules.findIndex((r) => r.id === id) : -1;
  if (!before || at < 0) return undefined;
  const copy = { ...before.rules[at]!, id: duplicateId(id, before.rules.map((r) => r.id)), title: `${before.rules[at]!.title} (copy)`.slice(0, 120) };
  const rules = [...before.rules.slice(0, at + 1), copy, ...before.rules.slice(at + 1)];
  return write({ ...before, rules }) ? copy.id : undefined;
}

/**
 * Adds the rules from a share link or a rule file to My rules (see src/lib/rules/builder/merge.ts);
 * never replaces one. My rules as they were are kept as the backup first, so Undo takes the added
 * ones away again, after a reload too. Returns what happened in words, or undefined when nothing
 * could be added (the problem is then set).
 */
export async function addRuleSet(incoming: RuleSet, source: MergeSource): Promise<string | undefined> {
  const { mergeRuleSets, mergeSummary } = await import('../lib/rules/builder/merge.ts');
  const current = await latest();
  if (!current) return undefined;
  const merged = mergeRuleSets(current, incoming, source);
  const summary = mergeSummary(merged, source);
  if (merged.added.length + merged.renamed.length === 0 && merged.ruleSet.alerting === current.alerting) return summary;
  // Nothing of mine to keep when My rules were empty: no backup, and no Undo to offer.
  const backup = current.rules.length > 0 ? { of: current, what: summary } : undefined;
  return write(merged.ruleSet, backup) ? summary : undefined;
}

/**
 * Replaces every rule with a loaded set, when the person chose to. My rules as they were are kept
 * as the backup first; when the backup cannot be kept, nothing is replaced.
 */
export async function replaceMyRules(next: RuleSet, what: string): Promise<boolean> {
  const before = await latest();
  if (!before) return false;
  return write(next, before.rules.length > 0 ? { of: before, what } : undefined);
}

/** Puts back the rule set kept as the backup, and forgets the backup. */
export async function undoRulesChange(): Promise<boolean> {
  const backup = readBackup(rulesKey);
  if (!backup) {
    refreshUndo();
    return false;
  }
  const { decodeMyRules } = await loadReader();
  const read = decodeMyRules(backup.text);
  if (!read.ok) {
    $rulesProblem.set(`The backup of your earlier rules could not be read, so nothing was changed. ${read.problem}`);
    return false;
  }
  const text = encodeMyRules(read.ruleSet);
  // Undo swaps: what is there now (rules saved since the change, say) becomes the backup, so a
  // second Undo brings it back and nothing is lost.
  const current = readStored(rulesKey);
  if (current && current !== text && !keepBackup(rulesKey, current, 'Undo put back your earlier rules.')) {
    $rulesProblem.set('Your browser could not keep a backup of your rules as they are now (its storage may be full), so nothing was undone. Save them as a file first.');
    return false;
  }
  if (!writeStored(rulesKey, text)) {
    $rulesProblem.set(cannotSave);
    return false;
  }
  if (!current || current === text) dropBackup(rulesKey);
  show(read.ruleSet, text);
  refreshUndo();
  return true;
}

/** Keeps the rules as they are now and forgets the backup ("Keep the new ones"). */
export function keepNewRules(): void {
  dropBackup(rulesKey);
  refreshUndo();
}
