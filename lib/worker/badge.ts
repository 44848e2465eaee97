/** The action badge: how many captures wait to be sent, or "!" while the key is rejected. */
export function badgeText(status: { waiting: number; keyRejected: boolean }): string {
  if (status.keyRejected) return '!';
  if (status.waiting <= 0) return '';
  return status.waiting > 999 ? '999+' : String(status.waiting);
}
