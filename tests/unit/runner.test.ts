import { describe, expect, it } from 'vitest';
import { createRunner, type RunnerDeps, type ScanResult } from '../../lib/worker/runner';
import type { PauseReason } from '../../lib/worker/scheduler';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A runner over string jobs; each attempt waits for its own release, and may stop the queue. */
function harness(options: { concurrency?: number; due?: () => string[] } = {}) {
  const started: string[] = [];
  const releases = new Map<string, (stop?: PauseReason) => void>();
  const events: string[] = [];
  let scans = 0;
  const deps: RunnerDeps<string> = {
    concurrency: options.concurrency ?? 2,
    idOf: (job) => job,
    async attempt(job, halt) {
      started.push(job);
      const stop = await new Promise<PauseReason | undefined>((resolve) => releases.set(job, resolve));
      if (stop) halt(stop);
    },
    async scan(): Promise<ScanResult<string>> {
      scans++;
      return { jobs: options.due?.() ?? [] };
    },
    begin: () => events.push('begin'),
    idle: async () => void events.push('idle'),
    dropped: (jobs, reason) => events.push(`dropped ${jobs.join(',')} (${reason})`),
    end: () => events.push('end'),
  };
  const release = async (job: string, stop?: PauseReason) => {
    await waitUntil(() => releases.has(job));
    releases.get(job)?.(stop);
    releases.delete(job);
    await tick();
  };
  return { runner: createRunner(deps), started, events, release, scans: () => scans };
}

async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await tick();
  if (!check()) throw new Error('condition not met');
}

describe('runner', () => {
  it('sends pushed jobs at once, in order, never more than `concurrency` at a time, without a scan', async () => {
    const { runner, started, release, scans, events } = harness({ concurrency: 2 });
    const session = runner.push(['a', 'b', 'c', 'd']);
    await tick();
    expect(started).toEqual(['a', 'b']);
    await release('b');
    expect(started).toEqual(['a', 'b', 'c']);
    await release('a');
    await release('c');
    await release('d');
    await session;
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(scans()).toBe(0);
    expect(events).toEqual(['begin', 'idle', 'end']);
  });

  it('a push during a session joins its line; the same job offered twice goes once', async () => {
    const { runner, started, release } = harness({ concurrency: 1 });
    const session = runner.push(['a']);
    await tick();
    const joined = runner.push(['b', 'a']);
    expect(joined).toBe(session);
    await release('a');
    await release('b');
    await session;
    expect(started).toEqual(['a', 'b']);
  });

  it('a stop drops the line (told why), lets requests in flight finish, and refuses pushes until the session ends', async () => {
    const { runner, started, release, events } = harness({ concurrency: 2 });
    const session = runner.push(['a', 'b', 'c', 'd']);
    await tick();
    await release('a', 'rate-limited');
    expect(events).toContain('dropped c,d (rate-limited)');
    void runner.push(['e']);
    expect(events).toContain('dropped e (rate-limited)');
    await release('b');
    await session;
    expect(started).toEqual(['a', 'b']);
  });

  it('a drain asked while jobs are in flight scans at once, skips what is in flight, and looks again once idle', async () => {
    let due = ['a', 'b'];
    const { runner, started, release, scans } = harness({ concurrency: 4, due: () => due });
    const session = runner.drain();
    await waitUntil(() => started.length === 2);
    due = ['a', 'b', 'c'];
    void runner.drain();
    await waitUntil(() => started.length === 3);
    expect(started).toEqual(['a', 'b', 'c']);
    due = []; // all three delivered once released
    await release('a');
    await release('b');
    await release('c');
    await session;
    // a and b were in flight during the second scan: one more scan once idle.
    expect(scans()).toBe(3);
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('drop takes the waiting jobs off the line at once, unsent; the ones in flight finish, and the session ends', async () => {
    const { runner, started, release, events } = harness({ concurrency: 2 });
    const session = runner.push(['a', 'b', 'c', 'd', 'e']);
    await tick();
    expect(runner.drop((job) => job === 'd')).toEqual(['d']);
    expect(runner.drop()).toEqual(['c', 'e']);
    expect(runner.drop()).toEqual([]);
    await release('a');
    await release('b');
    await session;
    expect(started).toEqual(['a', 'b']);
    expect(events).toEqual(['begin', 'idle', 'end']);
    // Dropped jobs are not remembered: offered again later, they go.
    const next = runner.push(['c']);
    await release('c');
    await next;
    expect(started).toEqual(['a', 'b', 'c']);
  });
});
