import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { BarStack } from '@visx/shape';
import { useWidth } from '../useWidth';
import { nextPoint, startPoint } from './keyboard';
import { Legend } from './Legend';

/** One slice of time: a value per series. */
export interface TimeRow {
  start: number;
  values: number[];
}

/** Props of a chart over time. */
export interface TimeBarChartProps {
  /** The chart's accessible name ("Requests over time"). */
  title: string;
  /** Series, bottom of the stack first; each gets a colour of the palette (or the error colour). */
  keys: string[];
  labelOf(key: string): string;
  rows: TimeRow[];
  format(value: number): string;
  /** A slice's heading in the tooltip and for screen readers. */
  rowTitle(start: number): string;
  tick(start: number): string;
  /** An extra line for one slice (the error chart's "3 of 40 requests failed"). */
  note?(index: number): string | null;
  tone?: 'series' | 'bad';
  /** A series' colour class; by default its place in `keys`. */
  colourOf?(key: string, index: number): string;
  /** Whole numbers only on the value axis (counts). */
  integer?: boolean;
}

const HEIGHT = 200;
const MARGIN = { top: 10, right: 12, bottom: 26, left: 52 };

/**
 * A stacked bar chart over time, drawn in SVG with visx so it follows the theme's CSS variables. Hover or
 * focus shows a slice's numbers; the slices are one tab stop, walked with the arrow keys (Home/End).
 */
export function TimeBarChart({ title, keys, labelOf, rows, format, rowTitle, tick, note, tone = 'series', colourOf, integer = false }: TimeBarChartProps) {
  const [container, width] = useWidth<HTMLDivElement>(560);
  const [hovered, setHovered] = useState<number | null>(null);
  const [focused, setFocused] = useState<number | null>(null);
  const [tabStop, setTabStop] = useState<number | null>(null);
  const filled = (i: number) => (rows[i]?.values.some((v) => v > 0) ?? false) || (note?.(i) ?? null) !== null;
  const stop = tabStop !== null && tabStop < rows.length ? tabStop : startPoint(rows.length, filled);

  const innerWidth = Math.max(10, width - MARGIN.left - MARGIN.right);
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const data = rows.map((row) => Object.fromEntries([['start', row.start], ...keys.map((key, i) => [key, row.values[i] ?? 0])]) as Record<string, number>);
  const x = scaleBand<number>({ domain: rows.map((r) => r.start), range: [0, innerWidth], paddingInner: rows.length > 48 ? 0.15 : 0.3, paddingOuter: 0.1 });
  const max = Math.max(0, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const y = scaleLinear<number>({ domain: [0, max > 0 ? max : 1], range: [innerHeight, 0], nice: true });
  const everyTick = Math.max(1, Math.ceil(rows.length / Math.max(2, Math.floor(innerWidth / 72))));
  const ticks = rows.filter((_, i) => (rows.length - 1 - i) % everyTick === 0).map((r) => r.start);
  const colour = (i: number) => (tone === 'bad' ? 'chart-bad' : colourOf ? colourOf(keys[i] ?? '', i) : `series-${i}`);
  const valueTicks = y.ticks(4).filter((v) => !integer || Number.isInteger(v));

  const describe = (i: number): string[] => {
    const row = rows[i];
    if (!row) return [];
    // Only the series present in this slice: a week of five agents would otherwise list zeros.
    const lines = keys.length > 1 ? keys.flatMap((key, k) => ((row.values[k] ?? 0) > 0 ? [`${labelOf(key)}: ${format(row.values[k] ?? 0)}`] : [])) : [format(row.values[0] ?? 0)];
    if (keys.length > 1) lines.push(`Total: ${format(row.values.reduce((a, b) => a + b, 0))}`);
    const extra = note?.(i);
    if (extra) lines.push(extra);
    return lines;
  };
  const shown = hovered ?? focused;
  const shownRow = shown !== null ? rows[shown] : undefined;
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const next = nextPoint(event.key, index, rows.length, filled, 'ArrowRight', 'ArrowLeft');
    if (next === null) return;
    event.preventDefault();
    setTabStop(next);
    const target = (event.currentTarget.parentNode as Element | null)?.children[next];
    if (target instanceof SVGElement) target.focus();
  };
  // Beside the slice, never over it: to its right in the left half of the chart, to its left in the right half.
  const sliceLeft = shownRow ? MARGIN.left + (x(shownRow.start) ?? 0) : 0;
  const flip = sliceLeft > width / 2;
  const tooltipLeft = flip ? sliceLeft - 6 : sliceLeft + x.bandwidth() + 6;

  return (
    <div className="chart" ref={container}>
      {keys.length > 1 ? <Legend keys={keys} labelOf={labelOf} colour={colour} /> : null}
      <div className="chart-plot">
      <svg width={width} height={HEIGHT} role="group" aria-label={`${title}: use the arrow keys to move between times`} className="chart-svg">
        <Group left={MARGIN.left} top={MARGIN.top}>
          <BarStack data={data} keys={keys} x={(d) => d.start ?? 0} xScale={x} yScale={y} color={(key) => key}>
            {(stacks) =>
              stacks.map((stack) =>
                stack.bars.map((bar) =>
                  bar.height > 0 ? <rect key={`${stack.index}-${bar.index}`} className={`chart-bar ${colour(stack.index)}${shown === bar.index ? ' active' : ''}`} x={bar.x} y={bar.y} width={Math.max(1, bar.width)} height={bar.height} /> : null,
                ),
              )
            }
          </BarStack>
          <AxisLeft scale={y} tickValues={valueTicks} tickFormat={(v) => format(Number(v))} axisClassName="chart-axis" tickClassName="chart-tick" hideAxisLine />
          <AxisBottom top={innerHeight} scale={x} tickValues={ticks} tickFormat={(v) => tick(Number(v))} axisClassName="chart-axis" tickClassName="chart-tick" />
          <g>
            {rows.map((row, i) => (
              <rect
                key={row.start}
                className="chart-hit"
                x={(x(row.start) ?? 0) - (x.step() - x.bandwidth()) / 2}
                y={0}
                width={x.step()}
                height={innerHeight}
                tabIndex={i === stop ? 0 : -1}
                role="img"
                aria-label={`${rowTitle(row.start)}: ${describe(i).join(', ')}`}
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
      {shownRow ? (
        <div className={`chart-tooltip${flip ? ' chart-tooltip-flip' : ''}`} aria-hidden="true" style={{ left: tooltipLeft }} data-testid="chart-tooltip">
          <strong>{rowTitle(shownRow.start)}</strong>
          {describe(shown ?? 0).map((line) => (
            <span key={line}>{line}</span>
          ))}
        </div>
      ) : null}
      </div>
    </div>
  );
}
