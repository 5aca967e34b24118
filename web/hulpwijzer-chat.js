/*
 * Hulpwijzer web chat. Put this one tag on a page:
 *   <script src="https://BOT-HOST/hulpwijzer-chat.js" data-gemeente="Oss"
 *           data-server="https://RASA-HOST" defer></script>
 * data-gemeente: sets the gemeente at the start, so parents on oss.nl are not asked where they live.
 * data-server:   the Rasa server (socket.io channel); default: window.HULPWIJZER_SERVER.
 *
 * Safety: bot and user text are only ever set with textContent (never as HTML), links are
 * made only for http(s) addresses, and the conversation lives in sessionStorage, so it is
 * gone when the browser tab closes (shared school or library computers).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var base = script ? script.src.replace(/[^/]*$/, "") : "/";
  var gemeente = (script && script.getAttribute("data-gemeente")) || "";
  var STORE_KEY = "hulpwijzer-chat";
  var LEAVE_URL = "https://www.google.nl/";
  var TYPING_TIMEOUT_MS = 15000;

  function loadState() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(STORE_KEY) || "null");
      if (saved && saved.sessionId && Array.isArray(saved.messages)) return saved;
    } catch (e) { /* unreadable storage: start fresh */ }
    return { sessionId: null, messages: [], open: false };
  }
  var state = loadState();
  function saveState() {
    try { sessionStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* storage full or blocked */ }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Text with links: only http(s) URLs become links; everything stays text, never HTML.
  function appendTextWithLinks(parent, text) {
    var pattern = /https?:\/\/[^\s<>"']+/g;
    var last = 0, match;
    while ((match = pattern.exec(text)) !== null) {
      var url = match[0].replace(/[.,;:!?)]+$/, "");
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url);
      parent.appendChild(link);
      last = match.index + url.length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // --- the widget -----------------------------------------------------------------------
  var css = el("link", { rel: "stylesheet", href: base + "hulpwijzer-chat.css" });
  document.head.appendChild(css);

  var root = el("section", { class: "hw-root", "aria-label": "Chat met de Hulpwijzer" });
  var launcher = el("button", { type: "button", class: "hw-launcher", "aria-expanded": "false", "aria-controls": "hw-panel" }, "Chat: vraag hulp");
  var panel = el("div", { class: "hw-panel", id: "hw-panel", hidden: "" });
  var header = el("div", { class: "hw-header" });
  var title = el("h2", { class: "hw-title", id: "hw-title" }, "Hulpwijzer");
  var leave = el("button", { type: "button", class: "hw-leave", "aria-label": "Snel weg: verlaat deze pagina meteen" }, "Snel weg");
  var close = el("button", { type: "button", class: "hw-close", "aria-label": "Chat sluiten" }, "Sluiten");
  header.appendChild(title);
  header.appendChild(leave);
  header.appendChild(close);
  var privacy = el("p", { class: "hw-privacy" },
    "Zet geen naam, adres of telefoonnummer in de chat. Op dit apparaat is het gesprek weg als je het tabblad sluit. " +
    "Typ 'privacy' als je wilt weten wat ik bewaar.");
  var log = el("div", { class: "hw-log", role: "log", "aria-live": "polite", "aria-labelledby": "hw-title", tabindex: "0" });
  var typing = el("p", { class: "hw-typing", hidden: "", "aria-live": "polite" }, "De Hulpwijzer typt...");
  var status = el("p", { class: "hw-status", role: "status" });
  var form = el("form", { class: "hw-form" });
  var label = el("label", { for: "hw-input", class: "hw-label" }, "Typ je vraag");
  var input = el("input", { id: "hw-input", class: "hw-input", type: "text", autocomplete: "off", maxlength: "1000" });
  var send = el("button", { type: "submit", class: "hw-send" }, "Verstuur");
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);
  [header, privacy, log, typing, status, form].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(launcher);
  root.appendChild(panel);

  // A help card (custom payload "hulpkaart" from action_zoek_hulp): name, what it does, short
  // labels, a tel: link per number and a link per web address. Only tel:digits and http(s)
  // addresses become links; all text is set with textContent.
  function renderCard(item, card) {
    var box = el("article", { class: "hw-card", "aria-label": String(card.naam || "") });
    box.appendChild(el("h3", { class: "hw-card-name" }, String(card.naam || "")));
    var what = el("p", { class: "hw-text" });
    appendTextWithLinks(what, String(card.wat || ""));
    box.appendChild(what);
    var labels = (card.labels || []).map(String);
    if (labels.length) {
      var list = el("ul", { class: "hw-labels", "aria-label": "Kenmerken" });
      labels.forEach(function (label) { list.appendChild(el("li", { class: "hw-label-tag" }, label)); });
      box.appendChild(list);
    }
    var links = el("p", { class: "hw-card-links" });
    (card.telefoon || []).forEach(function (phone) {
      var href = String(phone.href || "");
      if (/^tel:\+?\d{3,15}$/.test(href)) {
        links.appendChild(el("a", { class: "hw-tel", href: href }, "Bel " + String(phone.nummer || "")));
      }
    });
    (card.web || []).forEach(function (web) {
      var url = String(web.url || "");
      if (/^https?:\/\//.test(url)) {
        var label = web.soort === "chat" ? "Chat: " : "Website: ";
        links.appendChild(el("a", { class: "hw-web", href: url, target: "_blank", rel: "noopener noreferrer" }, label + url.replace(/^https?:\/\//, "")));
      }
    });
    if (links.childNodes.length) box.appendChild(links);
    var hours = (card.tijden || []).map(String).join(" ");
    if (hours || card.nu) box.appendChild(el("p", { class: "hw-card-hours" }, (hours ? "Open: " + hours + " " : "") + String(card.nu || "")));
    if (card.vraag_naar) box.appendChild(el("p", { class: "hw-card-ask" }, String(card.vraag_naar)));
    if (card.uitleg) box.appendChild(el("p", { class: "hw-card-note" }, String(card.uitleg)));
    item.appendChild(box);
  }

  function renderMessage(message) {
    if (message.card) {
      var cardItem = el("div", { class: "hw-msg hw-bot hw-card-msg" });
      cardItem.appendChild(el("span", { class: "hw-visually-hidden" }, "Hulpwijzer: "));
      renderCard(cardItem, message.card);
      log.appendChild(cardItem);
      log.scrollTop = log.scrollHeight;
      return;
    }
    var item = el("div", { class: "hw-msg hw-" + message.from });
    var who = el("span", { class: "hw-visually-hidden" }, message.from === "user" ? "Jij: " : "Hulpwijzer: ");
    item.appendChild(who);
    var body = el("p", { class: "hw-text" });
    appendTextWithLinks(body, message.text || "");
    item.appendChild(body);
    if (message.buttons && message.buttons.length) {
      var group = el("div", { class: "hw-buttons", role: "group", "aria-label": "Kies een antwoord" });
      message.buttons.forEach(function (button) {
        var b = el("button", { type: "button", class: "hw-choice" }, button.title);
        b.addEventListener("click", function () { sendMessage(button.payload, button.title); });
        group.appendChild(b);
      });
      item.appendChild(group);
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function addMessage(message) {
    state.messages.push(message);
    saveState();
    renderMessage(message);
  }

  function setOpen(open) {
    state.open = open;
    saveState();
    if (open) { panel.removeAttribute("hidden"); input.focus(); } else { panel.setAttribute("hidden", ""); launcher.focus(); }
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
  }

  // --- talking to Rasa over socket.io ----------------------------------------------------
  var socket = null;
  var typingTimer = null;
  var pending = [];  // messages typed before the server confirmed the session
  function showTyping(on) {
    clearTimeout(typingTimer);
    if (on) {
      typing.removeAttribute("hidden");
      typingTimer = setTimeout(function () { showTyping(false); }, TYPING_TIMEOUT_MS);
    } else {
      typing.setAttribute("hidden", "");
    }
  }

  function connect() {
    var server = (script && script.getAttribute("data-server")) || window.HULPWIJZER_SERVER || window.location.origin;
    socket = window.io(server, { path: "/socket.io", transports: ["websocket", "polling"], reconnection: true });
    socket.on("connect", function () {
      status.textContent = "";
      // After a reconnect the same session goes on (session_persistence in credentials.yml).
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function (sessionId) {
      state.sessionId = typeof sessionId === "string" ? sessionId : (sessionId && sessionId.session_id) || state.sessionId;
      saveState();
      pending.splice(0).forEach(emitMessage);
    });
    socket.on("bot_uttered", function (data) {
      showTyping(false);
      if (data && data.hulpkaart) {
        // The same answer came as text just before (for channels without cards): show the card instead.
        var card = data.hulpkaart;
        var last = state.messages[state.messages.length - 1];
        var items = log.querySelectorAll(".hw-msg");
        if (last && last.from === "bot" && !last.card && last.text === String(card.tekst || "")) {
          state.messages.pop();
          if (items.length) log.removeChild(items[items.length - 1]);
        }
        addMessage({ from: "bot", card: card });
        return;
      }
      var buttons = (data.quick_replies || data.buttons || []).map(function (b) {
        return { title: String(b.title || ""), payload: String(b.payload || b.title || "") };
      });
      addMessage({ from: "bot", text: String(data.text || ""), buttons: buttons });
    });
    socket.on("disconnect", function () {
      status.textContent = "De verbinding is weg. We proberen het opnieuw...";
    });
    socket.io.on("reconnect_failed", function () {
      status.textContent = "Er is geen verbinding. Probeer het later nog eens. Heb je nu hulp nodig? Bel 112 bij gevaar.";
    });
  }

  function emitMessage(message) {
    socket.emit("user_uttered", {
      message: message,
      session_id: state.sessionId,
      metadata: gemeente ? { gemeente: gemeente } : {}
    });
  }

  function sendMessage(text, shownText) {
    var message = (text || "").trim();
    if (!message || !socket) return;
    addMessage({ from: "user", text: shownText || message });
    showTyping(true);
    if (state.sessionId && socket.connected) emitMessage(message); else pending.push(message);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    sendMessage(input.value);
    input.value = "";
    input.focus();
  });
  launcher.addEventListener("click", function () { setOpen(panel.hasAttribute("hidden")); });
  close.addEventListener("click", function () { setOpen(false); });
  leave.addEventListener("click", function () {
    try { sessionStorage.removeItem(STORE_KEY); } catch (e) { /* nothing to clear */ }
    window.location.replace(LEAVE_URL);
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") setOpen(false);
  });

  function start() {
    document.body.appendChild(root);
    state.messages.forEach(renderMessage);
    if (state.open) setOpen(true);
    if (window.io) { connect(); return; }
    var loader = el("script", { src: base + "vendor/socket.io.min.js" });
    loader.addEventListener("load", connect);
    loader.addEventListener("error", function () {
      status.textContent = "De chat kan niet laden. Heb je nu hulp nodig? Bel 112 bij gevaar.";
    });
    document.head.appendChild(loader);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
