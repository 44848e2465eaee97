import { describe, expect, it } from 'vitest';
import { profileUrlSchema } from '../../lib/shared/contract';
import {
  canonicalInstagramUrl,
  canonicalLinkedInUrl,
  canonicalProfileUrl,
  instagramUsername,
} from '../../lib/shared/profile-url';

const JANE = 'https://www.linkedin.com/in/jane-doe';

describe('canonicalLinkedInUrl', () => {
  it.each([
    ['already canonical', JANE, JANE],
    ['trailing slash', 'https://www.linkedin.com/in/jane-doe/', JANE],
    ['query and fragment', 'https://www.linkedin.com/in/jane-doe/?originalSubdomain=fr&trk=x#about', JANE],
    ['fragment only', 'https://www.linkedin.com/in/jane-doe#experience', JANE],
    ['locale sub-path', 'https://www.linkedin.com/in/jane-doe/fr/', JANE],
    ['locale sub-path without slash', 'https://www.linkedin.com/in/jane-doe/de', JANE],
    ['details sub-page', 'https://www.linkedin.com/in/jane-doe/details/experience/', JANE],
    ['overlay sub-page', 'https://www.linkedin.com/in/jane-doe/overlay/contact-info/', JANE],
    ['bare domain', 'https://linkedin.com/in/jane-doe', JANE],
    ['mobile host', 'https://m.linkedin.com/in/jane-doe/', JANE],
    ['country subdomain fr', 'https://fr.linkedin.com/in/jane-doe/', JANE],
    ['country subdomain uk', 'https://uk.linkedin.com/in/jane-doe?trk=people-guest', JANE],
    ['upper-case host', 'https://WWW.LinkedIn.COM/in/jane-doe', JANE],
    ['upper-case slug', 'https://www.linkedin.com/in/Jane-DOE/', JANE],
    ['default port written out', 'https://www.linkedin.com:443/in/jane-doe', JANE],
    ['doubled slashes', 'https://www.linkedin.com//in//jane-doe//', JANE],
    ['percent-encoded slug', 'https://www.linkedin.com/in/j%C3%A9r%C3%B4me-dupont/', 'https://www.linkedin.com/in/j%C3%A9r%C3%B4me-dupont'],
    ['lower-case hex escapes', 'https://www.linkedin.com/in/j%c3%a9r%c3%b4me-dupont', 'https://www.linkedin.com/in/j%C3%A9r%C3%B4me-dupont'],
    ['raw accented, capitalised slug', 'https://www.linkedin.com/in/Jérôme-Dupont', 'https://www.linkedin.com/in/j%C3%A9r%C3%B4me-dupont'],
    ['encoded capital É', 'https://www.linkedin.com/in/%C3%89lodie-martin', 'https://www.linkedin.com/in/%C3%A9lodie-martin'],
    ['decomposed é (NFD) folds to NFC', 'https://www.linkedin.com/in/je%CC%81ro%CC%82me', 'https://www.linkedin.com/in/j%C3%A9r%C3%B4me'],
    ['CJK slug', 'https://www.linkedin.com/in/王小明/', 'https://www.linkedin.com/in/%E7%8E%8B%E5%B0%8F%E6%98%8E'],
    ['unnecessary escapes', 'https://www.linkedin.com/in/%6Aane-doe', JANE],
    ['escaped slash stays escaped', 'https://www.linkedin.com/in/a%2Fb', 'https://www.linkedin.com/in/a%2Fb'],
    ['escaped percent stays one level', 'https://www.linkedin.com/in/100%25-jane', 'https://www.linkedin.com/in/100%25-jane'],
    ['numeric suffix slug', 'https://www.linkedin.com/in/jane-doe-4b2a91137/', 'https://www.linkedin.com/in/jane-doe-4b2a91137'],
  ])('%s: %s', (_case, input, expected) => {
    expect(canonicalLinkedInUrl(input)).toBe(expected);
  });

  it.each([
    ['http', 'http://www.linkedin.com/in/jane-doe'],
    ['another site', 'https://www.example.com/in/jane-doe'],
    ['look-alike host', 'https://www.linkedin.com.evil.io/in/jane-doe'],
    ['look-alike suffix', 'https://notlinkedin.com/in/jane-doe'],
    ['explicit port', 'https://www.linkedin.com:8443/in/jane-doe'],
    ['feed', 'https://www.linkedin.com/feed/'],
    ['root', 'https://www.linkedin.com/'],
    ['company page', 'https://www.linkedin.com/company/acme/'],
    ['search', 'https://www.linkedin.com/search/results/people/?keywords=jane'],
    ['authwall', 'https://www.linkedin.com/authwall?trk=gf&sessionRedirect=https%3A%2F%2Fwww.linkedin.com%2Fin%2Fjane-doe'],
    ['old public profile', 'https://www.linkedin.com/pub/jane-doe/12/345/678'],
    ['no slug', 'https://www.linkedin.com/in/'],
    ['no slug, no slash', 'https://www.linkedin.com/in'],
    ['malformed escape', 'https://www.linkedin.com/in/jane%ZZdoe'],
    ['truncated escape', 'https://www.linkedin.com/in/jane%C3'],
    ['escape that is not UTF-8', 'https://www.linkedin.com/in/%FF%FE'],
    ['dot segment', 'https://www.linkedin.com/in/%2E%2E/'],
    ['encoded space', 'https://www.linkedin.com/in/jane%20doe'],
    ['encoded control', 'https://www.linkedin.com/in/jane%00doe'],
    ['not a URL', 'jane-doe'],
    ['empty', ''],
    ['javascript URL', 'javascript:alert(1)//www.linkedin.com/in/jane-doe'],
    ['longer than the contract allows', `https://www.linkedin.com/in/${'a'.repeat(2100)}`],
  ])('%s → null', (_case, input) => {
    expect(canonicalLinkedInUrl(input)).toBeNull();
  });

  it('accepts a slug up to the contract limit and no further', () => {
    const room = 2048 - 'https://www.linkedin.com/in/'.length;
    expect(canonicalLinkedInUrl(`https://www.linkedin.com/in/${'a'.repeat(room)}`)).toHaveLength(2048);
    expect(canonicalLinkedInUrl(`https://www.linkedin.com/in/${'a'.repeat(room + 1)}`)).toBeNull();
  });
});

