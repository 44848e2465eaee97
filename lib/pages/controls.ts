/** Small pieces the pages' views build from. */
import { h, type Child, type VNode } from './render';

/** A button that is not a form's submit button. */
export const button = (props: Record<string, unknown>, ...children: Child[]): VNode => h('button', { type: 'button', ...props }, ...children);

/** What an event's input or select holds now. */
export const valueOf = (event: Event): string => (event.currentTarget as HTMLInputElement | HTMLSelectElement).value;
export const checkedOf = (event: Event): boolean => (event.currentTarget as HTMLInputElement).checked;
