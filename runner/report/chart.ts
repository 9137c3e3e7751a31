// The timeline chart as inline SVG: requests (latency over time, failures as crosses), fault windows shaded, the
// enforcement probe's cut/restore, steps as numbered bars and checks as diamonds. Pure: timeline in, SVG text out.
import { seconds } from './units.ts';
import { esc } from './escape.ts';
import type { Timeline } from './timeline.ts';

const WIDTH = 1000;
const LEFT = 64;
const RIGHT = 16;
const LANE = 16;
const LANES = 2;
const TOP = 8 + LANES * LANE + 18;
const PLOT_HEIGHT = 260;
const HEIGHT = TOP + PLOT_HEIGHT + 44;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const BOTTOM = TOP + PLOT_HEIGHT;

/** A round tick step so that `range` spans at most `count` steps (1, 2 or 5 times a power of ten). */
export function tickStep(range: number, count: number): number {
  const raw = Math.max(range, 1e-9) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => range / step <= count) ?? 10 * power;
}

/** The latency axis's decades [low, high] (10^low ms … 10^high ms), at least two apart, covering every sample. */
export function decades(latencies: number[]): [number, number] {
  const positive = latencies.filter((ms) => ms > 0);
  const low = positive.length === 0 ? 0 : Math.max(-1, Math.floor(Math.log10(Math.min(...positive))));
  const high = positive.length === 0 ? 3 : Math.ceil(Math.log10(Math.max(...positive)));
  return [low, Math.max(high, low + 2)];
}

const num = (n: number) => String(Math.round(n * 10) / 10);

