// The smallest MV3 service worker that answers a message: the floor a real extension's cold start
// is compared with (tests/bench/cold-start.ts). Answers {type: 'ping'} from its own pages.
chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
  if (message && message.type === 'ping') sendResponse({ pong: true });
  return undefined;
});
