// Seals a bid in the insurer's browser, so that the server only ever holds ciphertext
// (docs/security.md, "Sealed bids"). The Python twin is procurement/keyholders/envelope.py:
//
//   sealed = 0x01 | ephemeral P-256 public key (65 bytes) | nonce (12) | AES-256-GCM ciphertext
//   AES key = HKDF-SHA256(ECDH(ephemeral, tender key), salt = ephemeral public key, info = INFO)
//   associated data = the bid's identity (data-seal-context), so a ciphertext cannot be moved.
//
// The bid form's values are kept only in this browser (localStorage) as a draft; "submit" checks
// completeness and the ceiling price, seals {"form": values} and posts the ciphertext alone.
(function () {
  "use strict";

  var INFO = new TextEncoder().encode("tibao sealed v1");
  var P256 = { name: "ECDH", namedCurve: "P-256" };

  function concat(parts) {
    var length = parts.reduce(function (sum, part) { return sum + part.length; }, 0);
    var out = new Uint8Array(length);
    var offset = 0;
    parts.forEach(function (part) { out.set(part, offset); offset += part.length; });
    return out;
  }

  function fromBase64(text) {
    return Uint8Array.from(atob(text), function (c) { return c.charCodeAt(0); });
  }

  function toBase64(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  }

  async function seal(publicKey, plaintext, context) {
    var subtle = window.crypto.subtle;
    var recipient = await subtle.importKey("raw", publicKey, P256, false, []);
    var ephemeral = await subtle.generateKey(P256, true, ["deriveBits"]);
    var ephemeralPublic = new Uint8Array(await subtle.exportKey("raw", ephemeral.publicKey));
    var shared = await subtle.deriveBits({ name: "ECDH", public: recipient }, ephemeral.privateKey, 256);
    var hkdf = await subtle.importKey("raw", shared, "HKDF", false, ["deriveKey"]);
    var key = await subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: ephemeralPublic, info: INFO },
      hkdf, { name: "AES-GCM", length: 256 }, false, ["encrypt"]);
    var nonce = window.crypto.getRandomValues(new Uint8Array(12));
    var ciphertext = new Uint8Array(await subtle.encrypt(
      { name: "AES-GCM", iv: nonce, additionalData: new TextEncoder().encode(context) },
      key, plaintext));
    return concat([new Uint8Array([1]), ephemeralPublic, nonce, ciphertext]);
  }

  window.TibaoSeal = { seal: seal, toBase64: toBase64, fromBase64: fromBase64 };

  // --- the bid form -------------------------------------------------------------------------

  function values(form) {
    var result = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.name === "csrf_token" || element.type === "file") return;
      if (element.type === "checkbox") {
        result[element.name] = result[element.name] || [];
        if (element.checked) result[element.name].push(element.value);
      } else if (element.type !== "button" && element.type !== "submit") {
        result[element.name] = element.value.trim();
      }
    });
    return result;
  }

  function restore(form, saved) {
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || !(element.name in saved)) return;
      if (element.type === "checkbox") {
        element.checked = saved[element.name].indexOf(element.value) >= 0;
      } else if (element.type !== "file" && element.type !== "button") {
        element.value = saved[element.name];
      }
    });
  }

  function say(box, text, kind) {
    box.textContent = text;
    box.className = "flash " + kind;
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    box.hidden = !text;
  }

  function clearMarks(form) {
    form.querySelectorAll(".seal-error").forEach(function (node) { node.remove(); });
  }

  function mark(form, name, text) {
    var element = form.elements[name];
    if (!element || element.length) return;
    var note = document.createElement("p");
    note.className = "error seal-error";
    note.textContent = text;
    element.insertAdjacentElement("afterend", note);
  }

  // Completeness, numbers and the ceiling price: the same rules the opening applies again.
  function problems(form, entered) {
    var data = form.dataset;
    var found = [];
    data.required.split(" ").forEach(function (name) {
      var value = entered[name];
      if (value === undefined || value === "") {
        found.push([name, data.msgRequired]);
      } else if (data.numeric.split(" ").indexOf(name) >= 0 && !/^\d+(\.\d+)?$/.test(value)) {
        found.push([name, data.msgNumber]);
      }
    });
    if (/^\d+(\.\d+)?$/.test(entered.price || "") && Number(entered.price) > Number(data.ceiling)) {
      found.push(["price", data.msgCeiling]);
    }
    return found;
  }

  async function submitBid(form, box) {
    var data = form.dataset;
    var entered = values(form);
    window.localStorage.setItem(data.draftKey, JSON.stringify(entered));
    clearMarks(form);
    var found = problems(form, entered);
    if (found.length) {
      found.forEach(function (problem) { mark(form, problem[0], problem[1]); });
      var ceiling = found.some(function (problem) { return problem[1] === data.msgCeiling; });
      say(box, ceiling ? data.msgCeiling : data.msgIncomplete.replace("{n}", found.length), "error");
      return;
    }
    if (!window.confirm(data.confirm)) return;
    var plaintext = new TextEncoder().encode(JSON.stringify({ form: entered }));
    var sealed = await seal(fromBase64(data.sealKey), plaintext, data.sealContext);
    var target = document.getElementById(data.target);
    target.elements.sealed_content.value = toBase64(sealed);
    target.submit();
  }

  async function upload(form, box) {
    var data = form.dataset;
    var file = form.querySelector("input[type=file]").files[0];
    if (!file) { say(box, data.msgChoose, "error"); return; }
    if (file.size > Number(data.maxBytes)) { say(box, data.msgTooLarge, "error"); return; }
    var bytes = new Uint8Array(await file.arrayBuffer());
    var head = new TextDecoder("latin1").decode(bytes.subarray(0, 5));
    var tail = new TextDecoder("latin1").decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
    if (head !== "%PDF-" || tail.indexOf("%%EOF") < 0) { say(box, data.msgNotPdf, "error"); return; }
    var sealed = await seal(fromBase64(data.sealKey), bytes, data.sealContext);
    var target = document.getElementById(data.target);
    var transfer = new DataTransfer();
    transfer.items.add(new File([sealed], file.name, { type: "application/octet-stream" }));
    target.elements.file.files = transfer.files;
    target.submit();
  }

  function start() {
    var form = document.getElementById("bid-form");
    if (form && !(window.isSecureContext && window.crypto && window.crypto.subtle)) {
      // WebCrypto exists only on HTTPS (or localhost): nothing can be sealed, so nothing is sent.
      say(document.getElementById("seal-status"), form.dataset.msgInsecure, "error");
      return;
    }
    if (form) {
      var box = document.getElementById("seal-status");
      var saved = window.localStorage.getItem(form.dataset.draftKey);
      if (saved) restore(form, JSON.parse(saved));
      form.querySelector("fieldset").disabled = false;
      form.addEventListener("click", function (event) {
        var action = event.target.getAttribute && event.target.getAttribute("data-seal-action");
        if (action === "save") {
          window.localStorage.setItem(form.dataset.draftKey, JSON.stringify(values(form)));
          say(box, form.dataset.msgSaved, "success");
        } else if (action === "forget") {
          window.localStorage.removeItem(form.dataset.draftKey);
          say(box, form.dataset.msgForgotten, "success");
        } else if (action === "submit") {
          submitBid(form, box).catch(function (error) { say(box, String(error), "error"); });
        }
      });
    }
    var uploader = document.getElementById("attachment-form");
    if (uploader) {
      var uploadBox = document.getElementById("upload-status");
      uploader.querySelector("fieldset").disabled = false;
      uploader.addEventListener("click", function (event) {
        if (event.target.getAttribute && event.target.getAttribute("data-seal-action") === "upload") {
          upload(uploader, uploadBox).catch(function (error) { say(uploadBox, String(error), "error"); });
        }
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
