/**
 * The settings page, drawn from its state: connection, platforms, placement, language, the data
 * kept on this device, privacy, and the two confirmation dialogs (dialogs.ts). Each card is one function.
 */
import type { AppMessageKey } from '../../shared/i18n/app';
import type { Translate } from '../../shared/i18n/translate';
import { button, checkedOf, valueOf } from '../controls';
import { h, type VNode } from '../render';
import { dialogs } from './dialogs';
import type { OptionsActions, OptionsState } from './state';

/**
 * The key. A key Metrikia no longer accepts is one state (issue 20): the card says so, and offers
 * one way on, the key field to connect a new one; not "Connected to …", not Disconnect beside it.
 */
function connectionCard(state: OptionsState, t: Translate<AppMessageKey>, actions: OptionsActions): VNode {
  const connection = state.status?.connection ?? null;
  const keyRejected = Boolean(state.status?.keyRejected && connection);
  const welcome = state.welcome && connection === null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'connection-heading' },
    h('h2', { id: 'connection-heading' }, t('connectionHeading')),
    h(
      'p',
      { id: 'key-rejected', class: 'banner', role: 'alert', hidden: !keyRejected },
      keyRejected && connection ? t('keyRejectedFor', { organization: connection.organizationName, email: connection.email }) : '',
    ),
    h('p', { id: 'welcome', class: 'welcome', hidden: !welcome }, welcome ? t('welcome') : ''),
    h(
      'div',
      { id: 'connected', class: 'connected', hidden: connection === null || keyRejected },
      h(
        'p',
        { id: 'connected-as', class: 'status', 'data-state': 'connected', tabindex: '-1' },
        connection ? t('connectedTo', { organization: connection.organizationName, email: connection.email }) : '',
      ),
      button({ id: 'disconnect', class: 'secondary', onclick: actions.disconnect }, t('disconnect')),
    ),
    h(
      'form',
      {
        id: 'connect-form',
        novalidate: true,
        // A working connection needs no key field; a rejected one asks for a new key right here.
        hidden: connection !== null && !keyRejected,
        onsubmit: (event: Event) => {
          event.preventDefault();
          actions.connect();
        },
      },
      h('label', { for: 'api-key' }, t('apiKeyLabel')),
      h(
        'div',
        { class: 'key-row' },
        h('input', {
          id: 'api-key',
          name: 'api-key',
          type: state.showKey ? 'text' : 'password',
          autocomplete: 'off',
          spellcheck: 'false',
          autocapitalize: 'off',
          'aria-describedby': welcome ? 'welcome api-key-help api-key-error' : 'api-key-help api-key-error',
          'aria-invalid': state.keyError ? 'true' : null,
          value: state.apiKey,
          oninput: (event: Event) => actions.typeKey(valueOf(event)),
        }),
        button(
          { id: 'toggle-key', class: 'secondary', 'aria-controls': 'api-key', 'aria-label': t(state.showKey ? 'hideKeyLabel' : 'showKeyLabel'), onclick: actions.toggleKey },
          t(state.showKey ? 'hideKey' : 'showKey'),
        ),
        h('button', { type: 'submit', id: 'connect', disabled: state.connecting }, t(state.connecting ? 'connecting' : 'connect')),
      ),
      h('p', { id: 'api-key-error', class: 'error', role: 'alert' }, state.keyError ? t(state.keyError) : ''),
      h('p', { id: 'api-key-help', class: 'help' }, t('apiKeyHelp')),
    ),
    h('p', { id: 'connection-notice', class: 'notice', role: 'status' }, state.connectionNotice ? t(state.connectionNotice) : ''),
  );
}

function check(id: string, label: string, checked: boolean, onchange: (event: Event) => void): VNode {
  return h('label', { class: 'check' }, h('input', { type: 'checkbox', id, checked, onchange }), ' ', h('span', null, label));
}

function platformsCard(state: OptionsState, t: Translate<AppMessageKey>, actions: OptionsActions): VNode {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'platforms-heading' },
    h('h2', { id: 'platforms-heading' }, t('platformsHeading')),
    h(
      'fieldset',
      null,
      h('legend', null, t('platformsHelp')),
      check('platform-linkedin', t('linkedin'), state.settings.linkedin, (event) => actions.setPlatform('linkedin', checkedOf(event))),
      check('platform-instagram', t('instagram'), state.settings.instagram, (event) => actions.setPlatform('instagram', checkedOf(event))),
    ),
  );
}

