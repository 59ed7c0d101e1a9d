import type { ReactNode } from 'react';

/** Props of one chart's card. */
export interface ChartSectionProps {
  id: string;
  title: string;
  description?: ReactNode;
  /** The chart (hidden from screen readers' reading order is not needed: its points are labelled). */
  chart: ReactNode;
  /** The same numbers as a table, behind "Show as table". */
  table: ReactNode;
}

/** A card with a chart, and the accessible table of the same numbers behind a disclosure. */
export function ChartSection({ id, title, description, chart, table }: ChartSectionProps) {
  return (
    <section className="card chart-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {description ? <p className="muted small chart-description">{description}</p> : null}
      {chart}
      <details className="chart-table" data-testid={`${id}-table`}>
        <summary>Show as table</summary>
        <div className="table-scroll">{table}</div>
      </details>
    </section>
  );
}
