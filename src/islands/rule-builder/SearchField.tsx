/**
 * A search box with its label and hint, as the sentence form's action search and "Try it"'s
 * sample search show it. What is found is worked out in src/lib (`searchActions`,
 * `searchSamples`); what follows the box (results, a status line) is the caller's `children`.
 */
import type { ComponentChildren } from 'preact';

interface Props {
  id: string;
  label: string;
  hintId: string;
  hint: ComponentChildren;
  value: string;
  onSearch: (text: string) => void;
  /** Ids of what describes the box (the hint first). */
  describedBy: string;
  /** Id of what the search changes. */
  controls: string;
  children?: ComponentChildren;
}

export default function SearchField({ id, label, hintId, hint, value, onSearch, describedBy, controls, children }: Props) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <p class="hint" id={hintId}>
        {hint}
      </p>
      <input
        id={id}
        type="search"
        autocomplete="off"
        value={value}
        onInput={(e) => onSearch(e.currentTarget.value)}
        aria-describedby={describedBy}
        aria-controls={controls}
      />
      {children}
    </div>
  );
}
