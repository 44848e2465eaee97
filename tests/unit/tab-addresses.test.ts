/** Each tab's address and when it changed: what the shortcut takes as the page the rep saw (issue 21). */
import { describe, expect, it } from 'vitest';
import { SEEN_AFTER_MS, createTabAddresses } from '@/lib/worker/tab-addresses';

const JANE = 'https://www.linkedin.com/in/jane-doe/';
const JOHN = 'https://www.linkedin.com/in/john-smith/';
const EVE = 'https://www.linkedin.com/in/eve/';

describe('the address the rep saw', () => {
  it('is the current one once shown for SEEN_AFTER_MS, the one before it until then', () => {
    const addresses = createTabAddresses();
    addresses.set(1, JANE, 0);
    expect(addresses.seen(1, SEEN_AFTER_MS - 1)).toBeUndefined();
    expect(addresses.seen(1, SEEN_AFTER_MS)).toBe(JANE);
    // A page pushes another profile as the keys go down: the rep saw Jane, not John.
    addresses.set(1, JOHN, 10_000);
    expect(addresses.get(1)).toBe(JOHN);
    expect(addresses.seen(1, 10_120)).toBe(JANE);
    expect(addresses.seen(1, 10_000 + SEEN_AFTER_MS)).toBe(JOHN);
  });

  it('a page flipping through profiles never makes a brief one the one seen', () => {
    const addresses = createTabAddresses();
    addresses.set(1, JANE, 0);
    addresses.set(1, JOHN, 1000);
    addresses.set(1, EVE, 1100);
    expect(addresses.seen(1, 1200)).toBe(JANE);
    // The same address reported again (the page finished loading) is no change.
    addresses.set(1, EVE, 1700);
    expect(addresses.seen(1, 1700)).toBe(EVE);
  });

  it('a tab the worker never heard of is unknown (null); one read from tabs.query counts as shown before the worker started', () => {
    const addresses = createTabAddresses();
    expect(addresses.seen(2, 0)).toBeNull();
    addresses.learn(2, JANE);
    expect(addresses.seen(2, 0)).toBe(JANE);
    // learn never overrides what tabs.onUpdated said.
    addresses.set(3, JOHN, 0);
    addresses.learn(3, JANE);
    expect(addresses.get(3)).toBe(JOHN);
    expect(addresses.tabs().sort()).toEqual([2, 3]);
    addresses.forget(2);
    expect(addresses.seen(2, 0)).toBeNull();
  });
});
