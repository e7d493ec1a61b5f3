import { useState } from 'react';
import { verifySnippets } from './verify-snippets';

/** Per endpoint: how to verify its signatures, in Node.js and Python, for the headers it is sent. */
export function VerifySnippet(props: { readonly legacySignatureHeader: string | null }) {
  const snippets = verifySnippets(props.legacySignatureHeader);
  const [language, setLanguage] = useState(0);
  const current = snippets[language] ?? snippets[0];
  return (
    <details className="card">
      <summary>
        <h2 className="inline">Verify signatures</h2>
      </summary>
      <div role="tablist" aria-label="Language" className="row">
        {snippets.map((snippet, i) => (
          <button key={snippet.language} type="button" role="tab" aria-selected={i === language} className="button secondary" onClick={() => setLanguage(i)}>
            {snippet.language}
          </button>
        ))}
      </div>
      <pre className="code" role="tabpanel" aria-label={`${current?.language ?? ''} snippet`} tabIndex={0}>
        {current?.code}
      </pre>
    </details>
  );
}
