// Reads ui-config.json (served by PAR next to this page: {"apiBase": "{BASE}/api"}),
// then calls the agent's REST route /hello, which PAR serves at {BASE}/hello.
(function () {
  "use strict";

  function show(id, text) {
    document.getElementById(id).textContent = text;
  }

  function fail(err) {
    var el = document.getElementById("error");
    el.hidden = false;
    el.textContent = "Error: " + err.message;
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (res) {
      if (!res.ok) {
        throw new Error(url + " answered " + res.status);
      }
      return res.json();
    });
  }

  // "{BASE}/api" -> "{BASE}"; "/api" (BASE = "/") -> "".
  function baseOf(apiBase) {
    return apiBase.replace(/\/+$/, "").replace(/\/api$/, "");
  }

  getJson("ui-config.json")
    .then(function (config) {
      show("api-base", config.apiBase);
      return getJson(baseOf(config.apiBase) + "/hello");
    })
    .then(function (hello) {
      show("hello-result", JSON.stringify(hello, null, 2));
    })
    .catch(fail);
})();
