// The floor of tests/bench/popup-ready.ts: an extension popup that draws nothing and says it is
// ready at once, with the marker the product's popup sets after its first full render.
performance.mark('ready');
document.body.dataset.ready = 'true';
