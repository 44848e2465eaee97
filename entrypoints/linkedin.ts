/**
 * The content script for www.linkedin.com, declared in wxt.config.ts (`manifest.content_scripts`).
 * An unlisted script, not a WXT `defineContentScript`: WXT wraps those in a context that
 * announces the extension to the page and can be stopped by it (see lib/content/content-script.ts).
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { runContentScript } from '@/lib/content/content-script';
import { linkedinSite } from '@/lib/content/content-site';

export default defineUnlistedScript(() => runContentScript(linkedinSite));
