// Behaviours the templates ask for with data-* attributes, so that no page needs an inline script or an
// on*= handler (the Content-Security-Policy refuses both):
//   <form data-confirm="删除该订阅？">   asks before submitting
//   <select data-submit-on-change>       submits its form when the choice changes
document.addEventListener("submit", function (event) {
  const question = event.target.dataset && event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
}, true);

document.addEventListener("change", function (event) {
  const field = event.target;
  if (field.matches && field.matches("[data-submit-on-change]") && field.form) field.form.requestSubmit();
});
