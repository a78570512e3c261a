// The kasir's point of sale. Keyboard first (the scan box keeps the focus; a USB scanner types the code and Enter),
// and it keeps selling with the network cut:
// - the outlet's products and members come from the snapshot endpoint into IndexedDB (idb), read from there;
// - every sale gets a client id (crypto.randomUUID) and is written to the IndexedDB outbox FIRST, then sent: online
//   to the sale endpoint, and whatever is left, in batches of up to 100, to the sync endpoint, which answers per
//   sale. A sale leaves the outbox only on the server's answer for it, never on a network error;
// - the service worker (sw.js) keeps this page and its files, so a reload with the network cut still opens it.
// Amounts are whole sen (integers) and quantities whole thousandths: no float ever reaches a total.
(() => {
  "use strict";
  const root = document.querySelector("[data-pos]");
  if (!root || !window.idb) return;
  const config = JSON.parse(document.getElementById("pos-config").textContent);
  const T = JSON.parse(document.getElementById("pos-text").textContent);
  const $ = (name) => root.querySelector(`[data-testid="${name}"]`);
  const BATCH = 100;
  const RETRY_MS = 15000;
  const state = {
    snapshot: null, // {outlet, products, members, settings}
    byCode: new Map(), // barcode -> {product, unit}
    byId: new Map(),
    cart: [], // {product, unit, qtyMilli, discount (sen)}
    saleDiscount: 0,
    member: null,
    payments: [], // {method, amount (sen), tendered (sen), reference}
    outletId: null,
    flushing: false,
    lastSale: null,
  };

  // --- numbers ------------------------------------------------------------------------------------------------

  // "100.000", "100000", "1.500,50" -> sen; null when it is not an amount.
  const parseAmount = (text) => {
    let s = String(text || "").replace(/[\s]|Rp/gi, "");
    if (!s) return 0;
    if (!/^[0-9.,]+$/.test(s)) return null;
    if (s.includes(",")) s = s.replace(/\./g, "").replace(",", ".");
    else if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, "");
    if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
    const [whole, frac = ""] = s.split(".");
    return Number(whole) * 100 + Number((frac + "00").slice(0, 2));
  };
  // "1,5" or "1.5" -> 1500 thousandths; null when not a quantity.
  const parseQty = (text) => {
    const s = String(text || "").trim().replace(",", ".");
    if (!/^\d+(\.\d{1,3})?$/.test(s)) return null;
    const [whole, frac = ""] = s.split(".");
    return Number(whole) * 1000 + Number((frac + "000").slice(0, 3));
  };
  const senOf = (decimalText) => parseAmount(String(decimalText).replace(".", ",")) || 0;
  const milliOf = (decimalText) => parseQty(decimalText) || 0;
  const money = (sen) => {
    const negative = sen < 0;
    const abs = Math.abs(sen);
    const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    const cents = abs % 100;
    return (negative ? "-" : "") + "Rp" + whole + (cents ? "," + String(cents).padStart(2, "0") : "");
  };
  const decimal = (sen) => (sen / 100).toFixed(2);
  const qtyText = (milli) => (milli % 1000 ? (milli / 1000).toFixed(3).replace(/0+$/, "") : String(milli / 1000));
  const say = (template, values) => template.replace(/\{(\w+)\}/g, (_m, k) => (k in values ? values[k] : ""));

  // --- the database -------------------------------------------------------------------------------------------

  const dbPromise = window.idb.openDB("simpul-pos-" + config.slug, 1, {
    upgrade(db) {
      db.createObjectStore("snapshot");
      const sales = db.createObjectStore("sales", { keyPath: "client_id" });
      sales.createIndex("state", "state");
    },
  });
  const pendingSales = async (limit) => {
    const db = await dbPromise;
    const rows = await db.getAllFromIndex("sales", "state", "pending");
    rows.sort((a, b) => a.created - b.created);
    return limit ? rows.slice(0, limit) : rows;
  };

  // --- what the page shows ------------------------------------------------------------------------------------

  const notice = (text, kind) => {
    const box = $("pos-message");
    box.textContent = text || "";
    box.dataset.kind = kind || "";
    box.hidden = !text;
  };
  const showWaiting = async () => {
    const count = (await pendingSales()).length;
    const box = $("pos-outbox");
    box.hidden = count === 0;
    $("pos-outbox-count").textContent = say(T.waiting, { count });
    box.dataset.count = String(count);
    $("pos-outbox-warning").hidden = count === 0;
  };
  const showNetwork = () => {
    const online = navigator.onLine;
    const badge = $("pos-network");
    badge.textContent = online ? T.online : T.offline;
    badge.dataset.online = online ? "1" : "0";
  };

  // --- snapshot -----------------------------------------------------------------------------------------------

  const index = (snapshot) => {
    state.snapshot = snapshot;
    state.byCode = new Map();
    state.byId = new Map();
    for (const product of snapshot.products) {
      state.byId.set(product.id, product);
      for (const code of product.barcodes) {
        const unit = code.unit ? product.units.find((u) => u.id === code.unit) || null : null;
        state.byCode.set(code.code, { product, unit });
      }
    }
    $("pos-outlet-name").textContent = snapshot.outlet.name;
    const limits = snapshot.settings;
    $("pos-limits").textContent = say(T.limits, {
      line: limits.max_line_discount_percent,
      sale: limits.max_sale_discount_percent,
    });
  };
  const loadSnapshot = async () => {
    const db = await dbPromise;
    const key = String(state.outletId);
    const stored = await db.get("snapshot", key);
    if (stored) {
      index(stored);
      root.dataset.ready = "1"; // sells from the kept snapshot while a fresh one loads
    }
    try {
      const response = await fetch(`${config.snapshot}?outlet=${state.outletId}`, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(String(response.status));
      const fresh = await response.json();
      await db.put("snapshot", fresh, key);
      index(fresh);
    } catch (error) {
      if (!stored) notice(T.no_snapshot, "error");
    }
    if (state.snapshot) root.dataset.ready = "1";
  };

  // --- the cart -----------------------------------------------------------------------------------------------

  const unitPrice = (line) => {
    const memberPrice = senOf(line.product.member_price);
    const base = state.member && memberPrice > 0 ? memberPrice : senOf(line.product.price);
    if (!line.unit) return base;
    const packPrice = senOf(line.unit.price);
    return packPrice > 0 ? packPrice : Math.round((base * milliOf(line.unit.factor)) / 1000);
  };
  const lineGross = (line) => Math.round((unitPrice(line) * line.qtyMilli) / 1000);
  const lineTotal = (line) => Math.max(0, lineGross(line) - line.discount);
  const subtotal = () => state.cart.reduce((sum, line) => sum + lineTotal(line), 0);
  const total = () => Math.max(0, subtotal() - state.saleDiscount);
  const paid = () => state.payments.reduce((sum, p) => sum + p.amount, 0);

  const addProduct = (product, unit) => {
    const found = state.cart.find((l) => l.product.id === product.id && (l.unit ? l.unit.id : null) === (unit ? unit.id : null));
    if (found) found.qtyMilli += 1000;
    else state.cart.push({ product, unit, qtyMilli: 1000, discount: 0 });
    notice("");
    render();
  };

  const percentOf = (sen, percentText) => Math.floor((sen * Number(percentText)) / 100);

  const renderCart = () => {
    const list = $("pos-cart");
    list.replaceChildren();
    state.cart.forEach((line, i) => {
      const item = document.createElement("li");
      item.dataset.testid = `pos-line-${i}`;
      item.setAttribute("data-testid", `pos-line-${i}`);
      const name = document.createElement("span");
      name.className = "pos-line-name";
      name.textContent = line.product.name + (line.unit ? ` (${line.unit.name})` : "");
      const minus = button("−", "pos-minus", () => {
        changeQty(i, -1000);
        focusScan();
      });
      const qty = document.createElement("input");
      qty.value = qtyText(line.qtyMilli);
      qty.inputMode = line.product.fractional ? "decimal" : "numeric";
      qty.setAttribute("aria-label", T.quantity);
      qty.setAttribute("data-testid", `pos-qty-${i}`);
      qty.className = "pos-qty";
      qty.addEventListener("change", () => setQty(i, qty.value));
      qty.addEventListener("keydown", (event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        setQty(i, qty.value);
        focusScan();
      });
      const plus = button("+", "pos-plus", () => {
        changeQty(i, 1000);
        focusScan();
      });
      const disc = document.createElement("input");
      disc.value = line.discount ? decimal(line.discount).replace(".", ",") : "";
      disc.placeholder = T.discount;
      disc.inputMode = "decimal";
      disc.className = "pos-disc";
      disc.setAttribute("aria-label", T.line_discount);
      disc.setAttribute("data-testid", `pos-line-discount-${i}`);
      disc.addEventListener("change", () => setLineDiscount(i, disc.value));
      disc.addEventListener("keydown", (event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        setLineDiscount(i, disc.value);
        focusScan();
      });
      const amount = document.createElement("span");
      amount.className = "pos-line-total";
      amount.textContent = money(lineTotal(line));
      const price = document.createElement("small");
      price.className = "muted";
      price.textContent = `${qtyText(line.qtyMilli)} × ${money(unitPrice(line))}`;
      const remove = button("×", "pos-remove", () => {
        state.cart.splice(i, 1);
        render();
        focusScan();
      });
      remove.setAttribute("aria-label", T.remove);
      item.append(name, amount, price, minus, qty, plus, disc, remove);
      list.append(item);
    });
    $("pos-empty").hidden = state.cart.length > 0;
  };

  const button = (text, cls, onClick) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `secondary outline ${cls}`;
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  };

  const changeQty = (i, delta) => {
    const line = state.cart[i];
    line.qtyMilli = Math.max(0, line.qtyMilli + delta);
    if (line.qtyMilli === 0) state.cart.splice(i, 1);
    render();
  };
  const setQty = (i, text) => {
    const line = state.cart[i];
    const milli = parseQty(text);
    if (milli === null || milli <= 0) notice(T.bad_quantity, "error");
    else if (milli % 1000 && !line.product.fractional) notice(say(T.no_fractions, { name: line.product.name }), "error");
    else {
      line.qtyMilli = milli;
      notice("");
    }
    render();
  };
  const setLineDiscount = (i, text) => {
    const line = state.cart[i];
    const sen = parseAmount(text);
    const limit = percentOf(lineGross(line), state.snapshot.settings.max_line_discount_percent);
    if (sen === null) notice(T.bad_amount, "error");
    else if (sen > limit) notice(say(T.discount_over, { limit: money(limit) }), "error");
    else {
      line.discount = sen;
      notice("");
    }
    render();
  };

  const render = () => {
    renderCart();
    $("pos-subtotal").textContent = money(subtotal());
    $("pos-total").textContent = money(total());
    $("pos-member").textContent = state.member ? `${state.member.number} · ${state.member.name}` : T.non_member;
    $("pos-member-clear").hidden = !state.member;
    const list = $("pos-payments");
    list.replaceChildren();
    state.payments.forEach((p, i) => {
      const item = document.createElement("li");
      item.setAttribute("data-testid", `pos-payment-${i}`);
      item.textContent = `${T.methods[p.method]}: ${money(p.amount)}` + (p.tendered > p.amount ? ` (${T.tendered} ${money(p.tendered)})` : "");
      const remove = button("×", "pos-remove", () => {
        state.payments.splice(i, 1);
        render();
      });
      remove.setAttribute("aria-label", T.remove);
      item.append(remove);
      list.append(item);
    });
    const due = total() - paid();
    $("pos-due").textContent = money(Math.max(0, due));
    const change = state.payments.reduce((sum, p) => sum + (p.tendered - p.amount), 0);
    $("pos-change").textContent = money(change);
    $("pos-pay").disabled = state.cart.length === 0 || due > 0;
    const amountField = $("pos-pay-amount");
    if (!amountField.dataset.touched) amountField.value = due > 0 ? decimal(due).replace(".", ",").replace(/,00$/, "") : "";
    renderQris();
  };

  // --- the scan box: barcode, card QR, or a name ---------------------------------------------------------------

  const CARD = /^\s*([a-z0-9][a-z0-9-]*):(\d{1,9})\s*$/i;
  const findMembers = (text) => {
    const members = state.snapshot.members;
    const card = CARD.exec(text);
    if (card) {
      if (card[1].toLowerCase() !== config.slug) return { other: true, list: [] };
      return { list: members.filter((m) => Number(m.number) === Number(card[2])) };
    }
    const digits = text.replace(/[\s.+-]/g, "");
    if (/^\d+$/.test(digits)) {
      const byNumber = members.filter((m) => Number(m.number) === Number(digits));
      const byPhone = digits.length >= 6 ? members.filter((m) => m.phone && digits.endsWith(m.phone)) : [];
      return { list: [...new Set([...byNumber, ...byPhone])] };
    }
    const lower = text.toLowerCase();
    return { list: members.filter((m) => m.name.toLowerCase().includes(lower)).slice(0, 20) };
  };
  const setMember = (member) => {
    state.member = member;
    $("pos-results").replaceChildren();
    notice(member ? say(T.member_set, { name: member.name }) : "");
    render();
    focusScan();
  };

  const showChoices = (items, label, pick) => {
    const list = $("pos-results");
    list.replaceChildren();
    items.forEach((entry, i) => {
      const b = button(label(entry), "pos-choice", () => {
        list.replaceChildren();
        pick(entry);
        focusScan();
      });
      b.setAttribute("data-testid", `pos-choice-${i}`);
      const item = document.createElement("li");
      item.append(b);
      list.append(item);
    });
  };

  const scanned = (raw) => {
    const text = raw.trim();
    if (!text || !state.snapshot) return;
    const hit = state.byCode.get(text);
    if (hit) return addProduct(hit.product, hit.unit);
    if (CARD.test(text)) {
      const found = findMembers(text);
      if (found.other) return notice(T.other_card, "error");
      if (found.list.length === 1) return setMember(found.list[0]);
      return notice(T.no_member, "error");
    }
    if (/^\d{6,}$/.test(text)) return notice(say(T.unknown_barcode, { code: text }), "error");
    const lower = text.toLowerCase();
    const products = state.snapshot.products.filter((p) => p.name.toLowerCase().includes(lower) || p.sku.toLowerCase() === lower);
    if (products.length === 1) return addProduct(products[0], null);
    if (!products.length) return notice(say(T.no_product, { text }), "error");
    notice("");
    showChoices(products.slice(0, 20), (p) => `${p.name} · ${money(senOf(p.price))}`, (p) => addProduct(p, null));
  };

  const focusScan = () => {
    const scan = $("pos-scan");
    if (!root.querySelector("[data-view=receipt]:not([hidden])")) scan.focus();
  };

  // --- payments (QRIS: the cooperative's static payload made dynamic with the amount) -------------------------

  const crc16 = (text) => {
    let crc = 0xffff;
    for (let i = 0; i < text.length; i += 1) {
      crc ^= text.charCodeAt(i) << 8;
      for (let b = 0; b < 8; b += 1) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    return crc.toString(16).toUpperCase().padStart(4, "0");
  };
  const qrisFor = (payload, sen) => {
    const tags = [];
    let i = 0;
    while (i + 4 <= payload.length) {
      const id = payload.slice(i, i + 2);
      const len = Number(payload.slice(i + 2, i + 4));
      tags.push([id, payload.slice(i + 4, i + 4 + len)]);
      i += 4 + len;
    }
    const amount = (sen % 100 ? decimal(sen) : String(sen / 100));
    const kept = tags.filter(([id]) => id !== "54" && id !== "63").map(([id, v]) => (id === "01" ? [id, "12"] : [id, v]));
    kept.push(["54", amount]);
    kept.sort((a, b) => Number(a[0]) - Number(b[0]));
    const body = kept.map(([id, v]) => id + String(v.length).padStart(2, "0") + v).join("") + "6304";
    return body + crc16(body);
  };
  const renderQris = () => {
    const box = $("pos-qris");
    const method = $("pos-pay-method").value;
    const payload = state.snapshot && state.snapshot.settings.qris;
    const sen = parseAmount($("pos-pay-amount").value);
    box.hidden = method !== "qris" || !payload || !sen || !window.qrcode;
    if (box.hidden) return;
    const qr = window.qrcode(0, "M");
    qr.addData(qrisFor(payload, sen));
    qr.make();
    box.querySelector("[data-qr]").innerHTML = qr.createSvgTag({ cellSize: 4, margin: 2, scalable: true });
  };

  const addPayment = () => {
    const method = $("pos-pay-method").value;
    const field = $("pos-pay-amount");
    const sen = parseAmount(field.value);
    const due = total() - paid();
    if (sen === null || sen <= 0) return notice(T.bad_amount, "error");
    if (due <= 0) return notice(T.already_paid, "error");
    if ((method === "savings" || method === "kasbon") && !state.member) return notice(T.member_needed, "error");
    if (method !== "cash" && sen > due) return notice(say(T.over_due, { due: money(due) }), "error");
    const amount = Math.min(sen, due);
    state.payments.push({ method, amount, tendered: sen, reference: $("pos-pay-reference").value.trim().slice(0, 80) });
    field.value = "";
    delete field.dataset.touched;
    $("pos-pay-reference").value = "";
    notice("");
    render();
  };

  // --- recording a sale: the outbox first, then the server -----------------------------------------------------

  const saleBody = (sale) => ({
    client_id: sale.client_id,
    outlet_id: sale.outlet_id,
    // The shift it was sold in: sent later from another cashier's login, it stays this cashier's sale.
    shift_id: sale.shift_id || null,
    sold_at: sale.sold_at,
    member_id: sale.member_id,
    discount: sale.discount,
    lines: sale.lines.map((l) => ({
      product_id: l.product_id,
      unit_id: l.unit_id,
      quantity: l.quantity,
      unit_price: l.unit_price,
      discount: l.discount,
    })),
    // Cash is sent as what was handed over (the server gives the change back from it); the rest as what they pay.
    payments: sale.payments.map((p) => ({ method: p.method, amount: p.method === "cash" ? p.tendered : p.amount, reference: p.reference || null })),
  });

  const csrf = () => {
    const found = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    return found ? decodeURIComponent(found.slice(10)) : root.dataset.csrf;
  };
  const post = (url, body) =>
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(body),
    });

  const settle = async (clientId, answer) => {
    const db = await dbPromise;
    const sale = await db.get("sales", clientId);
    if (!sale) return null;
    sale.state = answer.status;
    sale.number = answer.number || sale.number;
    sale.message = answer.message || "";
    sale.problems = answer.problems || [];
    await db.put("sales", sale);
    return sale;
  };

  const record = async () => {
    if (!state.cart.length || total() - paid() > 0) return;
    const now = new Date();
    const sale = {
      client_id: crypto.randomUUID(),
      created: now.getTime(),
      state: "pending",
      outlet_id: state.outletId,
      shift_id: state.snapshot && state.snapshot.shift ? state.snapshot.shift.id : null,
      sold_at: now.toISOString(),
      member_id: state.member ? state.member.id : null,
      member_name: state.member ? state.member.name : "",
      discount: decimal(state.saleDiscount),
      subtotal: subtotal(),
      total: total(),
      change: state.payments.reduce((sum, p) => sum + (p.tendered - p.amount), 0),
      lines: state.cart.map((l) => ({
        product_id: l.product.id,
        unit_id: l.unit ? l.unit.id : null,
        name: l.product.name + (l.unit ? ` (${l.unit.name})` : ""),
        quantity: qtyText(l.qtyMilli),
        unit_price: decimal(unitPrice(l)),
        discount: decimal(l.discount),
        total: lineTotal(l),
      })),
      payments: state.payments.map((p) => ({ method: p.method, amount: decimal(p.amount), tendered: decimal(p.tendered), reference: p.reference })),
      number: "",
    };
    const db = await dbPromise;
    await db.put("sales", sale); // first of all: from here on the sale cannot be lost
    state.cart = [];
    state.payments = [];
    state.saleDiscount = 0;
    state.member = null;
    $("pos-sale-discount").value = "";
    await showWaiting();
    let shown = sale;
    if (navigator.onLine) {
      try {
        const response = await post(config.sale, saleBody(sale));
        const answer = await response.json().catch(() => ({}));
        if (response.ok) shown = (await settle(sale.client_id, { status: "accepted", number: answer.number, problems: answer.problems })) || sale;
        else if (response.status >= 400 && response.status < 500 && answer.code && !["unauthenticated", "csrf_failed"].includes(answer.code)) {
          // Refused online (stock gone, a closed shift…): nothing was recorded, the kasir corrects and sells again.
          await db.delete("sales", sale.client_id);
          restore(sale);
          await showWaiting();
          return notice(answer.message || T.refused, "error");
        }
      } catch (error) {
        // The network dropped on the way: the sale waits in the outbox.
      }
    }
    await showWaiting();
    showReceipt(shown);
    flushSoon();
  };

  // A refused sale comes back to the cart as it was.
  const restore = (sale) => {
    state.cart = sale.lines.map((l) => {
      const product = state.byId.get(l.product_id);
      const unit = l.unit_id ? product.units.find((u) => u.id === l.unit_id) : null;
      return { product, unit, qtyMilli: milliOf(l.quantity), discount: senOf(l.discount) };
    });
    state.member = sale.member_id ? state.snapshot.members.find((m) => m.id === sale.member_id) || null : null;
    state.payments = sale.payments.map((p) => ({ method: p.method, amount: senOf(p.amount), tendered: senOf(p.tendered), reference: p.reference }));
    state.saleDiscount = senOf(sale.discount);
    render();
  };

  // The outbox goes to the sync endpoint in batches; each answered sale leaves it, the rest wait for the next try.
  const flush = async () => {
    if (state.flushing || !navigator.onLine) return;
    state.flushing = true;
    try {
      for (;;) {
        const batch = await pendingSales(BATCH);
        if (!batch.length) break;
        let response;
        try {
          response = await post(config.sync, { sales: batch.map(saleBody) });
        } catch (error) {
          break; // network error: everything stays in the outbox
        }
        if (response.status === 401 || response.status === 403) notice(T.log_in_again, "error");
        if (!response.ok) break;
        const answer = await response.json().catch(() => null);
        if (!answer || !Array.isArray(answer.results)) break;
        // 'retry' is no answer for the sale: it stays in the outbox for the next batch.
        let settled = 0;
        for (const result of answer.results.filter((r) => r.status !== "retry")) {
          if (await settle(result.client_id, result)) settled += 1;
        }
        if (!settled) break;
        const rejected = answer.results.filter((r) => r.status === "rejected");
        if (rejected.length) notice(say(T.rejected, { count: rejected.length, message: rejected[0].message || "" }), "error");
        await showWaiting();
      }
    } finally {
      state.flushing = false;
      await showWaiting();
    }
  };
  let flushTimer = null;
  const flushSoon = () => {
    clearTimeout(flushTimer);
    flushTimer = setTimeout(flush, 50);
  };

  // --- the receipt --------------------------------------------------------------------------------------------

  const receiptText = (sale) => {
    const lines = [config.name, state.snapshot ? state.snapshot.outlet.name : "", new Date(sale.sold_at).toLocaleString("id-ID", { timeZone: config.timezone })];
    lines.push(sale.number ? `${T.receipt_number} ${sale.number}` : `${T.receipt_pending} ${sale.client_id.slice(0, 8)}`);
    if (sale.member_name) lines.push(`${T.member}: ${sale.member_name}`);
    lines.push("--------------------------------");
    for (const l of sale.lines) lines.push(`${l.name}`, `  ${l.quantity} x ${money(senOf(l.unit_price))}  ${money(l.total)}`);
    lines.push("--------------------------------");
    if (senOf(sale.discount)) lines.push(`${T.discount}: -${money(senOf(sale.discount))}`);
    lines.push(`${T.total}: ${money(sale.total)}`);
    for (const p of sale.payments) lines.push(`${T.methods[p.method]}: ${money(senOf(p.tendered))}`);
    if (sale.change) lines.push(`${T.change}: ${money(sale.change)}`);
    if (state.snapshot && state.snapshot.settings.receipt_footer) lines.push("", state.snapshot.settings.receipt_footer);
    return lines.filter((l) => l !== undefined).join("\n");
  };
  const showReceipt = (sale) => {
    state.lastSale = sale;
    $("pos-receipt-text").textContent = receiptText(sale);
    $("pos-receipt-state").textContent = sale.state === "pending" ? T.receipt_waits : "";
    $("pos-whatsapp").href = "https://wa.me/?text=" + encodeURIComponent(receiptText(sale));
    root.querySelector("[data-view=sale]").hidden = true;
    root.querySelector("[data-view=receipt]").hidden = false;
    $("pos-new-sale").focus();
  };
  const newSale = () => {
    root.querySelector("[data-view=receipt]").hidden = true;
    root.querySelector("[data-view=sale]").hidden = false;
    render();
    focusScan();
  };
  const reprint = async () => {
    const db = await dbPromise;
    const all = await db.getAll("sales");
    all.sort((a, b) => b.created - a.created);
    if (!all.length) return notice(T.no_receipt, "error");
    showReceipt(all[0]);
  };

  // --- the camera (scanner.js: the browser's BarcodeDetector, or the zxing fallback it loads on the first tap) ----

  const CAMERA_MS = 60000;
  let cameraTimer = null;
  const cameraOff = () => {
    clearTimeout(cameraTimer);
    window.SimpulScanner.stop();
    $("pos-video").hidden = true;
    delete root.dataset.camera;
  };
  // One tap opens the camera, the first code read closes it; a second tap (or a minute without a code) closes it too.
  const camera = async () => {
    if (root.dataset.camera) {
      cameraOff();
      return focusScan();
    }
    const video = $("pos-video");
    root.dataset.camera = "starting";
    try {
      await window.SimpulScanner.start(video, (code) => {
        cameraOff();
        scanned(code);
        focusScan();
      });
      if (!root.dataset.camera) return; // closed while it opened
      video.hidden = false;
      root.dataset.camera = "on";
      cameraTimer = setTimeout(() => {
        cameraOff();
        focusScan();
      }, CAMERA_MS);
    } catch (error) {
      cameraOff();
      notice(T.no_camera, "error");
      focusScan();
    }
  };

  // --- start ----------------------------------------------------------------------------------------------------

  const chooseOutlet = async (id) => {
    state.outletId = id;
    localStorage.setItem(`simpul-pos-outlet-${config.slug}`, String(id));
    root.querySelector("[data-view=outlet]").hidden = true;
    root.querySelector("[data-view=sale]").hidden = false;
    await loadSnapshot();
    render();
    focusScan();
  };

  const start = async () => {
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker
        .register(config.worker, { scope: config.scope })
        .then(() => navigator.serviceWorker.ready)
        .then((registration) => {
          // Every static file the page has loaded so far, and each one it loads later (a font the styles ask for
          // late, a script loaded on demand): before the worker controls the page, its fetches pass it by.
          const keep = (entries) => {
            const urls = entries.map((e) => e.name).filter((u) => u.includes("/static/"));
            if (urls.length && registration.active) registration.active.postMessage({ type: "keep", urls });
          };
          keep(performance.getEntriesByType("resource"));
          if ("PerformanceObserver" in window) {
            new PerformanceObserver((list) => keep(list.getEntries())).observe({ type: "resource" });
          }
          root.dataset.worker = "1";
        })
        .catch(() => undefined);
    }
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => undefined);

    $("pos-scan-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const field = $("pos-scan");
      scanned(field.value);
      field.value = "";
    });
    $("pos-member-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const field = $("pos-member-input");
      const text = field.value.trim();
      field.value = "";
      if (!text || !state.snapshot) return;
      const found = findMembers(text);
      if (found.other) return notice(T.other_card, "error");
      if (found.list.length === 1) return setMember(found.list[0]);
      if (!found.list.length) return notice(T.no_member, "error");
      showChoices(found.list, (m) => `${m.number} · ${m.name}`, setMember);
    });
    $("pos-member-clear").addEventListener("click", () => {
      setMember(null);
      focusScan();
    });
    $("pos-sale-discount").addEventListener("change", (event) => {
      const sen = parseAmount(event.target.value);
      const limit = percentOf(subtotal(), state.snapshot.settings.max_sale_discount_percent);
      if (sen === null) notice(T.bad_amount, "error");
      else if (sen > limit) notice(say(T.discount_over, { limit: money(limit) }), "error");
      else {
        state.saleDiscount = sen;
        notice("");
      }
      render();
    });
    $("pos-pay-amount").addEventListener("input", (event) => {
      event.target.dataset.touched = "1";
      renderQris();
    });
    $("pos-pay-method").addEventListener("change", renderQris);
    $("pos-payment-form").addEventListener("submit", (event) => {
      event.preventDefault();
      addPayment();
    });
    $("pos-pay").addEventListener("click", record);
    $("pos-new-sale").addEventListener("click", newSale);
    $("pos-reprint").addEventListener("click", reprint);
    $("pos-print").addEventListener("click", () => window.print());
    root.querySelectorAll("[name=pos-width]").forEach((radio) =>
      radio.addEventListener("change", () => (document.body.dataset.receipt = radio.value))
    );
    document.body.dataset.receipt = "58";
    const cameraButton = $("pos-camera");
    cameraButton.hidden = !(window.SimpulScanner && window.SimpulScanner.available());
    cameraButton.addEventListener("click", camera);
    // The scan box takes the focus back whenever a click lands on nothing that takes typing.
    document.addEventListener("click", (event) => {
      const target = event.target;
      if (target instanceof Element && target.closest("input, select, textarea, a, button, summary")) return;
      focusScan();
    });
    window.addEventListener("online", () => {
      showNetwork();
      flushSoon();
    });
    window.addEventListener("offline", showNetwork);
    setInterval(flush, RETRY_MS);
    showNetwork();
    await showWaiting();

    const outlets = config.outlets;
    const saved = Number(localStorage.getItem(`simpul-pos-outlet-${config.slug}`));
    if (outlets.length === 1) await chooseOutlet(outlets[0].id);
    else if (outlets.some((o) => o.id === saved)) await chooseOutlet(saved);
    else {
      root.querySelector("[data-view=outlet]").hidden = false;
      root.querySelectorAll("[data-outlet]").forEach((b) =>
        b.addEventListener("click", () => chooseOutlet(Number(b.dataset.outlet)))
      );
    }
    flushSoon();
  };

  start();
})();