/** Renders the chart; every drawn element carries a class (and data- attributes) that tests and readers can find. */
export function renderChart(timeline: Timeline): string {
  const { durationMs, samples } = timeline;
  const xStep = tickStep(durationMs / 1000, 10) * 1000;
  const xMax = Math.ceil(durationMs / xStep) * xStep;
  // Log scale: a 5 s timeout and a 30 ms answer must both stay readable on one axis.
  const [lowDecade, highDecade] = decades(samples.map((s) => s.ms));
  const x = (t: number) => LEFT + (Math.min(Math.max(t, 0), xMax) / xMax) * PLOT_WIDTH;
  const y = (ms: number) => {
    const decade = Math.min(Math.max(Math.log10(Math.max(ms, 10 ** lowDecade)), lowDecade), highDecade);
    return BOTTOM - ((decade - lowDecade) / (highDecade - lowDecade)) * PLOT_HEIGHT;
  };
  const parts: string[] = [];

  for (let t = 0; t <= xMax + 1e-6; t += xStep) {
    parts.push(`<line class="grid" x1="${num(x(t))}" y1="${TOP}" x2="${num(x(t))}" y2="${BOTTOM}"/>`);
    parts.push(`<text class="tick" x="${num(x(t))}" y="${BOTTOM + 16}" text-anchor="middle">${seconds(t).replace(/\.0$/, '')}</text>`);
  }
  for (let decade = lowDecade; decade <= highDecade; decade++) {
    const v = 10 ** decade;
    parts.push(`<line class="grid" x1="${LEFT}" y1="${num(y(v))}" x2="${LEFT + PLOT_WIDTH}" y2="${num(y(v))}"/>`);
    parts.push(`<text class="tick" x="${LEFT - 6}" y="${num(y(v) + 4)}" text-anchor="end">${v >= 1000 ? `${v / 1000} s` : num(v)}</text>`);
  }
  parts.push(`<text class="axis-label" x="${LEFT + PLOT_WIDTH / 2}" y="${HEIGHT - 6}" text-anchor="middle">seconds since the run started</text>`);
  parts.push(`<text class="axis-label" transform="translate(14 ${TOP + PLOT_HEIGHT / 2}) rotate(-90)" text-anchor="middle">latency (ms, log scale)</text>`);

  for (const fault of timeline.faults) {
    const cls = fault.probe ? 'probe-window' : `fault-window${fault.recovered ? '' : ' unrecovered'}`;
    const what = fault.probe ? 'enforcement probe fault (the runner pod)' : `fault ${fault.id} on ${fault.targets.join(', ') || '(no pods listed)'}`;
    const until = fault.recovered ? `recovered at ${seconds(fault.to)} s` : 'never recovered in this run';
    parts.push(
      `<rect class="${cls}" data-fault-id="${esc(fault.id)}" data-from-ms="${num(fault.from)}" data-to-ms="${num(fault.to)}" x="${num(x(fault.from))}" y="${TOP}" ` +
        `width="${num(Math.max(1, x(fault.to) - x(fault.from)))}" height="${PLOT_HEIGHT}"><title>${esc(`${what}: injected at ${seconds(fault.from)} s, ${until}`)}</title></rect>`,
    );
  }

  for (const step of timeline.steps) {
    const lane = (step.index - 1) % LANES;
    const top = 8 + lane * LANE;
    const width = Math.max(3, x(step.to) - x(step.from));
    parts.push(
      `<g class="step step-${esc(step.status)}" data-step="${step.index}"><title>${esc(`${step.index}. ${step.name} — ${step.status}, ${seconds(step.to - step.from)} s from ${seconds(step.from)} s`)}</title>` +
        `<line class="step-line" x1="${num(x(step.from))}" y1="${top + LANE - 2}" x2="${num(x(step.from))}" y2="${BOTTOM}"/>` +
        `<rect x="${num(x(step.from))}" y="${top}" width="${num(width)}" height="${LANE - 3}" rx="2"/>` +
        (width >= 14 ? `<text x="${num(x(step.from) + 3)}" y="${top + LANE - 6}">${step.index}</text>` : '') +
        '</g>',
    );
  }

  for (const mark of timeline.marks) {
    const at = num(x(mark.at));
    if (mark.kind === 'check') {
      const cy = BOTTOM - 6;
      parts.push(
        `<path class="check-mark ${mark.ok ? 'ok' : 'fail'}" data-at-ms="${num(mark.at)}" d="M${at} ${cy - 6}L${num(x(mark.at) + 5)} ${cy}L${at} ${cy + 6}L${num(x(mark.at) - 5)} ${cy}Z">` +
          `<title>${esc(`check ${mark.ok ? 'held' : 'FAILED'}: ${mark.label} (${seconds(mark.at)} s)`)}</title></path>`,
      );
    } else {
      parts.push(
        `<g class="probe-${mark.kind}" data-at-ms="${num(mark.at)}"><title>${esc(mark.label)}</title>` +
          `<line x1="${at}" y1="${TOP - 14}" x2="${at}" y2="${BOTTOM}"/><text x="${at}" y="${TOP - 4}" text-anchor="${mark.kind === 'cut' ? 'end' : 'start'}">${mark.kind}</text></g>`,
      );
    }
  }

  for (const s of samples) {
    const cx = num(x(s.t));
    const cy = num(y(s.ms));
    const data = `data-t="${num(s.t)}" data-ms="${num(s.ms)}"`;
    const title = `<title>${esc(`${seconds(s.t)} s: ${s.ok ? 'ok' : `failed (${s.kind ?? 'unknown'})`}, ${num(s.ms)} ms`)}</title>`;
    if (s.ok) parts.push(`<circle class="sample ok" ${data} cx="${cx}" cy="${cy}" r="2.5">${title}</circle>`);
    else {
      const [px, py] = [x(s.t), y(s.ms)];
      parts.push(
        `<path class="sample fail" ${data} d="M${num(px - 3.5)} ${num(py - 3.5)}L${num(px + 3.5)} ${num(py + 3.5)}M${num(px - 3.5)} ${num(py + 3.5)}L${num(px + 3.5)} ${num(py - 3.5)}">${title}</path>`,
      );
    }
  }
  if (samples.length === 0) {
    parts.push(
      `<text class="no-samples" x="${LEFT + PLOT_WIDTH / 2}" y="${TOP + PLOT_HEIGHT / 2}" text-anchor="middle">no request samples in this record</text>`,
    );
  }
  parts.push(`<rect class="frame" x="${LEFT}" y="${TOP}" width="${PLOT_WIDTH}" height="${PLOT_HEIGHT}"/>`);

  return (
    `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" ` +
    `aria-label="requests over time with fault windows">${parts.join('')}</svg>`
  );
}
