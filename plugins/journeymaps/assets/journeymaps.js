/* journeymaps: draws the interactive charts of a page.
 *
 * Each chart is inert markup: <div class="jm-chart__plot" data-jm-figure="{JSON}">. This one
 * script (extra_javascript, loaded once) draws every undrawn plot in the current document on
 * first load and after each instant navigation (Material's document$), loads plotly.min.js
 * from next to itself only when a page has a chart, purges plots that left the page, follows
 * the light/dark palette with colours from Material's CSS variables, and makes a click on a
 * point go to the page in its customdata (a URL relative to the page).
 */
(function () {
  "use strict";

  var PLOT = ".jm-chart__plot[data-jm-figure]";
  var self = document.currentScript;
  var base = self && self.src ? self.src.replace(/[^\/?#]*([?#].*)?$/, "") : null;
  var loading = null;
  var drawn = [];

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = (base || "") + "plotly.min.js";
        script.async = true;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () {
          loading = null;
          reject(new Error("journeymaps: could not load " + script.src));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  /* Material's palette as plain rgb(): the variables are hsla(var(--md-hue), ...) in slate. */
  function resolve(probe, variable, fallback) {
    probe.style.color = "var(" + variable + ", " + fallback + ")";
    return getComputedStyle(probe).color || fallback;
  }

  function palette() {
    var host = document.querySelector(".md-typeset") || document.body;
    var probe = document.createElement("span");
    probe.style.display = "none";
    host.appendChild(probe);
    var colours = {
      fg: resolve(probe, "--md-default-fg-color", "#333"),
      light: resolve(probe, "--md-default-fg-color--light", "#666"),
      grid: resolve(probe, "--md-default-fg-color--lightest", "#ddd"),
      bg: resolve(probe, "--md-default-bg-color", "#fff"),
      font: getComputedStyle(host).fontFamily || "sans-serif"
    };
    host.removeChild(probe);
    return colours;
  }

  /* Flat relayout keys, so a theme change touches only colours and keeps everything else. */
  function themeLayout(el, c) {
    var update = {
      "font.color": c.fg,
      "font.family": c.font,
      "hoverlabel.bgcolor": c.bg,
      "hoverlabel.bordercolor": c.light,
      "hoverlabel.font.color": c.fg,
      "hoverlabel.font.family": c.font,
      "paper_bgcolor": "rgba(0,0,0,0)",
      "plot_bgcolor": "rgba(0,0,0,0)"
    };
    ["xaxis", "yaxis"].forEach(function (axis) {
      update[axis + ".gridcolor"] = c.grid;
      update[axis + ".linecolor"] = c.grid;
      update[axis + ".zerolinecolor"] = c.grid;
      update[axis + ".tickcolor"] = c.grid;
    });
    var notes = (el.layout && el.layout.annotations) || [];
    notes.forEach(function (note, i) {
      if (note && note.name === "jm-note") update["annotations[" + i + "].bgcolor"] = c.bg;
    });
    return update;
  }

  /* Traces marked meta "jm-fg" (targets, connectors, legend keys) take the text colour. */
  function themeTraces(data, c) {
    var indices = [];
    (data || []).forEach(function (trace, i) {
      if (trace.meta === "jm-fg") indices.push(i);
    });
    return indices;
  }

  function setPath(obj, path, value) {
    var keys = path.split(".");
    var node = obj;
    for (var i = 0; i < keys.length - 1; i++) {
      if (typeof node[keys[i]] !== "object" || node[keys[i]] === null) node[keys[i]] = {};
      node = node[keys[i]];
    }
    node[keys[keys.length - 1]] = value;
  }

  function fgTrace(trace, c) {
    if (trace.marker) {
      trace.marker.color = c.light;
      if (trace.marker.line) trace.marker.line.color = c.light;
    }
    if (trace.line) trace.line.color = c.light;
  }

  function navigate(point) {
    var data = point && point.customdata;
    var target = Array.isArray(data) ? data[0] : data;
    if (typeof target === "string" && target) {
      window.location.assign(new URL(target, window.location.href).href);
    }
  }

  function draw(Plotly, el, colours) {
    var figure;
    try {
      figure = JSON.parse(el.getAttribute("data-jm-figure"));
    } catch (err) {
      fail(el, err);
      return Promise.resolve();
    }
    var layout = figure.layout || {};
    var update = themeLayout(el, colours);
    Object.keys(update).forEach(function (key) { setPath(layout, key, update[key]); });
    (layout.annotations || []).forEach(function (note) {
      if (note && note.name === "jm-note") note.bgcolor = colours.bg;
    });
    themeTraces(figure.data, colours).forEach(function (i) { fgTrace(figure.data[i], colours); });
    el.setAttribute("data-jm-rendered", "pending");
    return Plotly.newPlot(el, figure.data || [], layout, figure.config || {}).then(function () {
      el.setAttribute("data-jm-rendered", "true");
      el.style.minHeight = "";
      drawn.push(el);
      el.on("plotly_click", function (event) {
        if (event && event.points && event.points.length) navigate(event.points[0]);
      });
    }, function (err) { fail(el, err); });
  }

  function fail(el, err) {
    el.setAttribute("data-jm-rendered", "failed");
    el.classList.add("jm-chart__plot--failed");
    var figure = el.closest(".jm-chart");
    var details = figure && figure.querySelector(".jm-chart__data");
    if (details) details.open = true;
    if (window.console) console.warn("journeymaps:", err && err.message ? err.message : err);
  }

  /* Plots whose element left the document (instant navigation swapped the content). */
  function purgeGone() {
    drawn = drawn.filter(function (el) {
      if (document.body.contains(el)) return true;
      if (window.Plotly) window.Plotly.purge(el);
      return false;
    });
  }

  function init() {
    purgeGone();
    var plots = Array.prototype.slice.call(document.querySelectorAll(PLOT + ":not([data-jm-rendered])"));
    if (!plots.length) return;
    loadPlotly().then(function (Plotly) {
      var colours = palette();
      plots.forEach(function (el) {
        if (document.body.contains(el) && !el.hasAttribute("data-jm-rendered")) draw(Plotly, el, colours);
      });
    }, function (err) {
      plots.forEach(function (el) { fail(el, err); });
    });
  }

  function retheme() {
    if (!window.Plotly) return;
    purgeGone();
    var colours = palette();
    drawn.forEach(function (el) {
      var indices = themeTraces(el.data, colours);
      if (indices.length) {
        window.Plotly.restyle(el, {
          "marker.color": colours.light, "marker.line.color": colours.light, "line.color": colours.light
        }, indices);
      }
      window.Plotly.relayout(el, themeLayout(el, colours));
    });
  }

  /* Charts in a tab that was hidden when they were drawn get their real width when shown. */
  document.addEventListener("change", function (event) {
    var set = event.target && event.target.closest && event.target.closest(".tabbed-set");
    if (!set || !window.Plotly) return;
    set.querySelectorAll(".js-plotly-plot").forEach(function (el) { window.Plotly.Plots.resize(el); });
  });

  if (window.MutationObserver) {
    new MutationObserver(function (mutations) {
      for (var i = 0; i < mutations.length; i++) {
        if (mutations[i].type === "attributes") { retheme(); return; }
      }
    }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme", "data-md-color-primary"] });
  }

  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { init(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
