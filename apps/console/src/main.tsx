import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyTheme, themeFrom } from './theme';
import './styles.css';

applyTheme(themeFrom(window.location.search, window.matchMedia('(prefers-color-scheme: dark)').matches), document.documentElement);
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(<App />);
