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
