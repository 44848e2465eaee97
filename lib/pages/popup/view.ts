/**
 * The popup, drawn from its state: header, the sections, footer. Each section is a function of
 * the state (parts.ts `Section`); adding one is one more entry in SECTIONS. Elements that persist
 * across redraws carry ids or keys, so the renderer keeps them (and the rep's text, caret and
 * focus in them).
 */
import { h, type VNode } from '../render';
import { attentionSection } from './attention-section';
import { bulkSection } from './bulk-section';
import { button } from '../controls';
import type { PopupActions, PopupWords, Section } from './parts';
import type { PopupState } from './state';
import { tabSection } from './tab-section';

function header(words: PopupWords): VNode {
  return h(
    'header',
    { class: 'popup-header' },
    h('div', { class: 'brand' }, h('img', { src: '/icons/32.png', alt: '' }), h('h1', null, words.t('popupTitle'))),
  );
}

/**
 * Who is connected. A key Metrikia no longer accepts is one state (issue 20): it says so, and
 * offers one way on, connecting a new key; never "Connected to …" beside it. The waiting captures
 * stay counted below (and, a day before any would go, the queue says so).
 */
const connectionSection: Section = (state, words, actions) => {
  const { t } = words;
  const connection = state.status?.connection ?? null;
  const keyRejected = Boolean(state.status?.keyRejected && connection);
  // Until the worker answered, nothing is said: the first frame never claims "Not connected".
  const known = state.status !== null;
  const text = !known ? '' : !connection ? t('notConnected') : keyRejected ? t('keyRejectedTitle') : t('connectedTo', { organization: connection.organizationName, email: connection.email });
  return h(
    'section',
    { 'aria-label': t('connectionHeading') },
    h('p', { id: 'connection-text', class: 'status', role: keyRejected ? 'alert' : null, 'data-state': !connection ? 'none' : keyRejected ? 'attention' : 'connected' }, text),
    h('p', { id: 'key-rejected', class: 'help', hidden: !keyRejected }, keyRejected ? t('keyRejectedHelp') : ''),
    button(
      { id: 'open-settings', class: 'open-settings', hidden: !known || (connection !== null && !keyRejected), onclick: actions.openSettings },
      keyRejected ? t('connectNewKey') : t('openSettings'),
    ),
  );
};

const queueSection: Section = (state, words, actions) => {
  const { t } = words;
  const waiting = state.status?.waiting ?? 0;
  const expired = state.status?.expiredCount ?? 0;
  const expiring = state.status?.expiringSoon ?? 0;
  // Nothing can be sent without a key Metrikia accepts: no "Retry now" until there is one.
  const canSend = Boolean(state.status?.connection && !state.status.keyRejected);
  return h(
    'section',
    { 'aria-labelledby': 'queue-heading' },
    h('h2', { id: 'queue-heading' }, t('queueHeading')),
    h(
      'div',
      { class: 'queue-row' },
      h('p', { id: 'waiting-text', tabindex: '-1' }, state.status === null ? '' : waiting === 0 ? t('nothingWaiting') : t('waitingCount', { count: waiting })),
      button({ id: 'retry-now', class: 'secondary small', hidden: waiting === 0 || !canSend, disabled: state.retrying, onclick: actions.retryNow }, t('retryNow')),
    ),
    h('p', { id: 'outbox-full', class: 'banner', role: 'alert', hidden: !state.status?.outboxFull }, state.status?.outboxFull ? t('outboxFull') : ''),
    h('p', { id: 'expiring-text', class: 'banner', role: 'alert', hidden: expiring === 0 }, expiring ? t('expiringSoon', { count: expiring }) : ''),
    h('p', { id: 'expired-text', class: 'help' }, expired ? t('expiredCount', { count: expired }) : ''),
  );
};

function footer(state: PopupState, words: PopupWords, actions: PopupActions): VNode {
  const { t } = words;
  return h(
    'footer',
    { class: 'popup-footer' },
    // Chrome leaves the suggested key unassigned when it clashes with one of its own shortcuts;
    // the rep can then pick one on chrome://extensions/shortcuts.
    h('p', { id: 'shortcut-text' }, state.shortcut ? t('shortcutHint', { shortcut: state.shortcut }) : ''),
    // Offered once the shortcut is known: with none it sets one, with one it changes it.
    button({ id: 'set-shortcut', class: 'link', hidden: state.shortcut === null, onclick: actions.setShortcut }, t('setShortcut')),
    button({ id: 'settings-link', class: 'link', onclick: actions.openSettings }, t('settings')),
  );
}

/** The sections of the popup's main part, top to bottom. */
const SECTIONS: readonly Section[] = [connectionSection, tabSection, bulkSection, queueSection, attentionSection];

/** The whole popup, top to bottom. */
export function popupView(state: PopupState, words: PopupWords, actions: PopupActions): VNode[] {
  return [header(words), h('main', null, SECTIONS.map((section) => section(state, words, actions))), footer(state, words, actions)];
}
