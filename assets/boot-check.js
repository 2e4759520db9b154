// The app's start, watched from outside the wasm.
// - If loading the WebAssembly fails (a download aborted by the network or the browser's cache,
//   a compile error), reload the page once; if the reload fails too, say so with a Reload button.
// - If the app has not started after 20 s, say so instead of leaving a blank page.
(function () {
  function started() {
    return !document.getElementById("boot") || document.querySelector("main");
  }
  function say(text) {
    var b = document.getElementById("boot");
    if (!b || document.querySelector("main")) return;
    b.textContent = text + " ";
    var r = document.createElement("button");
    r.textContent = "Reload";
    r.addEventListener("click", function () { location.reload(); });
    b.appendChild(r);
  }
  function isReload() {
    var nav = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    return !!nav && nav.type === "reload";
  }
  var handled = false;
  function failed(reason) {
    var text = String((reason && (reason.message || reason)) || "");
    if (handled || started() || !/WebAssembly|wasm|Response body|NetworkError|Failed to fetch/i.test(text)) return;
    handled = true;
    if (!isReload()) {
      location.reload();
      return;
    }
    say("CNN Lab could not load its WebAssembly (" + text.slice(0, 120) + ").");
  }
  window.addEventListener("unhandledrejection", function (e) { failed(e.reason); });
  window.addEventListener("error", function (e) { failed(e.error || e.message); });
  setTimeout(function () {
    if (started()) return;
    say("CNN Lab could not start in this browser. It needs WebAssembly with SIMD " +
      "(Chrome 91+, Firefox 89+, Safari 16.4+).");
  }, 20000);
})();
