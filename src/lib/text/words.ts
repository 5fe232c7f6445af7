/**
 * Small pieces of English the tools share: a list of names in words, and the word search the
 * tools' search boxes use.
 */

/**
 * Names as a list in words: "Ana", "Ana and Bo", "Ana, Bo and Cy". With `shown` smaller than the
 * list, the rest are counted: "Ana, Bo and 3 others".
 */
export function namesInWords(names: readonly string[], shown = names.length): string {
  const rest = names.length - shown;
  const listed = rest > 0 ? [...names.slice(0, shown), `${rest} ${rest === 1 ? 'other' : 'others'}`] : [...names];
  if (listed.length <= 1) return listed.join('');
  return `${listed.slice(0, -1).join(', ')} and ${listed[listed.length - 1]}`;
}

/**
 * A test for "does this text hold every word typed?": case does not matter, the words may come
 * in any order and be parts of longer words. A query of only spaces matches everything.
 */
export function matchesEveryWord(query: string): (text: string) => boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return (text) => {
    const lower = text.toLowerCase();
    return words.every((w) => lower.includes(w));
  };
}
