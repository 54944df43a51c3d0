/* Share panel (templates/_share.html): copy link / alt text / embed code, copy image, native share sheet. Event
   delegation, so it works for panels Dash renders later; buttons are native <button>s (keyboard and screen reader
   ready). */
(function () {
  "use strict";
  function status(msg) {
    var el = document.getElementById("share-status");
    if (el) { el.textContent = ""; window.setTimeout(function () { el.textContent = msg; }, 30); }
  }
  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { status(done); },
        function () { legacyCopy(text, done); });
    } else { legacyCopy(text, done); }
  }
  function legacyCopy(text, done) {
    var ta = document.createElement("textarea");
    ta.value = text; ta.setAttribute("readonly", ""); ta.style.position = "fixed"; ta.style.opacity = "0";
    document.body.appendChild(ta); ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    status(ok ? done : "Copying is blocked in this browser: select the text and copy it yourself.");
  }
  function absolute(href) { return new URL(href, window.location.href).toString(); }
  function copyImage(btn) {
    var src = btn.getAttribute("data-share-image");
    if (!(navigator.clipboard && window.ClipboardItem && window.isSecureContext)) {
      status("This browser cannot copy images. Use Download image (PNG) instead.");
      return;
    }
    status("Preparing the image…");
    var item = new window.ClipboardItem({"image/png": fetch(src).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.blob();
    })});
    navigator.clipboard.write([item]).then(function () { status("Image copied. Paste it into your post."); },
      function () { status("The image could not be copied. Use Download image (PNG) instead."); });
  }
  function nativeShare(btn) {
    var data = {title: btn.getAttribute("data-share-title"), text: btn.getAttribute("data-share-text"),
                url: absolute(btn.getAttribute("data-share-url"))};
    var src = btn.getAttribute("data-share-image");
    var go = function (payload) {
      navigator.share(payload).then(function () { status("Shared."); }, function (e) {
        if (!e || e.name !== "AbortError") { status("Sharing did not work. Use Copy link instead."); }
      });
    };
    if (!src || !window.File || !navigator.canShare) { go(data); return; }
    fetch(src).then(function (r) { return r.blob(); }).then(function (blob) {
      var file = new File([blob], btn.getAttribute("data-share-file") || "chart.png", {type: "image/png"});
      var withFile = Object.assign({}, data, {files: [file]});
      go(navigator.canShare(withFile) ? withFile : data);
    }, function () { go(data); });
  }
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("[data-share-action]") : null;
    if (!btn || btn.disabled) { return; }
    var action = btn.getAttribute("data-share-action");
    if (action === "copy-link") { copyText(absolute(btn.getAttribute("data-share-url")), "Link copied."); }
    else if (action === "copy-text") {
      var box = document.getElementById(btn.getAttribute("data-share-target"));
      if (box) { copyText("value" in box ? box.value : box.textContent, "Copied."); }
    }
    else if (action === "copy-image") { copyImage(btn); }
    else if (action === "native") { nativeShare(btn); }
  });
  // Show the native share button only where the browser has a share sheet (mostly phones).
  function reveal() {
    if (!navigator.share) { return; }
    var nodes = document.querySelectorAll(".share-native[hidden]");
    for (var i = 0; i < nodes.length; i++) { nodes[i].hidden = false; }
  }
  new MutationObserver(reveal).observe(document.documentElement, {childList: true, subtree: true});
  reveal();
})();
