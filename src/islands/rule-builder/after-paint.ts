/**
 * Work that can wait for the next frame: the builder's previews (each tool's file, try-it's
 * verdicts) are worked out after the browser has painted the edit that needs them, so the
 * sentence answers a key press at once and a slow preview never holds it back. Work for an edit
 * that a newer edit has replaced is never shown.
 */
import { useEffect, useState } from 'preact/hooks';

/**
 * The result of `work` for the current `key`, worked out after the next paint (Preact runs an
 * effect after the frame that shows the render has been painted). Until it is ready the result for
 * an earlier key stays, and `busy` says it is being updated, so a caller can show the earlier result
 * marked as updating, or nothing. `work` undefined means nothing to do.
 */
export function useAfterPaint<K, T>(key: K, work: ((key: K) => T | Promise<T>) | undefined, same: (a: K, b: K) => boolean = Object.is): { result: { key: K; value: T } | undefined; busy: boolean } {
  const [result, setResult] = useState<{ key: K; value: T } | undefined>(undefined);
  const current = work !== undefined && result !== undefined && same(result.key, key);
  useEffect(() => {
    if (!work || current) return;
    let stale = false;
    void Promise.resolve(work(key)).then((value) => {
      if (!stale) setResult({ key, value });
    });
    return () => {
      stale = true;
    };
  }, [key, work === undefined]);
  return { result, busy: work !== undefined && !current };
}
