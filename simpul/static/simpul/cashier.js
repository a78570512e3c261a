// The cashier's desk: print buttons, and the member card's QR read by the phone's camera where the browser has
// BarcodeDetector (feature-detected: without it the button stays hidden and the search field takes the QR text a
// USB scanner types, or a name, number or phone number typed by hand).
(() => {
  if (window.simpulCashier) return;
  window.simpulCashier = true;

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (!button) return;
    event.preventDefault();
    window.print();
  });

  const canScan = "BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia;

  const scan = async (form) => {
    const field = form.querySelector("input[name=q]");
    const video = form.querySelector("video[data-scan-video]");
    let stream;
    try {
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      for (let tries = 0; tries < 300; tries += 1) {
        const codes = await detector.detect(video);
        if (codes.length) {
          field.value = codes[0].rawValue;
          form.requestSubmit();
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } catch (error) {
      // No camera, or permission refused: the field still works; say so quietly where the button was.
      const note = form.querySelector("[data-scan-note]");
      if (note) note.hidden = false;
    } finally {
      if (stream) stream.getTracks().forEach((track) => track.stop());
      video.hidden = true;
    }
  };

  const ready = () => {
    document.querySelectorAll("[data-scan]").forEach((button) => {
      if (!canScan) return;
      button.hidden = false;
      button.addEventListener("click", (event) => {
        event.preventDefault();
        scan(button.closest("form"));
      });
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
