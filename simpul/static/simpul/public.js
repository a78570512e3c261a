// Region picker as a filter: emptying its search box clears the chosen region (and tells the form).
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "search") return;
  const picker = input.closest("[data-region-picker]");
  if (!picker || input.value !== "") return;
  const hidden = picker.querySelector("input[type=hidden]");
  if (hidden && hidden.value !== "") {
    hidden.value = "";
    hidden.dispatchEvent(new Event("change", { bubbles: true }));
  }
});
