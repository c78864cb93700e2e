// Live countdowns: each .countdown[data-deadline] shows the time until its deadline,
// counted from the server's "now" (body[data-now]) so that a replayed demo clock works.
(function () {
  var offset = Number(document.body.dataset.now) - Date.now() / 1000;
  function show(seconds) {
    var sign = seconds < 0 ? "-" : "";
    var s = Math.abs(Math.round(seconds));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return sign + h + " h " + String(m).padStart(2, "0") + " min " + String(r).padStart(2, "0") + " s";
  }
  function tick() {
    var now = Date.now() / 1000 + offset;
    document.querySelectorAll(".countdown[data-deadline]").forEach(function (el) {
      var left = Number(el.dataset.deadline) - now;
      el.textContent = show(left);
      el.dataset.left = String(Math.round(left));
      el.classList.toggle("overdue", left < 0);
    });
  }
  tick();
  setInterval(tick, 1000);
})();
