// The product pickers: the purchase order form (mart/purchasing/order_new.html), the goods receipt without an
// order (receipt_new.html), the stock transfer form (stock/transfers.html) and the counting page (stock/count.html):
// a line per product picked, a search by name, SKU or barcode adds lines, never a list of the whole catalogue. Without this script the forms work as they are: the search button posts the
// form and the page comes back with what was typed and the products found.
// With it: a price filled in from the supplier's last cost follows the unit chosen (a carton of 40 costs 40 times
// a piece) until someone types a price, and after a search the first field of the first product found gets the
// focus.
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

  // Enter in a field marked data-enter-clicks="<button id>" presses that button (the count typed on the counting
  // page is saved); Enter anywhere else searches, as without the script.
  document.addEventListener("keydown", (event) => {
    const field = event.target;
    if (event.key !== "Enter" || !(field instanceof HTMLInputElement) || !field.dataset.enterClicks) return;
    const button = document.getElementById(field.dataset.enterClicks);
    if (!(button instanceof HTMLButtonElement)) return;
    event.preventDefault();
    button.click();
  });

  document.addEventListener("htmx:afterSettle", () => {
    const found = document.querySelector(".order-line[data-found] input:not([type=hidden])");
    if (found instanceof HTMLInputElement) found.focus();
  });
})();
