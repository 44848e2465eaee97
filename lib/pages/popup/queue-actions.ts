/** What the rep does with the queue: "Retry now", and Edit or Discard a refused capture. */
import type { PopupContext } from './context';
import type { PopupActions } from './parts';
import { typedFrom } from './state';

type QueueActions = Pick<PopupActions, 'retryNow' | 'edit' | 'typeEdit' | 'cancelEdit' | 'submitEdit' | 'discard'>;

/** After an item left the list with the focus on it: the next item, or the queue's sentence. */
function keepFocusInQueue(context: PopupContext): void {
  const { document } = context.deps;
  if (document.activeElement !== document.body && document.activeElement !== null) return;
  const next = context.state.status?.needsAttention[0];
  context.set({}, ...(next ? [`edit-${next.id}`] : []), 'waiting-text');
}

async function saveEdit(context: PopupContext): Promise<void> {
  const draft = context.state.editing;
  const item = context.state.status?.needsAttention.find((candidate) => candidate.id === draft?.id);
  if (!draft || !item) return;
  if (draft.values.firstName.trim() === '') {
    context.set({ editing: { ...draft, invalid: true } }, `first-${draft.id}`);
    return;
  }
  context.set({ editing: { ...draft, saving: true } });
  const { firstName, lastName, jobTitle } = draft.values;
  // Instagram has no job title: the contract sends null for it.
  const answer = await context.deps.background.edit(draft.id, { firstName, lastName, jobTitle: item.source === 'linkedin' ? jobTitle : null });
  if (!answer.ok && answer.error === 'invalid') {
    const { editing } = context.state;
    context.set({ editing: editing && { ...editing, invalid: true, saving: false } }, `first-${draft.id}`);
    return;
  }
  context.set({ editing: null });
  await context.refreshStatus();
  keepFocusInQueue(context);
}

export function queueActions(context: PopupContext): QueueActions {
  return {
    retryNow() {
      // Chrome takes the focus off a button while it is disabled: give it back afterwards.
      const hadFocus = context.deps.document.activeElement?.id === 'retry-now';
      context.set({ retrying: true });
      void context.deps.background
        .retryNow()
        .then((status) => context.set({ status }))
        .catch(() => undefined)
        .finally(() =>
          // Once everything is sent the button goes away: keep the keyboard user's place on the
          // sentence that says so, rather than dropping the focus to the top of the popup.
          context.set({ retrying: false }, ...(hadFocus ? ['retry-now', 'waiting-text'] : [])),
        );
    },
    edit(id) {
      const item = context.state.status?.needsAttention.find((candidate) => candidate.id === id);
      if (item) context.set({ editing: { id, values: typedFrom(item), invalid: false, saving: false } }, `first-${id}`);
    },
    typeEdit(field, value) {
      const { editing } = context.state;
      if (editing) context.follow({ editing: { ...editing, values: { ...editing.values, [field]: value } } });
    },
    cancelEdit() {
      const id = context.state.editing?.id;
      context.set({ editing: null }, ...(id ? [`edit-${id}`] : []));
    },
    submitEdit: () => void saveEdit(context),
    discard(id) {
      context.set({ discarding: [...context.state.discarding, id] });
      void context.deps.background
        .discard(id)
        .then(() => context.refreshStatus())
        .finally(() => {
          context.set({ discarding: context.state.discarding.filter((other) => other !== id) });
          keepFocusInQueue(context);
        });
    },
  };
}
