/** Moves <style> elements from <body> to the end of <head>; returns the HTML unchanged if there are none. */
import { parse } from 'node-html-parser';

export function hoistBodyStyles(html: string): string {
  const root = parse(html, { comment: true });
  const head = root.querySelector('head');
  const styles = root.querySelectorAll('body style');
  if (!head || styles.length === 0) return html;
  for (const style of styles) {
    style.remove();
    head.appendChild(style);
  }
  return root.toString();
}

/**
 * Whether a page may have a <style> inside <body>. False only when no "<style" follows the
 * first "<body": an element's start tag comes after its ancestors' in the source, so such a
 * page has no style in its body and the full parse (the costly part) can be skipped.
 */
export function mayHaveBodyStyle(html: string): boolean {
  const body = html.search(/<body/i);
  return body !== -1 && /<style/i.test(html.slice(body));
}
