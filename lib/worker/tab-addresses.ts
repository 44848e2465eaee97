/**
 * Each tab's address as Chrome last reported it to the worker (tabs.onUpdated, on our host
 * permissions only), with when it changed: what the toolbar icon draws, and what the shortcut
 * takes as the page the rep saw. A page can change its address with history.pushState whenever it
 * likes, for instance as the rep reaches for Alt+Shift+M: an address shown for less than
 * SEEN_AFTER_MS is not yet the one the rep saw (issue 21).
 */

/** How long an address must have been shown to count as seen; the page's own button waits as long. */
export const SEEN_AFTER_MS = 500;

/** Tabs remembered at most; the one not heard of for longest is forgotten first. */
const MAX_TABS = 500;

interface Known {
  address: string | undefined;
  since: number;
  /** The address before, while the current one is younger than SEEN_AFTER_MS. */
  before: string | undefined;
}

export interface TabAddresses {
  /** Chrome reported `address` for the tab at `at` (undefined where it hides it). */
  set(tabId: number, address: string | undefined, at: number): void;
  /** An address read from tabs.query for a tab not heard of yet: shown since before the worker started. */
  learn(tabId: number, address: string | undefined): void;
  get(tabId: number): string | undefined;
  /** Every tab heard of. */
  tabs(): number[];
  /**
   * The address the rep had seen at `at`: the current one once shown for SEEN_AFTER_MS, else the
   * one before it (undefined for a tab that had none). Null when the worker never heard of the tab.
   */
  seen(tabId: number, at: number): string | undefined | null;
  forget(tabId: number): void;
}

export function createTabAddresses(): TabAddresses {
  const known = new Map<number, Known>();
  return {
    set(tabId, address, at) {
      const current = known.get(tabId);
      known.delete(tabId);
      if (current !== undefined && current.address === address) {
        known.set(tabId, current);
        return;
      }
      const before = current && at - current.since >= SEEN_AFTER_MS ? current.address : current?.before;
      known.set(tabId, { address, since: at, before });
      if (known.size > MAX_TABS) known.delete(known.keys().next().value as number);
    },
    learn(tabId, address) {
      if (!known.has(tabId)) known.set(tabId, { address, since: Number.NEGATIVE_INFINITY, before: undefined });
    },
    get: (tabId) => known.get(tabId)?.address,
    tabs: () => [...known.keys()],
    seen(tabId, at) {
      const current = known.get(tabId);
      if (!current) return null;
      return at - current.since >= SEEN_AFTER_MS ? current.address : current.before;
    },
    forget: (tabId) => void known.delete(tabId),
  };
}
