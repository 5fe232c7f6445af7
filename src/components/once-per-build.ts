/**
 * Content that every page of a kind needs, read from the collections once per build rather than
 * once per page. In `astro dev` it is read again on every call, so edits show at once.
 */
export function oncePerBuild<T>(read: () => Promise<T>): () => Promise<T> {
  let once: Promise<T> | undefined;
  return () => {
    if (!import.meta.env.PROD) return read();
    once ??= read();
    return once;
  };
}
