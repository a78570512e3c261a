// The till's camera scanner: window.SimpulScanner = { available(), start(video, onCode), stop() }.
// start() opens the back camera into `video` and calls onCode(text) for every code it reads (every 200 ms at most)
// until stop(). It reads with the browser's own BarcodeDetector where there is one that knows the till's formats,
// and otherwise with @zxing/library (UMD build, served at the URL in this script's data-zxing), which is loaded only
// here, on the first start(): it is heavier than the rest of the till together, and most phones never need it.
// Once loaded, the till's service worker keeps it (its fetch handler keeps every static file, and the page names
// it in a "keep" message on every later start), so the camera works offline too.
(() => {
  "use strict";
  const script = document.currentScript;
  const ZXING_URL = script && script.dataset.zxing ? new URL(script.dataset.zxing, document.baseURI).href : "";
  const USED_KEY = "simpul-pos-zxing"; // set once the fallback has been loaded on this device
  const FORMATS = ["ean_13", "ean_8", "upc_a", "upc_e", "code_128", "qr_code"];
  const EVERY_MS = 200;
  let session = null; // { stream, timer, stopped }
  let zxing = null; // the promise of window.ZXing

  // The worker keeps the fallback for offline use (a new deploy's worker starts with an empty cache).
  const keepOffline = () => {
    if (!ZXING_URL || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready
      .then((registration) => registration.active && registration.active.postMessage({ type: "keep", urls: [ZXING_URL] }))
      .catch(() => undefined);
  };
  try {
    if (localStorage.getItem(USED_KEY)) keepOffline();
  } catch (error) {
    // storage refused (private mode): the worker still keeps the file when it passes through its fetch handler
  }

  const loadZxing = () => {
    if (window.ZXing) return Promise.resolve(window.ZXing);
    if (!zxing) {
      zxing = new Promise((resolve, reject) => {
        if (!ZXING_URL) return reject(new Error("no barcode reader"));
        const tag = document.createElement("script");
        tag.src = ZXING_URL;
        tag.async = true;
        tag.addEventListener("load", () => (window.ZXing ? resolve(window.ZXing) : reject(new Error("no ZXing"))));
        tag.addEventListener("error", () => {
          tag.remove();
          zxing = null; // the next tap tries again (the network may be back)
          reject(new Error("the barcode reader could not be loaded"));
        });
        document.head.append(tag);
      }).then((ZX) => {
        try {
          localStorage.setItem(USED_KEY, "1");
        } catch (error) {
          // nothing to remember it in
        }
        keepOffline();
        return ZX;
      });
    }
    return zxing;
  };

  // The browser's own detector, when it reads at least one of the till's formats.
  const nativeReader = async () => {
    if (!("BarcodeDetector" in window)) return null;
    try {
      const known = await window.BarcodeDetector.getSupportedFormats();
      const formats = FORMATS.filter((f) => known.includes(f));
      if (!formats.length) return null;
      const detector = new window.BarcodeDetector({ formats });
      return async (video) => {
        const codes = await detector.detect(video);
        return codes.length ? codes[0].rawValue : null;
      };
    } catch (error) {
      return null;
    }
  };

  const zxingReader = async () => {
    const ZX = await loadZxing();
    const F = ZX.BarcodeFormat;
    const hints = new Map();
    hints.set(ZX.DecodeHintType.POSSIBLE_FORMATS, [F.EAN_13, F.EAN_8, F.UPC_A, F.UPC_E, F.CODE_128, F.QR_CODE]);
    const reader = new ZX.MultiFormatReader();
    reader.setHints(hints);
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    return async (video) => {
      const width = video.videoWidth;
      const height = video.videoHeight;
      if (!width || !height) return null;
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      context.drawImage(video, 0, 0, width, height);
      const bitmap = new ZX.BinaryBitmap(new ZX.HybridBinarizer(new ZX.HTMLCanvasElementLuminanceSource(canvas)));
      try {
        return reader.decodeWithState(bitmap).getText();
      } catch (error) {
        if (error instanceof ZX.Exception) return null; // no code in this frame (or half of one)
        throw error;
      }
    };
  };

  const available = () => Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia) && ("BarcodeDetector" in window || Boolean(ZXING_URL));

  const stop = () => {
    if (!session) return;
    const current = session;
    session = null;
    current.stopped = true;
    clearTimeout(current.timer);
    if (current.stream) current.stream.getTracks().forEach((track) => track.stop());
    if (current.video) {
      current.video.pause();
      current.video.srcObject = null;
    }
  };

  // Resolves once the camera shows in `video`; rejects when there is no camera, no permission or no reader.
  const start = async (video, onCode) => {
    stop();
    const current = { stream: null, timer: null, stopped: false, video: null };
    session = current;
    const read = (await nativeReader()) || (await zxingReader());
    if (current.stopped) return;
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    if (current.stopped) {
      stream.getTracks().forEach((track) => track.stop());
      return;
    }
    current.stream = stream;
    current.video = video;
    video.srcObject = stream;
    await video.play();
    const tick = async () => {
      if (current.stopped) return;
      const code = video.readyState >= 2 ? await read(video) : null;
      if (current.stopped) return;
      if (code) onCode(code);
      if (!current.stopped) current.timer = setTimeout(tick, EVERY_MS);
    };
    current.timer = setTimeout(tick, 0);
  };

  window.SimpulScanner = { available, start, stop };
})();
