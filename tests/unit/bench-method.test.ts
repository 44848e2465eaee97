/**
 * The page-cost benchmark's arithmetic (tests/bench/method.ts): what `npm run bench` prints is only
 * as good as these functions, and they run nowhere else.
 */
import { describe, expect, it } from 'vitest';
import { attribute, cpuMs, pairedDifference, quantile, summarise, type PageLoadSample, type TraceEvent } from '../bench/method';

function sample(arm: string, round: number, threadMs: number, heapKb = 0, attributedMs = 0): PageLoadSample {
  return {
    arm,
    round,
    threadMs,
    taskMs: threadMs,
    scriptMs: 0,
    styleLayoutMs: 0,
    heapBytes: heapKb * 1024,
    extensionScriptMs: attributedMs,
    styleLayoutAfterMs: 0,
    paintAfterMs: 0,
    gcAfterMs: 0,
    attributedMs,
    buttonAfterStartMs: null,
  };
}

describe('quantile', () => {
  it('interpolates between ranks (type 7)', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([4, 1, 3, 2], 0.25)).toBe(1.75);
    expect(quantile([10], 0.75)).toBe(10);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('pairedDifference', () => {
  it('differences within each round, not of the medians: a drift that hits both arms cancels', () => {
    // The machine slows down round after round; the arm is always 3 ms dearer than its baseline.
    const all = [0, 1, 2, 3, 4].flatMap((round) => [sample('page', round, 100 + round * 50 + 3, 900), sample('floor', round, 100 + round * 50, 880)]);
    const difference = pairedDifference(all, 'page', 'floor');
    expect(difference.label).toBe('page − floor');
    expect(difference.threadMs).toEqual({ median: 3, q1: 3, q3: 3, n: 5 });
    expect(difference.heapKb.median).toBe(20);
  });

  it('pairs only rounds in which both arms loaded', () => {
    const all = [sample('page', 0, 10), sample('none', 0, 4), sample('page', 1, 50), sample('none', 2, 1)];
    expect(pairedDifference(all, 'page', 'none').threadMs).toEqual({ median: 6, q1: 6, q3: 6, n: 1 });
  });

  it('reports the spread of the differences', () => {
    const all = [1, 2, 3, 4, 5].flatMap((d, round) => [sample('a', round, 100 + d), sample('b', round, 100)]);
    expect(pairedDifference(all, 'a', 'b').threadMs).toEqual({ median: 3, q1: 2, q3: 4, n: 5 });
  });
});

describe('summarise', () => {
  it('counts the loads of one arm and those in which its button was seen', () => {
    const shown = { ...sample('page', 1, 20), buttonAfterStartMs: 300 };
    const summary = summarise([sample('page', 0, 10), shown, sample('none', 0, 5)], 'page');
    expect(summary.loads).toBe(2);
    expect(summary.buttonShown).toBe(1);
    expect(summary.threadMs.median).toBe(15);
  });
});

const main = { pid: 1, tid: 7 };
const meta: TraceEvent = { name: 'thread_name', ph: 'M', ts: 0, ...main, args: { name: 'CrRendererMain' } };
const otherMeta: TraceEvent = { name: 'thread_name', ph: 'M', ts: 0, pid: 2, tid: 9, args: { name: 'CrRendererMain' } };
const x = (name: string, ts: number, dur: number, tdur: number, url?: string, thread = main): TraceEvent => ({
  name,
  ph: 'X',
  ts,
  dur,
  tdur,
  ...thread,
  ...(url ? { args: { data: { url } } } : {}),
});
const EXT = 'chrome-extension://abc/content.js';

describe('cpuMs', () => {
  it('counts nested events once, in CPU time', () => {
    expect(cpuMs([x('FireIdleCallback', 1000, 5000, 4000, EXT), x('FunctionCall', 2000, 1000, 900, EXT)])).toBe(4);
  });
});

describe('attribute', () => {
  it('puts the extension script and the frame right after it down to the extension, not the page’s own frames', () => {
    const events = [
      meta,
      otherMeta,
      // The page's first frame, before the content script: the page's, in every arm.
      x('UpdateLayoutTree', 1_000, 40_000, 30_000, undefined),
      x('Layout', 41_000, 60_000, 50_000, undefined),
      x('EvaluateScript', 200_000, 3_000, 2_000, EXT),
      x('Layout', 204_000, 10_000, 8_000),
      x('PrePaint', 215_000, 20_000, 15_000),
      x('MajorGC', 240_000, 5_000, 4_000),
      // The page's own lazy rendering, 1 s later: the page's.
      x('UpdateLayoutTree', 1_000_000, 30_000, 20_000),
      x('PrePaint', 1_040_000, 90_000, 80_000),
      // The extension's worker renderer: not the page.
      x('EvaluateScript', 200_000, 50_000, 50_000, 'chrome-extension://abc/background.js', { pid: 2, tid: 9 }),
      // A page event naming the page URL, so the page thread is recognised.
      x('EventDispatch', 100_000, 100, 100, 'https://www.linkedin.com/in/x/'),
    ];
    expect(attribute(events, 0, 2_000_000)).toEqual({
      extensionScriptMs: 2,
      styleLayoutAfterMs: 8,
      paintAfterMs: 15,
      gcAfterMs: 4,
      attributedMs: 29,
    });
  });

  it('attributes nothing in an arm whose window has no extension script', () => {
    const events = [meta, x('Layout', 41_000, 60_000, 50_000, 'https://www.linkedin.com/in/x/')];
    expect(attribute(events, 0, 1_000_000).attributedMs).toBe(0);
  });

  it('ignores events outside the window', () => {
    const events = [meta, x('EvaluateScript', 5_000_000, 3_000, 2_000, EXT)];
    expect(attribute(events, 0, 1_000_000).extensionScriptMs).toBe(0);
  });
});
