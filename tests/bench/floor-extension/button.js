// The floor of the page-cost benchmark (tests/bench/page-cost.ts): the least a content script can
// do to show a Capture button. No messages, no storage, no page reads, no framework: one host
// element with an open shadow root (its styles stay inside), fixed and contained like the
// product's, inserted when the page is idle, as the product does.
requestIdleCallback(
  () => {
    const host = document.createElement('bench-floor-button');
    const shadow = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent =
      ':host{all:initial;position:fixed;right:24px;bottom:80px;z-index:2147483646;contain:layout style paint}' +
      'button{all:unset;padding:8px 16px;border-radius:20px;background:#4338CA;color:#fff;font:500 14px system-ui}';
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Capture';
    shadow.append(style, button);
    document.body.append(host);
  },
  { timeout: 2000 },
);
