/**
 * Search, loaded only when the reader opens it. Uses Pagefind's JavaScript API with our own
 * accessible dialog, so results are plain links and nothing is styled inline (strict CSP).
 */

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  filters: Record<string, string[]>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  debouncedSearch(
    term: string,
    options: { filters?: Record<string, string> },
    ms?: number,
  ): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
}

let pagefindPromise: Promise<Pagefind> | undefined;
const started = new WeakSet<HTMLDialogElement>();

function loadPagefind(): Promise<Pagefind> {
  // A plain string keeps the bundler from trying to resolve a file that only exists after indexing.
  const url = '/pagefind/pagefind.js';
  pagefindPromise ??= import(/* @vite-ignore */ url).then(async (module: Pagefind) => {
    await module.options({ excerptLength: 24 });
    return module;
  });
  return pagefindPromise;
}

/** Copies a Pagefind excerpt (escaped text with <mark>) into the list as text and <mark> nodes only. */
function appendExcerpt(into: HTMLElement, excerpt: string): void {
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, 'text/html');
  for (const node of parsed.body.firstChild?.childNodes ?? []) {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      into.append(mark);
    } else {
      into.append(document.createTextNode(node.textContent ?? ''));
    }
  }
}

/** Wires the dialog's form to Pagefind the first time search opens. */
export function startSearch(dialog: HTMLDialogElement): void {
  const input = dialog.querySelector<HTMLInputElement>('[data-search-input]')!;
  input.focus();
  if (started.has(dialog)) return;
  started.add(dialog);
  const status = dialog.querySelector<HTMLElement>('[data-search-status]')!;
  const list = dialog.querySelector<HTMLOListElement>('[data-search-results]')!;
  const filterInputs = [...dialog.querySelectorAll<HTMLSelectElement>('[data-search-filter]')];
  dialog.querySelector('form')?.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });

  const run = async (): Promise<void> => {
    const term = input.value.trim();
    const filters: Record<string, string> = {};
    for (const select of filterInputs) if (select.value) filters[select.dataset.searchFilter!] = select.value;
    if (!term && Object.keys(filters).length === 0) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    status.textContent = 'Searching…';
    let pagefind: Pagefind;
    try {
      pagefind = await loadPagefind();
    } catch {
      status.textContent = 'Search could not load. Reload the page, or use the guides list instead.';
      return;
    }
    const search = await pagefind.debouncedSearch(term || null!, { filters }, 150);
    if (search === null) return; // A newer keystroke replaced this search.
    const data = await Promise.all(search.results.slice(0, 12).map((r) => r.data()));
    list.replaceChildren(
      ...data.map((result) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = result.url;
        link.textContent = result.meta.title ?? result.url;
        const excerpt = document.createElement('p');
        appendExcerpt(excerpt, result.excerpt);
        const tags = Object.values(result.filters).flat().join(' · ');
        item.append(link);
        if (tags) {
          const meta = document.createElement('p');
          meta.className = 'search-results__meta';
          meta.textContent = tags;
          item.append(meta);
        }
        item.append(excerpt);
        return item;
      }),
    );
    const count = search.results.length;
    status.textContent =
      count === 0 ? 'No results. Try a shorter word, or clear the filters.' : `${count} result${count === 1 ? '' : 's'}${count > 12 ? ', showing the first 12' : ''}.`;
  };
  input.addEventListener('input', () => void run());
  filterInputs.forEach((select) => select.addEventListener('change', () => void run()));
  // A quick typist can fill the box before this module has loaded: search what is already there.
  if (input.value.trim() || filterInputs.some((select) => select.value)) void run();
}
