// The API key box: write actions (batch jobs, decisions, judgements, portfolios) need a key with
// a role; it is kept in this browser's localStorage only and never shown back in full.
import { useState } from 'react';
import { apiKey, setApiKey } from './api';

export function KeyBox() {
  const [key, setKey] = useState(apiKey());
  const [draft, setDraft] = useState('');
  if (key) {
    return (
      <span className="keybox">
        key …{key.slice(-4)}{' '}
        <button type="button" onClick={() => (setApiKey(''), setKey(''))}>
          forget key
        </button>
      </span>
    );
  }
  return (
    <form className="keybox" onSubmit={(e) => (e.preventDefault(), setApiKey(draft.trim()), setKey(draft.trim()), setDraft(''))}>
      <input type="password" aria-label="API key" placeholder="API key (for write actions)" value={draft} onChange={(e) => setDraft(e.target.value)} />
      <button type="submit">use key</button>
    </form>
  );
}
