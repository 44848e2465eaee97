/**
 * What activating a Capture control does, in each state it shows: the one rule for the page's
 * button and the popup's Capture, so the two cannot drift apart. Pure: each caller applies it.
 */
import type { ButtonState } from './messages';

export type Activation =
  /** Read the page and send it. */
  | 'capture'
  /** Already captured lately: offer "Capture again" rather than send a second time. */
  | 'offer-capture-again'
  /** No key connected: open the settings to connect one. */
  | 'open-settings'
  /** A capture is under way: a second one would only repeat it. */
  | 'none';

export function activationOf(state: ButtonState): Activation {
  switch (state.kind) {
    case 'capturing':
      return 'none';
    case 'not-connected':
      return 'open-settings';
    case 'captured':
      return 'offer-capture-again';
    default:
      return 'capture';
  }
}
