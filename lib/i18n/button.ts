/**
 * The strings of the Capture button, in both languages, with one key set. Kept apart from the
 * pages' catalog (lib/i18n/app.ts) so each content script carries only what it shows.
 * The English labels "Capture", "Capturing…", "Captured", "Queued", "Not connected" are part of the
 * product's contract: reps' habits and outside tests rely on them.
 */
import type { Catalog, Locale } from './translate';

const en = {
  widgetLabel: 'Metrikia Companion',
  capture: 'Capture',
  capturing: 'Capturing…',
  captured: 'Captured',
  capturedOn: 'Captured on {date}',
  captureAgain: 'Capture again',
  captureAgainHint: 'Send this profile again. Metrikia tells whether the lead already exists.',
  queued: 'Queued',
  queuedHint: 'Saved on this device. It will be sent automatically.',
  queuedKeyRejectedHint: 'Saved on this device. Connect a valid API key in the settings to send it.',
  notConnected: 'Not connected',
  notConnectedHint: 'Connect your Metrikia API key in the settings.',
  couldNotRead: 'Could not read this profile',
  couldNotReadHint: 'The page did not show a name we could trust. Reload the page and try again.',
  stalePage: 'Could not read this profile',
  stalePageHint: 'The page still shows a previous profile. Reload the page and try again.',
  loggedOut: 'Sign in to capture',
  loggedOutHint: 'Sign in to see this profile, then capture it.',
  notAProfile: 'Not a profile',
  notAProfileHint: 'Open a profile page to capture it.',
  rejected: 'Rejected by Metrikia: {message}',
  rejectedNoReason: 'Rejected by Metrikia',
  rejectedHint: 'Open the extension to edit or discard this capture.',
  refused: 'Could not capture this profile',
  error: 'Capture failed',
  tryAgainHint: 'Click to try again.',
  profileNotFound: 'Profile not found',
  outboxFull: 'Too many captures waiting',
  outboxFullHint: 'Nothing more can wait on this device until some are sent. Open the extension to send them.',
  throttled: 'Too many captures',
  throttledHint: 'Wait a minute before capturing again from this tab.',
} as const satisfies Catalog<string>;

export type ButtonMessageKey = keyof typeof en;

const fr: Catalog<ButtonMessageKey> = {
  widgetLabel: 'Metrikia Companion',
  capture: 'Capturer',
  capturing: 'Capture…',
  captured: 'Capturé',
  capturedOn: 'Capturé le {date}',
  captureAgain: 'Capturer à nouveau',
  captureAgainHint: 'Renvoyer ce profil. Metrikia indique si le lead existe déjà.',
  queued: 'En attente',
  queuedHint: 'Enregistré sur cet appareil. Il sera envoyé automatiquement.',
  queuedKeyRejectedHint: 'Enregistré sur cet appareil. Connectez une clé API valide dans les réglages pour l’envoyer.',
  notConnected: 'Non connecté',
  notConnectedHint: 'Connectez votre clé API Metrikia dans les réglages.',
  couldNotRead: 'Impossible de lire ce profil',
  couldNotReadHint: 'La page n’affiche pas de nom fiable. Rechargez la page et réessayez.',
  stalePage: 'Impossible de lire ce profil',
  stalePageHint: 'La page affiche encore un profil précédent. Rechargez la page et réessayez.',
  loggedOut: 'Connectez-vous pour capturer',
  loggedOutHint: 'Connectez-vous pour voir ce profil, puis capturez-le.',
  notAProfile: 'Pas un profil',
  notAProfileHint: 'Ouvrez une page de profil pour la capturer.',
  rejected: 'Refusé par Metrikia : {message}',
  rejectedNoReason: 'Refusé par Metrikia',
  rejectedHint: 'Ouvrez l’extension pour modifier ou supprimer cette capture.',
  refused: 'Impossible de capturer ce profil',
  error: 'Échec de la capture',
  tryAgainHint: 'Cliquez pour réessayer.',
  profileNotFound: 'Profil introuvable',
  outboxFull: 'Trop de captures en attente',
  outboxFullHint: 'Plus rien ne peut attendre sur cet appareil avant que certaines soient envoyées. Ouvrez l’extension pour les envoyer.',
  throttled: 'Trop de captures',
  throttledHint: 'Attendez une minute avant de capturer à nouveau depuis cet onglet.',
};

export const buttonCatalogs: Record<Locale, Catalog<ButtonMessageKey>> = { en, fr };
