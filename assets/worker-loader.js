// Starts the /train page's training worker (Trunk writes worker.js + worker_bg.wasm unhashed);
// the page adds ?v=<build> so a redeploy never mixes a stale worker.js with a new wasm.
importScripts("./worker.js" + self.location.search);
wasm_bindgen({ module_or_path: "./worker_bg.wasm" + self.location.search });
