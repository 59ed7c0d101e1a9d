import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { Snippet } from '../../../../../app/contract';
import { CopyButton } from '../../../components/CopyButton';

const LANGUAGE_LABELS: Record<Snippet['language'], string> = { python: 'Python', javascript: 'JavaScript', shell: 'Shell' };

/** A tab's name: the language, plus the class from the title ("Python: ChatOpenAI ...") when the language repeats. */
function tabLabel(snippet: Snippet, all: Snippet[]): string {
  const language = LANGUAGE_LABELS[snippet.language];
  if (all.filter((s) => s.language === snippet.language).length < 2) return language;
  const detail = /^[^:]+:\s*(\S+)/.exec(snippet.title)?.[1];
  return detail ? `${language} ${detail}` : snippet.title;
}

/** Ready-to-paste code (LangChain), one tab per snippet, each with a Copy button. */
export function SnippetTabs({ snippets }: { snippets: Snippet[] }) {
  const [selected, setSelected] = useState(0);
  const base = useId();
  const current = snippets[selected] ?? snippets[0];
  const onKeyDown = (event: KeyboardEvent) => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = (selected + delta + snippets.length) % snippets.length;
    setSelected(next);
    document.getElementById(`${base}-tab-${next}`)?.focus();
  };
  if (!current) return null;
  return (
    <section className="snippets" aria-label="Code snippets">
      <div className="snippet-head">
        <div role="tablist" aria-label="Language" className="segmented">
          {snippets.map((s, i) => (
            <button
              key={s.title + i}
              id={`${base}-tab-${i}`}
              type="button"
              role="tab"
              aria-selected={i === selected}
              aria-controls={`${base}-panel`}
              tabIndex={i === selected ? 0 : -1}
              onClick={() => setSelected(i)}
              onKeyDown={onKeyDown}
            >
              {tabLabel(s, snippets)}
            </button>
          ))}
        </div>
        <CopyButton text={current.code} label={`Copy ${tabLabel(current, snippets)}`} />
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${selected}`}>
        <p className="muted small">{current.title}</p>
        <pre className="code-block" tabIndex={0}>
          <code>{current.code}</code>
        </pre>
      </div>
    </section>
  );
}
