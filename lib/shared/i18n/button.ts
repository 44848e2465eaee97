/**
 * The strings of the Capture button, in both languages, with one key set: the worker words the
 * page's button with them (lib/worker/page-answer.ts) and the popup its "This page". The English
 * labels "Capture", "Capturing…", "Captured", "Already in Metrikia", "Queued", "Not connected" are
 * part of the product's contract: reps' habits and outside tests rely on them.
 */
import type { Catalog, Locale } from './translate';

/**
 * The few words a content script shows before any answer of the worker, kept apart so that it
 * bundles these and nothing else of the catalog (its other words come from the worker with its
 * answers, issue 22). The catalogs below use the same strings (plain names, not property reads, so
 * that the bundler can leave the catalogs out of a content script).
 */
const CAPTURE_EN = 'Capture';
const CAPTURE_FR = 'Capturer';
const CAPTURING_EN = 'Capturing…';
const CAPTURING_FR = 'Capture…';
const CAPTURE_FAILED_EN = 'Capture failed';
const CAPTURE_FAILED_FR = 'Échec de la capture';
const CAPTURE_PEOPLE_EN = 'Capture people on this page';
const CAPTURE_PEOPLE_FR = 'Capturer les personnes de cette page';
export const CAPTURE_LABEL: Readonly<Record<Locale, string>> = { en: CAPTURE_EN, fr: CAPTURE_FR };
/** While a capture the rep asked for is under way, and when the worker could not be reached at all. */
export const CAPTURING_LABEL: Readonly<Record<Locale, string>> = { en: CAPTURING_EN, fr: CAPTURING_FR };
export const CAPTURE_FAILED_LABEL: Readonly<Record<Locale, string>> = { en: CAPTURE_FAILED_EN, fr: CAPTURE_FAILED_FR };
export const CAPTURE_PEOPLE_LABEL: Readonly<Record<Locale, string>> = { en: CAPTURE_PEOPLE_EN, fr: CAPTURE_PEOPLE_FR };

const en = {
  capture: CAPTURE_EN,
  capturing: CAPTURING_EN,
  captured: 'Captured',
  capturedOn: 'Captured on {date}',
  alreadyInMetrikia: 'Already in Metrikia',
  alreadyInMetrikiaHint: 'Metrikia already had this lead. Checked on {date}.',
  captureAgain: 'Capture again',
  captureAgainHint: 'Send this profile again. Metrikia tells whether the lead already exists.',
  queued: 'Queued',
  queuedHint: 'Saved on this device. It will be sent automatically.',
  queuedKeyRejectedHint: 'Saved on this device. Connect a valid API key in the settings to send it.',
  notConnected: 'Not connected',
  notConnectedHint: 'Connect your Metrikia API key in the settings.',
  couldNotRead: 'Could not read this profile',
  couldNotReadHint: 'The page did not show a name we could trust. Type it in Enter details.',
  stalePage: 'Could not read this profile',
  stalePageHint: 'The page still showed a previous profile. Check the name in Enter details.',
  nameUnconfirmedHint: 'The page did not confirm the name we found. Check it in Enter details.',
  pageChanged: 'The page changed during your capture',
  pageChangedHint: 'Nothing was sent. Check what the page showed in Enter details.',
  pageMovedHint: 'Nothing was sent. Look at the page, then capture again.',
  loggedOut: 'Sign in to capture',
  loggedOutHint: 'Sign in to see this profile, then capture it.',
  notAProfile: 'Not a profile',
  notAProfileHint: 'Open a profile page to capture it.',
  rejected: 'Rejected by Metrikia: {message}',
  rejectedNoReason: 'Rejected by Metrikia',
  rejectedHint: 'Click the Metrikia icon to fix it.',
  refused: 'Could not capture this profile',
  error: CAPTURE_FAILED_EN,
  tryAgainHint: 'Click to try again.',
  notFound: 'Profile not found',
  notFoundHint: 'This page says the profile does not exist.',
  outboxFull: 'Too many captures waiting',
  outboxFullHint: 'Nothing was saved. Click the Metrikia icon to send or discard the waiting captures.',
  throttled: 'Too many captures',
  throttledHint: 'Wait a minute, then try again.',
  enterDetails: 'Enter details',
  enterDetailsHint: 'For {profile}: type the name this profile shows.',
  firstName: 'First name',
  lastName: 'Last name',
  jobTitle: 'Job title',
  submitDetails: 'Capture',
  cancel: 'Cancel',
  firstNameRequired: 'Enter a first name.',
  tooLong: 'At most {max} characters.',
  // A people search page (issue 13): the button before the click, and the summary after it.
  capturePeople: CAPTURE_PEOPLE_EN,
  bulkCaptured: { one: '{count} captured', other: '{count} captured' },
  bulkAlreadyCaptured: { one: '{count} already captured', other: '{count} already captured' },
  bulkQueued: { one: '{count} queued', other: '{count} queued' },
  bulkRefused: { one: '{count} refused by Metrikia', other: '{count} refused by Metrikia' },
  bulkNotSaved: { one: '{count} not saved', other: '{count} not saved' },
  bulkFromProfile: { one: '{count} to capture from their profile', other: '{count} to capture from their profile' },
  bulkNobody: 'Nobody on this page to capture',
  bulkThrottledHint: 'Wait a few seconds, then try again.',
} as const satisfies Catalog<string>;

