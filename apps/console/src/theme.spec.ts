import { applyTheme, themeFrom } from './theme';

describe('embedding theme from the query', () => {
  it('takes theme and a hex primary colour', () => {
    expect(themeFrom('?theme=dark&primary=%23128C7E', false)).toEqual({ mode: 'dark', primary: '#128C7E' });
    expect(themeFrom('?primary=fa0', true)).toEqual({ mode: 'dark', primary: '#fa0' });
    expect(themeFrom('', false)).toEqual({ mode: 'light', primary: null });
  });

  it('ignores anything that is not a colour, so a link cannot inject CSS', () => {
    for (const primary of ['red;background:url(x)', 'expression(alert(1))', '#12345', 'var(--x)']) {
      expect(themeFrom(`?primary=${encodeURIComponent(primary)}`, false).primary).toBeNull();
    }
    expect(themeFrom('?theme=<b>', false).mode).toBe('light');
  });

  it('sets the mode and the colour on the root element', () => {
    const root = document.createElement('html');
    applyTheme({ mode: 'dark', primary: '#112233' }, root);
    expect(root.dataset.theme).toBe('dark');
    expect(root.style.getPropertyValue('--primary')).toBe('#112233');
  });
});
