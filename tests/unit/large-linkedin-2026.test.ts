/**
 * The large 2026-layout profile the benchmarks load (tests/fixtures/large-linkedin-2026.ts): it
 * must be the layout issue 14 describes, the size a real scrolled profile is, and the same on every
 * call, or the page-cost and scrape figures measure something else. Whether the site code reads it
 * right is the scrape benchmark's "results as expected" and the site tests' business.
 */
import { describe, expect, it } from 'vitest';
import {
  EXPERIENCE_DELAY_MS,
  largeLinkedIn2026Expected,
  largeLinkedIn2026Html,
  largeLinkedIn2026Url,
} from '../fixtures/large-linkedin-2026';
import { parseHtml } from '../support/dom';

const html = largeLinkedIn2026Html();
const document = parseHtml(html);
const slug = new URL(largeLinkedIn2026Url).pathname.split('/')[2] ?? '';

describe('the large LinkedIn profile in the 2026 layout', () => {
  it('is 1.5–2 MB and about 25,000 elements, the same string on every call', () => {
    const bytes = new TextEncoder().encode(html).length;
    expect(bytes).toBeGreaterThanOrEqual(1_500_000);
    expect(bytes).toBeLessThanOrEqual(2_000_000);
    const elements = document.getElementsByTagName('*').length;
    expect(elements).toBeGreaterThanOrEqual(22_000);
    expect(elements).toBeLessThanOrEqual(28_000);
    expect(largeLinkedIn2026Html()).toBe(html);
  });

  it('has the Profile screen root, no h1, no canonical link or og:url, and only hashed class tokens', () => {
    expect(document.querySelectorAll('[data-sdui-screen="com.linkedin.sdui.flagshipnav.profile.Profile"]')).toHaveLength(1);
    expect(document.querySelectorAll('h1')).toHaveLength(0);
    expect(document.querySelector('link[rel="canonical"], meta[property="og:url"]')).toBeNull();
    const tokens = new Set([...document.querySelectorAll('[class]')].flatMap((element) => [...element.classList]));
    expect(tokens.size).toBeGreaterThan(100);
    expect([...tokens].filter((token) => !/^_?[0-9a-f]{7,8}$/.test(token))).toEqual([]);
    expect(document.querySelectorAll('[componentkey]').length).toBeGreaterThan(1_000);
  });

  it('names the person in an h2 inside the top card’s link to the address bar’s own profile', () => {
    const topCard = document.querySelector('section[componentkey$="Topcard"]');
    const link = topCard?.querySelector(`a[href="https://www.linkedin.com/in/${slug}/"]`);
    expect(link?.querySelector('h2')?.textContent).toBe(`${largeLinkedIn2026Expected.firstName} ${largeLinkedIn2026Expected.lastName}`);
    expect(topCard?.querySelector(`a[href="/in/${slug}/overlay/contact-info/"]`)).not.toBeNull();
    expect(topCard?.querySelector('svg[role="img"][aria-label^="View "]')).not.toBeNull();
  });

  it('renders Experience lazily: absent from the loaded document, inserted by the page’s script, current role first', () => {
    expect(document.querySelector('[componentkey$="ExperienceTopLevelSection"]')).toBeNull();
    const template = document.querySelector('template#lazy-experience') as HTMLTemplateElement | null;
    const section = template?.content.querySelector('[componentkey$="ExperienceTopLevelSection"]');
    expect(section?.querySelector(`[componentkey="profile_experience_top_anchor_${slug}"]`)).not.toBeNull();
    expect(section?.querySelector('h2')?.textContent).toBe('Experience');
    const first = section?.querySelector('[componentkey^="entity-collection-item-"]');
    expect(first?.querySelector('p')?.textContent).toBe(largeLinkedIn2026Expected.jobTitle);
    expect(first?.textContent).toContain('Present');
    expect(html).toContain(`}, ${EXPERIENCE_DELAY_MS}));`);
  });

  it('holds the signed-in viewer’s own profile only in hidden JSON, never on screen', () => {
    const blobs = [...document.querySelectorAll('code')];
    expect(blobs.length).toBeGreaterThan(0);
    expect(blobs.every((blob) => blob.getAttribute('style') === 'display: none')).toBe(true);
    expect(blobs.some((blob) => blob.textContent?.includes('fictional-signed-in-viewer'))).toBe(true);
    expect(document.querySelector('main')?.textContent).not.toContain('Signed-In');
  });
});
