/**
 * What a tool shows until the saved answers are read: one neutral line, in the space the tool keeps for
 * itself (a minimum height in assessment-parts.css), so nothing below moves when the answers appear. With
 * JavaScript off the line would never change, so it gives way to what to do instead (assessment-parts.css).
 */
export default function ReadingState({ noJs }: { noJs: string }) {
  return (
    <div class="tool-reading">
      <p class="tool-reading__status" role="status">
        Reading your saved progress…
      </p>
      <p class="hint tool-reading__no-js">{noJs}</p>
    </div>
  );
}

