// The purchase order form (mart/purchasing/order_new.html). Without this script the form works as it is: the
// search button posts the form and the page comes back with what was typed and the products found.
// With it: a price filled in from the supplier's last cost follows the unit chosen (a carton of 40 costs 40 times
// a piece) until someone types a price, and after a search the first product found gets the focus.
(() => {
  if (window.simpulOrderForm) return;
  window.simpulOrderForm = true;

  const rupiah = (value) => {
    const [whole, cents] = value.toFixed(2).split(".");
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return cents === "00" ? grouped : `${grouped},${cents}`;
  };

  document.addEventListener("input", (event) => {
    const field = event.target;
    if (field instanceof HTMLInputElement && field.name === "line_unit_cost") field.dataset.typed = "1";
  });

  document.addEventListener("change", (event) => {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement) || select.name !== "line_product") return;
    const line = select.closest(".order-line");
    const cost = line && line.querySelector("input[name=line_unit_cost]");
    const base = Number(line ? line.dataset.baseCost : 0);
    const factor = Number(select.selectedOptions[0] ? select.selectedOptions[0].dataset.factor : 1);
    if (!cost || cost.dataset.typed || !(base > 0) || !(factor > 0)) return;
    cost.value = rupiah(Math.round(base * factor * 100) / 100);
  });

  document.addEventListener("htmx:afterSettle", () => {
    const found = document.querySelector(".order-line[data-found] input[name=line_quantity]");
    if (found instanceof HTMLInputElement) found.focus();
  });
})();
