/**
 * A labelled form field of the tools: the label, then the control and whatever goes with it (a
 * hint, an error, a list of suggestions) as `children`. `class` is the wrapper's class for a page
 * whose fields have a look of their own (the announce page's `announce-field`).
 */
import type { ComponentChildren } from 'preact';

interface Props {
  /** The id of the control the label names. */
  id: string;
  label: ComponentChildren;
  class?: string;
  children: ComponentChildren;
}

export default function Field({ id, label, class: className = 'field', children }: Props) {
  return (
    <div class={className}>
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}
