/**
 * The settings' defaults, apart from their schema (lib/shared/storage.ts): the content scripts read
 * the stored settings with them and carry no schema library (issue 20: one set of defaults).
 */
import type { Settings } from './storage';

export type { Settings };

export const DEFAULT_SETTINGS: Settings = { linkedin: true, instagram: true, language: 'auto', placement: 'page' };
