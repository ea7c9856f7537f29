// Behaviours the templates ask for with data-* attributes, so that no page needs an inline script or an
// on*= handler (the Content-Security-Policy refuses both):
//   <form data-confirm="删除该订阅？">   asks before submitting
//   <select data-submit-on-change>       submits its form when the choice changes
//   <a data-history-back href="/">       goes back a page (the href when there is none)
document.addEventListener("submit", function (event) {
  const question = event.target.dataset && event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
}, true);

document.addEventListener("change", function (event) {
  const field = event.target;
  if (field.matches && field.matches("[data-submit-on-change]") && field.form) field.form.requestSubmit();
});

// <a data-history-back href="/">: back to the page before, or to href when there is none.
document.addEventListener("click", function (event) {
  const link = event.target.closest && event.target.closest("a[data-history-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
