/**
 * Embedding options from the console URL's query: `?theme=dark|light` and
 * `?primary=<hex colour>` (e.g. `%23128C7E`). Anything else is ignored, so a
 * crafted link cannot inject CSS.
 */
export interface Theme {
  readonly mode: 'light' | 'dark';
  readonly primary: string | null;
}

export function themeFrom(search: string, prefersDark: boolean): Theme {
  const query = new URLSearchParams(search);
  const mode = query.get('theme');
  const primary = query.get('primary');
  return {
    mode: mode === 'dark' || mode === 'light' ? mode : prefersDark ? 'dark' : 'light',
    primary: primary !== null && /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(primary) ? (primary.startsWith('#') ? primary : `#${primary}`) : null,
  };
}

export function applyTheme(theme: Theme, root: HTMLElement): void {
  root.dataset.theme = theme.mode;
  if (theme.primary !== null) root.style.setProperty('--primary', theme.primary);
}
