/**
 * A real DOM for unit tests, without a browser: happy-dom parses HTML as a browser would (same
 * tree, same selectors), and the scrapers only read the tree. Scripts and remote resources are
 * neither run nor fetched; the fixtures have none anyway.
 */
import { Window } from 'happy-dom';

const window = new Window({
  settings: {
    disableJavaScriptEvaluation: true,
    disableJavaScriptFileLoading: true,
    disableCSSFileLoading: true,
    disableIframePageLoading: true,
    navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
  },
});

/** Parses a whole HTML page into a Document, as `DOMParser` does in a browser. */
export function parseHtml(html: string): Document {
  // happy-dom's Document implements the DOM that lib.dom.d.ts describes, but its own type is
  // declared separately: this is the one place the two types meet.
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}
