import type { ErrorDto } from '../../../app/contract';

/** An error for people: its message (already written to be acted on), announced by screen readers. */
export function ErrorMessage({ error, title }: { error: ErrorDto | null | undefined; title?: string }) {
  if (!error) return null;
  return (
    <div className="callout callout-bad" role="alert">
      {title ? <strong className="callout-title">{title}</strong> : null}
      <span>{error.message}</span>
    </div>
  );
}