const INSTA_JANE = 'https://www.instagram.com/jane';

describe('canonicalInstagramUrl', () => {
  it.each([
    ['already canonical', INSTA_JANE, INSTA_JANE],
    ['trailing slash', 'https://www.instagram.com/jane/', INSTA_JANE],
    ['query and fragment', 'https://www.instagram.com/jane/?igsh=abc123&hl=fr#x', INSTA_JANE],
    ['bare domain', 'https://instagram.com/jane/', INSTA_JANE],
    ['mobile host', 'https://m.instagram.com/jane', INSTA_JANE],
    ['upper-case username', 'https://www.instagram.com/JANE/', INSTA_JANE],
    ['reels tab', 'https://www.instagram.com/jane/reels/', INSTA_JANE],
    ['tagged tab', 'https://www.instagram.com/jane/tagged/', INSTA_JANE],
    ['saved tab', 'https://www.instagram.com/jane/saved/', INSTA_JANE],
    ['saved collection', 'https://www.instagram.com/jane/saved/all-posts/1790/', INSTA_JANE],
    ['followers dialog', 'https://www.instagram.com/jane/followers/', INSTA_JANE],
    ['following dialog', 'https://www.instagram.com/jane/following/', INSTA_JANE],
    ['guides tab', 'https://www.instagram.com/jane/guides/', INSTA_JANE],
    ['dots and underscores', 'https://www.instagram.com/Jane.Doe_92/', 'https://www.instagram.com/jane.doe_92'],
    ['30 characters', `https://www.instagram.com/${'a'.repeat(30)}`, `https://www.instagram.com/${'a'.repeat(30)}`],
    ['a username that merely starts like a route', 'https://www.instagram.com/explorer/', 'https://www.instagram.com/explorer'],
  ])('%s: %s', (_case, input, expected) => {
    expect(canonicalInstagramUrl(input)).toBe(expected);
  });

  it.each([
    ['root', 'https://www.instagram.com/'],
    ['root without slash', 'https://www.instagram.com'],
    ['post', 'https://www.instagram.com/p/C0ffee123/'],
    ['post under its author', 'https://www.instagram.com/jane/p/C0ffee123/'],
    ['reel', 'https://www.instagram.com/reel/C0ffee123/'],
    ['reel under its author', 'https://www.instagram.com/jane/reel/C0ffee123/'],
    ['reels feed', 'https://www.instagram.com/reels/'],
    ['reels audio', 'https://www.instagram.com/reels/audio/123/'],
    ['explore', 'https://www.instagram.com/explore/'],
    ['explore tag', 'https://www.instagram.com/explore/tags/paris/'],
    ['stories', 'https://www.instagram.com/stories/jane/3141/'],
    ['direct inbox', 'https://www.instagram.com/direct/inbox/'],
    ['accounts login', 'https://www.instagram.com/accounts/login/?next=%2Fjane%2F'],
    ['about', 'https://www.instagram.com/about/us/'],
    ['legal', 'https://www.instagram.com/legal/terms/'],
    ['developer', 'https://www.instagram.com/developer/'],
    ['challenge', 'https://www.instagram.com/challenge/'],
    ['tv', 'https://www.instagram.com/tv/C0ffee123/'],
    ['web', 'https://www.instagram.com/web/friendships/1/follow/'],
    ['emails', 'https://www.instagram.com/emails/settings/'],
    ['session', 'https://www.instagram.com/session/login_activity/'],
    ['oauth', 'https://www.instagram.com/oauth/authorize/'],
    ['privacy', 'https://www.instagram.com/privacy/checkup/'],
    ['terms', 'https://www.instagram.com/terms/accept/'],
    ['api', 'https://www.instagram.com/api/v1/users/web_profile_info/?username=jane'],
    ['graphql', 'https://www.instagram.com/graphql/query/'],
    ['ajax', 'https://www.instagram.com/ajax/bz'],
    ['static', 'https://www.instagram.com/static/bundles/x.js'],
    ['deep-link redirect', 'https://www.instagram.com/_u/jane'],
    ['directory', 'https://www.instagram.com/directory/profiles/'],
    ['your activity', 'https://www.instagram.com/your_activity/interactions/likes/'],
    ['AR effect', 'https://www.instagram.com/ar/123456/'],
    ['31 characters', `https://www.instagram.com/${'a'.repeat(31)}`],
    ['hyphen', 'https://www.instagram.com/jane-doe/'],
    ['accented letter', 'https://www.instagram.com/jérôme/'],
    ['percent-encoded', 'https://www.instagram.com/jane%2Edoe/'],
    ['http', 'http://www.instagram.com/jane/'],
    ['help host', 'https://help.instagram.com/jane'],
    ['look-alike host', 'https://www.instagram.com.evil.io/jane/'],
    ['explicit port', 'https://www.instagram.com:444/jane/'],
    ['LinkedIn', 'https://www.linkedin.com/in/jane'],
    ['not a URL', 'instagram.com/jane'],
  ])('%s → null', (_case, input) => {
    expect(canonicalInstagramUrl(input)).toBeNull();
  });

  it('exposes the username it keys on', () => {
    expect(instagramUsername('https://instagram.com/Jane.Doe/reels/')).toBe('jane.doe');
    expect(instagramUsername('https://www.instagram.com/p/abc/')).toBeNull();
  });
});

