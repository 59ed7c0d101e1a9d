/** Props of a chart's legend. */
export interface LegendProps {
  keys: string[];
  labelOf(key: string): string;
  /** The colour class of the i-th series. */
  colour(index: number): string;
}

/** Which colour is which series, in words beside a swatch (the tables hold the same without colour). */
export function Legend({ keys, labelOf, colour }: LegendProps) {
  return (
    <ul className="chart-legend" aria-label="Legend">
      {keys.map((key, i) => (
        <li key={key}>
          <span className={`chart-swatch ${colour(i)}`} aria-hidden="true" />
          {labelOf(key)}
        </li>
      ))}
    </ul>
  );
}
