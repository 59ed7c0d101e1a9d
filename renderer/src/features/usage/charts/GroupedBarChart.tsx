import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import { AxisBottom } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { useWidth } from '../useWidth';
import { nextPoint } from './keyboard';
import { Legend } from './Legend';

/** One row of a horizontal bar chart: a provider, a cause. */
export interface Category {
  key: string;
  label: string;
  /** One value per series; null where there is none (drawn as nothing, read as a dash). */
  values: (number | null)[];
}

/** Props of a horizontal grouped bar chart. */
export interface GroupedBarChartProps {
  title: string;
  series: { key: string; label: string }[];
  categories: Category[];
  format(value: number | null): string;
  /** An extra line for one row (a cause's share of the failures). */
  note?(index: number): string | null;
  tone?: 'series' | 'bad';
  /** Whole numbers only on the value axis (counts). */
  integer?: boolean;
}

const MARGIN = { top: 6, right: 64, bottom: 24 };
/** About how wide a character of the 12 px labels is, to size the label column to the longest label. */
const CHAR_WIDTH = 6.6;

/**
 * Horizontal bars, one group per category and one bar per series, each bar labelled with its value. Hover or
 * focus shows a row's numbers; the rows are one tab stop, walked with the arrow keys (Home/End).
 */
export function GroupedBarChart({ title, series, categories, format, note, tone = 'series', integer = false }: GroupedBarChartProps) {
  const [container, width] = useWidth<HTMLDivElement>(560);
  const [hovered, setHovered] = useState<number | null>(null);
  const [focused, setFocused] = useState<number | null>(null);
  const [tabStop, setTabStop] = useState(0);
  // One series (the causes): each label on its own line above its bar, so long causes stay whole at 800 px.
  const above = series.length === 1;
  const longest = Math.max(4, ...categories.map((c) => c.label.length));
  const left = above ? 0 : Math.min(Math.ceil(longest * CHAR_WIDTH) + 12, Math.floor(width * 0.45));
  const maxChars = above ? Math.floor((width - MARGIN.right) / CHAR_WIDTH) : Math.floor((left - 12) / CHAR_WIDTH);
  const row = series.length > 1 ? 16 : 18;
  const labelHeight = above ? 18 : 0;
  const innerWidth = Math.max(10, width - left - MARGIN.right);
  const groupHeight = labelHeight + row * series.length + 12;
  const innerHeight = groupHeight * categories.length;
  const height = innerHeight + MARGIN.top + MARGIN.bottom;
  const y = scaleBand<string>({ domain: categories.map((c) => c.key), range: [0, innerHeight], paddingInner: 0.15 });
  const inner = scaleBand<string>({ domain: series.map((s) => s.key), range: [labelHeight, y.bandwidth()], paddingInner: 0.15 });
  const max = Math.max(0, ...categories.flatMap((c) => c.values.map((v) => v ?? 0)));
  const x = scaleLinear<number>({ domain: [0, max > 0 ? max : 1], range: [0, innerWidth], nice: true });
  const colour = (i: number) => (tone === 'bad' ? 'chart-bad' : `series-${i}`);
  const describe = (i: number): string[] => {
    const category = categories[i];
    if (!category) return [];
    const lines = series.map((s, k) => (series.length > 1 ? `${s.label}: ${format(category.values[k] ?? null)}` : format(category.values[k] ?? null)));
    const extra = note?.(i);
    if (extra) lines.push(extra);
    return lines;
  };
  const shown = hovered ?? focused;
  const shownCategory = shown !== null ? categories[shown] : undefined;
  const stop = tabStop < categories.length ? tabStop : 0;
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const next = nextPoint(event.key, index, categories.length, () => true, 'ArrowDown', 'ArrowUp');
    if (next === null) return;
    event.preventDefault();
    setTabStop(next);
    const target = (event.currentTarget.parentNode as Element | null)?.children[next];
    if (target instanceof SVGElement) target.focus();
  };

  return (
    <div className="chart" ref={container}>
      {series.length > 1 ? <Legend keys={series.map((s) => s.key)} labelOf={(key) => series.find((s) => s.key === key)?.label ?? key} colour={colour} /> : null}
      <div className="chart-plot">
      <svg width={width} height={height} role="group" aria-label={`${title}: use the arrow keys to move between rows`} className="chart-svg">
        <Group left={left} top={MARGIN.top}>
          {categories.map((category, i) => (
            <g key={category.key} transform={`translate(0, ${y(category.key) ?? 0})`}>
              <text className="chart-category" x={above ? 0 : -8} y={above ? labelHeight / 2 : y.bandwidth() / 2} textAnchor={above ? 'start' : 'end'} dominantBaseline="middle">
                {category.label.length > maxChars ? `${category.label.slice(0, maxChars - 1)}…` : category.label}
              </text>
              {series.map((s, k) => {
                const value = category.values[k] ?? null;
                const barY = inner(s.key) ?? 0;
                return (
                  <g key={s.key}>
                    {value !== null && value > 0 ? <rect className={`chart-bar ${colour(k)}${shown === i ? ' active' : ''}`} x={0} y={barY} width={Math.max(1, x(value))} height={inner.bandwidth()} /> : null}
                    <text className="chart-value" x={(value !== null ? x(value) : 0) + 4} y={barY + inner.bandwidth() / 2} dominantBaseline="middle">
                      {format(value)}
                    </text>
                  </g>
                );
              })}
            </g>
          ))}
          <AxisBottom top={innerHeight} scale={x} tickValues={x.ticks(Math.max(2, Math.floor(innerWidth / 90))).filter((v) => !integer || Number.isInteger(v))} tickFormat={(v) => format(Number(v))} axisClassName="chart-axis" tickClassName="chart-tick" />
          <g>
            {categories.map((category, i) => (
              <rect
                key={category.key}
                className="chart-hit"
                x={-left}
                y={y(category.key) ?? 0}
                width={left + innerWidth + MARGIN.right - 4}
                height={y.bandwidth()}
                tabIndex={i === stop ? 0 : -1}
                role="img"
                aria-label={`${category.label}: ${describe(i).join(', ')}`}
                onMouseEnter={() => setHovered(i)}
                onMouseLeave={() => setHovered(null)}
                onFocus={() => {
                  // The latest of mouse and keyboard wins: a pointer resting on another point must not hide this one.
                  setHovered(null);
                  setFocused(i);
                  setTabStop(i);
                }}
                onBlur={() => setFocused(null)}
                onKeyDown={(e) => onKeyDown(e, i)}
              />
            ))}
          </g>
        </Group>
      </svg>
      {shownCategory ? (
        <div className="chart-tooltip chart-tooltip-row" aria-hidden="true" style={{ top: MARGIN.top + (y(shownCategory.key) ?? 0) + y.bandwidth() + 4, left: left }} data-testid="chart-tooltip">
          <strong>{shownCategory.label}</strong>
          {describe(shown ?? 0).map((line) => (
            <span key={line}>{line}</span>
          ))}
        </div>
      ) : null}
      </div>
    </div>
  );
}
