// Asks for confirmation before a destructive or final action:
// <form data-confirm="…"> or <button type="submit" data-confirm="…">.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = (button && button.getAttribute("data-confirm")) ||
    (event.target.getAttribute && event.target.getAttribute("data-confirm"));
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// A 打印 button: <button type="button" data-print>. The page's print style hides the site's chrome.
document.addEventListener("click", function (event) {
  var target = event.target;
  if (target && target.closest && target.closest("[data-print]")) {
    window.print();
  }
});
