// If the WebAssembly app has not started after 20 s, say so instead of leaving a blank page.
setTimeout(function () {
  var b = document.getElementById("boot");
  if (!b || document.querySelector("main")) return;
  b.textContent = "CNN Lab could not start in this browser. It needs WebAssembly with SIMD " +
    "(Chrome 91+, Firefox 89+, Safari 16.4+). ";
  var r = document.createElement("button");
  r.textContent = "Reload";
  r.addEventListener("click", function () { location.reload(); });
  b.appendChild(r);
}, 20000);
