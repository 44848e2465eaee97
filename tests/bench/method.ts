/**
 * The page-cost method's arithmetic, apart from any browser so that unit tests can check it
 * (tests/unit/bench-method.test.ts): quantiles, paired differences by round, per-arm summaries, and
 * the attribution of a trace's main-thread time to the extension.
 *
 * Run by node: no TS-only syntax.
 */

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Linear interpolation between the closest ranks (the usual "type 7" definition). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[above] ?? Number.NaN;
  return low + (high - low) * (position - below);
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** One load of one arm; the trace's attribution of the window (see `attribute`) is part of it. */
export interface PageLoadSample extends Attribution {
  arm: string;
  round: number;
  /**
   * Main-thread CPU time in the window (CDP ThreadTime), ms: the figure the aims are judged on. On a
   * shared 2-core machine the wall-clock task time below also counts the time the thread waited
   * for a core other processes held (measured: ±300 ms between loads at load average 5).
   */
  threadMs: number;
  /** Main-thread task time in the window (wall clock), ms. */
  taskMs: number;
  scriptMs: number;
  /** Style recalculation and layout in the window (CDP RecalcStyleDuration + LayoutDuration), ms. */
  styleLayoutMs: number;
  /** JS heap in use at the end of the window, after garbage collection, bytes. */
  heapBytes: number;
  /** When the button's host element was first seen (polled every 250 ms), ms after DOMContentLoaded. */
  buttonAfterStartMs: number | null;
}

export interface Spread {
  median: number;
  q1: number;
  q3: number;
  /** Rounds the difference is taken over. */
  n: number;
}

export interface PairedDifference {
  /** "page − none", "page − floor-button", … */
  label: string;
  threadMs: Spread;
  taskMs: Spread;
  scriptMs: Spread;
  styleLayoutMs: Spread;
  heapKb: Spread;
  attributedMs: Spread;
  extensionScriptMs: Spread;
  styleLayoutAfterMs: Spread;
}

export interface ArmSummary {
  arm: string;
  loads: number;
  threadMs: Spread;
  taskMs: Spread;
  heapKb: Spread;
  attributedMs: Spread;
  extensionScriptMs: Spread;
  styleLayoutAfterMs: Spread;
  paintAfterMs: Spread;
  gcAfterMs: Spread;
  buttonShown: number;
}

/** One event of a Chrome trace (the fields used here). */
/** One event of a Chrome trace (the fields used here); `tdur` is the thread's CPU time, µs. */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown>; beginData?: Record<string, unknown> };
}

const SCRIPT_EVENTS = new Set(['EvaluateScript', 'FunctionCall', 'v8.compile', 'v8.evaluateModule', 'TimerFire', 'FireIdleCallback', 'EventDispatch', 'v8.callFunction', 'v8.run']);
const STYLE_LAYOUT_EVENTS = new Set(['UpdateLayoutTree', 'Layout', 'RecalculateStyles']);
const PAINT_EVENTS = new Set(['PrePaint', 'Paint', 'Layerize', 'PaintImage', 'UpdateLayer']);
const isGc = (name: string): boolean => name === 'MajorGC' || name === 'MinorGC' || name.startsWith('V8.GC_');

const urlOf = (event: TraceEvent): string => {
  const data = event.args?.data ?? event.args?.beginData;
  const value = data?.['url'] ?? data?.['scriptName'] ?? data?.['fileName'];
  return typeof value === 'string' ? value : '';
};

/**
 * Main-thread CPU time of `events`, ms, each moment counted once: an event inside another kept
 * one (a callback inside a task, a collection inside a script) adds nothing. CPU time (`tdur`)
 * where the trace has it, else wall time: on a shared machine wall time counts other processes.
 */
export function cpuMs(events: readonly TraceEvent[]): number {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  let total = 0;
  let keptEnd = -Infinity;
  for (const event of sorted) {
    const end = event.ts + (event.dur ?? 0);
    if (event.ts < keptEnd) {
      // Partly outside the kept event (rare: async slices): only the part after it.
      if (end > keptEnd && event.dur) total += ((end - keptEnd) / event.dur) * (event.tdur ?? event.dur);
      keptEnd = Math.max(keptEnd, end);
      continue;
    }
    total += event.tdur ?? event.dur ?? 0;
    keptEnd = end;
  }
  return total / 1000;
}

export interface Attribution {
  /** Script events of chrome-extension:// URLs (evaluation, callbacks, listeners), ms of CPU. */
  extensionScriptMs: number;
  /** Style recalculation and layout during or just after the extension's scripts, ms of CPU. */
  styleLayoutAfterMs: number;
  /** Pre-paint, paint and layerize during or just after them, ms of CPU. */
  paintAfterMs: number;
  /** Garbage collection during or just after them, ms of CPU. */
  gcAfterMs: number;
  /** The four together, each moment once: what the trace puts down to the extension. */
  attributedMs: number;
}

/**
 * How long after one of the extension's script events the rendering work that starts counts as
 * caused by it: the next frame (a DOM change is drawn at the next rendering update, 16 ms apart at
 * 60 Hz; more on a loaded machine). The page's own later work (the 2026 page renders its
 * Experience 1 s after DOMContentLoaded) starts further away and stays the page's.
 */
