// The API key box: alerts, the audit trail, batch jobs and every decision need a key with a role;
// it is kept in this browser's localStorage only and never shown back in full. Pages that need a
// key read it with useApiKey, so they load as soon as one is entered, and say which role they
// need and how to get a key while there is none.
import { useEffect, useState } from 'react';
import { apiKey, setApiKey } from './api';

// The server's roles, each including the ones before it (src/access/principal.ts).
const ROLES = ['screener', 'analyst', 'admin'] as const;
type Role = (typeof ROLES)[number];
// Said when the key changes in this tab (the 'storage' event covers other tabs only).
const KEY_CHANGED = 'sanctrace:key';

export function useApiKey(): [string, (key: string) => void] {
  const [key, setKey] = useState(apiKey());
  useEffect(() => {
    const onChange = () => setKey(apiKey());
    window.addEventListener(KEY_CHANGED, onChange);
    window.addEventListener('storage', onChange);
    return () => {
      window.removeEventListener(KEY_CHANGED, onChange);
      window.removeEventListener('storage', onChange);
    };
  }, []);
  const change = (next: string) => {
    setApiKey(next);
    window.dispatchEvent(new Event(KEY_CHANGED));
  };
  return [key, change];
}

/** In place of a page's content while there is no key: the role it needs and how to get a key. */
export function KeyNeeded({ what, role }: { what: string; role: Role }) {
  const higher = ROLES.slice(ROLES.indexOf(role) + 1);
  return (
    <div className="key-needed" role="note">
      <p>
        {what} need an API key with the role <strong>{role}</strong>
        {higher.length ? ` (or ${higher.join(', ')})` : ''}. Paste it in the key box at the top.
      </p>
      <p>No key yet? Whoever runs this server creates one (it is shown once) with:</p>
      <p>
        <code>sanctrace keys create --role {role} --label "your name"</code>
      </p>
    </div>
  );
}

export function KeyBox() {
  const [key, setKey] = useApiKey();
  const [draft, setDraft] = useState('');
  if (key) {
    return (
      <span className="keybox">
        key …{key.slice(-4)}{' '}
        <button type="button" onClick={() => setKey('')}>
          forget key
        </button>
      </span>
    );
  }
  return (
    <form className="keybox" onSubmit={(e) => (e.preventDefault(), setKey(draft.trim()), setDraft(''))}>
      <input type="password" aria-label="API key" placeholder="API key (needed for alerts, audit, batch, decisions)" value={draft} onChange={(e) => setDraft(e.target.value)} />
      <button type="submit">use key</button>
    </form>
  );
}
