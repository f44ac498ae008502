// The API's interactive documentation (Swagger UI 5.35.0, vendored from swagger-ui-dist): started from this
// file, not an inline script, so that the pages' Content-Security-Policy (script-src 'self') holds here too.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