export const CAUSED_WITHIN_US = 100_000;

/**
 * Attribution from the trace of the window (timestamps in µs), on the page renderer's main thread:
 * of the CrRendererMain threads, the one with most events naming the page's or an extension's URL
 * (several renderers run: the extension's pages and worker have their own). The extension's own
 * script events, and the style, layout, paint and garbage collection that start during one of them
 * or within CAUSED_WITHIN_US after it ends: the frame its DOM changes cause. The page's first frame
 * comes before the first content script in every arm (measured in traces of both large pages). An
 * arm without extension script in the window attributes nothing.
 */
export function attribute(events: readonly TraceEvent[], windowStartUs: number, windowEndUs: number): Attribution {
  const mainThreads = new Set(
    events
      .filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain')
      .map((event) => `${event.pid}:${event.tid}`),
  );
  const complete = events.filter(
    (event) => event.ph === 'X' && typeof event.dur === 'number' && event.ts >= windowStartUs && event.ts <= windowEndUs,
  );
  const counts = new Map<string, number>();
  for (const event of complete) {
    const thread = `${event.pid}:${event.tid}`;
    if (!mainThreads.has(thread)) continue;
    const url = urlOf(event);
    const weight = url.startsWith('https://') || url.startsWith('chrome-extension://') ? 1000 : 1;
    counts.set(thread, (counts.get(thread) ?? 0) + weight);
  }
  const pageThread = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const onPage = complete.filter((event) => `${event.pid}:${event.tid}` === pageThread);
  const extensionScripts = onPage.filter((event) => SCRIPT_EVENTS.has(event.name) && urlOf(event).startsWith('chrome-extension://'));
  const spans = extensionScripts.map((event) => [event.ts, event.ts + (event.dur ?? 0) + CAUSED_WITHIN_US] as const);
  const caused = (keep: (name: string) => boolean) =>
    onPage.filter((event) => keep(event.name) && spans.some(([from, to]) => event.ts >= from && event.ts <= to));
  const styleLayout = caused((name) => STYLE_LAYOUT_EVENTS.has(name));
  const paint = caused((name) => PAINT_EVENTS.has(name));
  const gc = caused(isGc);
  return {
    extensionScriptMs: cpuMs(extensionScripts),
    styleLayoutAfterMs: cpuMs(styleLayout),
    paintAfterMs: cpuMs(paint),
    gcAfterMs: cpuMs(gc),
    attributedMs: cpuMs([...extensionScripts, ...styleLayout, ...paint, ...gc]),
  };
}

export function spread(values: number[], digits = 2): Spread {
  return {
    median: round(median(values), digits),
    q1: round(quantile(values, 0.25), digits),
    q3: round(quantile(values, 0.75), digits),
    n: values.length,
  };
}

/** Paired differences `arm − baseline` over the rounds in which both were loaded. */
export function pairedDifference(all: readonly PageLoadSample[], arm: string, baseline: string): PairedDifference {
  const byRound = (name: string) => new Map(all.filter((sample) => sample.arm === name).map((sample) => [sample.round, sample]));
  const arms = byRound(arm);
  const baselines = byRound(baseline);
  const pairs = [...arms.entries()].flatMap(([roundIndex, sample]) => {
    const other = baselines.get(roundIndex);
    return other ? [[sample, other] as const] : [];
  });
  const diff = (pick: (sample: PageLoadSample) => number) => spread(pairs.map(([a, b]) => pick(a) - pick(b)));
  return {
    label: `${arm} − ${baseline}`,
    threadMs: diff((sample) => sample.threadMs),
    taskMs: diff((sample) => sample.taskMs),
    scriptMs: diff((sample) => sample.scriptMs),
    styleLayoutMs: diff((sample) => sample.styleLayoutMs),
    heapKb: diff((sample) => sample.heapBytes / 1024),
    attributedMs: diff((sample) => sample.attributedMs),
    extensionScriptMs: diff((sample) => sample.extensionScriptMs),
    styleLayoutAfterMs: diff((sample) => sample.styleLayoutAfterMs),
  };
}

export function summarise(all: readonly PageLoadSample[], arm: string): ArmSummary {
  const chosen = all.filter((sample) => sample.arm === arm);
  const of = (pick: (sample: PageLoadSample) => number) => spread(chosen.map(pick));
  return {
    arm,
    loads: chosen.length,
    threadMs: of((sample) => sample.threadMs),
    taskMs: of((sample) => sample.taskMs),
    heapKb: of((sample) => sample.heapBytes / 1024),
    attributedMs: of((sample) => sample.attributedMs),
    extensionScriptMs: of((sample) => sample.extensionScriptMs),
    styleLayoutAfterMs: of((sample) => sample.styleLayoutAfterMs),
    paintAfterMs: of((sample) => sample.paintAfterMs),
    gcAfterMs: of((sample) => sample.gcAfterMs),
    buttonShown: chosen.filter((sample) => sample.buttonAfterStartMs !== null).length,
  };
}

export const formatSpread = (value: Spread, unit: string, digits = 1): string =>
  `${value.median >= 0 ? '+' : ''}${value.median.toFixed(digits)} ${unit} (IQR ${value.q1.toFixed(digits)} … ${value.q3.toFixed(digits)})`;
