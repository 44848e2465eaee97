/** The preferences (platforms, placement, language) and "Your data on this device": export and clear. */
import { languageSchema, placementSchema, type Settings } from '../../shared/storage';
import type { OptionsContext } from './context';
import type { OptionsActions } from './state';

type DataActions = Pick<OptionsActions, 'setPlatform' | 'setPlacement' | 'setLanguage' | 'exportData' | 'askClear' | 'answerClear' | 'dialogClosed'>;

export function dataActions(context: OptionsContext): DataActions {
  const save = (change: Partial<Settings>): void => void context.deps.settings.set({ ...context.state.settings, ...change });
  return {
    setPlatform: (source, on) => save({ [source]: on }),
    setPlacement(value) {
      const placement = placementSchema.safeParse(value);
      if (placement.success) save({ placement: placement.data });
    },
    setLanguage(value) {
      const language = languageSchema.safeParse(value);
      if (language.success) save({ language: language.data });
    },
    exportData() {
      void (async () => {
        const answer = await context.deps.background.exportData();
        context.deps.download(JSON.stringify(answer.data, null, 2), `metrikia-companion-data-${new Date().toISOString().slice(0, 10)}.json`);
        context.set({ dataNotice: 'exportedNotice' });
      })();
    },
    askClear: () => context.set({ dialog: { kind: 'clear' } }),
    answerClear(clear) {
      context.set({ dialog: null });
      if (!clear) return;
      void (async () => {
        await context.deps.background.clearData();
        context.follow({ dataNotice: 'clearedNotice' });
        await context.refreshStatus();
      })();
    },
    dialogClosed() {
      if (context.state.dialog) context.set({ dialog: null });
    },
  };
}
