import { defineContentScript } from 'wxt/utils/define-content-script';
import { runCaptureContentScript } from '@/lib/content-script';
import { linkedin } from '@/lib/sites/linkedin';

export default defineContentScript({
  matches: ['https://www.linkedin.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runCaptureContentScript(ctx, linkedin);
  },
});
