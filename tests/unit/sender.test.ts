import { describe, expect, it } from 'vitest';
import { classifySender, type SenderInfo } from '@/lib/worker/sender';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const tab = { id: 7, url: 'https://www.linkedin.com/in/jane-doe/' };

describe('classifySender', () => {
  it.each<[string, SenderInfo, string]>([
    ['our LinkedIn content script, top frame', { id: ID, url: tab.url, origin: 'https://www.linkedin.com', frameId: 0, tab }, 'content-script'],
    ['our Instagram content script', { id: ID, url: 'https://www.instagram.com/jane/', origin: 'https://www.instagram.com', frameId: 0, tab: { id: 3, url: 'https://www.instagram.com/jane/' } }, 'content-script'],
    ['a top frame whose tab shows another site', { id: ID, url: tab.url, origin: 'https://www.linkedin.com', frameId: 0, tab: { id: 7, url: 'https://evil.example.com/' } }, 'untrusted'],
    ['our content script in an iframe', { id: ID, url: tab.url, origin: 'https://www.linkedin.com', frameId: 4, tab }, 'untrusted'],
    ['another extension', { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: tab.url, origin: 'https://www.linkedin.com', frameId: 0, tab }, 'untrusted'],
    ['our content script on another site', { id: ID, url: 'https://evil.example.com/in/jane', origin: 'https://evil.example.com', frameId: 0, tab }, 'untrusted'],
    ['a LinkedIn subdomain we do not run on', { id: ID, url: 'https://fr.linkedin.com/in/jane', origin: 'https://fr.linkedin.com', frameId: 0, tab }, 'untrusted'],
    ['origin disagreeing with url', { id: ID, url: tab.url, origin: 'https://evil.example.com', frameId: 0, tab }, 'untrusted'],
    ['http, not https', { id: ID, url: 'http://www.linkedin.com/in/jane', origin: 'http://www.linkedin.com', frameId: 0, tab }, 'untrusted'],
    ['the popup', { id: ID, url: `chrome-extension://${ID}/popup.html`, origin: `chrome-extension://${ID}` }, 'extension-page'],
    ['the options page in a tab', { id: ID, url: `chrome-extension://${ID}/options.html`, origin: `chrome-extension://${ID}`, frameId: 0, tab: { id: 9 } }, 'extension-page'],
    ['another extension page', { id: ID, url: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/popup.html' }, 'untrusted'],
    ['no id at all', { url: tab.url, frameId: 0, tab }, 'untrusted'],
  ])('%s', (_name, sender, kind) => {
    expect(classifySender(sender, ID).kind).toBe(kind);
  });

  it('takes the platform from the sender, not the message', () => {
    const result = classifySender({ id: ID, url: 'https://www.instagram.com/jane/', origin: 'https://www.instagram.com', frameId: 0, tab: { id: 1, url: 'https://www.instagram.com/jane/' } }, ID);
    expect(result).toEqual({ kind: 'content-script', source: 'instagram', pageUrl: 'https://www.instagram.com/jane/', tabId: 1 });
  });

  it('follows in-app navigation: the address is the tab one, not the one the document loaded with', () => {
    const result = classifySender(
      { id: ID, url: 'https://www.linkedin.com/in/alice/', origin: 'https://www.linkedin.com', frameId: 0, tab: { id: 2, url: 'https://www.linkedin.com/in/bob/' } },
      ID,
    );
    expect(result).toMatchObject({ kind: 'content-script', pageUrl: 'https://www.linkedin.com/in/bob/' });
  });
});