export type ButtonMessageKey = keyof typeof en;

const fr: Catalog<ButtonMessageKey> = {
  capture: CAPTURE_FR,
  capturing: CAPTURING_FR,
  captured: 'Capturé',
  capturedOn: 'Capturé le {date}',
  alreadyInMetrikia: 'Déjà dans Metrikia',
  alreadyInMetrikiaHint: 'Metrikia avait déjà ce lead. Vérifié le {date}.',
  captureAgain: 'Capturer à nouveau',
  captureAgainHint: 'Renvoyer ce profil. Metrikia indique si le lead existe déjà.',
  queued: 'En attente',
  queuedHint: 'Enregistré sur cet appareil. Il sera envoyé automatiquement.',
  queuedKeyRejectedHint: 'Enregistré sur cet appareil. Connectez une clé API valide dans les réglages pour l’envoyer.',
  notConnected: 'Non connecté',
  notConnectedHint: 'Connectez votre clé API Metrikia dans les réglages.',
  couldNotRead: 'Impossible de lire ce profil',
  couldNotReadHint: 'La page n’affiche pas de nom fiable. Saisissez-le dans Saisir les informations.',
  stalePage: 'Impossible de lire ce profil',
  stalePageHint: 'La page affichait encore un profil précédent. Vérifiez le nom dans Saisir les informations.',
  nameUnconfirmedHint: 'La page ne confirme pas le nom trouvé. Vérifiez-le dans Saisir les informations.',
  pageChanged: 'La page a changé pendant votre capture',
  pageChangedHint: 'Rien n’a été envoyé. Vérifiez ce que la page affichait dans Saisir les informations.',
  pageMovedHint: 'Rien n’a été envoyé. Regardez la page, puis capturez à nouveau.',
  loggedOut: 'Connectez-vous pour capturer',
  loggedOutHint: 'Connectez-vous pour voir ce profil, puis capturez-le.',
  notAProfile: 'Pas un profil',
  notAProfileHint: 'Ouvrez une page de profil pour la capturer.',
  rejected: 'Refusé par Metrikia : {message}',
  rejectedNoReason: 'Refusé par Metrikia',
  rejectedHint: 'Cliquez sur l’icône Metrikia pour la corriger.',
  refused: 'Impossible de capturer ce profil',
  error: CAPTURE_FAILED_FR,
  tryAgainHint: 'Cliquez pour réessayer.',
  notFound: 'Profil introuvable',
  notFoundHint: 'Cette page indique que le profil n’existe pas.',
  outboxFull: 'Trop de captures en attente',
  outboxFullHint: 'Rien n’a été enregistré. Cliquez sur l’icône Metrikia pour envoyer ou supprimer les captures en attente.',
  throttled: 'Trop de captures',
  throttledHint: 'Attendez une minute, puis réessayez.',
  enterDetails: 'Saisir les informations',
  enterDetailsHint: 'Pour {profile} : saisissez le nom affiché par ce profil.',
  firstName: 'Prénom',
  lastName: 'Nom',
  jobTitle: 'Poste',
  submitDetails: 'Capturer',
  cancel: 'Annuler',
  firstNameRequired: 'Saisissez un prénom.',
  tooLong: '{max} caractères au maximum.',
  capturePeople: CAPTURE_PEOPLE_FR,
  bulkCaptured: { one: '{count} capturé', other: '{count} capturés' },
  bulkAlreadyCaptured: { one: '{count} déjà capturé', other: '{count} déjà capturés' },
  bulkQueued: { one: '{count} en attente', other: '{count} en attente' },
  bulkRefused: { one: '{count} refusé par Metrikia', other: '{count} refusés par Metrikia' },
  bulkNotSaved: { one: '{count} non enregistré', other: '{count} non enregistrés' },
  bulkFromProfile: { one: '{count} à capturer depuis son profil', other: '{count} à capturer depuis leur profil' },
  bulkNobody: 'Personne à capturer sur cette page',
  bulkThrottledHint: 'Attendez quelques secondes, puis réessayez.',
};

export const buttonCatalogs: Record<Locale, Catalog<ButtonMessageKey>> = { en, fr };
