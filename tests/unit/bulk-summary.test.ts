/**
 * What a bulk capture of a people search page says (issue 13), in English and French: the summary
 * on the page's button and in the popup, and the popup's per-person lines. Plurals per language
 * (French counts 0 and 1 as singular), parts with nothing to count left out.
 */
import { describe, expect, it } from 'vitest';
import { bulkPersonLines, bulkSummary, capturePeopleLabel } from '../../lib/shared/bulk-summary';
import { appCatalogs } from '../../lib/shared/i18n/app';
import { buttonCatalogs } from '../../lib/shared/i18n/button';
import { createTranslator } from '../../lib/shared/i18n/translate';
import type { BulkCounts, BulkResult } from '../../lib/shared/messages';

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
      { name: 'Priya Raman', reason: 'member-id' },
      { name: null, reason: 'no-profile-link' },
    ],
  };

  it('gives one line per person, in English', () => {
    expect(bulkPersonLines(result, createTranslator(appCatalogs, 'en'))).toEqual([
      { name: 'Amélie Laurent', status: 'Captured', profileUrl: 'https://www.linkedin.com/in/a', needsAttention: false },
      { name: 'Tomasz Nowak', status: 'Already in Metrikia', profileUrl: 'https://www.linkedin.com/in/b', needsAttention: false },
      { name: 'Lucas Moreau', status: 'Already captured', profileUrl: 'https://www.linkedin.com/in/c', needsAttention: false },
      { name: 'Kwame Mensah', status: 'Queued', profileUrl: 'https://www.linkedin.com/in/d', needsAttention: false },
      { name: 'Sofia García', status: 'Refused by Metrikia: Edit or Discard it under Needs attention', profileUrl: 'https://www.linkedin.com/in/e', needsAttention: true },
      { name: 'Jan Nowicki', status: 'Not saved: too many captures waiting, or a field too long', profileUrl: 'https://www.linkedin.com/in/f', needsAttention: false },
      { name: 'Priya Raman', status: 'Linked by member id only: capture from their profile', profileUrl: null, needsAttention: false },
      { name: 'LinkedIn member', status: 'No link to a public profile: capture from their profile', profileUrl: null, needsAttention: false },
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
      'Lien par identifiant de membre seulement : capturez depuis son profil',
      'Pas de lien vers un profil public : capturez depuis son profil',
    ]);
    expect(lines.at(-1)?.name).toBe('Membre LinkedIn');
  });

  it('says "Capture N people" with the plural of each language', () => {
    expect(capturePeopleLabel(result, createTranslator(appCatalogs, 'en'))).toBe('Capture 6 people');
    expect(capturePeopleLabel({ ...result, people: result.people.slice(0, 1) }, createTranslator(appCatalogs, 'en'))).toBe('Capture 1 person');
    expect(capturePeopleLabel(result, createTranslator(appCatalogs, 'fr'))).toBe('Capturer 6 personnes');
    expect(capturePeopleLabel({ ...result, people: [] }, createTranslator(appCatalogs, 'fr'))).toBe('Capturer 0 personne');
  });
});
