// Small behaviours without inline scripts (the CSP forbids them): auto-submitting selects.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit")) {
    target.form.requestSubmit();
  }
});

// Region picker: a click on a search result fills the hidden code field and shows the chosen path.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-region-pick]") : null;
  if (!button) return;
  const picker = button.closest("[data-region-picker]");
  const hidden = picker.querySelector(`input[type=hidden][name="${button.dataset.target}"]`);
  hidden.value = button.dataset.code;
  hidden.dispatchEvent(new Event("change", { bubbles: true }));
  picker.querySelector("input[type=search]").value = button.dataset.label;
  picker.querySelector(".region-results").innerHTML = "";
});
