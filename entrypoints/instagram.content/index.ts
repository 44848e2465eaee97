import { defineContentScript } from 'wxt/utils/define-content-script';
import { runCaptureContentScript } from '@/lib/content-script';
import { instagram } from '@/lib/sites/instagram';

export default defineContentScript({
  matches: ['https://www.instagram.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runCaptureContentScript(ctx, instagram);
  },
});
