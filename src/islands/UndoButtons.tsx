/**
 * The two buttons of every Undo notice: Undo, and keeping the change ("Keep the new ones"). Each
 * notice around them says what the backup holds and when it was taken, in its own words.
 */
interface Props {
  onUndo: () => void;
  onKeep: () => void;
  keepLabel: string;
}

export default function UndoButtons({ onUndo, onKeep, keepLabel }: Props) {
  return (
    <>
      <button type="button" class="button button--secondary" onClick={onUndo}>
        Undo
      </button>{' '}
      <button type="button" class="button button--secondary" onClick={onKeep}>
        {keepLabel}
      </button>
    </>
  );
}

/**
 * An Undo notice: what the backup holds and when it was taken (`message`), then the two buttons.
 * `role` is set where the notice must be announced when it appears.
 */
export function UndoNotice({ message, role, ...buttons }: Props & { message: string; role?: 'status' }) {
  return (
    <div class="notice" role={role}>
      <p>{message}</p>
      <p class="button-row">
        <UndoButtons {...buttons} />
      </p>
    </div>
  );
}
