// The page entry. StrictMode on: in development it mounts every component twice, which the
// hook must survive without a second request.
import { StrictMode, createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

createRoot(document.getElementById('root')!).render(h(StrictMode, null, h(App)));