describe('canonicalProfileUrl', () => {
  it.each([
    ['https://fr.linkedin.com/in/Jane-Doe/fr/?trk=x', { source: 'linkedin', profileUrl: JANE }],
    ['https://instagram.com/Jane/tagged/', { source: 'instagram', profileUrl: INSTA_JANE }],
  ] as const)('%s', (input, expected) => {
    expect(canonicalProfileUrl(input)).toEqual(expected);
  });

  it.each([
    'https://www.linkedin.com/feed/',
    'https://www.instagram.com/p/abc/',
    'https://www.example.com/in/jane-doe',
    'http://www.linkedin.com/in/jane-doe',
    'not a url',
  ])('%s → null', (input) => {
    expect(canonicalProfileUrl(input)).toBeNull();
  });
});

// Every address that has a canonical form, from both tables above and some more awkward ones.
const idempotenceInputs = [
  'https://www.linkedin.com/in/jane-doe/fr/?x=1#y',
  'https://fr.linkedin.com/in/J%C3%A9R%C3%B4ME-Dupont/',
  'https://www.linkedin.com/in/Jérôme-Dupont',
  'https://www.linkedin.com/in/%C4%B0stanbul-ali', // İ lower-cases to i + U+0307
  'https://www.linkedin.com/in/%E1%BA%9E-strasse', // ẞ (capital sharp s)
  'https://www.linkedin.com/in/100%2525',
  "https://www.linkedin.com/in/o'brien-(jane)!*~",
  'https://www.linkedin.com/in/a%2Fb%3Fc%23d',
  'https://m.instagram.com/Jane.Doe/reels/?a=1',
  'https://www.instagram.com/__jane__/',
];

describe('canonical forms', () => {
  it.each(idempotenceInputs)('are idempotent: %s', (input) => {
    const once = canonicalProfileUrl(input);
    expect(once).not.toBeNull();
    expect(canonicalProfileUrl(once?.profileUrl ?? '')).toEqual(once);
  });

  it.each(idempotenceInputs)('satisfy the contract schema: %s', (input) => {
    const once = canonicalProfileUrl(input);
    expect(profileUrlSchema.safeParse(once?.profileUrl).success).toBe(true);
  });
});
