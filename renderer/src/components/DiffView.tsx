/** A unified diff with added and removed lines marked by class (and by their +/- for screen readers). */
export function DiffView({ diff, label }: { diff: string; label: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre className="diff" aria-label={label} tabIndex={0}>
      <code>
        {lines.map((line, i) => (
          <span key={i} className={`diff-line ${diffLineClass(line)}`}>
            {line}
            {'\n'}
          </span>
        ))}
      </code>
    </pre>
  );
}

function diffLineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return 'diff-file';
  if (line.startsWith('@@')) return 'diff-hunk';
  if (line.startsWith('+')) return 'diff-add';
  if (line.startsWith('-')) return 'diff-del';
  return '';
}
