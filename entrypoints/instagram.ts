/**
 * The content script for www.instagram.com, declared in wxt.config.ts (`manifest.content_scripts`):
 * Instagram's feature only. An unlisted script, not a WXT `defineContentScript`: WXT wraps those
 * in a context that announces the extension to the page and can be stopped by it (lib/content/core.ts).
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { runContentScript, type ChromeForContent, type ContentWindow } from '@/lib/content/core';
import { instagramProfile } from '@/lib/content/features/instagram-profile';

declare const chrome: ChromeForContent;

export default defineUnlistedScript(() => runContentScript([instagramProfile], chrome, window as unknown as ContentWindow));
