// The analyst UI: screen/search, entity profile (names by script, timeline, network), articles
// with their extracted facts, and list versions with what changed. Hash routes keep it one page
// served from / by the API server. Every text is rendered as text: names and article content
// never become markup.
//
// The fonts ship with the UI (bundled by Vite from @fontsource), so every browser draws names
// the same and none falls back to a system font without 'Ł', 'š' or '’': Noto Sans for Latin,
// Cyrillic and Greek, Noto Sans SC for Chinese, Noto Sans Arabic; the weights the UI uses. Each
// file covers a unicode range, so a browser fetches only the ones a page's text needs.
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import '@fontsource/noto-sans-arabic/400.css';
import '@fontsource/noto-sans-arabic/700.css';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ArticlePage, ArticlesPage } from './articles';
import { BatchPage } from './batch';
import { EntityPage } from './entity';
import { ListsPage } from './lists';
import { AlertsPage, AuditPage } from './alerts';
import { KeyBox } from './keybox';
import { ReviewPage } from './review';
import { ScreenPage } from './screen';
import './style.css';

function useRoute(): string[] {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return hash.replace(/^#\/?/u, '').split('/').map(decodeURIComponent);
}

function App() {
  const [page, arg] = useRoute();
  return (
    <>
      <header>
        <a className="brand" href="#/">
          sanctrace
        </a>
        <nav aria-label="main">
          <a href="#/">Screen</a>
          <a href="#/batch">Batch</a>
          <a href="#/articles">Articles</a>
          <a href="#/lists">Lists</a>
          <a href="#/review">Review</a>
          <a href="#/alerts">Alerts</a>
          <a href="#/audit">Audit</a>
        </nav>
        <KeyBox />
      </header>
      <main>
        {page === 'entity' && arg ? <EntityPage id={arg} key={arg} /> : null}
        {page === 'article' && arg ? <ArticlePage id={arg} key={arg} /> : null}
        {page === 'articles' ? <ArticlesPage /> : null}
        {page === 'lists' ? <ListsPage /> : null}
        {page === 'batch' ? <BatchPage /> : null}
        {page === 'review' ? <ReviewPage /> : null}
        {page === 'alerts' ? <AlertsPage /> : null}
        {page === 'audit' ? <AuditPage /> : null}
        {!['entity', 'article', 'articles', 'lists', 'batch', 'review', 'alerts', 'audit'].includes(page) ? <ScreenPage /> : null}
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
