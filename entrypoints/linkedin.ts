/**
 * The content script for www.linkedin.com, declared in wxt.config.ts (`manifest.content_scripts`):
 * LinkedIn's features only. An unlisted script, not a WXT `defineContentScript`: WXT wraps those
 * in a context that announces the extension to the page and can be stopped by it (lib/content/core.ts).
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { runContentScript, type ChromeForContent, type ContentWindow } from '@/lib/content/core';
import { linkedinProfile } from '@/lib/content/features/linkedin-profile';
import { linkedinPeopleSearch } from '@/lib/content/features/linkedin-search';

declare const chrome: ChromeForContent;

export default defineUnlistedScript(() => runContentScript([linkedinProfile, linkedinPeopleSearch], chrome, window as unknown as ContentWindow));
