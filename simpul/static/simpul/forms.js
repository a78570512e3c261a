// Forms that help (no inline scripts: the CSP forbids them). Loaded once from base.html; the translated words
// come in as data attributes of its own <script> tag.
//
// 1. Text longer than a field allows is never cut silently. A browser's `maxlength` drops what is typed or pasted
//    past the limit without a word; here the limit moves to `data-maxlength`, the text stays as typed, and a live
//    message under the field counts down near the limit ("Maksimal 100 karakter; sisa 3") and says when the text
//    is too long. The server refuses too-long text with its own message either way.
// 2. The village picker: choosing a village outside the cooperative's regency/city shows the confirmation box
//    the form requires (the server refuses such a village without it).
(() => {
  const script = document.currentScript;
  const words = {
    left: script?.dataset.lengthLeft || "At most {max} characters; {left} left",
    over: script?.dataset.lengthOver || "Too long: {count} characters, at most {max}",
  };
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
  const SELECTOR = "input[maxlength], textarea[maxlength]";
  const TEXT_TYPES = new Set(["text", "search", "email", "tel", "url", "password", ""]);

  // Characters as the server counts them: code points, and a line break sent by a textarea as CR LF (two).
  function length(field) {
    const count = [...field.value].length;
    return field instanceof HTMLTextAreaElement ? count + (field.value.match(/\n/g) || []).length : count;
  }

  const hints = new WeakMap();

  function hint(field) {
    let node = hints.get(field);
    if (!node) {
      node = document.createElement("small");
      node.className = "length-hint";
      node.setAttribute("aria-live", "polite");
      node.dataset.testid = "length-hint";
      if (field.id) node.id = `${field.id}-length`;
      node.hidden = true;
      field.insertAdjacentElement("afterend", node);
      if (node.id) {
        const described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        field.setAttribute("aria-describedby", [...described, node.id].join(" "));
      }
      hints.set(field, node);
    }
    return node;
  }

  function check(field) {
    const max = Number(field.dataset.maxlength);
    if (!max) return;
    const count = length(field);
    const left = max - count;
    const node = hint(field);
    // Near the limit: its last tenth (at least the last 3 characters), so a 16-digit NIK in a field of 24 is quiet.
    const near = left <= Math.max(3, Math.ceil(max / 10));
    if (left < 0) {
      node.textContent = fill(words.over, { count, max, left });
      node.classList.add("length-over");
      node.hidden = false;
      field.setAttribute("aria-invalid", "true");
      field.setCustomValidity(node.textContent);
    } else {
      node.textContent = near ? fill(words.left, { count, max, left }) : "";
      node.classList.remove("length-over");
      node.hidden = !near;
      if (field.dataset.lengthInvalid) field.removeAttribute("aria-invalid");
      field.setCustomValidity("");
    }
    field.dataset.lengthInvalid = left < 0 ? "1" : "";
  }

  function prepare(root) {
    const fields = root.matches?.(SELECTOR) ? [root] : [...(root.querySelectorAll?.(SELECTOR) || [])];
    for (const field of fields) {
      if (field instanceof HTMLInputElement && !TEXT_TYPES.has(field.getAttribute("type") || "")) continue;
      field.dataset.maxlength = field.getAttribute("maxlength");
      field.removeAttribute("maxlength");
      if (field.value) check(field);
    }
  }

  document.addEventListener("input", (event) => {
    const field = event.target;
    if ((field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) && field.dataset.maxlength) {
      check(field);
    }
  });
  // htmx:load fires for the page and for every fragment htmx swaps in (a form re-rendered with its errors).
  document.addEventListener("htmx:load", (event) => prepare(event.detail.elt));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => prepare(document.body));
  } else {
    prepare(document.body);
  }

  // The village picker's confirmation: shown (and unticked) for a village outside the regency/city, hidden else.
  // Capture phase: simpul.js empties the result list on the same click, and a removed button has no picker.
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-region-pick]") : null;
    const confirm = button?.closest("[data-region-picker]")?.querySelector("[data-region-outside]");
    if (!confirm) return;
    const box = confirm.querySelector("input[type=checkbox]");
    box.checked = false;
    confirm.hidden = !button.hasAttribute("data-outside");
    box.required = !confirm.hidden;
  }, true);
})();
