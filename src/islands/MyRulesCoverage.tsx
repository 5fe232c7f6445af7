/**
 * "Your own rules" on /rules/coverage/: which attack steps and CIS AWS Foundations controls the rules
 * saved in the rule builder's My rules watch for. It reads them the way /announce/ does (the builder's
 * key through browser-storage.ts, decoded by stored.ts), and never writes them. The ATT&CK and CIS
 * names come in as props, so the island's own code stays small; the rule-set check it decodes with
 * loads only when there are saved rules to read.
 */
import { useEffect, useState } from "preact/hooks";
import { myRulesKey } from "../lib/rules/builder/stored-rules.ts";
import { readStored, watchOtherTabs } from "../stores/browser-storage.ts";

interface Props {
  /** The tactics in the matrix's order. */
  tactics: { id: string; name: string }[];
  /** Every technique the page knows, with its name and tactics. */
  techniques: Record<string, { name: string; tactics: readonly string[] }>;
  /** The CIS AWS Foundations ids in the benchmark's order. */
  cisOrder: string[];
}

interface Saved {
  id: string;
  title: string;
  attack: readonly string[];
  cisAws: readonly string[];
}

type State =
  | { kind: "reading" }
  | { kind: "none" }
  | { kind: "problem"; problem: string }
  | { kind: "rules"; rules: Saved[] };

/** What is saved now: none, the rules, or a plain problem. Loads the decoder only when something is saved. */
async function readMyRules(): Promise<State> {
  const raw = readStored(myRulesKey);
  if (raw === undefined)
    return {
      kind: "problem",
      problem: "This browser does not let the page read what is saved in it.",
    };
  if (!raw) return { kind: "none" };
  const { decodeMyRules } = await import("../lib/rules/builder/stored.ts");
  const read = decodeMyRules(raw);
  if (!read.ok) return { kind: "problem", problem: read.problem };
  if (read.ruleSet.rules.length === 0) return { kind: "none" };
  return {
    kind: "rules",
    rules: read.ruleSet.rules.map((r) => ({
      id: r.id,
      title: r.title,
      attack: r.attack,
      cisAws: r.cisAws,
    })),
  };
}

const titles = (rules: Saved[]) => rules.map((r) => r.title).join("; ");

export default function MyRulesCoverage({
  tactics,
  techniques,
  cisOrder,
}: Props) {
  const [state, setState] = useState<State>({ kind: "reading" });
  useEffect(() => {
    const read = () => void readMyRules().then(setState);
    read();
    // Rules saved in the builder in another tab show here at once.
    return watchOtherTabs([myRulesKey], read);
  }, []);

  if (state.kind === "reading")
    return (
      <p class="coverage-own__status" role="status">
        With JavaScript on, this part lists the rules you keep in My rules in
        this browser.
      </p>
    );
  if (state.kind === "none")
    return (
      <p role="status">
        You have no rules in My rules in this browser yet. Save a rule in{" "}
        <a href="/rules/">the rule builder</a> and it shows here.
      </p>
    );
  if (state.kind === "problem") return <p role="status">{state.problem}</p>;

  const rules = state.rules;
  const byTactic = tactics
    .map((t) => {
      const ids = [...new Set(rules.flatMap((r) => r.attack))]
        .filter((id) => techniques[id]?.tactics.includes(t.id))
        .sort();
      return {
        ...t,
        rows: ids.map((id) => ({
          id,
          name: techniques[id]!.name,
          rules: rules.filter((r) => r.attack.includes(id)),
        })),
      };
    })
    .filter((t) => t.rows.length > 0);
  const stepsMissed = tactics
    .filter((t) => !byTactic.some((b) => b.id === t.id))
    .map((t) => t.name);
  const cisIds = [...new Set(rules.flatMap((r) => r.cisAws))].sort(
    (a, b) =>
      (cisOrder.indexOf(a) + 1 || 999) - (cisOrder.indexOf(b) + 1 || 999),
  );
  const unnamed = rules.filter(
    (r) => r.attack.length === 0 && r.cisAws.length === 0,
  );
  const n = rules.length;

  return (
    <div>
      <p role="status">
        You keep {n} rule{n === 1 ? "" : "s"} in My rules in this browser.{" "}
        {byTactic.length} of the {tactics.length} attack steps have at least one
        of them.
      </p>
      {byTactic.length > 0 && (
        <section
          class="table-scroll"
          aria-label="Your rules by attack step"
          tabIndex={0}
        >
          <table>
            <caption>Your rules by attack step</caption>
            <thead>
              <tr>
                <th scope="col">Attack step</th>
                <th scope="col">Technique</th>
                <th scope="col">Your rules</th>
              </tr>
            </thead>
            <tbody>
              {byTactic.flatMap((t) =>
                t.rows.map((row, i) => (
                  <tr key={`${t.id}-${row.id}`}>
                    {i === 0 && (
                      <th scope="rowgroup" rowSpan={t.rows.length}>
                        {t.name}
                      </th>
                    )}
                    <td>
                      {row.id} {row.name}
                    </td>
                    <td>{titles(row.rules)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </section>
      )}
      {stepsMissed.length > 0 && (
        <p>
          None of your rules watches for these steps: {stepsMissed.join(", ")}.
        </p>
      )}
      {cisIds.length > 0 && (
        <section
          class="table-scroll"
          aria-label="Your rules by CIS AWS Foundations control"
          tabIndex={0}
        >
          <table>
            <caption>Your rules by CIS AWS Foundations control</caption>
            <thead>
              <tr>
                <th scope="col">Control</th>
                <th scope="col">Your rules</th>
              </tr>
            </thead>
            <tbody>
              {cisIds.map((id) => (
                <tr key={id}>
                  <th scope="row">{id}</th>
                  <td>{titles(rules.filter((r) => r.cisAws.includes(id)))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {unnamed.length > 0 && (
        <p>
          {unnamed.length === 1 ? "This rule names" : "These rules name"} no
          attack technique or control, so{" "}
          {unnamed.length === 1 ? "it is" : "they are"} in no table:{" "}
          {titles(unnamed)}.
        </p>
      )}
    </div>
  );
}
