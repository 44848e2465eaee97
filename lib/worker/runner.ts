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
 * - `drop()`: jobs waiting in the line leave it at once, unsent (an erasure): none of them starts.
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
  /** A session starts: called before any of its jobs' results are recorded. */
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
  /** Takes the jobs waiting in the line off it, unsent (all, or those `which` picks), and returns them; jobs in flight finish. */
  drop(which?: (job: J) => boolean): J[];
}

/** The runner's state between sessions and within one; its methods are the rules above. */
class SingleFlightRunner<J> implements Runner<J> {
  private readonly concurrency: number;
  private readonly line: J[] = [];
  /** Ids in the line or taken from it and not finished: never offered twice. */
  private readonly known = new Set<string>();
  /** Ids taken from the line and not finished. */
  private readonly busy = new Set<string>();
  /** Ids taken from the line while the scan under way reads the outbox. */
  private takenDuringScan: Set<string> | null = null;
  private inFlight = 0;
  private stop: PauseReason | null = null;
  private scanWanted = false;
  private scanAgainWhenIdle = false;
  private session: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly deps: RunnerDeps<J>) {
    this.concurrency = Math.max(1, Math.floor(deps.concurrency));
  }

  drain(): Promise<void> {
    this.scanWanted = true;
    this.nudge();
    return this.ensureSession();
  }

  push(jobs: readonly J[]): Promise<void> {
    if (!this.session) this.stop = null;
    this.offer(jobs);
    return this.ensureSession();
  }

  drop(which: (job: J) => boolean = () => true): J[] {
    const dropped = this.line.filter(which);
    if (dropped.length === 0) return [];
    const kept = this.line.filter((job) => !which(job));
    this.line.splice(0, this.line.length, ...kept);
    for (const job of dropped) this.known.delete(this.deps.idOf(job));
    this.nudge();
    return dropped;
  }

  private nudge(): void {
    const resolve = this.wake;
    this.wake = null;
    resolve?.();
  }

  private somethingChanged(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && (this.stop !== null || this.line.length === 0);
  }

  /** Stops the queue. Set before the answer's bookkeeping: a slot that frees up meanwhile must not start a request. */
  private readonly halt = (reason: PauseReason): void => {
    const stop = this.stop === 'key-rejected' || reason === 'key-rejected' ? 'key-rejected' : (this.stop ?? reason);
    this.stop = stop;
    const dropped = this.line.splice(0);
    for (const job of dropped) this.known.delete(this.deps.idOf(job));
    if (dropped.length > 0) this.deps.dropped(dropped, stop);
  };

  private pump(): void {
    while (this.stop === null && this.inFlight < this.concurrency && this.line.length > 0) {
      const job = this.line.shift() as J;
      const id = this.deps.idOf(job);
      this.takenDuringScan?.add(id);
      this.busy.add(id);
      this.inFlight += 1;
      void this.deps
        .attempt(job, this.halt)
        .catch(() => undefined)
        .finally(() => {
          this.inFlight -= 1;
          this.busy.delete(id);
          this.known.delete(id);
          this.pump();
          this.nudge();
        });
    }
  }

  private offer(jobs: readonly J[], skip: ReadonlySet<string> = new Set()): void {
    if (this.stop !== null) {
      if (jobs.length > 0) this.deps.dropped([...jobs], this.stop);
      return;
    }
    for (const job of jobs) {
      const id = this.deps.idOf(job);
      if (this.known.has(id) || skip.has(id)) continue;
      this.known.add(id);
      this.line.push(job);
    }
    this.pump();
  }

  private async scan(): Promise<void> {
    this.scanWanted = false;
    const taken = new Set(this.busy);
    this.takenDuringScan = taken;
    let found: ScanResult<J>;
    try {
      found = await this.deps.scan();
    } finally {
      this.takenDuringScan = null;
    }
    if ('pausedBy' in found) return this.halt(found.pausedBy);
    this.stop = null;
    // Their results may land after the scan's read: one more look once the session is idle.
    if (found.jobs.some((job) => taken.has(this.deps.idOf(job)))) this.scanAgainWhenIdle = true;
    this.offer(found.jobs, taken);
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.scanWanted) await this.scan();
      while (!this.scanWanted && !this.isIdle()) await this.somethingChanged();
      if (this.scanWanted) continue;
      if (this.scanAgainWhenIdle) {
        this.scanAgainWhenIdle = false;
        this.scanWanted = true;
        continue;
      }
      await this.deps.idle();
      if (this.scanWanted || !this.isIdle()) continue;
      return;
    }
  }

  private ensureSession(): Promise<void> {
    if (this.session) return this.session;
    this.deps.begin();
    const session = this.run().finally(() => {
      this.session = null;
      // After a failed scan the line may still hold jobs: a later session offers them anew.
      for (const job of this.line.splice(0)) this.known.delete(this.deps.idOf(job));
      this.deps.end();
    });
    this.session = session;
    return session;
  }
}

export function createRunner<J>(deps: RunnerDeps<J>): Runner<J> {
  return new SingleFlightRunner(deps);
}