function placementCard(state: OptionsState, t: Translate<AppMessageKey>, actions: OptionsActions): VNode {
  const radio = (value: 'page' | 'toolbar', label: AppMessageKey): VNode =>
    h(
      'label',
      { class: 'check' },
      h('input', {
        type: 'radio',
        name: 'placement',
        id: `placement-${value}`,
        value,
        checked: state.settings.placement === value,
        onchange: (event: Event) => checkedOf(event) && actions.setPlacement(value),
      }),
      ' ',
      h('span', null, t(label)),
    );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'placement-heading' },
    h('h2', { id: 'placement-heading' }, t('placementHeading')),
    h(
      'fieldset',
      { 'aria-describedby': 'placement-help' },
      h('legend', { class: 'visually-hidden' }, t('placementHeading')),
      radio('page', 'placementPage'),
      radio('toolbar', 'placementToolbar'),
    ),
    h('p', { id: 'placement-help', class: 'help' }, t('placementHelp')),
  );
}

function languageCard(state: OptionsState, t: Translate<AppMessageKey>, actions: OptionsActions): VNode {
  return h(
    'section',
    { class: 'card' },
    h('h2', null, h('label', { id: 'language-label', for: 'language' }, t('languageLabel'))),
    h(
      'select',
      { id: 'language', 'aria-describedby': 'language-help', value: state.settings.language, onchange: (event: Event) => actions.setLanguage(valueOf(event)) },
      h('option', { value: 'auto' }, t('languageAuto')),
      h('option', { value: 'en', lang: 'en' }, t('languageEn')),
      h('option', { value: 'fr', lang: 'fr' }, t('languageFr')),
    ),
    h('p', { id: 'language-help', class: 'help' }, t('languageHelp')),
  );
}

function dataCard(state: OptionsState, t: Translate<AppMessageKey>, actions: OptionsActions): VNode {
  const unreadable = state.status?.unreadable ?? 0;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'data-heading' },
    h('h2', { id: 'data-heading' }, t('dataHeading')),
    h(
      'ul',
      { class: 'counts' },
      h('li', { id: 'count-cached' }, t('cachedProfiles', { count: state.status?.cachedProfiles ?? 0 })),
      h('li', { id: 'count-waiting' }, t('waitingCount', { count: state.status?.waiting ?? 0 })),
      h('li', { id: 'count-attention' }, t('needsAttentionCount', { count: state.status?.needsAttention.length ?? 0 })),
      h('li', { id: 'count-unreadable', hidden: unreadable === 0 }, unreadable ? t('unreadableCount', { count: unreadable }) : ''),
    ),
    h(
      'div',
      { class: 'row' },
      button({ id: 'export', class: 'secondary', onclick: actions.exportData }, t('exportData')),
      button({ id: 'clear', class: 'danger', onclick: actions.askClear }, t('clearData')),
    ),
    h('p', { id: 'data-notice', class: 'notice', role: 'status' }, state.dataNotice ? t(state.dataNotice) : ''),
  );
}

function privacyCard(t: Translate<AppMessageKey>): VNode {
  return h(
    'section',
    { class: 'card privacy', 'aria-labelledby': 'privacy-heading' },
    h('h2', { id: 'privacy-heading' }, t('privacyHeading')),
    h('p', null, t('privacyCollected')),
    h('p', null, t('privacyNotCollected')),
    h('p', null, t('privacyStorage')),
    h('p', null, t('privacyTransmission')),
    h('p', null, t('privacyControl')),
    h('p', null, h('a', { href: '/privacy.html#s9', target: '_blank' }, t('privacyLink'))),
  );
}

export function optionsView(state: OptionsState, t: Translate<AppMessageKey>, actions: OptionsActions): VNode[] {
  return [
    h(
      'header',
      { class: 'page-header' },
      h('div', { class: 'brand' }, h('img', { src: '/icons/48.png', alt: '' }), h('h1', null, t('optionsTitle'))),
    ),
    h(
      'main',
      null,
      connectionCard(state, t, actions),
      platformsCard(state, t, actions),
      placementCard(state, t, actions),
      languageCard(state, t, actions),
      dataCard(state, t, actions),
      privacyCard(t),
    ),
    ...dialogs(state, t, actions),
  ];
}
