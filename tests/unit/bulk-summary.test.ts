/**
 * What a bulk capture of a people search page says (issue 13), in English and French: the summary
 * on the page's button and in the popup, and the popup's per-person lines. Plurals per language
 * (French counts 0 and 1 as singular), parts with nothing to count left out.
 */
import { describe, expect, it } from 'vitest';
import {
  bulkPersonLines,
  bulkSummary,
  capturePeopleLabel,
  countBulk,
  personStateOf,
  toCapture,
  type PersonState,
} from '../../lib/shared/bulk-summary';
import { appCatalogs } from '../../lib/shared/i18n/app';
import { buttonCatalogs } from '../../lib/shared/i18n/button';
import { createTranslator } from '../../lib/shared/i18n/translate';
import type { BulkCounts, BulkResult, CaptureStatus } from '../../lib/shared/messages';

const none: BulkCounts = { captured: 0, alreadyCaptured: 0, queued: 0, refused: 0, notSaved: 0, fromProfile: 0 };
const en = createTranslator(buttonCatalogs, 'en');
const fr = createTranslator(buttonCatalogs, 'fr');

describe('bulkSummary', () => {
  it.each([
    [{ captured: 8, alreadyCaptured: 1, fromProfile: 1 }, '8 captured, 1 already captured, 1 to capture from their profile', '8 capturés, 1 déjà capturé, 1 à capturer depuis son profil'],
    [{ captured: 1 }, '1 captured', '1 capturé'],
    [{ alreadyCaptured: 10 }, '10 already captured', '10 déjà capturés'],
    [{ queued: 3, refused: 2, notSaved: 1 }, '3 queued, 2 refused by Metrikia, 1 not saved', '3 en attente, 2 refusés par Metrikia, 1 non enregistré'],
    [{ refused: 1, notSaved: 2, fromProfile: 4 }, '1 refused by Metrikia, 2 not saved, 4 to capture from their profile', '1 refusé par Metrikia, 2 non enregistrés, 4 à capturer depuis leur profil'],
    [{}, 'Nobody on this page to capture', 'Personne à capturer sur cette page'],
  ])('%o', (counts, english, french) => {
    expect(bulkSummary({ ...none, ...counts }, en)).toBe(english);
    expect(bulkSummary({ ...none, ...counts }, fr)).toBe(french);
  });

  it('writes numbers the language’s way', () => {
    expect(bulkSummary({ ...none, captured: 1200 }, en)).toBe('1,200 captured');
    expect(bulkSummary({ ...none, captured: 1200 }, fr)).toBe(`1${'\u202f'}200 capturés`);
  });
});

