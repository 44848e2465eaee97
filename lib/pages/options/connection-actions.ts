/** The Connection card: type, show or hide the API key, Connect, Disconnect (asking first when captures wait). */
import type { AppMessageKey } from '../../shared/i18n/app';
import type { ConnectResponse } from '../../shared/messages';
import type { OptionsContext } from './context';
import type { OptionsActions } from './state';

const CONNECT_ERRORS: Record<Extract<ConnectResponse, { ok: false }>['error'], AppMessageKey> = {
  empty: 'errorEmpty',
  'too-long': 'errorTooLong',
  'invalid-characters': 'errorInvalidCharacters',
  rejected: 'errorRejected',
  unavailable: 'errorUnavailable',
};

type ConnectionActions = Pick<OptionsActions, 'typeKey' | 'toggleKey' | 'connect' | 'disconnect' | 'answerDisconnect'>;

async function connect(context: OptionsContext): Promise<void> {
  context.set({ connecting: true, keyError: null, connectionNotice: null });
  let connected = false;
  try {
    const answer = await context.deps.background.connect(context.state.apiKey);
    connected = answer.ok;
    context.follow(answer.ok ? { apiKey: '', showKey: false } : { keyError: CONNECT_ERRORS[answer.error] });
  } catch {
    context.follow({ keyError: 'errorUnavailable' });
  }
  context.follow({ connecting: false });
  await context.refreshStatus().catch(() => context.set({}));
  // The form is gone once connected: keep the keyboard user's place on what replaced it.
  context.set({}, connected ? 'connected-as' : 'api-key');
}

async function disconnect(context: OptionsContext, discardQueue: boolean): Promise<void> {
  await context.deps.background.disconnect(discardQueue);
  context.follow({ connectionNotice: 'disconnectedNotice' });
  await context.refreshStatus();
  context.set({}, 'api-key');
}

export function connectionActions(context: OptionsContext): ConnectionActions {
  return {
    typeKey: (value) => context.follow({ apiKey: value }),
    toggleKey: () => context.set({ showKey: !context.state.showKey }),
    connect: () => void connect(context),
    disconnect() {
      void (async () => {
        // Ask the background now: a capture queued since this page last looked must not go unasked.
        await context.refreshStatus();
        const { status } = context.state;
        const waiting = (status?.waiting ?? 0) + (status?.needsAttention.length ?? 0);
        if (waiting === 0) await disconnect(context, false);
        else context.set({ dialog: { kind: 'disconnect', waiting } });
      })();
    },
    answerDisconnect(answer) {
      context.set({ dialog: null });
      if (answer !== 'cancel') void disconnect(context, answer === 'discard');
    },
  };
}
