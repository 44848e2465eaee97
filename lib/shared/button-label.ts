/**
 * What a ButtonState says, in the rep's language: the same words on the page's button and in the
 * popup, so a rep reads one vocabulary wherever the capture is shown.
 */
import type { ButtonMessageKey } from './i18n/button';
import { formatDate, type Locale, type Translate } from './i18n/translate';
import type { ButtonState, CaptureStatus } from './messages';

/** A capture's state, as the worker records it (lib/worker/capture-states.ts), shown by a Capture control: the page's button and the popup's. */
export function buttonStateOf(status: CaptureStatus): ButtonState {
  switch (status.state) {
    case 'none':
      return { kind: 'idle' };
    case 'sending':
      return { kind: 'capturing' };
    case 'captured':
      return { kind: 'captured', capturedAt: status.capturedAt, existing: status.existing };
    case 'queued':
      return { kind: 'queued', reason: status.reason };
    case 'rejected':
      return { kind: 'failed', reason: 'rejected', message: status.message };
  }
}

/** The label on the button and the sentence under it, for a state. */
export function describeState(
  state: ButtonState,
  t: Translate<ButtonMessageKey>,
  locale: Locale,
  /** The popup may show Metrikia's own words; the page's button never does (the page could read them off the screen). */
  options: { serverText: boolean } = { serverText: true },
): { label: string; detail: string } {
  switch (state.kind) {
    case 'idle':
      return { label: t('capture'), detail: '' };
    case 'capturing':
      return { label: t('capturing'), detail: '' };
    case 'captured': {
      const date = formatDate(locale, state.capturedAt);
      return state.existing
        ? { label: t('alreadyInMetrikia'), detail: t('alreadyInMetrikiaHint', { date }) }
        : { label: t('captured'), detail: t('capturedOn', { date }) };
    }
    case 'queued':
      return {
        label: t('queued'),
        detail: state.reason === 'key-rejected' ? t('queuedKeyRejectedHint') : t('queuedHint'),
      };
    case 'not-connected':
      return { label: t('notConnected'), detail: t('notConnectedHint') };
    case 'failed':
      switch (state.reason) {
        case 'name-not-found':
          return { label: t('couldNotRead'), detail: t('couldNotReadHint') };
        case 'stale-page':
          return { label: t('stalePage'), detail: t('stalePageHint') };
        case 'name-unconfirmed':
          return { label: t('couldNotRead'), detail: t('nameUnconfirmedHint') };
        case 'page-changed':
          // With what was shown at the click, "Enter details" is offered; a tab request has nothing to offer.
          return { label: t('pageChanged'), detail: t(state.found ? 'pageChangedHint' : 'pageMovedHint') };
        case 'logged-out':
          return { label: t('loggedOut'), detail: t('loggedOutHint') };
        case 'not-a-profile':
          return { label: t('notAProfile'), detail: t('notAProfileHint') };
        case 'not-found':
          return { label: t('notFound'), detail: t('notFoundHint') };
        case 'rejected':
          return {
            label:
              options.serverText && state.message
                ? t('rejected', { message: state.message.slice(0, 120) })
                : t('rejectedNoReason'),
            detail: t('rejectedHint'),
          };
        case 'refused':
          return { label: t('refused'), detail: t('tryAgainHint') };
        case 'error':
          return { label: t('error'), detail: t('tryAgainHint') };
        case 'outbox-full':
          return { label: t('outboxFull'), detail: t('outboxFullHint') };
        case 'throttled':
          return { label: t('throttled'), detail: t('throttledHint') };
      }
  }
}
