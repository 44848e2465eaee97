/** The settings page's two questions: disconnect while captures wait, and clear local data. */
import type { AppMessageKey } from '../../shared/i18n/app';
import type { Translate } from '../../shared/i18n/translate';
import { button } from '../controls';
import { h, type Child, type VNode } from '../render';
import type { OptionsActions, OptionsState } from './state';

/** A modal dialog, open while the state says so; Escape closes it and tells the controller. */
function dialog(id: string, open: boolean, actions: OptionsActions, props: Record<string, unknown>, ...children: Child[]): VNode {
  return h(
    'dialog',
    {
      id,
      ...props,
      onclose: actions.dialogClosed,
      ref: (element: Element) => {
        const modal = element as HTMLDialogElement;
        if (open && !modal.open) modal.showModal();
        else if (!open && modal.open) modal.close();
      },
    },
    ...children,
  );
}

export function dialogs(state: OptionsState, t: Translate<AppMessageKey>, actions: OptionsActions): VNode[] {
  const disconnect = state.dialog?.kind === 'disconnect' ? state.dialog : null;
  return [
    dialog(
      'disconnect-dialog',
      disconnect !== null,
      actions,
      { 'aria-labelledby': 'disconnect-question' },
      h('p', { id: 'disconnect-question' }, disconnect ? t('disconnectQuestion', { count: disconnect.waiting }) : ''),
      h(
        'div',
        { class: 'row' },
        button({ id: 'disconnect-cancel', class: 'secondary', onclick: () => actions.answerDisconnect('cancel') }, t('cancel')),
        button({ id: 'disconnect-discard', class: 'danger', onclick: () => actions.answerDisconnect('discard') }, t('discardWaiting')),
        button({ id: 'disconnect-keep', autofocus: true, onclick: () => actions.answerDisconnect('keep') }, t('keepWaiting')),
      ),
    ),
    dialog(
      'clear-dialog',
      state.dialog?.kind === 'clear',
      actions,
      { 'aria-labelledby': 'clear-question' },
      h('p', { id: 'clear-question' }, t('clearConfirm')),
      h(
        'div',
        { class: 'row' },
        button({ id: 'clear-cancel', class: 'secondary', autofocus: true, onclick: () => actions.answerClear(false) }, t('cancel')),
        button({ id: 'clear-confirm', class: 'danger solid', onclick: () => actions.answerClear(true) }, t('confirmClear')),
      ),
    ),
  ];
}
