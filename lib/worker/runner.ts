/**
 * The single-flight runner: one session at a time per worker, sending at most `concurrency` jobs
 * at once, in the order they were offered, until the queue is empty or a 401/403 or 429 stops it.
 *
 * - `push(jobs)`: jobs already persisted (a capture in hand) join the line at once: no rescan.
 * - `drain()`: asks for a scan (the outbox, read once). One asked for while a session runs makes
 *   that session scan again, at once, and top its line up; the session ends only once it is idle
 *   and no scan is wanted, so nothing asked for meanwhile is left for the alarm.
 * - A scan never offers a job taken from the line while it ran (its result may be written after
 *   the scan's read): those are looked at again by one more scan once the session is idle.
 * What a job does, what a scan finds and what ends a session are the caller's (lib/worker/delivery.ts).
 */
import type { PauseReason } from './scheduler';

export type ScanResult<J> = { jobs: J[] } | { pausedBy: PauseReason };

export interface RunnerDeps<J> {
  concurrency: number;
  idOf(job: J): string;
  /** Sends one job and writes its result; calls `halt` as soon as an answer stops the queue. */
  attempt(job: J, halt: (reason: PauseReason) => void): Promise<void>;
  /** What is due now, or why nothing may be sent. */
  scan(): Promise<ScanResult<J>>;
  /** A session starts (synchronously, before anything runs). */
  begin(): void;
  /** The session is idle: schedule what comes next. It goes on if work arrived meanwhile. */
  idle(): Promise<void>;
  /** Jobs taken off the line unsent, because the queue stopped for `reason`. */
  dropped(jobs: J[], reason: PauseReason): void;
  /** The session ended (resolved or failed). */
  end(): void;
}

export interface Runner<J> {
  drain(): Promise<void>;
  /** Offers `jobs`; resolves with the session. Jobs refused because the queue is stopped go to `dropped`. */
  push(jobs: readonly J[]): Promise<void>;
}

export function createRunner<J>(deps: RunnerDeps<J>): Runner<J> {
  const concurrency = Math.max(1, Math.floor(deps.concurrency));
  const line: J[] = [];
  /** Ids in the line or taken from it and not finished: never offered twice. */
  const known = new Set<string>();
  /** Ids taken from the line and not finished. */
  const busy = new Set<string>();
  /** Ids taken from the line while the scan under way reads the outbox. */
  let takenDuringScan: Set<string> | null = null;
  let inFlight = 0;
  let stop: PauseReason | null = null;
  let scanWanted = false;
  let scanAgainWhenIdle = false;
  let session: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  const nudge = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  const somethingChanged = () => new Promise<void>((resolve) => (wake = resolve));
  const isIdle = () => inFlight === 0 && (stop !== null || line.length === 0);

  function halt(reason: PauseReason): void {
    // Set before the answer's bookkeeping: a slot that frees up meanwhile must not start a request.
    stop = stop === 'key-rejected' ? stop : reason === 'key-rejected' ? reason : (stop ?? reason);
    const dropped = line.splice(0);
    for (const job of dropped) known.delete(deps.idOf(job));
    if (dropped.length > 0) deps.dropped(dropped, stop);
  }

  function pump(): void {
    while (stop === null && inFlight < concurrency && line.length > 0) {
      const job = line.shift() as J;
      const id = deps.idOf(job);
      takenDuringScan?.add(id);
      busy.add(id);
      inFlight += 1;
      void deps
        .attempt(job, halt)
        .catch(() => undefined)
        .finally(() => {
          inFlight -= 1;
          busy.delete(id);
          known.delete(id);
          pump();
          nudge();
        });
    }
  }

  function offer(jobs: readonly J[], skip: ReadonlySet<string> = new Set()): void {
    if (stop !== null) {
      if (jobs.length > 0) deps.dropped([...jobs], stop);
      return;
    }
    for (const job of jobs) {
      const id = deps.idOf(job);
      if (known.has(id) || skip.has(id)) continue;
      known.add(id);
      line.push(job);
    }
    pump();
  }

  async function scan(): Promise<void> {
    scanWanted = false;
    const taken = new Set(busy);
    takenDuringScan = taken;
    let found: ScanResult<J>;
    try {
      found = await deps.scan();
    } finally {
      takenDuringScan = null;
    }
    if ('pausedBy' in found) return halt(found.pausedBy);
    stop = null;
    if (found.jobs.some((job) => taken.has(deps.idOf(job)))) scanAgainWhenIdle = true;
    offer(found.jobs, taken);
  }

  async function run(): Promise<void> {
    for (;;) {
      if (scanWanted) await scan();
      while (!scanWanted && !isIdle()) await somethingChanged();
      if (scanWanted) continue;
      if (scanAgainWhenIdle) {
        scanAgainWhenIdle = false;
        scanWanted = true;
        continue;
      }
      await deps.idle();
      if (scanWanted || !isIdle()) continue;
      return;
    }
  }

  function ensureSession(): Promise<void> {
    if (session) return session;
    deps.begin();
    const current = run().finally(() => {
      session = null;
      deps.end();
    });
    session = current;
    return current;
  }

  return {
    drain() {
      scanWanted = true;
      nudge();
      return ensureSession();
    },
    push(jobs) {
      if (!session) stop = null;
      offer(jobs);
      return ensureSession();
    },
  };
}
