import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '@/lib/worker';

export default defineBackground(() => {
  startBackground();
});
