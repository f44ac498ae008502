// The case form: a field of several shapes (an act's place: a state, a vessel, the high seas) shows only the
// inputs of the shape chosen. Without this script every shape's inputs show, and only the chosen one is used.
(function () {
  function update(select) {
    var box = select.closest("fieldset.union");
    box.querySelectorAll(":scope > .member").forEach(function (member) {
      member.hidden = member.dataset.shape !== select.value;
    });
  }
  function init() {
    document.querySelectorAll("fieldset.union > select.shape").forEach(function (select) {
      update(select);
      select.addEventListener("change", function () { update(select); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
