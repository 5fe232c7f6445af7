/**
 * The little JavaScript every page loads: theme picker, search shortcuts (the search code itself
 * loads only when the reader opens search), the table-of-contents marker and copy buttons.
 */

const themeKey = 'plainsec:theme';

function setUpThemePicker(): void {
  const picker = document.querySelector<HTMLSelectElement>('[data-theme-picker]');
  if (!picker) return;
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(themeKey);
  } catch {
    // Storage can be blocked; the picker still works for this page view.
  }
  picker.value = saved === 'light' || saved === 'dark' ? saved : 'auto';
  picker.closest('label')?.removeAttribute('hidden');
  picker.addEventListener('change', () => {
    const choice = picker.value;
    if (choice === 'light' || choice === 'dark') document.documentElement.dataset.theme = choice;
    else delete document.documentElement.dataset.theme;
    try {
      if (choice === 'auto') localStorage.removeItem(themeKey);
      else localStorage.setItem(themeKey, choice);
    } catch {
      // Not remembered, but applied: nothing the reader had is lost.
    }
  });
}

function setUpSearch(): void {
  const button = document.querySelector<HTMLButtonElement>('[data-search-open]');
  const dialog = document.querySelector<HTMLDialogElement>('[data-search-dialog]');
  if (!button || !dialog) return;
  button.hidden = false;
  const open = async (): Promise<void> => {
    if (!dialog.open) dialog.showModal();
    const { startSearch } = await import('./search.ts');
    startSearch(dialog);
  };
  button.addEventListener('click', () => void open());
  dialog.querySelector('[data-search-close]')?.addEventListener('click', () => dialog.close());
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    const typing = target?.closest('input, textarea, select, [contenteditable="true"]');
    const isSlash = event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
    const isCtrlK = event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey);
    if (isSlash || isCtrlK) {
      event.preventDefault();
      void open();
    }
  });
}

/** Marks the table-of-contents link of the section being read. */
function setUpTocMarker(): void {
  const links = [...document.querySelectorAll<HTMLAnchorElement>('[data-toc] a[href^="#"]')];
  if (links.length === 0 || !('IntersectionObserver' in window)) return;
  const byId = new Map(links.map((link) => [decodeURIComponent(link.hash.slice(1)), link]));
  const headings = [...byId.keys()]
    .map((id) => document.getElementById(id))
    .filter((h): h is HTMLElement => h !== null);
  const mark = (id: string): void => {
    for (const [key, link] of byId) {
      if (key === id) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    }
  };
  const observer = new IntersectionObserver(
    (entries) => {
      const visible = entries.filter((e) => e.isIntersecting).sort((a, b) => a.boundingClientRect.top - b.boundingClientRect.top);
      if (visible[0]) mark(visible[0].target.id);
    },
    { rootMargin: '0px 0px -70% 0px' },
  );
  headings.forEach((h) => observer.observe(h));
}

/** Adds a copy button to each code block; without JavaScript the commands are still selectable. */
function setUpCopyButtons(): void {
  if (!navigator.clipboard) return;
  for (const pre of document.querySelectorAll<HTMLPreElement>('[data-prose] pre')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-button';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy this code');
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(pre.querySelector('code')?.innerText ?? pre.innerText);
        button.textContent = 'Copied';
      } catch {
        button.textContent = 'Select and copy by hand';
      }
      setTimeout(() => (button.textContent = 'Copy'), 2500);
    });
    const wrapper = document.createElement('div');
    wrapper.className = 'code-block';
    pre.replaceWith(wrapper);
    wrapper.append(button, pre);
  }
}

/** Escape dismisses a glossary tip; moving to another term brings tips back. */
function setUpTermTips(): void {
  const root = document.documentElement;
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && document.querySelector('.term:hover, .term:focus')) root.dataset.tipsHidden = '';
  });
  const show = (event: Event) => {
    if ((event.target as Element | null)?.closest?.('.term')) delete root.dataset.tipsHidden;
  };
  document.addEventListener('focusin', show);
  document.addEventListener('mouseover', show);
}

setUpThemePicker();
setUpTermTips();
setUpSearch();
setUpTocMarker();
setUpCopyButtons();
