/**
 * The settings page as a welcome: lib/worker/welcome.ts opens it on a first install, and the page
 * (lib/pages/options) then says where the API key is found and puts the focus in the key field.
 */
const WELCOME_PARAM = 'welcome';

export const WELCOME_PAGE = `/options.html?${WELCOME_PARAM}` as const;

/** Whether a settings page opened at this address (its `location.search`) is the welcome. */
export function isWelcome(search: string): boolean {
  return new URLSearchParams(search).has(WELCOME_PARAM);
}
