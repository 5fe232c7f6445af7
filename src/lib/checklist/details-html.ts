/**
 * An item's reading text (why, how to check, when it counts as done, the self-assessment questions
 * it supports, its guide, the framework ids it maps to) as HTML made once when the site is built. The checklist page passes it to
 * its island as static HTML (a named slot), which hydrating neither rebuilds nor compares: starting
 * the page on a slow phone then does far less work, and the page's data carries each text once.
 */
import { escapeHtml } from '../content/prose-html.ts';
import type { ChecklistItem } from './model.ts';
import { frameworkParts, frameworkUrls } from '../frameworks/maps-to.ts';

const paragraph = (label: string, html: string) => `<p><strong>${label}:</strong> ${html}</p>`;
const link = (href: string, text: string) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;

export function itemDetailsHtml(item: ChecklistItem): string {
  const parts = [paragraph('Why', escapeHtml(item.why)), paragraph('How to check', escapeHtml(item.howToCheck)), paragraph('Done when', escapeHtml(item.doneWhen))];
  if (item.questions && item.questions.length > 0) {
    const links = item.questions.map((q) => link(`/assessment/#${q.id}`, q.topic)).join(', ');
    parts.push(paragraph('Supports the self-assessment question', links));
  }
  if (item.guide) parts.push(paragraph('Guide', link(item.guide.href, item.guide.title)));
  if (item.tool) parts.push(paragraph('Tool', link(item.tool.href, item.tool.title)));
  const maps = frameworkParts(item.maps);
  if (maps.length > 0) parts.push(paragraph('Maps to', maps.map((m) => `${link(frameworkUrls[m.field], m.name)} ${escapeHtml(m.ids.join(', '))}`).join(' · ')));
  return parts.join('');
}
