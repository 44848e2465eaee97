/**
 * Each site's content script bundles its own features and nothing of another site's (issue 22,
 * refined-github's meta-tests): read from the built scripts (npm test builds first). A feature is
 * recognised in a bundle by its signature: its id and its words before the worker answers.
 * (Their size against the 8 KB aim is the bench's figure: tests/bench/bundle-size.ts.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PageFeature } from '@/lib/content/feature';
import { instagramProfile } from '@/lib/content/features/instagram-profile';
import { linkedinProfile } from '@/lib/content/features/linkedin-profile';
import { linkedinPeopleSearch } from '@/lib/content/features/linkedin-search';

const outDir = join(import.meta.dirname, '../../.output/chrome-mv3');
const FEATURES: PageFeature[] = [linkedinProfile, linkedinPeopleSearch, instagramProfile];
/** Which features each site's script must carry, by the entry point that lists them. */
const SITES: Record<string, PageFeature[]> = {
  'linkedin.js': [linkedinProfile, linkedinPeopleSearch],
  'instagram.js': [instagramProfile],
};
/** Words of a feature found in no other feature's: what betrays it in a bundle. */
const signature = (feature: PageFeature): string[] => {
  const others = FEATURES.filter((other) => other !== feature).flatMap((other) => Object.values(other.label));
  return [feature.id, ...Object.values(feature.label).filter((word) => !others.includes(word))];
};

const bundles: Record<string, string> = {};
beforeAll(() => {
  for (const file of Object.keys(SITES)) {
    const path = join(outDir, file);
    if (!existsSync(path)) throw new Error('No build found: run `npm run build` before the unit tests (npm test does).');
    bundles[file] = readFileSync(path, 'utf8');
  }
});

describe.each(Object.entries(SITES))('%s', (file, own) => {
  it('carries each of its own features', () => {
    for (const feature of own) expect(bundles[file], feature.id).toContain(feature.id);
  });

  it('carries no feature, and no words, of another site', () => {
    const foreign = FEATURES.filter((feature) => !own.includes(feature) && feature.source !== own[0]?.source);
    for (const feature of foreign) for (const word of signature(feature)) expect(bundles[file], `${feature.id}: ${word}`).not.toContain(word);
  });

  it('carries neither the catalogs nor the schema library: the worker words every state', () => {
    expect(bundles[file]).not.toContain('Rejected by Metrikia');
    expect(bundles[file]).not.toContain('Captured on');
    expect(bundles[file]).not.toMatch(/zod|ZodError|safeParse/u);
  });
});

describe('the signatures themselves', () => {
  it('tell the features apart, and would catch the people search in the Instagram script', () => {
    expect(signature(linkedinPeopleSearch)).toContain('Capture people on this page');
    expect(signature(instagramProfile)).toEqual(['instagram-profile']);
  });
});