describe('bulkPersonLines and the popup’s button', () => {
  const result: BulkResult = {
    counts: { ...none, captured: 1, alreadyCaptured: 2, queued: 1, refused: 1, notSaved: 1, fromProfile: 2 },
    people: [
      { profileUrl: 'https://www.linkedin.com/in/a', name: 'Amélie Laurent', state: 'captured' },
      { profileUrl: 'https://www.linkedin.com/in/b', name: 'Tomasz Nowak', state: 'existing' },
      { profileUrl: 'https://www.linkedin.com/in/c', name: 'Lucas Moreau', state: 'cached' },
      { profileUrl: 'https://www.linkedin.com/in/d', name: 'Kwame Mensah', state: 'queued' },
      { profileUrl: 'https://www.linkedin.com/in/e', name: 'Sofia García', state: 'rejected' },
      { profileUrl: 'https://www.linkedin.com/in/f', name: 'Jan Nowicki', state: 'not-saved' },
    ],
    fromProfile: [
      { name: 'Priya Raman', reason: 'member-id', profileLink: 'https://www.linkedin.com/in/ACoAABx7Yk0' },
      { name: null, reason: 'no-profile-link', profileLink: null },
    ],
  };

  it('gives one line per person, in English, in plain words, with a link to each profile left to capture from its page', () => {
    expect(bulkPersonLines(result, createTranslator(appCatalogs, 'en'))).toEqual([
      { name: 'Amélie Laurent', status: 'Captured', profileUrl: 'https://www.linkedin.com/in/a', link: null, needsAttention: false },
      { name: 'Tomasz Nowak', status: 'Already in Metrikia', profileUrl: 'https://www.linkedin.com/in/b', link: null, needsAttention: false },
      { name: 'Lucas Moreau', status: 'Already captured', profileUrl: 'https://www.linkedin.com/in/c', link: null, needsAttention: false },
      { name: 'Kwame Mensah', status: 'Queued', profileUrl: 'https://www.linkedin.com/in/d', link: null, needsAttention: false },
      { name: 'Sofia García', status: 'Refused by Metrikia: Edit or Discard it under Needs attention', profileUrl: 'https://www.linkedin.com/in/e', link: null, needsAttention: true },
      { name: 'Jan Nowicki', status: 'Not saved: too many captures waiting, or a field too long', profileUrl: 'https://www.linkedin.com/in/f', link: null, needsAttention: false },
      {
        name: 'Priya Raman',
        status: 'LinkedIn hides their profile’s address here. Open their profile to capture them.',
        profileUrl: null,
        link: 'https://www.linkedin.com/in/ACoAABx7Yk0',
        needsAttention: false,
      },
      { name: 'LinkedIn member', status: 'LinkedIn shows no profile for them here.', profileUrl: null, link: null, needsAttention: false },
    ]);
  });

  it('and in French', () => {
    const lines = bulkPersonLines(result, createTranslator(appCatalogs, 'fr'));
    expect(lines.map((line) => line.status)).toEqual([
      'Capturé',
      'Déjà dans Metrikia',
      'Déjà capturé',
      'En attente',
      'Refusé par Metrikia : modifiez-le ou supprimez-le sous À vérifier',
      'Non enregistré : trop de captures en attente, ou un champ trop long',
      'LinkedIn masque ici l’adresse de son profil. Ouvrez son profil pour le capturer.',
      'LinkedIn n’affiche ici aucun profil pour cette personne.',
    ]);
    expect(lines.at(-1)?.name).toBe('Membre LinkedIn');
  });

  it('no jargon for those left to their profile: no "member id", no "link", in either language', () => {
    for (const language of ['en', 'fr'] as const) {
      const t = createTranslator(appCatalogs, language);
      for (const key of ['bulkFromProfileMemberId', 'bulkFromProfileNoLink', 'bulkFromProfileNoName', 'bulkFromProfileMismatch'] as const) {
        expect(t(key)).not.toMatch(/member id|identifiant|\blinks?\b|\bliens?\b/iu);
      }
    }
  });

  it('follows what the worker told since: a line says its person’s state now', () => {
    const now = (person: BulkResult['people'][number]) => (person.name === 'Kwame Mensah' ? 'captured' : person.name === 'Sofia García' ? 'none' : person.state);
    const lines = bulkPersonLines(result, createTranslator(appCatalogs, 'en'), now);
    expect(lines[3]).toMatchObject({ name: 'Kwame Mensah', status: 'Captured' });
    expect(lines[4]).toMatchObject({ name: 'Sofia García', status: 'Not captured yet', needsAttention: false });
  });

  it('says "Capture N people" with the plural of each language', () => {
    expect(capturePeopleLabel(6, createTranslator(appCatalogs, 'en'))).toBe('Capture 6 people');
    expect(capturePeopleLabel(1, createTranslator(appCatalogs, 'en'))).toBe('Capture 1 person');
    expect(capturePeopleLabel(6, createTranslator(appCatalogs, 'fr'))).toBe('Capturer 6 personnes');
    expect(capturePeopleLabel(1, createTranslator(appCatalogs, 'fr'))).toBe('Capturer 1 personne');
  });
});

describe('the people of a bulk, in their states now', () => {
  const person = (state: PersonState) => ({ state });

  it('countBulk counts existing and cached as already captured, and one nothing is kept of in no part', () => {
    expect(countBulk([person('captured'), person('existing'), person('cached'), person('queued'), person('rejected'), person('not-saved'), person('none')], 2)).toEqual({
      captured: 1,
      alreadyCaptured: 2,
      queued: 1,
      refused: 1,
      notSaved: 1,
      fromProfile: 2,
    });
  });

  it('a new click would send only those not captured, not waiting and not refused', () => {
    expect(toCapture([person('captured'), person('existing'), person('cached'), person('queued'), person('rejected')])).toBe(0);
    expect(toCapture([person('captured'), person('not-saved'), person('none')])).toBe(2);
  });

  it.each<[CaptureStatus, PersonState]>([
    [{ state: 'none' }, 'none'],
    [{ state: 'sending' }, 'queued'],
    [{ state: 'queued', reason: 'offline' }, 'queued'],
    [{ state: 'captured', capturedAt: '2026-12-06T09:00:00.000Z', existing: false }, 'captured'],
    [{ state: 'captured', capturedAt: '2026-12-06T09:00:00.000Z', existing: true }, 'existing'],
    [{ state: 'rejected', message: null }, 'rejected'],
  ])('the worker’s %j is %s', (status, state) => {
    expect(personStateOf(status)).toBe(state);
  });
});
