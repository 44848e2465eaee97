/**
 * Who sent a runtime message, decided from what Chrome says about the sender, never from the
 * message itself. The background accepts captures only from our content scripts in the top frame
 * of a LinkedIn or Instagram tab, and settings or queue commands only from our own pages.
 */
import type { Source } from '../shared/contract';

/** The fields of runtime.MessageSender that the decision uses. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

export type SenderKind =
  | { kind: 'content-script'; source: Source; pageUrl: string; tabId: number }
  | { kind: 'extension-page' }
  | { kind: 'untrusted' };

const SITE_ORIGINS: Record<string, Source> = {
  'https://www.linkedin.com': 'linkedin',
  'https://www.instagram.com': 'instagram',
};

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    // URL.origin is "null" for non-special schemes in some engines; build it the same way everywhere.
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function classifySender(sender: SenderInfo, extensionId: string): SenderKind {
  if (sender.id !== extensionId) return { kind: 'untrusted' };
  const extensionOrigin = `chrome-extension://${extensionId}`;
  const urlOrigin = originOf(sender.url);

  if (!sender.tab) {
    // Our popup or an options page embedded in chrome://extensions.
    return urlOrigin === extensionOrigin ? { kind: 'extension-page' } : { kind: 'untrusted' };
  }
  if (urlOrigin === extensionOrigin && (sender.origin === undefined || sender.origin === extensionOrigin)) {
    return { kind: 'extension-page' }; // the options page opened in a tab
  }
  // A content script: top frame only (a profile embedded in an iframe is not the page the rep sees).
  // The address comes from `tab.url`, not `url`: Chrome keeps `url` at the address the document
  // loaded with, while `tab.url` follows in-app navigation (history.pushState) — measured in
  // tests/e2e/sites.spec.ts. In the top frame both name the same document, so their origins agree.
  const source = urlOrigin ? SITE_ORIGINS[urlOrigin] : undefined;
  const tabUrl = sender.tab.url;
  if (
    source &&
    sender.frameId === 0 &&
    (sender.origin === undefined || sender.origin === urlOrigin) &&
    originOf(tabUrl) === urlOrigin &&
    typeof sender.tab.id === 'number' &&
    tabUrl
  ) {
    return { kind: 'content-script', source, pageUrl: tabUrl, tabId: sender.tab.id };
  }
  return { kind: 'untrusted' };
}
