/** Everything the settings page shows, as one value, and what the rep can do there. */
import type { AppMessageKey } from '../../shared/i18n/app';
import type { AppStatus } from '../../shared/messages';
import type { Settings } from '../../shared/storage';

export type OptionsDialog = { kind: 'disconnect'; waiting: number } | { kind: 'clear' };

export interface OptionsState {
  settings: Settings;
  uiLanguage: string;
  status: AppStatus | null;
  /** What is typed in the API key field. */
  apiKey: string;
  showKey: boolean;
  connecting: boolean;
  /** The last message under the key field (kept as a key, so a language change redraws it). */
  keyError: AppMessageKey | null;
  connectionNotice: AppMessageKey | null;
  dataNotice: AppMessageKey | null;
  dialog: OptionsDialog | null;
  /** Opened on the first install (lib/shared/welcome.ts): greet the rep and say where the key is found. */
  welcome: boolean;
}

export interface OptionsActions {
  typeKey(value: string): void;
  toggleKey(): void;
  connect(): void;
  disconnect(): void;
  /** The rep's answer to "Disconnect while captures wait": keep them, discard them, or cancel. */
  answerDisconnect(answer: 'keep' | 'discard' | 'cancel'): void;
  setPlatform(source: 'linkedin' | 'instagram', on: boolean): void;
  setPlacement(value: string): void;
  setLanguage(value: string): void;
  exportData(): void;
  askClear(): void;
  answerClear(clear: boolean): void;
  /** A dialog closed itself (Escape). */
  dialogClosed(): void;
}
