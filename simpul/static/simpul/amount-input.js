// Rupiah amounts grouped by thousands as they are typed: "100000" shows as "100.000", "1500000,5" as
// "1.500.000,5". One shared script for every field marked data-amount (simpul/members/savings/forms.py
// RupiahInput); the server reads "100.000", "100000" and "100.000,50" alike, so the field works without it too.
(() => {
  if (window.simpulAmountInput) return;
  window.simpulAmountInput = true;

  const group = (digits) => digits.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ".");

  // "1.234.567,8" from whatever was typed: dots are thousands (dropped and drawn again), the first comma starts
  // the sen (at most two digits). A pasted "150000.50" (a spreadsheet's decimal point) keeps its sen.
  const format = (text, pasted) => {
    let value = text.replace(/[^\d.,]/g, "");
    if (pasted && /^\d+\.\d{1,2}$/.test(value)) value = value.replace(".", ",");
    const [whole, ...rest] = value.split(",");
    const digits = whole.replace(/\./g, "");
    if (!rest.length) return group(digits);
    return `${group(digits || "0")},${rest.join("").slice(0, 2)}`;
  };

  document.addEventListener("input", (event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || !field.hasAttribute("data-amount")) return;
    const before = field.value;
    const caret = field.selectionStart ?? before.length;
    // Keep the caret after the same number of digits (and comma) it followed before the dots moved.
    const counted = before.slice(0, caret).replace(/[^\d,]/g, "").length;
    const after = format(before, event.inputType === "insertFromPaste");
    if (after === before) return;
    field.value = after;
    let position = 0;
    let seen = 0;
    while (position < after.length && seen < counted) {
      if (/[\d,]/.test(after[position])) seen += 1;
      position += 1;
    }
    field.setSelectionRange(position, position);
  });
})();
